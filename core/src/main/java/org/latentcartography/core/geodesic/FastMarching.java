package org.latentcartography.core.geodesic;

import java.util.Arrays;

/**
 * Isotropic fast marching (Sethian 1996) on the cell-centred nodes of a 2-D or 3-D grid: the
 * viscosity solution of {@code |grad u| = w} with u = 0 at the sources, w the length element per
 * node.
 *
 * <p><b>Factored update</b> (after Fomel, Luo and Zhao 2009; Treister and Haber 2016). Near a
 * point source u is a cone, which finite differences resolve only to first order. Each node is
 * therefore solved for {@code tau = u / T0} with {@code T0 = |x - s|} about its source s (the
 * source of the neighbour that last improved it), tau being smooth: per axis k with an accepted
 * neighbour, the smaller one, {@code du/dz_k = T0 dtau/dz_k + tau dT0/dz_k} with {@code dtau/dz_k}
 * upwind, second order (Sethian's FMM2, {@code (3 tau - 4 tau_1 + tau_2) / 2h}) when the node two
 * steps away is accepted and not larger, first order otherwise; axes without an accepted
 * neighbour are left out ({@code du/dz_k = 0}, an upper bound). The quadratic in tau is solved
 * with axes joining in increasing order of their neighbour's u while the root exceeds the next
 * one; a root below an upwind neighbour's u, or none, falls back to first order, then to the
 * one-axis update.
 *
 * <p><b>Sources</b> lie anywhere in the box. Every node within {@link #SEED_RADIUS} cell widths
 * of a source is given the length of the straight segment to it under w (Simpson's rule on
 * multilinearly interpolated w) and is not updated again.
 */
final class FastMarching {
    /** Seeded nodes lie within this many cell widths of a source. */
    static final double SEED_RADIUS = 6.0;

    private static final byte FAR = 0;
    private static final byte TRIAL = 1;
    private static final byte ACCEPTED = 2;
    private static final byte SEEDED = 3;

    private final Lattice lattice;
    private final double[] w;
    private final double[] u;
    private final byte[] status;
    private final int[] label;
    private final IndexedHeap heap;

    private FastMarching(Lattice lattice, double[] w) {
        this.lattice = lattice;
        this.w = w;
        this.u = new double[lattice.count];
        Arrays.fill(u, Double.POSITIVE_INFINITY);
        this.status = new byte[lattice.count];
        this.label = new int[lattice.count];
        this.heap = new IndexedHeap(u);
    }

    /**
     * @param lattice the nodes
     * @param w the length element per node, finite and {@code >= 0}; not modified
     * @param sources points inside the box, D coordinates each
     * @param stop nodes after whose acceptance the march may end (all of them), or null to march
     *     over the whole grid
     * @return u per node; nodes not reached when the march ended are infinite
     */
    static double[] solve(Lattice lattice, double[] w, double[][] sources, int[] stop) {
        return new FastMarching(lattice, w).run(sources, stop);
    }

