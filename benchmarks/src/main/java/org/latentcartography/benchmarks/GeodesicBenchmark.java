package org.latentcartography.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.latentcartography.core.geodesic.ConformalMetric;
import org.latentcartography.core.geodesic.Geodesics;
import org.latentcartography.core.geodesic.TensorMetric;
import org.latentcartography.core.grid.Grid;

/**
 * The geodesics benchmark (issue 17): a distance field on an N×N grid (isotropic fast marching,
 * and the anisotropic fast sweeping on the same metric as a tensor), and a 100×100 distance
 * matrix among random points. The metric is latent-like: bumps and thin ridges over a floor,
 * 100:1. Each figure is the median of RUNS runs after one warm-up.
 *
 * <p>Usage: {@code java -cp benchmarks/target/classes:core/target/classes
 * org.latentcartography.benchmarks.GeodesicBenchmark [N=1024] [MATRIX_N=256] [RUNS=5] [THREADS=2]}
 */
public final class GeodesicBenchmark {
    private GeodesicBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int mn = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Grid g = new Grid(new double[] {-1, -1}, new double[] {1, 1}, new int[] {n, n});
        double[] m = latentLike(g);
        ConformalMetric metric = ConformalMetric.ofMeasure(g, m);
        double[] source = {-0.3, 0.2};
        double field = median(runs, () -> metric.distances(source));
        double[] t = new double[4 * m.length];
        for (int c = 0; c < m.length; c++) {
            double w = Math.sqrt(m[c]);
            t[4 * c] = w * w;
            t[4 * c + 3] = w * w;
        }
        TensorMetric tensor = TensorMetric.of(g, t);
        double aniso = median(Math.max(1, runs / 2), () -> tensor.distances(source));
        Grid gm = new Grid(new double[] {-1, -1}, new double[] {1, 1}, new int[] {mn, mn});
        ConformalMetric small = ConformalMetric.ofMeasure(gm, latentLike(gm));
        Random r = new Random(1);
        double[][] pts = new double[100][];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new double[] {-0.95 + 1.9 * r.nextDouble(), -0.95 + 1.9 * r.nextDouble()};
        }
        double matrix = median(runs, () -> Geodesics.distanceMatrix(small, pts, threads));
        System.out.printf(Locale.ROOT, "distance field %d² (fast marching): %.3f s%n", n, field);
        System.out.printf(Locale.ROOT, "distance field %d² (anisotropic fast sweeping, same metric as a tensor): %.3f s%n",
                n, aniso);
        System.out.printf(Locale.ROOT, "100 x 100 distance matrix on %d², %d threads: %.3f s%n", mn, threads, matrix);
    }

    /** Gaussian bumps and thin ridges over a floor, 100:1. */
    static double[] latentLike(Grid g) {
        double[] m = new double[g.cellCount()];
        double[] x = new double[2];
        for (int c = 0; c < m.length; c++) {
            g.centre(c, x, 0);
            double v = 1;
            v += 60 * Math.exp(-((x[0] - 0.3) * (x[0] - 0.3) + (x[1] - 0.4) * (x[1] - 0.4)) / 0.02);
            v += 40 * Math.exp(-((x[0] + 0.5) * (x[0] + 0.5) + (x[1] + 0.3) * (x[1] + 0.3)) / 0.05);
            v += 99 * Math.exp(-Math.pow(x[1] - 0.5 * x[0] + 0.1, 2) / 0.0008);
            v += 50 * Math.exp(-Math.pow(x[0] - 0.6 * x[1] - 0.2, 2) / 0.0005);
            m[c] = Math.min(v, 100);
        }
        return m;
    }

    private static double median(int runs, Runnable work) {
        work.run();
        double[] s = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        return s[runs / 2];
    }
}
