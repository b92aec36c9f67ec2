package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MeaningProvider;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cartography measure}: a measure map of the latent space (paper sec. 2.2). */
@Command(name = "measure", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compute a measure map of the latent space.",
            "%nLays a grid over the latent space, maps every cell through a meaning function and computes a per-cell "
                + "measure. Writes measure.npy (float64, grid shape), grid.json, measure.png and measure.json to --out.%n"},
        footer = {"", "Examples:",
            "  cartography measure --generator onnx:models/mnist/vae-softplus/decoder.onnx --measure riemannian \\",
            "      --embeddings models/mnist/vae-softplus/z.npy --labels models/mnist/vae-softplus/labels.npy --out out/m",
            "  cartography measure --generator onnx:decoder.onnx,output=h1 --measure riemannian --bounds -3,3,-3,3 --grid 400 --out out/h1"})
final class MeasureCommand implements Callable<Integer> {
    /** The files measure writes in --out (metric.npy with --metric); --force replaces them as a whole. */
    static final List<String> OUTPUTS = List.of("measure.npy", "grid.json", "measure.png", "measure.json", "metric.npy");

    @Option(names = "--generator", paramLabel = "SPEC", description = "The model, e.g. onnx:decoder.onnx[,output=NAME].")
    String generator;

    @Option(names = "--meaning", paramLabel = "SPEC", defaultValue = "output",
            description = "Meaning function f: Z -> H (default: ${DEFAULT-VALUE}, the generator's output).")
    String meaning;

    @Option(names = "--measure", paramLabel = "ID", required = true,
            description = "The measure: riemannian, or any dissimilarity id (l2, cosine, jsd, ...) for the mean "
                    + "dissimilarity to neighbouring cells.")
    String measure;

    static final class Region {
        @Option(names = "--embeddings", paramLabel = "FILE", description = "Latent codes z.npy [points, D]; the grid covers them.")
        Path embeddings;

        @Option(names = "--bounds", paramLabel = "LO1,HI1,...", description = "Explicit grid bounds, one LO,HI pair per dimension.")
        String bounds;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Region region;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class labels labels.npy, one per embedding (for colours).")
    Path labels;

    @Option(names = "--margin", paramLabel = "F", defaultValue = "0.1",
            description = "Margin added on each side of the embeddings, as a fraction of their extent (default ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--grid", paramLabel = "N|N1xN2...", defaultValue = "400",
            description = "Cells per axis (default ${DEFAULT-VALUE}).")
    String grid;

