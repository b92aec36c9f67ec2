package org.latentcartography.core.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;

class DensitiesVolumeTest {
    /** Sums of a few hundred products of order 1: rounding. */
    private static final double EXACT = 1e-12;

    /**
     * A single cell far from the walls blurs into the product of three normalised 1-D Gaussian
     * kernels (the blur is separable), and the total is kept.
     */
    @Test
    void blurOfOneCellIsTheProductKernel() {
        int n = 21;
        double sigma = 1.3;
        double[] m = new double[n * n * n];
        m[(10 * n + 10) * n + 10] = 1;
        double[] b = Densities.blurVolume(m, n, n, n, sigma);
        int radius = (int) Math.ceil(4 * sigma);
        double norm = 0;
        for (int k = -radius; k <= radius; k++) {
            norm += Math.exp(-0.5 * k * k / (sigma * sigma));
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    double want = w(i - 10, sigma, radius, norm) * w(j - 10, sigma, radius, norm) * w(k - 10, sigma, radius, norm);
                    assertEquals(want, b[(i * n + j) * n + k], EXACT);
                    total += b[(i * n + j) * n + k];
                }
            }
        }
        assertEquals(1, total, EXACT);
    }

    private static double w(int d, double sigma, int radius, double norm) {
        return Math.abs(d) > radius ? 0 : Math.exp(-0.5 * d * d / (sigma * sigma)) / norm;
    }

    /** Mirroring at the walls keeps a constant constant and the total of any measure. */
    @Test
    void blurKeepsTotalsAndConstants() {
        double[] c = new double[4 * 5 * 3];
        Arrays.fill(c, 2.5);
        for (double v : Densities.blurVolume(c, 4, 5, 3, 2.0)) {
            assertEquals(2.5, v, EXACT);
        }
        double[] r = new double[4 * 5 * 3];
        for (int q = 0; q < r.length; q++) {
            r[q] = (q * 37 % 11) + 0.5;
        }
        double before = Arrays.stream(r).sum();
        assertEquals(before, Arrays.stream(Densities.blurVolume(r, 4, 5, 3, 0.8)).sum(), EXACT * before);
    }

    @Test
    void prepareFloorsAndNamesZeroCells() {
        double[] m = new double[2 * 2 * 3];
        Arrays.fill(m, 1);
        m[(1 * 2 + 0) * 3 + 2] = 0;
        ZeroDensityException e = assertThrows(ZeroDensityException.class,
                () -> Densities.prepareVolume("m.npy", m, 2, 2, 3, 0, 0));
        assertTrue(e.getMessage().contains("(1, 0, 2)"), e.getMessage());
        double[] floored = Densities.prepareVolume("m.npy", m, 2, 2, 3, 0.5, 0);
        double mean = 11.0 / 12;
        assertEquals(0.5 * mean, floored[(1 * 2 + 0) * 3 + 2], EXACT);
        assertEquals(1 + 0.5 * mean, floored[0], EXACT);
        m[3] = Double.NaN;
        assertThrows(CartographyException.class, () -> Densities.prepareVolume("m.npy", m, 2, 2, 3, 0, 0));
    }
}
