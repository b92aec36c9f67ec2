package org.latentcartography.cartogram.diffusion;

/**
 * A map of the box [0, n1] &#215; [0, n2] sampled at the nodes of a coarse {@code c1 x c2} lattice
 * (node (p, q) at (p n1 / c1, q n2 / c2)), applied to any point by interpolating the displacement:
 * by default with the tensor-product cubic spline through the tracers (C<sup>2</sup>: B-spline
 * coefficients from one tridiagonal solve per lattice line), or by 4-point Lagrange (cubic)
 * interpolation along each axis (C<sup>0</sup> only: its derivative, hence the area of the cells it
 * maps, jumps at every lattice line).
 *
 * <p>The map keeps the walls: across a wall the displacement's normal component is odd and its
 * tangential component even, so the lattice (and the spline's coefficients, which share the
 * symmetry) is extended by reflection about the wall nodes and a point on a wall stays on it (the
 * interpolation there uses only wall nodes and mirrored pairs, whose normal contributions cancel).
 *
 * <p>Used by {@link FlowCartogram} (spline) and {@link DiffusionCartogram} (Lagrange) for the
 * parts of the flow whose velocity is smooth on scales much longer than the lattice spacing: the
 * error of Lagrange interpolation for a mode of wavelength &#955; lattice spacings is about 0.023
 * (2&#960;/&#955;)<sup>4</sup> of its amplitude, that of the spline at most 5/384 (2&#960;/&#955;)<sup>4</sup>
 * (about 0.013, the classical bound 5 h<sup>4</sup> max |f''''| / 384), and the spline's slope, which sets
 * the cells' areas, is continuous.
 */
final class TracerLattice {
    final int c1;
    final int c2;
    private final int n1;
    private final int n2;
    /** Tracer (p, q) at {@code 2 (p (c2 + 1) + q)}, in lattice units; moved by the caller. */
    final double[] tracers;
    /** Cubic B-spline coefficients of the x and y displacement, node (p, q) at {@code p (c2 + 1) + q}. */
    private final double[] coefX;
    private final double[] coefY;
    /** Elimination factors of the four spline systems: odd and even along each axis. */
    private final Tridiagonal oddX;
    private final Tridiagonal evenX;
    private final Tridiagonal oddY;
    private final Tridiagonal evenY;
    /** Cubic spline interpolation (true) or 4-point Lagrange interpolation (false). */
    private final boolean spline;

    /** As {@link #TracerLattice(int, int, int, int, boolean)} with cubic spline interpolation. */
    TracerLattice(int c1, int c2, int n1, int n2) {
        this(c1, c2, n1, n2, true);
    }

    /**
     * @param c1 lattice cells along x
     * @param c2 lattice cells along y
     * @param n1 grid cells along x
     * @param n2 grid cells along y
     * @param spline interpolate the displacement by a cubic spline through the tracers (true) or by
     *     4-point Lagrange interpolation (false)
     */
    TracerLattice(int c1, int c2, int n1, int n2, boolean spline) {
        this.spline = spline;
        this.c1 = c1;
        this.c2 = c2;
        this.n1 = n1;
        this.n2 = n2;
        this.tracers = Cartograms.identityNodes(c1, c2);
        this.coefX = spline ? new double[(c1 + 1) * (c2 + 1)] : null;
        this.coefY = spline ? new double[(c1 + 1) * (c2 + 1)] : null;
        this.oddX = spline ? new Tridiagonal(c1, true) : null;
        this.evenX = spline ? new Tridiagonal(c1, false) : null;
        this.oddY = spline ? new Tridiagonal(c2, true) : null;
        this.evenY = spline ? new Tridiagonal(c2, false) : null;
    }

    /** Puts the tracers back on their lattice nodes. */
    void reset() {
        int k = 0;
        for (int p = 0; p <= c1; p++) {
            for (int q = 0; q <= c2; q++) {
                tracers[k++] = p;
                tracers[k++] = q;
            }
        }
    }