    @Option(names = "--samples", paramLabel = "S", defaultValue = "1",
            description = "Samples per cell, jittered and averaged, for stochastic generators (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed for jitter and sampling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Option(names = "--batch", paramLabel = "N", description = "Points per model call (default: the generator's preference).")
    Integer batch;

    @Option(names = "--engine", paramLabel = "ID[,blocks=N]", defaultValue = "local",
            description = "Where the grid is evaluated: local (default) or spark (opt-in module engine-spark, see the "
                    + "README); blocks= sets how many Spark tasks.")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --engine spark: local[N] (embedded, the default with N = --threads), "
                    + "spark://HOST:PORT, yarn, k8s://...")
    String master;

    @Option(names = "--metric", description = "Also write metric.npy, the metric tensor J^T J per cell (riemannian only).")
    boolean metric;

    @Mixin
    OutputOptions output;

    @Option(names = "--resume", description = "Continue an interrupted run from the checkpoint in --out (same inputs).")
    boolean resume;

    @Option(names = "--quiet", description = "No progress on the terminal.")
    boolean quiet;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Path out = output.out;
        boolean force = output.force;
        Inputs.threads(threads);
        Inputs.inRange("--batch", batch, 1, Integer.MAX_VALUE);
        Inputs.inRange("--samples", samples, 1, 1_000_000);
        Inputs.between("--margin", margin, 0, 1e6);
        ComponentSpec engineSpec = ComponentSpec.parse(engine);
        org.latentcartography.core.eval.Engine remote = "local".equals(engineSpec.id()) ? null : engine(engineSpec);
        if (remote == null && master != null) {
            throw new UsageException("--master needs --engine spark");
        }
        if (remote != null && resume) {
            throw new UsageException("--resume works with the local engine only (a Spark run retries failed tasks itself)");
        }
        Registries registries = common.registries();
        Embeddings emb = region.embeddings == null ? null : Inputs.embeddings(region.embeddings);
        if (labels != null && emb == null) {
            throw new UsageException("--labels needs --embeddings");
        }
        int[] lab = labels == null ? null : Inputs.labels(labels, emb.count());
        Grid g;
        if (emb != null) {
            g = Grid.around(emb, margin, Inputs.shape(grid, emb.dimension()));
        } else {
            double[][] b = Inputs.bounds(region.bounds);
            g = new Grid(b[0], b[1], Inputs.shape(grid, b[0].length));
        }
        List<String> outputs = OUTPUTS;
        OutputDir.refuseIfInUse(out);
        if (!resume && !force && CheckpointFiles.exists(out)) {
            throw new UsageException("--out " + out + " holds the checkpoint of an unfinished run; add --resume to continue it"
                    + " or --force to start over");
        }
        int[] metricShape = null;
        if (metric) {
            metricShape = new int[g.dimension() + 2];
            System.arraycopy(g.shape(), 0, metricShape, 0, g.dimension());
            metricShape[g.dimension()] = g.dimension();
            metricShape[g.dimension() + 1] = g.dimension();
        }
        checkDisk(out, g, metric);
        CheckpointFiles cp = new CheckpointFiles(out, g.shape(), metricShape, CheckpointFiles.fingerprint(generator, meaning,
                measure, g, samples, seed, metric, region.embeddings, labels));
        Result r;
        try (OutputDir dir = OutputDir.open(out, outputs, force || resume)) {
            CheckpointFiles.State state = resume ? cp.read(g.slabCount()) : null;
            if (state != null && !quiet) {
                System.err.printf(Locale.ROOT, "measure: resuming after %d of %d slabs%n", state.doneSlabs(), g.slabCount());
            }
            int slabs = g.slabCount();
            dir.onInterrupt(() -> {
                int saved = cp.flush();
                System.err.println(saved > 0
                        ? "\ncartography: interrupted; " + saved + " of " + slabs + " slabs are saved in " + out
                                + "; run the same command with --resume to continue"
                        : "\ncartography: interrupted before the first slab was finished; nothing was saved");
            });
            try {
                int th = Inputs.threads(threads);
                r = remote != null
                        ? runOn(remote, engineSpec, master, generator, meaning, measure, g, emb, lab, samples, seed, th, batch,
                                metric, quiet)
                        : run(registries, generator, meaning, measure, g, emb, lab, samples, seed, th, batch, metric, quiet,
                                cp, state);
                write(dir, r, emb, lab, labels == null ? List.of() : Inputs.labelNames(labels));
            } catch (CartographyException e) {
                if (diskFull(e)) {
                    int saved = cp.saved();
                    throw new CartographyException("--out " + out + ": the disk is full (" + e.getMessage() + "); "
                            + (saved > 0 ? saved + " of " + slabs + " slabs are saved in the checkpoint there: free some "
                                    + "space and run the same command with --resume"
                                    : "nothing was saved yet: free some space and run the command again"), e);
                }
                throw e;
            }
            CheckpointFiles.delete(out);
            dir.commit();
        }
        if (!quiet) {
            System.err.printf(Locale.ROOT, "measure: %s of %s over %s: %d evaluations in %s; wrote %s%n",
                    measure, r.functionName, g, r.result.evaluations(), Inputs.seconds(r.result.seconds()), out);
        }
        return 0;
    }

    /** Room for a figure and the small files, beside the arrays. */
    static final long DISK_MARGIN = 4L << 20;

    /**
     * Refuses a run whose outputs and checkpoint cannot fit on the disk of {@code out}: measure.npy
     * (and metric.npy) twice, once as output and once as checkpoint, plus a margin for the figure.
     */
    static void checkDisk(Path out, Grid g, boolean metric) {
        long arrays = 8L * g.cellCount() * (1 + (metric ? (long) g.dimension() * g.dimension() : 0));
        long need = 2 * arrays + DISK_MARGIN;
        Path existing = out.toAbsolutePath();
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        long free;
        try {
            free = java.nio.file.Files.getFileStore(existing).getUsableSpace();
        } catch (java.io.IOException e) {
            return; // no figure to check against; writing will report a real failure
        }
        if (free < need) {
            throw new CartographyException("--out " + out + ": the run needs about " + Inputs.bytes(need)
                    + " of disk (outputs and checkpoint), but only " + Inputs.bytes(free) + " are free there");
        }
    }

