package org.latentcartography.cartogram.diffusion;

import org.jtransforms.dct.DoubleDCT_1D;

/**
 * Cosine series on an {@code n1 x n2 x n3} grid of cells with reflecting walls, in cell units (the
 * 3-D counterpart of {@link CosineField}): the box is [0, n1] &#215; [0, n2] &#215; [0, n3] and
 * <pre>
 *   f(x, y, z) = &#931;<sub>k,l,m</sub> a<sub>klm</sub> cos(&#960;kx/n1) cos(&#960;ly/n2) cos(&#960;mz/n3).
 * </pre>
 * {@link #coefficients} takes the cells' values to a<sub>klm</sub> by a 3-D DCT-II (so that each
 * cell's mean of the series is its value). {@link #synthesize} evaluates the series, with a factor
 * per mode and truncated to k &lt; c1, l &lt; c2, m &lt; c3, and its gradient (per grid cell) at the
 * centres of a <em>lattice</em> of c1 &#215; c2 &#215; c3 cells spanning the same box: a lattice cell
 * centre x = (p + 1/2) n/c gives cos(&#960;kx/n) = cos(&#960;k(p + 1/2)/c), so DCT-III passes of size c
 * evaluate the truncated series exactly there. The lattice may be the grid itself (c = n).
 *
 * <p>The four fields (f and three derivatives) cost nine passes of 1-D transforms: two along z
 * (contiguous rows), three along y and four along x (gathered in blocks of {@link #BLOCK}), each
 * split between the workers.
 *
 * <p>Thread-safe for calls with distinct output arrays (JTransforms' 1-D plans are read-only after
 * construction).
 */
final class CosineField3D {
    /** Lines gathered per block in the strided passes. */
    private static final int BLOCK = 16;

    /** The grid's cells per axis (the series' period). */
    final int n1;
    final int n2;
    final int n3;
    /** The lattice's cells per axis. */
    final int c1;
    final int c2;
    final int c3;
    private final DoubleDCT_1D dctX;
    private final DoubleDCT_1D dctY;
    private final DoubleDCT_1D dctZ;
    private final Workers workers;
    /** -&#960;k/n per axis: the derivative factor of cos &#8594; sin, per grid cell. */
    private final double[] derivX;
    private final double[] derivY;
    private final double[] derivZ;
    /** 1 / s<sub>k</sub> of the lattice's orthonormal DCT-III (see {@link CosineField}). */
    private final double[] unscaleX;
    private final double[] unscaleY;
    private final double[] unscaleZ;

    CosineField3D(int n1, int n2, int n3, int c1, int c2, int c3, Workers workers) {
        if (c1 > n1 || c2 > n2 || c3 > n3 || c1 < 1 || c2 < 1 || c3 < 1) {
            throw new IllegalArgumentException("lattice " + c1 + " x " + c2 + " x " + c3 + " for a grid "
                    + n1 + " x " + n2 + " x " + n3);
        }
        this.n1 = n1;
        this.n2 = n2;
        this.n3 = n3;
        this.c1 = c1;
        this.c2 = c2;
        this.c3 = c3;
        this.workers = workers;
        dctX = new DoubleDCT_1D(c1);
        dctY = new DoubleDCT_1D(c2);
        dctZ = new DoubleDCT_1D(c3);
        derivX = deriv(n1, c1);
        derivY = deriv(n2, c2);
        derivZ = deriv(n3, c3);
        unscaleX = unscale(c1);
        unscaleY = unscale(c2);
        unscaleZ = unscale(c3);
    }

    private static double[] deriv(int n, int c) {
        double[] d = new double[c];
        for (int k = 0; k < c; k++) {
            d[k] = -Math.PI * k / n;
        }
        return d;
    }

    private static double[] unscale(int c) {
        double[] u = new double[c];
        for (int k = 0; k < c; k++) {
            u[k] = k == 0 ? Math.sqrt(c) : Math.sqrt(c / 2.0);
        }
        return u;
    }

    /** @return &#960;<sup>2</sup>k<sup>2</sup>/n<sup>2</sup>: the decay rate of mode k on an axis of n cells */
    static double rate(int k, int n) {
        double d = Math.PI * k / n;
        return d * d;
    }