    /**
     * Moves points by the map the tracers now describe (their displacement from their nodes).
     *
     * @param points point k at {@code points[2k], points[2k + 1]}, in grid cells; moved in place
     */
    void apply(double[] points, Workers workers) {
        if (!spline) {
            applyLagrange(points, workers);
            return;
        }
        fit(workers);
        int count = points.length / 2;
        double sx = (double) c1 / n1;
        double sy = (double) c2 / n2;
        workers.range(count, 8192, (part, from, to) -> {
            double[] wx = new double[4];
            double[] wy = new double[4];
            int[] px = new int[4];
            int[] py = new int[4];
            double[] sgx = new double[4];
            double[] sgy = new double[4];
            for (int k = from; k < to; k++) {
                double u = points[2 * k] * sx;
                double w = points[2 * k + 1] * sy;
                splineTaps(u, c1, px, wx, sgx);
                splineTaps(w, c2, py, wy, sgy);
                double dx = 0;
                double dy = 0;
                for (int a = 0; a < 4; a++) {
                    double ax = 0;
                    double ay = 0;
                    int row = px[a] * (c2 + 1);
                    for (int b = 0; b < 4; b++) {
                        int t = row + py[b];
                        // x displacement: odd across x walls, even across y walls; y likewise
                        ax += wy[b] * coefX[t];
                        ay += wy[b] * sgy[b] * coefY[t];
                    }
                    dx += wx[a] * sgx[a] * ax;
                    dy += wx[a] * ay;
                }
                points[2 * k] = clamp(points[2 * k] + dx / sx, n1);
                points[2 * k + 1] = clamp(points[2 * k + 1] + dy / sy, n2);
            }
        });
    }

    /**
     * Computes the B-spline coefficients of the displacement: for each component the interpolation
     * conditions (c<sub>m-1</sub> + 4 c<sub>m</sub> + c<sub>m+1</sub>) / 6 = f<sub>m</sub> along each
     * axis in turn, with the coefficients extended across a wall as the data are (odd: the wall's
     * coefficient is 0; even: c<sub>-1</sub> = c<sub>1</sub>).
     */
    private void fit(Workers workers) {
        int cols = c2 + 1;
        workers.range(c1 + 1, 16, (part, from, to) -> {
            for (int p = from; p < to; p++) {
                for (int q = 0; q < cols; q++) {
                    int t = p * cols + q;
                    coefX[t] = tracers[2 * t] - p;
                    coefY[t] = tracers[2 * t + 1] - q;
                }
                evenY.solve(coefX, p * cols, 1);
                oddY.solve(coefY, p * cols, 1);
            }
        });
        workers.range(cols, 16, (part, from, to) -> {
            for (int q = from; q < to; q++) {
                oddX.solve(coefX, q, cols);
                evenX.solve(coefY, q, cols);
            }
        });
    }

    /**
     * The tridiagonal system of cubic spline interpolation on the nodes 0..c of one axis, solved
     * by elimination with factors computed once.
     */
    private static final class Tridiagonal {
        private final int c;
        private final boolean odd;
        /** Modified super-diagonal and inverse pivots of the forward elimination. */
        private final double[] upper;
        private final double[] pivot;

        Tridiagonal(int c, boolean odd) {
            this.c = c;
            this.odd = odd;
            int first = odd ? 1 : 0;
            int last = odd ? c - 1 : c;
            upper = new double[c + 1];
            pivot = new double[c + 1];
            double prevUpper = 0;
            for (int m = first; m <= last; m++) {
                double sub = m == first ? 0 : (!odd && m == c ? 2 : 1);
                double sup = m == last ? 0 : (!odd && m == 0 ? 2 : 1);
                double p = 1 / (4 - sub * prevUpper);
                pivot[m] = p;
                upper[m] = sup * p;
                prevUpper = upper[m];
            }
        }

        /** Replaces the values {@code a[off + m stride]}, m = 0..c, by their spline coefficients. */
        void solve(double[] a, int off, int stride) {
            int first = odd ? 1 : 0;
            int last = odd ? c - 1 : c;
            if (odd) {
                a[off] = 0;
                a[off + c * stride] = 0;
            }
            double prev = 0;
            for (int m = first; m <= last; m++) {
                double sub = m == first ? 0 : (!odd && m == c ? 2 : 1);
                int i = off + m * stride;
                prev = (6 * a[i] - sub * prev) * pivot[m];
                a[i] = prev;
            }
            for (int m = last - 1; m >= first; m--) {
                int i = off + m * stride;
                a[i] -= upper[m] * a[i + stride];
            }
        }
    }

