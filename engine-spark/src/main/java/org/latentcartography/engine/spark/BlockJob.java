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
import org.latentcartography.core.UsageException;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MeaningProvider;

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
    final Integer batch;
    final boolean metric;
    final int blocks;
    final List<Shipped> shipped;
    /** A block whose first attempt fails on purpose (tests of retries), or -1. */
    final int failOnce;

    BlockJob(String key, org.latentcartography.core.eval.Engine.Job job, List<Shipped> shipped, int blocks, int failOnce) {
        this.key = key;
        this.generator = job.generator();
        this.meaning = job.meaning();
        this.measure = job.measure();
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

    /** The opened components of one job in this JVM, shared by its tasks (apply is thread-safe). */
    static final class Components implements AutoCloseable {
        final Generator generator;
        final LatentFunction function;
        final Measure measure;
        final String name;

        Components(Generator generator, LatentFunction function, Measure measure, String name) {
            this.generator = generator;
            this.function = function;
            this.measure = measure;
            this.name = name;
        }

        @Override
        public void close() {
            try (Generator g = generator; LatentFunction f = function) {
                // closes both
            } catch (Exception e) {
                // closing is best effort
            }
        }
    }

    private static final Map<String, Components> OPEN = new ConcurrentHashMap<>();

    /** Closes the components a job opened in this JVM (the driver's, in local mode). */
    static void release(String key) {
        Components c = OPEN.remove(key);
        if (c != null) {
            c.close();
        }
    }

    /** @return the spec with every shipped path replaced by where it lies on this executor */
    static String localise(String spec, List<Shipped> shipped) {
        if (spec == null || shipped.isEmpty()) {
            return spec;
        }
        List<String> parts = new ArrayList<>();
        for (String part : spec.split(">", -1)) {
            ComponentSpec s = ComponentSpec.parse(part);
            String arg = replace(s.argument(), shipped);
            Map<String, String> opts = new LinkedHashMap<>();
            s.options().forEach((k, v) -> opts.put(k, replace(v, shipped)));
            parts.add(new ComponentSpec(s.id(), arg, opts).toString());
        }
        return String.join(">", parts);
    }

    private static String replace(String value, List<Shipped> shipped) {
        if (value == null) {
            return null;
        }
        for (Shipped s : shipped) {
            if (s.original().equals(value)) {
                Path dir = Path.of(SparkFiles.get(s.name()));
                return (s.fileName() == null ? dir : dir.resolve(s.fileName())).toString();
            }
        }
        return value;
    }

    private Components open() {
        ExecutorSetup.prepare(!shipped.isEmpty());
        Registries registries = Registries.discover(null);
        Embeddings emb = embeddings == null ? null : new Embeddings(embeddings, embeddingCount, embeddingDimension);
        ComponentSpec meaningS = ComponentSpec.parse(meaning);
        ComponentSpec measureS = ComponentSpec.parse(measure);
        ComponentContext ctx = registries.context(emb, labels, seed, 1);
        MeaningProvider mp = registries.meanings().get(meaningS.id());
        if (generator == null && mp.needsGenerator()) {
            throw new UsageException("--generator is required for the meaning '" + meaningS.id() + "'");
        }
        Measure m = registries.measure(measureS, ctx);
        Generator gen = generator == null ? null : registries.openGenerator(localise(generator, shipped), ctx);
        try {
            LatentFunction f = mp.create(ComponentSpec.parse(localise(meaning, shipped)), gen, ctx);
            String name = gen == null ? meaningS.id() : unlocalise(gen.name());
            return new Components(gen, f, m, name);
        } catch (RuntimeException e) {
            if (gen != null) {
                gen.close();
            }
            throw e;
        }
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

    private Components components() {
        Components c = OPEN.get(key);
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
        Components c = components();
        Grid grid = new Grid(lower, upper, shape);
        GridEvaluator ev = new GridEvaluator(grid, c.function, c.measure).name(c.name)
                .measureName(ComponentSpec.parse(measure).id()).samples(samples).seed(seed)
                .threads(cpus).metric(metric);
        if (batch != null) {
            ev.batchSize(batch);
        }
        int[] r = ev.blockSlabs(block, blocks);
        GridEvaluator.Result res = ev.runSlabs(r[0], r[1]);
        HashMap<String, Object> report = new HashMap<>(c.function.report());
        String executor = org.apache.spark.SparkEnv.get() == null ? "?" : org.apache.spark.SparkEnv.get().executorId();
        return new BlockResult(block, r[0], r[1], res.measure(), res.metric(), res.evaluations(), c.name,
                c.function.outputDimension(), report, attempt, executor);
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