    /** @return true when the failure, or one of its causes, is a full disk */
    static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
                    || m.contains("There is not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }

    /** The outcome of a measure run, with what the figure and files need. */
    record Result(Grid grid, GridEvaluator.Result result, String functionName, Map<String, Object> info) {
    }

    static Result run(Registries registries, String generatorSpec, String meaningSpec, String measureId, Grid g,
                      Embeddings emb, int[] lab, int samples, long seed, int threads, Integer batch,
                      boolean metric, boolean quiet) {
        return run(registries, generatorSpec, meaningSpec, measureId, g, emb, lab, samples, seed, threads, batch, metric,
                quiet, null, null);
    }

    static Result run(Registries registries, String generatorSpec, String meaningSpec, String measureId, Grid g,
                      Embeddings emb, int[] lab, int samples, long seed, int threads, Integer batch,
                      boolean metric, boolean quiet, CheckpointFiles checkpoint, CheckpointFiles.State resumeFrom) {
        ComponentSpec meaningS = ComponentSpec.parse(meaningSpec);
        ComponentSpec measureS = ComponentSpec.parse(measureId);
        ComponentContext ctx = registries.context(emb, lab, seed, threads);
        MeaningProvider mp = registries.meanings().get(meaningS.id());
        if (generatorSpec == null && mp.needsGenerator()) {
            throw new UsageException("--generator is required for the meaning '" + meaningS.id() + "'");
        }
        Measure m = registries.measure(measureS, ctx);
        Generator gen = generatorSpec == null ? null : registries.openGenerator(generatorSpec, ctx);
        try (gen; LatentFunction f = mp.create(meaningS, gen, ctx)) {
            if (samples > 1 && !f.isStochastic() && !quiet) {
                System.err.println("cartography: note: --samples " + samples
                        + " averages jittered points inside each cell of a deterministic function");
            }
            String name = gen == null ? meaningS.id() : gen.name();
            GridEvaluator ev = new GridEvaluator(g, f, m).name(name).samples(samples).seed(seed)
                    .threads(threads).metric(metric);
            if (batch != null) {
                ev.batchSize(batch);
            }
            if (!quiet) {
                ev.progress(new TerminalProgress("measure"));
            }
            if (checkpoint != null) {
                ev.checkpoint(checkpoint);
            }
            if (resumeFrom != null) {
                ev.resume(resumeFrom.measure(), resumeFrom.metric(), resumeFrom.doneSlabs());
            }
            GridEvaluator.Result res = ev.run();
            Map<String, Object> info = info(generatorSpec, meaningSpec, measureId, samples, seed);
            info.put("threads", threads);
            return new Result(g, res, name, finish(info, res, f.outputDimension(), f.report()));
        }
    }

    /** @return the engine of that id, or a usage error naming what to install */
    static org.latentcartography.core.eval.Engine engine(ComponentSpec spec) {
        return org.latentcartography.core.eval.Engine.find(spec.id()).orElseThrow(() -> new UsageException(
                "--engine " + spec.id() + ": no such engine here" + ("spark".equals(spec.id())
                        ? "; the Spark engine is opt-in: build it with 'mvn -Pspark -DskipTests package' (README, "
                                + "'Running on Spark')"
                        : "; known: local, spark")));
    }

    /** A measure run on another engine (e.g. Spark): same values as {@link #run}, no checkpoint. */
    static Result runOn(org.latentcartography.core.eval.Engine engine, ComponentSpec engineSpec, String master,
                        String generatorSpec, String meaningSpec, String measureId, Grid g, Embeddings emb, int[] lab,
                        int samples, long seed, int threads, Integer batch, boolean metric, boolean quiet) {
        Map<String, String> options = new LinkedHashMap<>(engineSpec.options());
        if (master != null) {
            options.put("master", master);
        }
        org.latentcartography.core.eval.Engine.Outcome o = engine.evaluate(new org.latentcartography.core.eval.Engine.Job(
                generatorSpec, meaningSpec, measureId, g, emb, lab, samples, seed, threads, batch, metric, options),
                quiet ? org.latentcartography.core.eval.Progress.NONE : new TerminalProgress("measure"));
        GridEvaluator.Result res = o.result();
        Map<String, Object> info = info(generatorSpec, meaningSpec, measureId, samples, seed);
        info.put("engine", engine.id());
        info.putAll(o.info());
        return new Result(g, res, o.functionName(), finish(info, res, o.outputDimension(), o.report()));
    }

    /** measure.json: what was asked for. */
    private static Map<String, Object> info(String generatorSpec, String meaningSpec, String measureId, int samples,
                                            long seed) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("generator", generatorSpec);
        info.put("meaning", meaningSpec);
        info.put("measure", measureId);
        info.put("samples", samples);
        info.put("seed", seed);
        return info;
    }

    /** measure.json: what the run did. */
    private static Map<String, Object> finish(Map<String, Object> info, GridEvaluator.Result res, int outputDimension,
                                              Map<String, Object> report) {
        info.put("evaluations", res.evaluations());
        info.put("seconds", res.seconds());
        info.put("output_dimension", outputDimension);
        if (!report.isEmpty()) {
            info.put("meaning_report", report);
        }
        return info;
    }

    static void write(OutputDir dir, Result r, Embeddings emb, int[] lab) {
        write(dir, r, emb, lab, List.of());
    }

    /** Writes the outputs; {@code names} name the labels in the figure's legend (may be empty). */
    static void write(OutputDir dir, Result r, Embeddings emb, int[] lab, List<String> names) {
        Grid g = r.grid();
        Npy.writeFloat64(dir.resolve("measure.npy"), g.shape(), r.result().measure());
        if (r.result().metric() != null) {
            int[] shape = new int[g.dimension() + 2];
            System.arraycopy(g.shape(), 0, shape, 0, g.dimension());
            shape[g.dimension()] = g.dimension();
            shape[g.dimension() + 1] = g.dimension();
            Npy.writeFloat64(dir.resolve("metric.npy"), shape, r.result().metric());
        }
        Inputs.writeGrid(dir.resolve("grid.json"), g);
        AtomicFiles.writeString(dir.resolve("measure.json"), Json.write(r.info()));
        MeasureFigure.write(dir.resolve("measure.png"), g, r.result().measure(), emb, lab, names,
                r.info().get("measure") + " measure of " + r.functionName());
    }
}
