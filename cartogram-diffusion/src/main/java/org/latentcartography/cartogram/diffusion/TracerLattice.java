package org.latentcartography.cartogram.diffusion;

/**
 * A map of the box [0, n1] &#215; [0, n2] sampled at the nodes of a coarse {@code c1 x c2} lattice
 * (node (p, q) at (p n1 / c1, q n2 / c2)), applied to any point by 4-point Lagrange (cubic)
 * interpolation of the displacement along each axis.
 *
 * <p>The map keeps the walls: across a wall the displacement's normal component is odd and its
 * tangential component even, so the lattice is extended by reflection about the wall nodes and a
 * point on a wall stays on it (the interpolation there uses only wall nodes, whose normal
 * displacement is 0).
 *
 * <p>Used by {@link FlowCartogram} for stages whose velocity is smooth on scales much longer than
 * the lattice spacing: the error of cubic interpolation for a mode of wavelength &#955; lattice
 * spacings is about 0.023 (2&#960;/&#955;)<sup>4</sup> of its amplitude.
 */
final class TracerLattice {
    final int c1;
    final int c2;
    private final int n1;
    private final int n2;
    /** Tracer (p, q) at {@code 2 (p (c2 + 1) + q)}, in lattice units; moved by the caller. */
    final double[] tracers;

    TracerLattice(int c1, int c2, int n1, int n2) {
        this.c1 = c1;
        this.c2 = c2;
        this.n1 = n1;
        this.n2 = n2;
        this.tracers = Cartograms.identityNodes(c1, c2);
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