    private double[] run(double[][] sources, int[] stop) {
        for (int i = 0; i < sources.length; i++) {
            seed(sources[i], i);
        }
        boolean[] wanted = null;
        int remaining = 0;
        if (stop != null) {
            wanted = new boolean[lattice.count];
            for (int node : stop) {
                if (!wanted[node]) {
                    wanted[node] = true;
                    remaining++;
                }
            }
        }
        int dim = lattice.dim;
        int[] shape = lattice.shape;
        int[] stride = lattice.stride;
        int[] cp = new int[dim];
        while (!heap.isEmpty()) {
            int p = heap.poll();
            status[p] = ACCEPTED;
            if (wanted != null && wanted[p] && --remaining == 0) {
                break;
            }
            int rest = p;
            for (int k = dim - 1; k >= 0; k--) {
                cp[k] = rest % shape[k];
                rest /= shape[k];
            }
            for (int k = 0; k < dim; k++) {
                for (int dir = -1; dir <= 1; dir += 2) {
                    int ck = cp[k] + dir;
                    if (ck < 0 || ck >= shape[k]) {
                        continue;
                    }
                    int q = p + dir * stride[k];
                    byte s = status[q];
                    if (s == ACCEPTED || s == SEEDED) {
                        continue;
                    }
                    cp[k] = ck;
                    double v = update(q, cp, sources[label[p]]);
                    cp[k] = ck - dir;
                    if (v < u[q]) {
                        u[q] = v;
                        label[q] = label[p];
                        if (s == TRIAL) {
                            heap.decreased(q);
                        } else {
                            status[q] = TRIAL;
                            heap.add(q);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < u.length; i++) {
            if (status[i] != ACCEPTED) {
                u[i] = Double.POSITIVE_INFINITY;
            }
        }
        return u;
    }

    private void seed(double[] source, int index) {
        int dim = lattice.dim;
        double[] x = new double[dim];
        double[] mid = new double[dim];
        double ws = lattice.interpolate(w, source);
        lattice.nodesNear(source, SEED_RADIUS, idx -> {
            lattice.position(idx, x);
            double len = 0;
            for (int k = 0; k < dim; k++) {
                mid[k] = 0.5 * (x[k] + source[k]);
                len += (x[k] - source[k]) * (x[k] - source[k]);
            }
            len = Math.sqrt(len);
            double v = len * (ws + 4 * lattice.interpolate(w, mid) + w[idx]) / 6;
            if (v < u[idx]) {
                u[idx] = v;
                label[idx] = index;
                if (heap.contains(idx)) {
                    heap.decreased(idx);
                } else {
                    heap.add(idx);
                }
            }
            status[idx] = SEEDED;
        });
        if (heap.isEmpty()) {
            throw new IllegalStateException("no node near the source " + Arrays.toString(source));
        }
    }

    // per-axis upwind data of the node being updated, sorted by u1
    private final double[] u1 = new double[3];
    private final double[] u2 = new double[3];
    private final int[] side = new int[3];
    private final int[] axis = new int[3];
    private final double[] x = new double[3];
    private final double[] g = new double[3];
    private final double[] pk = new double[3];
    private final double[] qk = new double[3];

    /**
     * The value the node q (coordinates cq) gets from its accepted neighbours, factored about the
     * source s: {@code u = T0 tau}, {@code T0 = |x - s|}.
     */
    private double update(int q, int[] cq, double[] s) {
        int dim = lattice.dim;
        int[] shape = lattice.shape;
        int[] stride = lattice.stride;
        int m = 0;
        for (int k = 0; k < dim; k++) {
            double best = Double.POSITIVE_INFINITY;
            double second = Double.NaN;
            int bestDir = 0;
            for (int dir = -1; dir <= 1; dir += 2) {
                int c1 = cq[k] + dir;
                if (c1 < 0 || c1 >= shape[k]) {
                    continue;
                }
                int n1 = q + dir * stride[k];
                if (status[n1] != ACCEPTED || !(u[n1] < best)) {
                    continue;
                }
                best = u[n1];
                bestDir = dir;
                second = Double.NaN;
                int c2 = c1 + dir;
                if (c2 >= 0 && c2 < shape[k]) {
                    int n2 = n1 + dir * stride[k];
                    if (status[n2] == ACCEPTED && u[n2] <= best) {
                        second = u[n2];
                    }
                }
            }
            if (best < Double.POSITIVE_INFINITY) {
                int j = m++;
                while (j > 0 && u1[j - 1] > best) {
                    u1[j] = u1[j - 1];
                    u2[j] = u2[j - 1];
                    side[j] = side[j - 1];
                    axis[j] = axis[j - 1];
                    j--;
                }
                u1[j] = best;
                u2[j] = second;
                side[j] = bestDir;
                axis[j] = k;
            }
        }
        double t0 = 0;
        for (int k = 0; k < dim; k++) {
            x[k] = lattice.position(k, cq[k]);
            t0 += (x[k] - s[k]) * (x[k] - s[k]);
        }
        t0 = Math.sqrt(t0);
        for (int k = 0; k < dim; k++) {
            g[k] = (x[k] - s[k]) / t0;
        }
        double f = w[q];
        for (int order = 2; order >= 1; order--) {
            for (int j = 1; j <= m; j++) {
                double r = factored(j, f, t0, s, order == 2);
                if (Double.isNaN(r)) {
                    break;
                }
                if (j == m || r <= u1[j]) {
                    if (r >= u1[j - 1]) {
                        return r;
                    }
                    break;
                }
            }
        }
        return u1[0] + f * lattice.width[axis[0]];
    }

    /**
     * Solves {@code sum_k (T0 dtau/dz_k + tau dT0/dz_k)^2 = w^2} for tau with the first j sorted
     * axes differenced upwind (second order where possible when asked) and {@code dtau/dz_k = 0}
     * on the others; returns {@code T0 tau}, or NaN when there is no real root.
     */
    private double factored(int j, double f, double t0, double[] s, boolean secondOrder) {
        int dim = lattice.dim;
        for (int k = 0; k < dim; k++) {
            pk[k] = 0;
            qk[k] = 0;
        }
        for (int i = 0; i < j; i++) {
            int k = axis[i];
            double h = lattice.width[k];
            double sigma = -side[i];
            double tau1 = u1[i] / distance(k, side[i], s);
            if (secondOrder && !Double.isNaN(u2[i])) {
                double tau2 = u2[i] / distance(k, 2 * side[i], s);
                pk[k] = 1.5 * sigma * t0 / h + g[k];
                qk[k] = sigma * t0 * (4 * tau1 - tau2) / (2 * h);
            } else {
                pk[k] = sigma * t0 / h + g[k];
                qk[k] = sigma * t0 * tau1 / h;
            }
        }
        double a = 0;
        double b = 0;
        double c = -f * f;
        for (int k = 0; k < dim; k++) {
            a += pk[k] * pk[k];
            b += pk[k] * qk[k];
            c += qk[k] * qk[k];
        }
        double disc = b * b - a * c;
        if (disc < 0 || !(a > 0)) {
            return Double.NaN;
        }
        return t0 * (b + Math.sqrt(disc)) / a;
    }

    /** |x + steps h e_k - s|: T0 at the neighbour {@code steps} nodes along axis k. */
    private double distance(int k, int steps, double[] s) {
        double sum = 0;
        for (int i = 0; i < lattice.dim; i++) {
            double xi = x[i] + (i == k ? steps * lattice.width[k] : 0) - s[i];
            sum += xi * xi;
        }
        return Math.sqrt(sum);
    }
}