    /**
     * The series coefficients of cell values on an {@code n1 x n2 x n3} grid, such that the series'
     * mean over every cell is that cell's value (each orthonormal DCT-II coefficient times
     * s<sub>k</sub>s<sub>l</sub>s<sub>m</sub> and divided by the mean of its cosines over a cell
     * relative to their value at the centre, sinc(&#960;k/2n) per axis).
     *
     * @param values cell (i, j, k) at {@code (i * n2 + j) * n3 + k}; not modified
     * @param workers the threads to use
     * @return a<sub>klm</sub> at {@code (k * n2 + l) * n3 + m}; a<sub>000</sub> is the mean
     */
    static double[] coefficients(double[] values, int n1, int n2, int n3, Workers workers) {
        DoubleDCT_1D dx = new DoubleDCT_1D(n1);
        DoubleDCT_1D dy = new DoubleDCT_1D(n2);
        DoubleDCT_1D dz = new DoubleDCT_1D(n3);
        double[] a = values.clone();
        workers.range(n1 * n2, 256, (part, from, to) -> {
            for (int r = from; r < to; r++) {
                dz.forward(a, r * n3, true);
            }
        });
        strided(a, n2, n3, n1, n3, n2 * n3, workers, (col, w) -> {
            for (int b = 0; b < w; b++) {
                dy.forward(col[b], true);
            }
        });
        strided(a, n1, n2 * n3, 1, n2 * n3, 0, workers, (col, w) -> {
            for (int b = 0; b < w; b++) {
                dx.forward(col[b], true);
            }
        });
        double[] fx = cellFactor(n1);
        double[] fy = cellFactor(n2);
        double[] fz = cellFactor(n3);
        workers.range(n1, 4, (part, from, to) -> {
            for (int k = from; k < to; k++) {
                for (int l = 0; l < n2; l++) {
                    int base = (k * n2 + l) * n3;
                    double f = fx[k] * fy[l];
                    for (int m = 0; m < n3; m++) {
                        a[base + m] *= f * fz[m];
                    }
                }
            }
        });
        return a;
    }

    /** @return s<sub>k</sub> / sinc(&#960;k/2n): orthonormal coefficient to cell-mean series coefficient */
    private static double[] cellFactor(int n) {
        double[] f = new double[n];
        for (int k = 0; k < n; k++) {
            double s = k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
            double u = Math.PI * k / (2.0 * n);
            f[k] = k == 0 ? s : s * u / Math.sin(u);
        }
        return f;
    }

    /** Works on gathered lines of an array: {@code col[b]} for b &lt; w. */
    private interface Lines {
        void run(double[][] col, int w);
    }

    /**
     * Gathers lines of {@code len} values {@code stride} apart, {@code BLOCK} at a time, runs
     * {@code body} on them and scatters them back. The lines start at {@code o * outerStride + q}
     * for o &lt; outer and q &lt; inner (q: consecutive offsets gathered together).
     */
    private static void strided(double[] a, int len, int stride, int outer, int inner, int outerStride,
                                Workers workers, Lines body) {
        int blocksPerOuter = (inner + BLOCK - 1) / BLOCK;
        workers.range(outer * blocksPerOuter, 4, (part, from, to) -> {
            double[][] col = new double[BLOCK][len];
            for (int blk = from; blk < to; blk++) {
                int o = blk / blocksPerOuter;
                int q0 = blk % blocksPerOuter * BLOCK;
                int w = Math.min(BLOCK, inner - q0);
                int start = o * outerStride + q0;
                for (int p = 0; p < len; p++) {
                    int base = start + p * stride;
                    for (int b = 0; b < w; b++) {
                        col[b][p] = a[base + b];
                    }
                }
                body.run(col, w);
                for (int p = 0; p < len; p++) {
                    int base = start + p * stride;
                    for (int b = 0; b < w; b++) {
                        a[base + b] = col[b][p];
                    }
                }
            }
        });
    }

