package org.latentcartography.engine.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.GeneratorChain;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MeasureComponents;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Engine;

/**
 * What one Spark task needs to evaluate one block of slabs, as plain strings and arrays: the
 * executor rebuilds the generator, meaning and measure from their specs (model paths rewritten to
 * where SparkFiles put them) through the class path's providers, once per executor JVM and job,
 * and evaluates its block with {@link GridEvaluator#runSlabs} using the task's cores.
 */
final class BlockJob implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A file or folder named in a spec, shipped to the executors as archive {@code name}. */
    record Shipped(String original, String name, String fileName) implements Serializable {
    }

    /** What a task sends back: the block's measure (and metric) and a few facts. */
    record BlockResult(int block, int fromSlab, int toSlab, double[] measure, double[] metric, long evaluations,
                       String functionName, int outputDimension, HashMap<String, Object> report, int attempt,
                       String executor) implements Serializable {
    }

    final String key;
    final String generator;
    final String meaning;
    final String measure;
    final double[] lower;
    final double[] upper;
    final int[] shape;
    final double[] embeddings;
    final int embeddingCount;
    final int embeddingDimension;
    final int[] labels;
    final int samples;
    final long seed;
    final int batch;
    final boolean metric;
    final int blocks;
    final List<Shipped> shipped;
    /** A block whose first attempt fails on purpose (tests of retries), or -1. */
    final int failOnce;

    BlockJob(String key, Engine.Job job, List<Shipped> shipped, int blocks, int failOnce) {
        this.key = key;
        this.generator = job.generator() == null ? null : job.generator().toString();
        this.meaning = job.meaning().toString();
        this.measure = job.measure().toString();
        this.lower = job.grid().lower();
        this.upper = job.grid().upper();
        this.shape = job.grid().shape();
        Embeddings e = job.embeddings();
        this.embeddings = e == null ? null : e.toArray();
        this.embeddingCount = e == null ? 0 : e.count();
        this.embeddingDimension = e == null ? 0 : e.dimension();
        this.labels = job.labels();
        this.samples = job.samples();
        this.seed = job.seed();
        this.batch = job.batch();
        this.metric = job.metric();
        this.blocks = blocks;
        this.shipped = new ArrayList<>(shipped);
        this.failOnce = failOnce;
    }

    // ---- executor side ----------------------------------------------------------------------

    private static final Map<String, MeasureComponents> OPEN = new ConcurrentHashMap<>();

    /** Closes the components a job opened in this JVM (the driver's, in local mode). */
    static void release(String key) {
        MeasureComponents c = OPEN.remove(key);
        if (c != null) {
            c.close();
        }
    }

    /** @return the spec with every shipped path replaced by where it lies on this executor */
    static ComponentSpec localise(ComponentSpec s, List<Shipped> shipped) {
        if (shipped.isEmpty()) {
            return s;
        }
        Map<String, String> opts = new LinkedHashMap<>();
        s.options().forEach((k, v) -> opts.put(k, replace(v, shipped)));
        return new ComponentSpec(s.id(), replace(s.argument(), shipped), opts);
    }

    private static String replace(String value, List<Shipped> shipped) {
        if (value == null || value.isBlank()) {
            return value;
        }
        for (Shipped s : shipped) {
            boolean same;
            try {
                same = Path.of(s.original()).equals(Path.of(value));
            } catch (RuntimeException notAPath) {
                same = false;
            }
            if (same) {
                Path dir = Path.of(SparkFiles.get(s.name()));
                return (s.fileName() == null ? dir : dir.resolve(s.fileName())).toString();
            }
        }
        return value;
    }

    /** The job's request as this executor sees it: model paths where SparkFiles put them. */
    private MeasureRequest request(int threads) {
        Embeddings emb = embeddings == null ? null : new Embeddings(embeddings, embeddingCount, embeddingDimension);
        return MeasureRequest.builder(measure)
                .generator(generator == null ? null : GeneratorChain.parse(generator).map(s -> localise(s, shipped)))
                .meaning(localise(ComponentSpec.parse(meaning), shipped)).grid(new Grid(lower, upper, shape))
                .embeddings(emb).labels(labels).samples(samples).seed(seed).threads(threads).batch(batch)
                .metric(metric).build();
    }

    private MeasureComponents open() {
        ExecutorSetup.prepare(!shipped.isEmpty());
        return new Cartography(Registries.discover(null)).open(request(1));
    }

    /** Names in messages and figures show the user's paths, not the executor's. */
    private String unlocalise(String text) {
        String out = text;
        for (Shipped s : shipped) {
            try {
                Path dir = Path.of(SparkFiles.get(s.name()));
                out = out.replace((s.fileName() == null ? dir : dir.resolve(s.fileName())).toString(), s.original());
            } catch (RuntimeException e) {
                // no SparkFiles here
            }
        }
        return out;
    }

    private MeasureComponents components() {
        MeasureComponents c = OPEN.get(key);
        if (c != null) {
            return c;
        }
        synchronized (OPEN) {
            c = OPEN.get(key);
            if (c == null) {
                // one job at a time per executor: close what earlier jobs left open
                for (String other : new ArrayList<>(OPEN.keySet())) {
                    release(other);
                }
                c = open();
                OPEN.put(key, c);
            }
            return c;
        }
    }

    /** Evaluates block {@code block} of {@link #blocks}, in a Spark task. */
    BlockResult evaluate(int block) {
        TaskContext tc = TaskContext.get();
        int attempt = tc == null ? 0 : tc.attemptNumber();
        if (block == failOnce && attempt == 0) {
            throw new IllegalStateException("injected failure of the first attempt of block " + block);
        }
        int cpus = tc == null ? 1 : Math.max(1, tc.cpus());
        MeasureComponents c = components();
        GridEvaluator ev = c.evaluator(cpus);
        int[] r = ev.blockSlabs(block, blocks);
        GridEvaluator.Result res = ev.runSlabs(r[0], r[1]);
        HashMap<String, Object> report = new HashMap<>(c.report());
        String executor = org.apache.spark.SparkEnv.get() == null ? "?" : org.apache.spark.SparkEnv.get().executorId();
        return new BlockResult(block, r[0], r[1], res.measure(), res.metric(), res.evaluations(), unlocalise(c.name()),
                c.function().outputDimension(), report, attempt, executor);
    }

    /** Executor JVM set-up done once before the first model is opened. */
    static final class ExecutorSetup {
        private static volatile boolean done;

        private ExecutorSetup() {
        }

        /**
         * ONNX Runtime extracts its native library into a new folder under java.io.tmpdir; on
         * executors whose temp folder is not writable, point it at a folder in the executor's own
         * (writable) SparkFiles directory first.
         */
        static synchronized void prepare(boolean remote) {
            if (done) {
                return;
            }
            done = true;
            Path tmp = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
            if (!Files.isDirectory(tmp) || !Files.isWritable(tmp)) {
                try {
                    Path mine = Path.of(SparkFiles.getRootDirectory()).resolve("tmp");
                    Files.createDirectories(mine);
                    System.setProperty("java.io.tmpdir", mine.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    throw new CartographyException("executor: java.io.tmpdir " + tmp + " is not writable and there is "
                            + "no SparkFiles folder to use instead", e);
                }
            }
        }
    }
}
