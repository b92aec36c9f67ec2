package org.latentcartography.cartogram.diffusion;

import org.jtransforms.dct.DoubleDCT_1D;

/**
 * Cosine series on an {@code n1 x n2} grid of cells with reflecting (zero-flux) walls, in cell units:
 * the box is [0, n1] &#215; [0, n2] and cell (i, j) has its centre at (i + 1/2, j + 1/2).
 *
 * <p>A grid function f given at the cell centres is represented by the series
 * <pre>
 *   f(x, y) = &#931;<sub>k&lt;n1, l&lt;n2</sub> a<sub>kl</sub> cos(&#960; k x / n1) cos(&#960; l y / n2),
 * </pre>
 * whose coefficients come from a DCT-II of the samples (the series reproduces them exactly at the
 * centres). Every term has zero normal derivative at the walls. {@link #synthesize} evaluates a
 * filtered series and its gradient at the centres with DCT-III passes; a sine series
 * &#931; b<sub>k</sub> sin(&#960; k (n + 1/2) / N) is evaluated as a cosine series with reversed
 * coefficients and alternating signs, since sin(&#960; k (n + 1/2) / N) = (-1)<sup>n</sup>
 * cos(&#960; (N - k)(n + 1/2) / N).
 *
 * <p>The 2-D transforms are done as 1-D transforms along rows (contiguous) and along columns
 * (gathered in blocks), split between the workers. The evaluation of f, &#8706;f/&#8706;x and
 * &#8706;f/&#8706;y shares the first pass, so the three fields cost five 1-D passes, not six.
 *
 * <p>Thread-safe for concurrent calls that use distinct output arrays (JTransforms' 1-D plans are
 * read-only after construction).
 */
final class CosineField {
    /** Columns gathered per block in the column passes. */
    private static final int BLOCK = 16;

    final int n1;
    final int n2;
    private final DoubleDCT_1D dctX;
    private final DoubleDCT_1D dctY;
    private final Workers workers;
    /** -&#960; k / n1 and -&#960; l / n2: the derivative factors of cos &#8594; sin. */
    private final double[] derivX;
    private final double[] derivY;
    /**
     * s<sub>k</sub> = &#8730;(1/n) for k = 0, &#8730;(2/n) otherwise: the series coefficient is
     * a<sub>k</sub> = s<sub>k</sub> &#215; (orthonormal DCT-II)<sub>k</sub>, and the orthonormal DCT-III
     * of a<sub>k</sub>/s<sub>k</sub> is &#931; a<sub>k</sub> cos(&#960;k(n + 1/2)/N). Only JTransforms'
     * orthonormal ({@code scale = true}) transforms are used: its unscaled DCTs follow a different,
     * undocumented convention when n is not a power of two (the unscaled forward transform of 96 or
     * 800 points is not the DCT-II sum), which is why the series was wrong on such grids.
     */
    private final double[] scaleX;
    private final double[] scaleY;
    private final double[] unscaleX;
    private final double[] unscaleY;

    CosineField(int n1, int n2, Workers workers) {
        this.n1 = n1;
        this.n2 = n2;
        this.workers = workers;
        this.dctX = new DoubleDCT_1D(n1);
        this.dctY = new DoubleDCT_1D(n2);
        derivX = new double[n1];
        derivY = new double[n2];
        for (int k = 0; k < n1; k++) {
            derivX[k] = -Math.PI * k / n1;
        }
        for (int l = 0; l < n2; l++) {
            derivY[l] = -Math.PI * l / n2;
        }
        scaleX = orthoScale(n1);
        scaleY = orthoScale(n2);
        unscaleX = reciprocal(scaleX);
        unscaleY = reciprocal(scaleY);
    }