    /**
     * Evaluates at the lattice's cell centres the series with coefficients
     * a<sub>klm</sub> fx[k] fy[l] fz[m] (k &lt; c1, l &lt; c2, m &lt; c3) and its gradient per grid cell.
     *
     * @param coef a<sub>klm</sub> at {@code (k * n2 + l) * n3 + m} (from {@link #coefficients}); not modified
     * @param fx per-mode factor along x, at least c1 values
     * @param fy per-mode factor along y, at least c2 values
     * @param fz per-mode factor along z, at least c3 values
     * @param f receives the values at lattice cell (p, q, r), {@code (p * c2 + q) * c3 + r}
     * @param gx receives &#8706;f/&#8706;x
     * @param gy receives &#8706;f/&#8706;y
     * @param gz receives &#8706;f/&#8706;z
     */
    void synthesize(double[] coef, double[] fx, double[] fy, double[] fz, double[] f, double[] gx, double[] gy,
                    double[] gz) {
        // Pass along z (contiguous): f = C3_z(a), gz = S3_z(a dz).
        workers.range(c1 * c2, 256, (part, from, to) -> {
            for (int r = from; r < to; r++) {
                int k = r / c2;
                int l = r % c2;
                double e = fx[k] * unscaleX[k] * fy[l] * unscaleY[l];
                int src = (k * n2 + l) * n3;
                int dst = r * c3;
                for (int m = 0; m < c3; m++) {
                    double v = coef[src + m] * e * fz[m] * unscaleZ[m];
                    f[dst + m] = v;
                    gz[dst + m] = v * derivZ[m];
                }
                CosineField.sineSeries(dctZ, gz, dst, c3);
                dctZ.inverse(f, dst, true);
            }
        });
        // Pass along y: gy = S3_y(f dy), f = C3_y(f), gz = C3_y(gz).
        int blocksY = (c3 + BLOCK - 1) / BLOCK;
        workers.range(c1 * blocksY, 4, (part, from, to) -> {
            double[][] cf = new double[BLOCK][c2];
            double[][] cgy = new double[BLOCK][c2];
            double[][] cgz = new double[BLOCK][c2];
            for (int blk = from; blk < to; blk++) {
                int k = blk / blocksY;
                int m0 = blk % blocksY * BLOCK;
                int w = Math.min(BLOCK, c3 - m0);
                for (int l = 0; l < c2; l++) {
                    int base = (k * c2 + l) * c3 + m0;
                    for (int b = 0; b < w; b++) {
                        cf[b][l] = f[base + b];
                        cgy[b][l] = f[base + b] * derivY[l];
                        cgz[b][l] = gz[base + b];
                    }
                }
                for (int b = 0; b < w; b++) {
                    dctY.inverse(cf[b], true);
                    CosineField.sineSeries(dctY, cgy[b], 0, c2);
                    dctY.inverse(cgz[b], true);
                }
                for (int l = 0; l < c2; l++) {
                    int base = (k * c2 + l) * c3 + m0;
                    for (int b = 0; b < w; b++) {
                        f[base + b] = cf[b][l];
                        gy[base + b] = cgy[b][l];
                        gz[base + b] = cgz[b][l];
                    }
                }
            }
        });
        // Pass along x: gx = S3_x(f dx), f = C3_x(f), gy = C3_x(gy), gz = C3_x(gz).
        int plane = c2 * c3;
        int blocksX = (plane + BLOCK - 1) / BLOCK;
        workers.range(blocksX, 4, (part, from, to) -> {
            double[][] cf = new double[BLOCK][c1];
            double[][] cgx = new double[BLOCK][c1];
            double[][] cgy = new double[BLOCK][c1];
            double[][] cgz = new double[BLOCK][c1];
            for (int blk = from; blk < to; blk++) {
                int q0 = blk * BLOCK;
                int w = Math.min(BLOCK, plane - q0);
                for (int k = 0; k < c1; k++) {
                    int base = k * plane + q0;
                    double dk = derivX[k];
                    for (int b = 0; b < w; b++) {
                        double v = f[base + b];
                        cf[b][k] = v;
                        cgx[b][k] = v * dk;
                        cgy[b][k] = gy[base + b];
                        cgz[b][k] = gz[base + b];
                    }
                }
                for (int b = 0; b < w; b++) {
                    dctX.inverse(cf[b], true);
                    CosineField.sineSeries(dctX, cgx[b], 0, c1);
                    dctX.inverse(cgy[b], true);
                    dctX.inverse(cgz[b], true);
                }
                for (int k = 0; k < c1; k++) {
                    int base = k * plane + q0;
                    for (int b = 0; b < w; b++) {
                        f[base + b] = cf[b][k];
                        gx[base + b] = cgx[b][k];
                        gy[base + b] = cgy[b][k];
                        gz[base + b] = cgz[b][k];
                    }
                }
            }
        });
    }
}
