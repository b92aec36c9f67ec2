package org.latentcartography.cartogram.diffusion.bench;

import java.util.Locale;
import java.util.Random;
import org.latentcartography.cartogram.diffusion.DiffusionCartogram;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.spi.DensityTransform;

/**
 * Times the 3-D diffusion cartogram on a latent-like density in a cube (Gaussian bumps and thin
 * tubes, 100:1 contrast) at several sizes. Not a unit test. Run from the repository root after
 * {@code mvn -o -q test-compile -pl core,cartogram-diffusion}, with the class path of
 * {@link CartogramBenchmark}:
 * <pre>
 *   /usr/bin/time -v java -Xmx6g -cp "$CP" org.latentcartography.cartogram.diffusion.bench.Cartogram3DBenchmark 128 [256] [threads=2]
 * </pre>
 * Each size runs once after a warm-up run at 32<sup>3</sup> (JIT); figures are wall-clock and CPU
 * seconds (all threads of the process) of the transform alone, then the mean and largest relative
 * volume error and the folded cells.
 */
public final class Cartogram3DBenchmark {
    private Cartogram3DBenchmark() {
    }

    /**
     * 1 + eight Gaussian bumps (widths n/16 to n/8, heights 10 to 99) + two thin tubes along random
     * lines (width 1.5 cells, height 30), clipped to 100:1 contrast. Deterministic for a seed.
     */
    public static double[] latentLike(int n, long seed) {
        Random rnd = new Random(seed);
        double[] rho = new double[n * n * n];
        java.util.Arrays.fill(rho, 1);
        for (int b = 0; b < 8; b++) {
            double cx = n * (0.15 + 0.7 * rnd.nextDouble());
            double cy = n * (0.15 + 0.7 * rnd.nextDouble());
            double cz = n * (0.15 + 0.7 * rnd.nextDouble());
            double s = n / 16.0 * (1 + rnd.nextDouble());
            double h = 10 + 89 * rnd.nextDouble();
            add(rho, n, (x, y, z) -> h * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) / (2 * s * s)));
        }
        for (int t = 0; t < 2; t++) {
            double[] p = {n * (0.2 + 0.6 * rnd.nextDouble()), n * (0.2 + 0.6 * rnd.nextDouble()), n * (0.2 + 0.6 * rnd.nextDouble())};
            double[] d = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double len = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            for (int k = 0; k < 3; k++) {
                d[k] /= len;
            }
            add(rho, n, (x, y, z) -> {
                double rx = x - p[0];
                double ry = y - p[1];
                double rz = z - p[2];
                double along = rx * d[0] + ry * d[1] + rz * d[2];
                double q = rx * rx + ry * ry + rz * rz - along * along;
                return Math.abs(along) < n * 0.3 ? 30 * Math.exp(-q / (2 * 1.5 * 1.5)) : 0;
            });
        }
        for (int c = 0; c < rho.length; c++) {
            rho[c] = Math.min(rho[c], 100);
        }
        return rho;
    }

    private interface Field {
        double at(double x, double y, double z);
    }

    private static void add(double[] rho, int n, Field f) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    rho[(i * n + j) * n + k] += f.at(i + 0.5, j + 0.5, k + 0.5);
                }
            }
        }
    }

    /** @return this process's CPU time so far, all threads, in nanoseconds */
    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    public static void main(String[] args) {
        int threads = 2;
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.startsWith("threads=")) {
                threads = Integer.parseInt(a.substring(8));
            } else {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = java.util.List.of(64, 128);
        }
        System.out.printf(Locale.ROOT, "# %d threads, %d processors, java %s, max heap %d MB%n", threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%6s %9s %9s %6s %10s %10s %7s%n", "size", "seconds", "cpu_s", "steps", "mean_err",
                "max_err", "folded");
        DiffusionCartogram.Options d = DiffusionCartogram.Options.defaults();
        DiffusionCartogram.Options o = new DiffusionCartogram.Options(d.stepTolerance(), d.endTolerance(), d.maxSteps(),
                threads);
        new DiffusionCartogram(o).transform(latentLike(32, 1), 32, 32, 32, (i, e) -> { });
        for (int n : sizes) {
            double[] rho = latentLike(n, 1);
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            DensityTransform.Result r = new DiffusionCartogram(o).transform(rho, n, n, n, (i, e) -> { });
            double sec = (System.nanoTime() - t0) * 1e-9;
            double cpu = (cpuNanos() - c0) * 1e-9;
            AreaError e = AreaError.ofVolumes(rho, n, n, n, r.nodes());
            System.out.printf(Locale.ROOT, "%6d %9.2f %9.2f %6d %9.4f%% %9.3f%% %7d%n", n, sec, cpu, r.iterations(),
                    100 * e.mean(), 100 * e.max(), e.foldedCells());
        }
    }
}