    /** @return 1 / sinc(&#960;k / 2n): the centre value of cos(&#960;kx/n) over its mean across the cell */
    private static double[] inverseSinc(int n) {
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            double u = Math.PI * k / (2.0 * n);
            s[k] = k == 0 ? 1.0 : u / Math.sin(u);
        }
        return s;
    }

    private static double[] orthoScale(int n) {
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            s[k] = k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
        }
        return s;
    }

    private static double[] reciprocal(double[] a) {
        double[] r = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            r[k] = 1 / a[k];
        }
        return r;
    }

    /** @return &#960;<sup>2</sup> k<sup>2</sup> / n1<sup>2</sup>, the decay rate of mode k along x */
    double rateX(int k) {
        return derivX[k] * derivX[k];
    }

    /** @return &#960;<sup>2</sup> l<sup>2</sup> / n2<sup>2</sup> */
    double rateY(int l) {
        return derivY[l] * derivY[l];
    }

    /**
     * @param values cell (i, j) at {@code i * n2 + j}; not modified
     * @return the cosine coefficients a<sub>kl</sub> at {@code k * n2 + l}, a<sub>00</sub> being
     *     the mean
     */
    double[] coefficients(double[] values) {
        return coefficients(values, false);
    }

    /**
     * @param values cell (i, j) at {@code i * n2 + j}; not modified
     * @param cellMeans false: the series takes the values at the cell centres; true: its mean over
     *     each cell is the cell's value (each coefficient divided by sinc(&#960;k/2n1) sinc(&#960;l/2n2),
     *     the mean of its cosines over a cell relative to their value at the centre), so the series
     *     holds exactly each cell's mass
     * @return the cosine coefficients a<sub>kl</sub> at {@code k * n2 + l}, a<sub>00</sub> being
     *     the mean
     */
    double[] coefficients(double[] values, boolean cellMeans) {
        double[] sx = cellMeans ? inverseSinc(n1) : null;
        double[] sy = cellMeans ? inverseSinc(n2) : null;
        double[] a = values.clone();
        workers.range(n1, 64, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                dctY.forward(a, i * n2, true);
            }
        });
        int blocks = (n2 + BLOCK - 1) / BLOCK;
        workers.range(blocks, 4, (part, from, to) -> {
            double[][] col = new double[BLOCK][n1];
            for (int blk = from; blk < to; blk++) {
                int l0 = blk * BLOCK;
                int w = Math.min(BLOCK, n2 - l0);
                for (int k = 0; k < n1; k++) {
                    int base = k * n2 + l0;
                    for (int b = 0; b < w; b++) {
                        col[b][k] = a[base + b];
                    }
                }
                for (int b = 0; b < w; b++) {
                    dctX.forward(col[b], true);
                }
                for (int k = 0; k < n1; k++) {
                    double sk = scaleX[k] * (sx == null ? 1.0 : sx[k]);
                    int base = k * n2 + l0;
                    for (int b = 0; b < w; b++) {
                        a[base + b] = col[b][k] * sk * scaleY[l0 + b] * (sy == null ? 1.0 : sy[l0 + b]);
                    }
                }
            }
        });
        return a;
    }

    /**
     * Evaluates at the cell centres the series with coefficients a<sub>kl</sub> fx[k] fy[l] and
     * its gradient.
     *
     * @param coef coefficients from {@link #coefficients}; not modified unless it is {@code scratch}
     * @param fx per-mode factor along x, length n1, or null for 1
     * @param fy per-mode factor along y, length n2, or null for 1
     * @param f receives the series' values, or null when not wanted
     * @param gx receives &#8706;/&#8706;x, or null (with gy) when only the values are wanted
     * @param gy receives &#8706;/&#8706;y, null exactly when gx is
     * @param scratch an n1 * n2 array used when {@code f} is null, else may be null; may be {@code coef}
     *     itself (each block of columns is read whole before it is written), which it then overwrites
     */
    void synthesize(double[] coef, double[] fx, double[] fy, double[] f, double[] gx, double[] gy,
                    double[] scratch) {
        double[] p = f != null ? f : scratch;
        boolean gradient = gx != null;
        if (f == null && !gradient) {
            throw new IllegalArgumentException("nothing to synthesize");
        }
        // Pass 1, along x (columns): P = C3_x(a fx fy), Q = S3_x(a fx fy dx).
        int blocks = (n2 + BLOCK - 1) / BLOCK;
        workers.range(blocks, 4, (part, from, to) -> {
            double[][] colP = new double[BLOCK][n1];
            double[][] colQ = gradient ? new double[BLOCK][n1] : null;
            for (int blk = from; blk < to; blk++) {
                int l0 = blk * BLOCK;
                int w = Math.min(BLOCK, n2 - l0);
                for (int k = 0; k < n1; k++) {
                    int base = k * n2 + l0;
                    double ek = (fx == null ? 1.0 : fx[k]) * unscaleX[k];
                    double dk = derivX[k];
                    for (int b = 0; b < w; b++) {
                        double v = coef[base + b] * ek * (fy == null ? 1.0 : fy[l0 + b]) * unscaleY[l0 + b];
                        colP[b][k] = v;
                        if (gradient) {
                            colQ[b][k] = v * dk;
                        }
                    }
                }
                for (int b = 0; b < w; b++) {
                    dctX.inverse(colP[b], true);
                    if (gradient) {
                        sineSeries(dctX, colQ[b], 0, n1);
                    }
                }
                for (int k = 0; k < n1; k++) {
                    int base = k * n2 + l0;
                    for (int b = 0; b < w; b++) {
                        p[base + b] = colP[b][k];
                        if (gradient) {
                            gx[base + b] = colQ[b][k];
                        }
                    }
                }
            }
        });
        // Pass 2, along y (rows): f = C3_y(P), gx = C3_y(Q), gy = S3_y(P dy).
        workers.range(n1, 32, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                int base = i * n2;
                if (gradient) {
                    for (int l = 0; l < n2; l++) {
                        gy[base + l] = p[base + l] * derivY[l];
                    }
                    sineSeries(dctY, gy, base, n2);
                    dctY.inverse(gx, base, true);
                }
                if (f != null) {
                    dctY.inverse(f, base, true);
                }
            }
        });
    }

    /**
     * In place: replaces b<sub>0..N-1</sub> at {@code a[off..off+N)} by
     * y<sub>n</sub> = &#931;<sub>k=1</sub><sup>N-1</sup> b<sub>k</sub> sin(&#960; k (n + 1/2) / N)
     * (b<sub>0</sub> is ignored).
     */
    static void sineSeries(DoubleDCT_1D dct, double[] a, int off, int n) {
        a[off] = 0.0;
        for (int lo = off + 1, hi = off + n - 1; lo < hi; lo++, hi--) {
            double t = a[lo];
            a[lo] = a[hi];
            a[hi] = t;
        }
        dct.inverse(a, off, true);
        for (int k = off + 1; k < off + n; k += 2) {
            a[k] = -a[k];
        }
    }
}
