package org.latentcartography.cartogram.diffusion.bench;

import java.util.Locale;
import org.latentcartography.cartogram.diffusion.DiffusionCartogram;
import org.latentcartography.cartogram.diffusion.FlowCartogram;
import org.latentcartography.cartogram.diffusion.TestDensities;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.spi.DensityTransform;

/**
 * Times both cartograms on the "latent-like" density of issue 3 (Gaussian bumps and thin ridges,
 * 100:1 contrast) at several grid sizes. Not a unit test. Run from the repository root:
 * <pre>
 *   mvn -q -o -pl core,cartogram-diffusion -am install -DskipTests &amp;&amp; \
 *   java -Xmx4g -cp "cartogram-diffusion/target/classes:cartogram-diffusion/target/test-classes:core/target/classes:$(ls ~/.m2/repository/com/github/wendykierp/JTransforms/3.1/JTransforms-3.1.jar):$(ls ~/.m2/repository/pl/edu/icm/JLargeArrays/1.5/JLargeArrays-1.5.jar):$(ls ~/.m2/repository/org/apache/commons/commons-math3/3.5/commons-math3-3.5.jar)" \
 *     org.latentcartography.cartogram.diffusion.bench.CartogramBenchmark [sizes...] [threads=2] [methods=diffusion,flow]
 * </pre>
 * Option {@code bumps} uses the smooth Gaussian bumps of the unit tests instead.
 * Options {@code step=} and {@code end=} override the step and end tolerances.
 * Each (method, size) runs once after one warm-up run at 256 (JIT); figures are wall-clock seconds
 * (and {@code cpu_s}, the CPU seconds of the whole process meanwhile; {@code map}, a digest of the
 * nodes, equal when two builds give bit-identical maps)
 * of {@link DensityTransform#transform} alone, and the peak heap: the largest used heap seen by a
 * thread that samples it every millisecond during the transform, after a full collection before it,
 * minus the heap in use before the transform (so it is what the transform itself held, garbage
 * not yet collected included; the input density is not counted). Run each size in its own JVM with
 * a given {@code -Xmx} to check that it fits.
 */
public final class CartogramBenchmark {
    private CartogramBenchmark() {
    }

    public static void main(String[] args) {
        int threads = 2;
        double step = Double.NaN;
        double end = Double.NaN;
        String methods = "diffusion,flow";
        boolean bumps = false;
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.startsWith("threads=")) {
                threads = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("step=")) {
                step = Double.parseDouble(a.substring(5));
            } else if (a.startsWith("end=")) {
                end = Double.parseDouble(a.substring(4));
            } else if (a.equals("bumps")) {
                bumps = true;
            } else if (a.startsWith("methods=")) {
                methods = a.substring(8);
            } else {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = java.util.List.of(256, 512, 1024, 2048, 4096);
        }
        System.out.printf(Locale.ROOT, "# %d threads, %d processors, java %s%n", threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-10s %6s %9s %8s %6s %10s %10s %7s %8s %7s%n", "method", "size", "seconds",
                "heap_MB", "iter", "mean_err", "max_err", "folded", "map", "cpu_s");
        for (String m : methods.split(",")) {
            DensityTransform warm = make(m, threads, step, end);
            warm.transform(TestDensities.latentLike(256, 256, 100, 1), 256, 256, (i, e) -> { });
            for (int n : sizes) {
                double[] rho = bumps ? TestDensities.bumps(n, n, 100, 1) : TestDensities.latentLike(n, n, 100, 1);
                DensityTransform t = make(m, threads, step, end);
                System.gc();
                HeapPeak peak = new HeapPeak();
                long c0 = processCpuNanos();
                long t0 = System.nanoTime();
                DensityTransform.Result r = t.transform(rho, n, n, (i, e) -> { });
                double sec = (System.nanoTime() - t0) * 1e-9;
                double cpu = (processCpuNanos() - c0) * 1e-9;
                long heap = peak.stop();
                AreaError e = AreaError.of(rho, n, n, r.nodes());
                // map: a digest of the nodes' exact values, to tell whether a change kept the map bit-identical
                System.out.printf(Locale.ROOT, "%-10s %6d %9.2f %8.0f %6d %9.4f%% %9.3f%% %7d %08x %7.2f%n", m, n, sec,
                        heap / 1e6, r.iterations(), 100 * e.mean(), 100 * e.max(), e.foldedCells(),
                        java.util.Arrays.hashCode(r.nodes()), cpu);
            }
        }
    }

    /**
     * @return CPU time of the whole process (all threads: workers, JIT compilers, collector), or -1
     *     where the platform does not report it; less distorted than wall time on a shared machine
     */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    /** Samples the used heap every millisecond on a daemon thread until {@link #stop}. */
    private static final class HeapPeak {
        private final Runtime runtime = Runtime.getRuntime();
        private final long before = used();
        private volatile boolean running = true;
        private volatile long max = before;
        private final Thread thread = new Thread(() -> {
            while (running) {
                long used = used();
                if (used > max) {
                    max = used;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak");

        HeapPeak() {
            thread.setDaemon(true);
            thread.start();
        }

        /** @return the largest used heap seen, less the heap in use at the start, in bytes */
        long stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Math.max(max, used()) - before;
        }

        private long used() {
            return runtime.totalMemory() - runtime.freeMemory();
        }
    }

    private static DensityTransform make(String method, int threads, double step, double end) {
        switch (method) {
            case "diffusion": {
                DiffusionCartogram.Options d = DiffusionCartogram.Options.defaults();
                return new DiffusionCartogram(new DiffusionCartogram.Options(
                        Double.isNaN(step) ? d.stepTolerance() : step, Double.isNaN(end) ? d.endTolerance() : end,
                        d.maxSteps(), threads));
            }
            case "flow": {
                FlowCartogram.Options d = FlowCartogram.Options.defaults();
                return new FlowCartogram(new FlowCartogram.Options(d.tolerance(), d.maxIterations(),
                        Double.isNaN(step) ? d.stepTolerance() : step, threads));
            }
            default:
                throw new IllegalArgumentException("unknown method " + method);
        }
    }
}
