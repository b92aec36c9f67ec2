package org.latentcartography.core.geodesic;

import java.util.Arrays;

/**
 * Fast sweeping for the anisotropic eikonal equation on a 2-D lattice (see {@link TensorMetric}):
 * Gauss–Seidel sweeps in the four diagonal orders, each node taking the least value over the eight
 * triangles of its 8-neighbour stencil, until a round of four sweeps changes no value by more than
 * {@link #TOLERANCE} relative to the largest.
 */
final class FastSweeping {
    /** Convergence: the largest change in a round, relative to the largest finite value. */
    static final double TOLERANCE = 1e-12;
    /** Rounds of four sweeps at most (information crosses the grid many times before that). */
    static final int MAX_ROUNDS = 500;

    /** The stencil ring, counter-clockwise: consecutive entries span a triangle. */
    private static final int[] RING_I = {1, 1, 0, -1, -1, -1, 0, 1};
    private static final int[] RING_J = {0, 1, 1, 1, 0, -1, -1, -1};

    private FastSweeping() {
    }

    static double[] solve(Lattice lattice, double[] tensor, double[][] sources) {
        int n0 = lattice.shape[0];
        int n1 = lattice.shape[1];
        double[] u = new double[lattice.count];
        Arrays.fill(u, Double.POSITIVE_INFINITY);
        boolean[] fixed = new boolean[lattice.count];
        int[] label = new int[lattice.count];
        double[][] at = new double[sources.length][];
        for (int i = 0; i < sources.length; i++) {
            double[] s = sources[i];
            seed(lattice, tensor, s, u, fixed, label, i);
            at[i] = new double[] {s[0], s[1], lattice.interpolate(tensor, 4, 0, s), lattice.interpolate(tensor, 4, 1, s),
                lattice.interpolate(tensor, 4, 3, s)};
        }
        Node node = new Node(lattice, tensor, u, label, at);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            double change = 0;
            for (int sweep = 0; sweep < 4; sweep++) {
                int di = (sweep & 1) == 0 ? 1 : -1;
                int dj = (sweep & 2) == 0 ? 1 : -1;
                for (int ii = 0; ii < n0; ii++) {
                    int i = di > 0 ? ii : n0 - 1 - ii;
                    for (int jj = 0; jj < n1; jj++) {
                        int j = dj > 0 ? jj : n1 - 1 - jj;
                        int idx = i * n1 + j;
                        if (fixed[idx]) {
                            continue;
                        }
                        double v = node.update(idx, i, j);
                        if (v < u[idx]) {
                            double old = u[idx];
                            u[idx] = v;
                            change = Math.max(change, old == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : old - v);
                        }
                    }
                }
            }
            double max = 0;
            for (double v : u) {
                if (v < Double.POSITIVE_INFINITY) {
                    max = Math.max(max, v);
                }
            }
            if (change <= TOLERANCE * max) {
                break;
            }
        }
        return u;
    }

    /**
     * The update of one node: the closed-form semi-Lagrangian value of each of the eight
     * triangles, then the best triangle again with the field factored about the node's source,
     * {@code u = T0 tau}, {@code T0(y) = |y - s|_{A(s)}}, tau interpolated linearly along the edge
     * and the edge parameter found by golden-section search. Factoring makes a constant metric
     * exact (tau is constant) and removes the error of interpolating the cone u linearly.
     */
    private static final class Node {
        private static final int GOLDEN_STEPS = 24;
        private final Lattice lattice;
        private final double[] a;
        private final double[] u;
        private final int[] label;
        private final double[][] sources;
        private final double[] ox = new double[8];
        private final double[] oy = new double[8];
        private final double[] vals = new double[8];
        private final int[] nb = new int[8];
        private final int n0;
        private final int n1;

        Node(Lattice lattice, double[] a, double[] u, int[] label, double[][] sources) {
            this.lattice = lattice;
            this.a = a;
            this.u = u;
            this.label = label;
            this.sources = sources;
            this.n0 = lattice.shape[0];
            this.n1 = lattice.shape[1];
            for (int r = 0; r < 8; r++) {
                ox[r] = RING_I[r] * lattice.width[0];
                oy[r] = RING_J[r] * lattice.width[1];
            }
        }

        double update(int idx, int i, int j) {
            double a11 = a[4 * idx];
            double a12 = a[4 * idx + 1];
            double a22 = a[4 * idx + 3];
            double best = u[idx];
            boolean any = false;
            for (int r = 0; r < 8; r++) {
                int ni = i + RING_I[r];
                int nj = j + RING_J[r];
                boolean in = ni >= 0 && ni < n0 && nj >= 0 && nj < n1;
                nb[r] = in ? ni * n1 + nj : -1;
                vals[r] = in ? u[nb[r]] : Double.POSITIVE_INFINITY;
                any |= vals[r] < Double.POSITIVE_INFINITY;
            }
            if (!any) {
                return best;
            }
            int bestTriangle = -1;
            double bestLinear = Double.POSITIVE_INFINITY;
            for (int r = 0; r < 8; r++) {
                int s = (r + 1) & 7;
                if (vals[r] == Double.POSITIVE_INFINITY && vals[s] == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double v = triangle(vals[r], ox[r], oy[r], vals[s], ox[s], oy[s], a11, a12, a22);
                if (v < bestLinear) {
                    bestLinear = v;
                    bestTriangle = r;
                }
            }
            if (bestLinear < best) {
                best = bestLinear;
                int r = bestTriangle;
                int s = (r + 1) & 7;
                label[idx] = vals[r] <= vals[s] ? label[nb[r]] : label[nb[s]];
            }
            if (bestTriangle >= 0) {
                int r = bestTriangle;
                int s = (r + 1) & 7;
                if (vals[r] < Double.POSITIVE_INFINITY && vals[s] < Double.POSITIVE_INFINITY) {
                    int src = vals[r] <= vals[s] ? label[nb[r]] : label[nb[s]];
                    double v = factored(i, j, r, s, src, a11, a12, a22);
                    if (v < best) {
                        best = v;
                        label[idx] = src;
                    }
                }
            }
            return best;
        }

        private double factored(int i, int j, int r, int s, int src, double a11, double a12, double a22) {
            double[] so = sources[src];
            double x0 = lattice.position(0, i);
            double x1 = lattice.position(1, j);
            double tau1 = vals[r] / sourceNorm(so, x0 + ox[r], x1 + oy[r]);
            double tau2 = vals[s] / sourceNorm(so, x0 + ox[s], x1 + oy[s]);
            if (!Double.isFinite(tau1) || !Double.isFinite(tau2)) {
                return Double.POSITIVE_INFINITY;
            }
            double lo = 0;
            double hi = 1;
            double phi = 0.5 * (Math.sqrt(5) - 1);
            double l1 = hi - phi * (hi - lo);
            double l2 = lo + phi * (hi - lo);
            double f1 = along(l1, x0, x1, r, s, tau1, tau2, so, a11, a12, a22);
            double f2 = along(l2, x0, x1, r, s, tau1, tau2, so, a11, a12, a22);
            for (int k = 0; k < GOLDEN_STEPS; k++) {
                if (f1 <= f2) {
                    hi = l2;
                    l2 = l1;
                    f2 = f1;
                    l1 = hi - phi * (hi - lo);
                    f1 = along(l1, x0, x1, r, s, tau1, tau2, so, a11, a12, a22);
                } else {
                    lo = l1;
                    l1 = l2;
                    f1 = f2;
                    l2 = lo + phi * (hi - lo);
                    f2 = along(l2, x0, x1, r, s, tau1, tau2, so, a11, a12, a22);
                }
            }
            return Math.min(f1, f2);
        }

        /** T0(y) tau(lambda) + |x - y|_A at {@code y = x + lambda e_r + (1 - lambda) e_s}. */
        private double along(double lambda, double x0, double x1, int r, int s, double tau1, double tau2, double[] so,
                double a11, double a12, double a22) {
            double ex = lambda * ox[r] + (1 - lambda) * ox[s];
            double ey = lambda * oy[r] + (1 - lambda) * oy[s];
            double tau = lambda * tau1 + (1 - lambda) * tau2;
            return sourceNorm(so, x0 + ex, x1 + ey) * tau + norm(ex, ey, a11, a12, a22);
        }

        private static double sourceNorm(double[] so, double y0, double y1) {
            return norm(y0 - so[0], y1 - so[1], so[2], so[3], so[4]);
        }
    }

    /**
     * {@code min over lambda in [0, 1] of lambda u1 + (1 - lambda) u2 + |lambda e1 + (1 - lambda) e2|_A}
     * for the offsets e1, e2 from the node to its two stencil neighbours. With {@code d = e1 - e2},
     * {@code q(lambda) = |e2 + lambda d|_A^2 = gamma + 2 beta lambda + alpha lambda^2} and
     * {@code delta = u1 - u2}, the stationary point satisfies {@code beta + alpha lambda = -delta sqrt(q)},
     * so {@code q = (alpha gamma - beta^2) / (alpha - delta^2)} (needs {@code alpha > delta^2}).
     */
    static double triangle(double u1, double e1x, double e1y, double u2, double e2x, double e2y, double a11,
            double a12, double a22) {
        double n1 = u1 + norm(e1x, e1y, a11, a12, a22);
        double n2 = u2 + norm(e2x, e2y, a11, a12, a22);
        double best = Math.min(n1, n2);
        if (u1 == Double.POSITIVE_INFINITY || u2 == Double.POSITIVE_INFINITY) {
            return best;
        }
        double dx = e1x - e2x;
        double dy = e1y - e2y;
        double alpha = dx * (a11 * dx + a12 * dy) + dy * (a12 * dx + a22 * dy);
        double beta = dx * (a11 * e2x + a12 * e2y) + dy * (a12 * e2x + a22 * e2y);
        double gamma = e2x * (a11 * e2x + a12 * e2y) + e2y * (a12 * e2x + a22 * e2y);
        double delta = u1 - u2;
        double denom = alpha - delta * delta;
        if (denom > 0) {
            double q = (alpha * gamma - beta * beta) / denom;
            if (q > 0) {
                double lambda = (-delta * Math.sqrt(q) - beta) / alpha;
                if (lambda > 0 && lambda < 1) {
                    double v = u2 + lambda * delta + Math.sqrt(gamma + lambda * (2 * beta + lambda * alpha));
                    best = Math.min(best, v);
                }
            }
        }
        return best;
    }

    private static double norm(double x, double y, double a11, double a12, double a22) {
        return Math.sqrt(x * (a11 * x + a12 * y) + y * (a12 * x + a22 * y));
    }

    /** Nodes near a source get the straight segment's length (Simpson's rule on interpolated A). */
    private static void seed(Lattice lattice, double[] a, double[] s, double[] u, boolean[] fixed, int[] label,
            int index) {
        double[] x = new double[2];
        double[] mid = new double[2];
        lattice.nodesNear(s, FastMarching.SEED_RADIUS, idx -> {
            lattice.position(idx, x);
            mid[0] = 0.5 * (x[0] + s[0]);
            mid[1] = 0.5 * (x[1] + s[1]);
            double dx = x[0] - s[0];
            double dy = x[1] - s[1];
            double v = (len(lattice, a, s, dx, dy) + 4 * len(lattice, a, mid, dx, dy)
                    + norm(dx, dy, a[4 * idx], a[4 * idx + 1], a[4 * idx + 3])) / 6;
            if (v < u[idx]) {
                u[idx] = v;
                label[idx] = index;
            }
            fixed[idx] = true;
        });
    }

    private static double len(Lattice lattice, double[] a, double[] p, double dx, double dy) {
        return norm(dx, dy, lattice.interpolate(a, 4, 0, p), lattice.interpolate(a, 4, 1, p),
                lattice.interpolate(a, 4, 3, p));
    }
}
