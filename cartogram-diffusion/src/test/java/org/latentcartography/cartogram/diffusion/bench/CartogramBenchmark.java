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
 * of {@link DensityTransform#transform} alone.
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
            sizes = java.util.List.of(256, 512, 1024, 2048);
        }
        System.out.printf(Locale.ROOT, "# %d threads, %d processors, java %s%n", threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-10s %6s %9s %6s %10s %10s %7s%n", "method", "size", "seconds",
                "iter", "mean_err", "max_err", "folded");
        for (String m : methods.split(",")) {
            DensityTransform warm = make(m, threads, step, end);
            warm.transform(TestDensities.latentLike(256, 256, 100, 1), 256, 256, (i, e) -> { });
            for (int n : sizes) {
                double[] rho = bumps ? TestDensities.bumps(n, n, 100, 1) : TestDensities.latentLike(n, n, 100, 1);
                DensityTransform t = make(m, threads, step, end);
                long t0 = System.nanoTime();
                DensityTransform.Result r = t.transform(rho, n, n, (i, e) -> { });
                double sec = (System.nanoTime() - t0) * 1e-9;
                AreaError e = AreaError.of(rho, n, n, r.nodes());
                System.out.printf(Locale.ROOT, "%-10s %6d %9.2f %6d %9.4f%% %9.3f%% %7d%n", m, n, sec,
                        r.iterations(), 100 * e.mean(), 100 * e.max(), e.foldedCells());
            }
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
