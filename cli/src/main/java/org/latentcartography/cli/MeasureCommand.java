package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.grid.Labels;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.spi.Engine;
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
public final class MeasureCommand implements Callable<Integer> {
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

    @Option(names = "--engine", paramLabel = "SPEC", defaultValue = "local",
            description = "Where the grid is evaluated: local (default: this machine's cores, with checkpoints) or an "
                    + "engine provider's spec with its options, e.g. spark,master=local[4] (see 'cartography plugins').")
    String engine;

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
        boolean local = Engine.LOCAL.equals(ComponentSpec.parse(engine).id());
        if (!local && resume) {
            throw new UsageException("--resume works with the local engine only (engine '" + engine
                    + "' retries failed work itself)");
        }
        Figure.warmUpInBackground(); // measure.png needs Java2D: load it while the model loads and runs
        Cartography carto = new Cartography(common.registries());
        String meaningId = ComponentSpec.parse(meaning).id();
        if (generator == null && carto.registries().meanings().find(meaningId).map(MeaningProvider::needsGenerator)
                .orElse(false)) {
            throw new UsageException("--generator is required for the meaning '" + meaningId + "'");
        }
        Embeddings emb = region.embeddings == null ? null : Embeddings.read(region.embeddings);
        if (labels != null && emb == null) {
            throw new UsageException("--labels needs --embeddings");
        }
        int[] lab = labels == null ? null : Labels.read(labels, emb.count());
        MeasureRequest.Builder req = MeasureRequest.builder(measure).generator(generator).meaning(meaning)
                .embeddings(emb).labels(lab).samples(samples).seed(seed).metric(metric).engine(engine)
                .threads(Inputs.threads(threads));
        if (emb != null) {
            req.margin(margin).shape(Inputs.shape(grid, emb.dimension()));
        } else {
            double[][] b = Inputs.bounds(region.bounds);
            req.grid(new Grid(b[0], b[1], Inputs.shape(grid, b[0].length)));
        }
        if (batch != null) {
            req.batch(batch);
        }
        if (!quiet) {
            req.progress(new TerminalProgress("measure"));
        }
        MeasureRequest first = req.build();
        Grid g = first.grid();
        OutputDir.refuseIfInUse(out);
        if (!resume && !force && CheckpointFiles.exists(out)) {
            throw new UsageException("--out " + out + " holds the checkpoint of an unfinished run; add --resume to continue it"
                    + " or --force to start over");
        }
        int[] metricShape = metric ? MeasureResult.metricShape(g) : null;
        checkDisk(out, g, metric);
        CheckpointFiles cp = new CheckpointFiles(out, g.shape(), metricShape, CheckpointFiles.fingerprint(
                carto.registries(), first, region.embeddings, labels));
        MeasureResult r;
        try (OutputDir dir = OutputDir.open(out, OUTPUTS, force || resume)) {
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
                if (local) {
                    req.checkpoint(cp);
                }
                if (state != null) {
                    req.resume(new MeasureRequest.Resume(state.measure(), state.metric(), state.doneSlabs()));
                }
                r = carto.measure(req.build());
                if (!quiet) {
                    r.notes().forEach(n -> System.err.println("cartography: note: " + n));
                }
                write(dir, r, emb, lab, labels == null ? List.of() : Labels.names(labels));
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
                    measure, r.functionName(), g, r.evaluations(), Inputs.seconds(r.seconds()), out);
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
        if (!java.nio.file.Files.isWritable(existing)) {
            throw new CartographyException("--out " + out + ": " + existing + " is not writable");
        }
        long total;
        try {
            total = java.nio.file.Files.getFileStore(existing).getTotalSpace();
        } catch (java.io.IOException e) {
            total = -1;
        }
        if (total == 0) {
            throw new CartographyException("--out " + out + ": " + existing + " is on a virtual file system (size 0) that "
                    + "cannot hold results");
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

    /**
     * Writes a measure's folder: the files of {@link MeasureResult#write} and the figure
     * {@code measure.png}; {@code names} name the labels in the figure's legend (may be empty).
     */
    public static void write(OutputDir dir, MeasureResult r, Embeddings emb, int[] lab, List<String> names) {
        // the figure on a thread of its own while this one writes the arrays
        Path figure = dir.resolve("measure.png");
        java.util.concurrent.CompletableFuture<Void> drawn = java.util.concurrent.CompletableFuture.runAsync(
                () -> MeasureFigure.write(figure, r.grid(), r.values(), emb, lab, names,
                        r.measureName() + " measure of " + r.functionName()), task -> {
                    Thread t = new Thread(task, "measure-figure");
                    t.setDaemon(true);
                    t.start();
                });
        try {
            r.write(dir.stage(r.fileNames()));
        } catch (RuntimeException | Error e) {
            drawn.handle((v, ignored) -> null).join(); // the arrays' failure is the one to report
            throw e;
        }
        try {
            drawn.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
