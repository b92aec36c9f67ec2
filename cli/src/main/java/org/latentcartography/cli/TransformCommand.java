package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Labels;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.map.ZeroDensityException;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MapRequest;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.spi.DensityTransform;
import picocli.CommandLine;

/**
 * {@code cartography transform}: the density-equalising map of a measure (paper sec. 3).
 *
 * <p>Its picocli model is built in code ({@link #spec()}), not read from annotations, as
 * {@code plugins}' is (see {@link Main#commandLine}): reading the annotations of a command makes
 * the JVM generate a proxy class per annotation type at every start, and this command's start is
 * part of the whole process's time at the grid sizes maps are made at.
 */
public final class TransformCommand implements Callable<Integer> {
    /** The files transform writes in --out (the last two with --embeddings); --force replaces them as a whole. */
    static final List<String> OUTPUTS = List.of("map.npy", "report.json", "grid.json", "embeddings.npy", "map.png");

    private static final String[] DESCRIPTION = {"Compute the density-equalising map of a measure.",
        "%nFinds the map T under which equal areas of the transformed space hold equal measure. Reads measure.npy "
            + "and grid.json from --in; writes map.npy (transformed grid nodes), report.json and grid.json to --out, "
            + "and with --embeddings also embeddings.npy and map.png. A 3-D measure gets a 3-D map (diffusion; volumes instead "
            + "of areas in report.json; map.png shows middle slices and projections).%n"};
    private static final String[] FOOTER = {"", "Example:",
        "  cartography transform --in out/softplus --embeddings models/mnist/vae-softplus/z.npy \\",
        "      --labels models/mnist/vae-softplus/labels.npy --out out/softplus-map"};

    Path in;
    String method;
    double blur;
    double relax;
    double floor;
    double maxAreaError;
    Path embeddings;
    Path labels;
    Integer threads;
    final OutputOptions output = new OutputOptions();
    boolean quiet;
    final CommonOptions common = new CommonOptions();

    /**
     * The command's model: its options in the order of the help, then {@link OutputOptions}'s,
     * {@code --quiet}, {@link CommonOptions}'s, help and version.
     *
     * @return the model, bound to a new command
     */
    static CommandLine.Model.CommandSpec spec() {
        TransformCommand c = new TransformCommand();
        CommandLine.Model.CommandSpec s = CommandLine.Model.CommandSpec.wrapWithoutInspection(c);
        s.name("transform");
        s.usageMessage().sortOptions(false).description(DESCRIPTION).footer(FOOTER);
        s.addOption(Options.of("--in", "DIR", Path.class, null, "Folder with measure.npy and grid.json (from 'measure').",
                v -> c.in = (Path) v).required(true).build());
        s.addOption(Options.of("--method", "SPEC", String.class, "diffusion",
                "diffusion (Gastner-Newman, the paper's) or flow (Gastner-Seguy-More flows from fine to coarse blur; faster), with options (default ${DEFAULT-VALUE}).",
                v -> c.method = (String) v).build());
        s.addOption(Options.of("--blur", "SIGMA", double.class, "0",
                "Gaussian blur of the measure, in cells; weakens the effect (default ${DEFAULT-VALUE}).",
                v -> c.blur = (Double) v).build());
        s.addOption(Options.of("--relax", "LENGTH", double.class, "0",
                "Relax the measure to its mean with distance from the embeddings (latent units; needs --embeddings).",
                v -> c.relax = (Double) v).build());
        s.addOption(Options.of("--floor", "F", double.class, "0",
                "Add F x mean to every cell, so that cells of zero measure are allowed (default ${DEFAULT-VALUE}).",
                v -> c.floor = (Double) v).build());
        s.addOption(Options.of("--max-area-error", "F", double.class, "0.05",
                "Warn (also with --quiet) when the map's mean relative area error is above F; report.json's "
                        + "tolerance_met says whether the map met it (default ${DEFAULT-VALUE}, i.e. 5%%).",
                v -> c.maxAreaError = (Double) v).build());
        s.addOption(Options.of("--embeddings", "FILE", Path.class, null,
                "Latent codes to transform (writes embeddings.npy, map.png).", v -> c.embeddings = (Path) v).build());
        s.addOption(Options.of("--labels", "FILE", Path.class, null, "Class labels, for colours in map.png.",
                v -> c.labels = (Path) v).build());
        s.addOption(Options.of("--threads", "N", Integer.class, null, "Worker threads (default: number of cores).",
                v -> c.threads = (Integer) v).build());
        c.output.addTo(s);
        s.addOption(Options.flag("--quiet", "No summary on the terminal.", v -> c.quiet = v).build());
        c.common.addTo(s);
        Main.addStandardHelpOptions(s);
        return s;
    }

