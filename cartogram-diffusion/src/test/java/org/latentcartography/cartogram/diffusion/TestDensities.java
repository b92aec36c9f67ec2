package org.latentcartography.cartogram.diffusion;

import java.util.Random;

/** Synthetic densities for the tests and the benchmark, defined on the unit square so that every grid size samples the same function. */
public final class TestDensities {
    private TestDensities() {
    }

    /**
     * A smooth mixture of Gaussian bumps, rescaled so that max / min = {@code contrast}.
     *
     * @return cell (i, j) at {@code i * n2 + j}, sampled at the cell centres
     */
    public static double[] bumps(int n1, int n2, double contrast, long seed) {
        Random r = new Random(seed);
        int count = 8;
        double[][] b = new double[count][];
        for (int k = 0; k < count; k++) {
            // centre x, centre y, sigma, amplitude
            b[k] = new double[] {0.15 + 0.7 * r.nextDouble(), 0.15 + 0.7 * r.nextDouble(),
                0.04 + 0.08 * r.nextDouble(), 0.3 + 0.7 * r.nextDouble()};
        }
        double[] rho = new double[n1 * n2];
        for (int i = 0; i < n1; i++) {
            double x = (i + 0.5) / n1;
            for (int j = 0; j < n2; j++) {
                double y = (j + 0.5) / n2;
                double v = 0;
                for (double[] p : b) {
                    double dx = x - p[0];
                    double dy = y - p[1];
                    v += p[3] * Math.exp(-(dx * dx + dy * dy) / (2 * p[2] * p[2]));
                }
                rho[i * n2 + j] = v;
            }
        }
        return stretch(rho, contrast);
    }

    /**
     * A "latent-like" density: Gaussian bumps of several widths plus thin ridges (Gaussian
     * cross-section of width 0.003 of the box, a few cells at 1024), as a JSD measure shows along class
     * boundaries, rescaled so that max / min = {@code contrast}.
     */
    public static double[] latentLike(int n1, int n2, double contrast, long seed) {
        Random r = new Random(seed);
        int bumps = 16;
        int ridges = 6;
        double[][] b = new double[bumps][];
        for (int k = 0; k < bumps; k++) {
            b[k] = new double[] {0.1 + 0.8 * r.nextDouble(), 0.1 + 0.8 * r.nextDouble(),
                0.01 + 0.07 * r.nextDouble(), 0.2 + 0.8 * r.nextDouble()};
        }
        double[][] g = new double[ridges][];
        for (int k = 0; k < ridges; k++) {
            // segment from (x0, y0) to (x1, y1), width, amplitude
            double x0 = 0.1 + 0.8 * r.nextDouble();
            double y0 = 0.1 + 0.8 * r.nextDouble();
            double angle = Math.PI * r.nextDouble();
            double len = 0.2 + 0.4 * r.nextDouble();
            g[k] = new double[] {x0, y0, x0 + len * Math.cos(angle), y0 + len * Math.sin(angle),
                0.002 + 0.002 * r.nextDouble(), 0.3 + 0.5 * r.nextDouble()};
        }
        double[] rho = new double[n1 * n2];
        for (int i = 0; i < n1; i++) {
            double x = (i + 0.5) / n1;
            for (int j = 0; j < n2; j++) {
                double y = (j + 0.5) / n2;
                double v = 0;
                for (double[] p : b) {
                    double dx = x - p[0];
                    double dy = y - p[1];
                    v += p[3] * Math.exp(-(dx * dx + dy * dy) / (2 * p[2] * p[2]));
                }
                for (double[] p : g) {
                    double d2 = segmentDistance2(x, y, p[0], p[1], p[2], p[3]);
                    v += p[5] * Math.exp(-d2 / (2 * p[4] * p[4]));
                }
                rho[i * n2 + j] = v;
            }
        }
        return stretch(rho, contrast);
    }

    private static double segmentDistance2(double x, double y, double x0, double y0, double x1, double y1) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double t = ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy);
        t = Math.max(0, Math.min(1, t));
        double ex = x - x0 - t * dx;
        double ey = y - y0 - t * dy;
        return ex * ex + ey * ey;
    }

    /** Affinely maps values so that min = 1 and max = contrast. */
    static double[] stretch(double[] v, double contrast) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        double s = (contrast - 1) / (hi - lo);
        for (int k = 0; k < v.length; k++) {
            v[k] = 1 + (v[k] - lo) * s;
        }
        return v;
    }
}
