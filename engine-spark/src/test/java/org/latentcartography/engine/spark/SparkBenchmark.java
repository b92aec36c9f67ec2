package org.latentcartography.engine.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.latentcartography.core.spi.Engine;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.eval.Progress;

/**
 * The Riemannian measure of the shipped softplus decoder on an N&#215;N grid with the local engine,
 * Spark {@code local[2]} and a loopback standalone cluster (one worker, 2 cores), in one run.
 * Start-up (cluster daemons, SparkContext and executors) is timed apart; each engine then runs
 * the job {@code 1 + R} times, alternated with the local engine so that both see the same machine
 * load: the first run (models opened on the executors, JIT) is reported as "first", the median of
 * the others as "warm". Every Spark result is checked bit for bit
 * against the local one. Run with {@code benchmarks/spark.sh [N] [R]}.
 */
public final class SparkBenchmark {
    private SparkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Engine.Job base = Reference.job("onnx:" + Reference.SOFTPLUS, "output", "riemannian", Reference.square(n, -3, 3),
                null, null, 1, 0, Map.of());
        List<String> rows = new ArrayList<>();
        double[][] expected = new double[1][];
        Runnable local = () -> {
            GridEvaluator.Result r = Reference.local(base);
            if (expected[0] == null) {
                expected[0] = r.measure();
            } else if (!Arrays.equals(expected[0], r.measure())) {
                throw new AssertionError("the local engine is not deterministic");
            }
        };
        Runnable spark = () -> check(expected[0], new SparkEngine().evaluate(base, Progress.NONE));

        double t0 = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2,4]")
                .setAppName("benchmark").set("spark.ui.enabled", "false"))) {
            double start = (System.nanoTime() - t0) / 1e9;
            rows.addAll(alternate("Spark local[2]", start, reps, local, spark));
        }

        Path work = Files.createTempDirectory("cartography-bench-");
        t0 = System.nanoTime();
        try (StandaloneCluster cluster = StandaloneCluster.start(work, 2)) {
            double daemons = (System.nanoTime() - t0) / 1e9;
            System.setProperty(SparkEngine.JARS_PROPERTY, String.join(",", cluster.toolkitJars));
            t0 = System.nanoTime();
            SparkConf conf = new SparkConf().setMaster(cluster.masterUrl).setAppName("benchmark")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1").set("spark.executor.memory", "2g")
                    .set("spark.executor.cores", "2").set("spark.jars", String.join(",", cluster.toolkitJars))
                    .set("spark.driver.maxResultSize", "2g");
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                // the context is up once the executor has registered
                while (sc.sc().getExecutorMemoryStatus().size() < 2) {
                    Thread.sleep(50);
                }
                double start = (System.nanoTime() - t0) / 1e9;
                rows.addAll(alternate(String.format(Locale.ROOT,
                        "standalone cluster on loopback, 1 worker × 2 cores (daemons up in %.1f s)", daemons),
                        start, reps, local, spark));
            }
        }
        System.out.printf(Locale.ROOT, "%nRiemannian measure, softplus decoder, %d×%d grid (%,d cells); local and Spark "
                + "runs alternated, %d each after a first one%n", n, n, (long) n * n, reps);
        System.out.println("| engine | start-up s | first run s | warm runs s (median) | warm overhead vs the local runs "
                + "alternated with it |");
        System.out.println("| --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    /** Local and Spark runs alternated (1 + reps each), so that both see the same machine load. */
    static List<String> alternate(String name, double start, int reps, Runnable local, Runnable spark) {
        double[] l = new double[reps + 1];
        double[] s = new double[reps + 1];
        for (int i = 0; i <= reps; i++) {
            l[i] = time(local);
            s[i] = time(spark);
            System.out.printf(Locale.ROOT, "  %s, run %d: local %.2f s, spark %.2f s%n", name, i, l[i], s[i]);
        }
        double[] ratio = new double[reps + 1];
        for (int i = 1; i <= reps; i++) {
            ratio[i] = s[i] / l[i];
        }
        return List.of(
                String.format(Locale.ROOT, "| local engine (2 threads), alternated with the row below | | %.2f | %.2f | |",
                        l[0], median(l)),
                String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %+.1f%% (median of the pairs' ratios) |", name,
                        start, s[0], median(s), 100 * (median(ratio) - 1)));
    }

    static double time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e9;
    }

    static void check(double[] expected, Engine.Outcome o) {
        if (!Arrays.equals(expected, o.measure())) {
            throw new AssertionError("Spark's measure differs from the local engine's");
        }
    }

    static double median(double[] t) {
        double[] w = Arrays.copyOfRange(t, 1, t.length);
        Arrays.sort(w);
        return w.length % 2 == 1 ? w[w.length / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2;
    }
}
