package org.latentcartography.cartogram.diffusion;

import org.latentcartography.core.CartographyException;

/** Checks and helpers shared by the two cartograms. */
final class Cartograms {
    private Cartograms() {
    }

    /**
     * @return the mean of a density that is finite and positive in every cell
     * @throws CartographyException naming the first bad cell, or a size mismatch
     */
    static double checkDensity(double[] density, int n1, int n2) {
        if (n1 < 2 || n2 < 2) {
            throw new CartographyException("cartogram: the grid must have at least 2 x 2 cells (got "
                    + n1 + " x " + n2 + ")");
        }
        if (density.length != (long) n1 * n2) {
            throw new CartographyException("cartogram: density has " + density.length + " values for a "
                    + n1 + " x " + n2 + " grid");
        }
        double sum = 0;
        for (int c = 0; c < density.length; c++) {
            double v = density[c];
            if (!(v > 0) || v == Double.POSITIVE_INFINITY) {
                throw new CartographyException("cartogram: density in cell (" + c / n2 + ", " + c % n2 + ") is "
                        + v + "; it must be finite and positive (add a floor to the measure)");
            }
            sum += v;
        }
        if (!Double.isFinite(sum)) {
            throw new CartographyException("cartogram: the density's total overflows");
        }
        return sum / density.length;
    }

    /** @return node (i, j) at (i, j), packed at {@code 2 * (i * (n2 + 1) + j)} */
    static double[] identityNodes(int n1, int n2) {
        double[] nodes = new double[2 * (n1 + 1) * (n2 + 1)];
        int k = 0;
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                nodes[k++] = i;
                nodes[k++] = j;
            }
        }
        return nodes;
    }
}