    /** The original 4-point Lagrange interpolation of the tracers' displacement. */
    private void applyLagrange(double[] points, Workers workers) {
        int count = points.length / 2;
        double sx = (double) c1 / n1;
        double sy = (double) c2 / n2;
        workers.range(count, 8192, (part, from, to) -> {
            double[] wx = new double[4];
            double[] wy = new double[4];
            int[] px = new int[4];
            int[] py = new int[4];
            double[] sgx = new double[4];
            double[] sgy = new double[4];
            for (int k = from; k < to; k++) {
                double u = points[2 * k] * sx;
                double w = points[2 * k + 1] * sy;
                taps(u, c1, px, wx, sgx);
                taps(w, c2, py, wy, sgy);
                double dx = 0;
                double dy = 0;
                for (int a = 0; a < 4; a++) {
                    double ax = 0;
                    double ay = 0;
                    int row = px[a] * (c2 + 1);
                    for (int b = 0; b < 4; b++) {
                        int t = 2 * (row + py[b]);
                        double ex = tracers[t] - px[a];
                        double ey = tracers[t + 1] - py[b];
                        // x displacement: odd across x walls, even across y walls; y likewise
                        ax += wy[b] * ex;
                        ay += wy[b] * sgy[b] * ey;
                    }
                    dx += wx[a] * sgx[a] * ax;
                    dy += wx[a] * ay;
                }
                points[2 * k] = clamp(points[2 * k] + dx / sx, n1);
                points[2 * k + 1] = clamp(points[2 * k + 1] + dy / sy, n2);
            }
        });
    }

    private static double clamp(double v, int n) {
        return v < 0 ? 0 : v > n ? n : v;
    }

    /**
     * The 4 nodes around u (reflected into [0, c] about the wall nodes), their cubic B-spline
     * weights, and the sign of each reflection (-1 where the node was reflected).
     */
    private static void splineTaps(double u, int c, int[] node, double[] weight, double[] sign) {
        int p = (int) Math.floor(u);
        if (p >= c) {
            p = c - 1;
        } else if (p < 0) {
            p = 0;
        }
        double f = u - p;
        double g = 1 - f;
        weight[0] = g * g * g / 6;
        weight[1] = (4 - 6 * f * f + 3 * f * f * f) / 6;
        weight[2] = (4 - 6 * g * g + 3 * g * g * g) / 6;
        weight[3] = f * f * f / 6;
        for (int a = 0; a < 4; a++) {
            int m = p - 1 + a;
            double s = 1;
            if (m < 0) {
                m = -m;
                s = -1;
            } else if (m > c) {
                m = 2 * c - m;
                s = -1;
            }
            node[a] = Math.max(0, Math.min(c, m));
            sign[a] = s;
        }
    }

    /**
     * The 4 nodes around u (reflected into [0, c] about the wall nodes), their cubic Lagrange
     * weights, and the sign of each reflection (-1 where the node was reflected).
     */
    private static void taps(double u, int c, int[] node, double[] weight, double[] sign) {
        int p = (int) Math.floor(u);
        if (p >= c) {
            p = c - 1;
        } else if (p < 0) {
            p = 0;
        }
        double f = u - p;
        weight[0] = -f * (f - 1) * (f - 2) / 6;
        weight[1] = (f + 1) * (f - 1) * (f - 2) / 2;
        weight[2] = -(f + 1) * f * (f - 2) / 2;
        weight[3] = (f + 1) * f * (f - 1) / 6;
        for (int a = 0; a < 4; a++) {
            int m = p - 1 + a;
            double s = 1;
            if (m < 0) {
                m = -m;
                s = -1;
            } else if (m > c) {
                m = 2 * c - m;
                s = -1;
            }
            node[a] = Math.max(0, Math.min(c, m));
            sign[a] = s;
        }
    }
}