    @Override
    public Integer call() {
        Path out = output.out;
        MapTolerance.check(maxAreaError);
        Inputs.threads(threads);
        Inputs.between("--blur", blur, 0, 1e6);
        Inputs.between("--relax", relax, 0, Double.MAX_VALUE);
        Inputs.between("--floor", floor, 0, 1e6);
        Cartography carto = new Cartography(common.registries());
        MeasureResult measure = MeasureResult.read(in);
        Embeddings emb = embeddings == null ? null : Embeddings.read(embeddings);
        if (labels != null && emb == null) {
            throw new UsageException("--labels needs --embeddings");
        }
        if (relax > 0 && emb == null) {
            throw new UsageException("--relax needs --embeddings");
        }
        int[] lab = labels == null ? null : Labels.read(labels, emb.count());
        if (measure.grid().dimension() == 3 && relax > 0) {
            throw new UsageException("--relax works on 2-D measures; " + in + " holds a 3-D one (use --floor or --blur)");
        }
        if (emb != null && emb.dimension() != measure.grid().dimension()) {
            throw new CartographyException(embeddings + ": embeddings have " + emb.dimension()
                    + " dimensions, the grid in " + in + " has " + measure.grid().dimension());
        }
        MapRequest.Builder req = MapRequest.builder(measure.grid(), measure.values())
                .name(in.resolve(MeasureResult.MEASURE_FILE).toString()).method(method).floor(floor).blur(blur)
                .relax(relax).embeddings(emb).listener(quiet ? (it, err) -> { } : new StepProgress(method))
                .threads(Inputs.threads(threads));
        try (OutputDir dir = output.open(OUTPUTS)) {
            MapResult r;
            try {
                r = carto.map(req.build());
            } catch (ZeroDensityException e) {
                throw new CartographyException(e.getMessage().replace("(add a floor, e.g. 0.01 of the mean)",
                        "(add a floor: --floor 0.01)"), e);
            }
            double[] moved = null;
            if (emb != null) {
                moved = r.forward(Inputs.points(r.grid(), emb, embeddings));
            }
            Map<String, Object> report = r.report();
            report.put("input", in.toAbsolutePath().normalize().toString());
            String missed = MapTolerance.judge(report, maxAreaError);
            write(dir, r, report, emb, moved, lab, labels == null ? List.of() : Labels.names(labels),
                    "density-equalising map (" + r.method().id() + ")");
            dir.commit();
            if (!quiet) {
                System.err.printf(Locale.ROOT, "transform: %s in %.2f s, %d iterations; mean %s error %.3f%%, max %.2f%%, "
                                + "folded cells %d; wrote %s%n", r.method().id(), r.seconds(), r.iterations(),
                        r.dimension() == 3 ? "volume" : "area",
                        100 * r.error().mean(), 100 * r.error().max(), r.error().foldedCells(), out);
            }
            if (missed != null) {
                System.err.println(missed);
            }
            int folded = r.error().foldedCells();
            if (folded > 0) {
                System.err.printf(Locale.ROOT, "transform: warning: %d cells of the map fold over (the measure changes "
                        + "faster than the grid resolves); --blur 1 or a --floor smooths it%n", folded);
            }
        }
        return 0;
    }

    /** Progress of a long transform on standard error: a line every few seconds after the first two. */
    static final class StepProgress implements DensityTransform.Listener {
        private final String method;
        private final long start = System.nanoTime();
        private long last = start;

        StepProgress(String method) {
            this.method = method;
        }

        @Override
        public void progress(int iteration, double meanAreaError) {
            long now = System.nanoTime();
            if (now - start > 2_000_000_000L && now - last > 3_000_000_000L) {
                last = now;
                System.err.printf(Locale.ROOT, "transform: %s, step %d, %.0f s%s%n", method, iteration, (now - start) / 1e9,
                        Double.isNaN(meanAreaError) ? "" : String.format(Locale.ROOT, ", mean area error %.3f%%", 100 * meanAreaError));
            }
        }
    }

    /**
     * Writes a map's folder: the files of {@link MapResult#write} and, with embeddings, their
     * transformed positions ({@code embeddings.npy}) and the figure {@code map.png}.
     *
     * @param dir the folder
     * @param r the map
     * @param extra entries for report.json
     * @param emb the embeddings, or null
     * @param moved their transformed positions, or null
     * @param lab labels for colours, or null
     * @param names the labels' names for the legend (may be empty)
     * @param title the figure's title
     */
    public static void write(OutputDir dir, MapResult r, Map<String, Object> extra, Embeddings emb, double[] moved,
                             int[] lab, List<String> names, String title) {
        // the figure (drawing, PNG encoding) on a thread of its own beside the arrays and the report:
        // the two read the map and write different files
        java.util.concurrent.CompletableFuture<Void> figure = moved == null ? null : Concurrently.start("map-figure", () -> {
            if (r.dimension() == 3) {
                MapFigure3D.write(dir.resolve("map.png"), r.grid(), r.measure(), r.latentNodes(), emb.toArray(), moved, lab,
                        names, title);
            } else {
                MapFigure.write(dir.resolve("map.png"), r.grid(), r.measure(), r.map().latentNodes(), emb.toArray(), moved,
                        lab, names, title);
            }
            return null;
        });
        try {
            r.write(dir.stage(MapResult.fileNames()), extra);
            if (moved != null) {
                Npy.writeFloat64(dir.resolve("embeddings.npy"), new int[] {moved.length / r.dimension(), r.dimension()}, moved);
            }
        } catch (RuntimeException | Error e) {
            // the arrays' failure is the one reported (as when the figure came after them)
            if (figure != null) {
                try {
                    Concurrently.await(figure);
                } catch (RuntimeException | Error f) {
                    e.addSuppressed(f);
                }
            }
            throw e;
        }
        if (figure != null) {
            Concurrently.await(figure);
        }
    }
}
