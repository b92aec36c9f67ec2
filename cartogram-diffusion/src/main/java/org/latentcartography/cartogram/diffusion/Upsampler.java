package org.latentcartography.cartogram.diffusion;

/**
 * Interpolates a velocity field given at the cell centres of a coarse {@code c1 x c2} lattice onto
 * the centres of the {@code n1 x n2} grid cells (both spanning the same box) by 4-point Lagrange
 * (cubic) interpolation along each axis, reflecting across the walls: the component normal to a
 * wall changes sign there, the other does not, so the normal velocity on the walls stays 0.
 *
 * <p>Not thread-safe (it owns its scratch arrays). The error for a mode of wavelength &#955; lattice cells is about 0.023 (2&#960;/&#955;)<sup>4</sup>
 * of its amplitude, against (2&#960;/&#955;)<sup>2</sup>/8 for bilinear interpolation: this is what
 * lets the diffusion cartogram evaluate its late, smooth velocity fields on coarse lattices.
 */
final class Upsampler {
    private final int c1;
    private final int c2;
    private final int n1;
    private final int n2;
    /** Per target index along x: 4 source indices (reflected into range) and their weights. */
    private final int[] tapX;
    private final double[] wX;
    /** The same weights with the sign flipped on reflected taps (for the component normal to x walls). */
    private final double[] wXodd;
    private final int[] tapY;
    private final double[] wY;
    private final double[] wYodd;
    private final double[] tmpX;
    private final double[] tmpY;

    Upsampler(int c1, int c2, int n1, int n2) {
        this.c1 = c1;
        this.c2 = c2;
        this.n1 = n1;
        this.n2 = n2;
        tapX = new int[4 * n1];
        wX = new double[4 * n1];
        wXodd = new double[4 * n1];
        tapY = new int[4 * n2];
        wY = new double[4 * n2];
        wYodd = new double[4 * n2];
        tmpX = new double[c1 * n2];
        tmpY = new double[c1 * n2];
        taps(c1, n1, tapX, wX, wXodd);
        taps(c2, n2, tapY, wY, wYodd);
    }

    private static void taps(int c, int n, int[] tap, double[] w, double[] wOdd) {
        for (int i = 0; i < n; i++) {
            // position of grid centre i in lattice-centre coordinates
            double u = (i + 0.5) * c / n - 0.5;
            int p = (int) Math.floor(u);
            double f = u - p;
            double[] lw = {
                -f * (f - 1) * (f - 2) / 6,
                (f + 1) * (f - 1) * (f - 2) / 2,
                -(f + 1) * f * (f - 2) / 2,
                (f + 1) * f * (f - 1) / 6,
            };
            for (int a = 0; a < 4; a++) {
                int m = p - 1 + a;
                double sign = 1;
                if (m < 0) {
                    m = -1 - m;
                    sign = -1;
                } else if (m >= c) {
                    m = 2 * c - 1 - m;
                    sign = -1;
                }
                // lattices of one or two cells: reflect again
                m = Math.max(0, Math.min(c - 1, m));
                tap[4 * i + a] = m;
                w[4 * i + a] = lw[a];
                wOdd[4 * i + a] = sign * lw[a];
            }
        }
    }

    /**
     * @param vx x component at lattice cell (p, q), index {@code p * c2 + q}
     * @param vy y component, likewise
     * @param out receives the interpolated field at the grid's cell centres (then mirrored)
     * @return the strain estimate of the result ({@link VelocityGrid#fillRows})
     */
    double upsample(double[] vx, double[] vy, VelocityGrid out, Workers workers) {
        out.setLattice(n1, n2);
        // along y: vx is even across y walls, vy odd
        workers.range(c1, 16, (part, from, to) -> {
            for (int p = from; p < to; p++) {
                int src = p * c2;
                int dst = p * n2;
                for (int j = 0; j < n2; j++) {
                    int o = 4 * j;
                    int t0 = src + tapY[o];
                    int t1 = src + tapY[o + 1];
                    int t2 = src + tapY[o + 2];
                    int t3 = src + tapY[o + 3];
                    tmpX[dst + j] = wY[o] * vx[t0] + wY[o + 1] * vx[t1] + wY[o + 2] * vx[t2] + wY[o + 3] * vx[t3];
                    tmpY[dst + j] = wYodd[o] * vy[t0] + wYodd[o + 1] * vy[t1] + wYodd[o + 2] * vy[t2]
                            + wYodd[o + 3] * vy[t3];
                }
            }
        });
        // along x: vx odd across x walls, vy even
        return out.fillRows(workers, 16, i -> {
            int o = 4 * i;
            int r0 = tapX[o] * n2;
            int r1 = tapX[o + 1] * n2;
            int r2 = tapX[o + 2] * n2;
            int r3 = tapX[o + 3] * n2;
            double a0 = wXodd[o];
            double a1 = wXodd[o + 1];
            double a2 = wXodd[o + 2];
            double a3 = wXodd[o + 3];
            double b0 = wX[o];
            double b1 = wX[o + 1];
            double b2 = wX[o + 2];
            double b3 = wX[o + 3];
            int v = out.index(i, 0);
            for (int j = 0; j < n2; j++) {
                out.vx[v + j] = (float) (a0 * tmpX[r0 + j] + a1 * tmpX[r1 + j] + a2 * tmpX[r2 + j] + a3 * tmpX[r3 + j]);
                out.vy[v + j] = (float) (b0 * tmpY[r0 + j] + b1 * tmpY[r1 + j] + b2 * tmpY[r2 + j] + b3 * tmpY[r3 + j]);
            }
        });
    }
}
