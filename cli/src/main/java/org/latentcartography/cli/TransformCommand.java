package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.map.Densities;
import org.latentcartography.core.map.LatentMap;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.DensityTransform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cartography transform}: the density-equalising map of a measure (paper sec. 3). */
@Command(name = "transform", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compute the density-equalising map of a measure.",
            "%nFinds the map T under which equal areas of the transformed space hold equal measure. Reads measure.npy "
                + "and grid.json from --in; writes map.npy (transformed grid nodes), report.json and grid.json to --out, "
                + "and with --embeddings also embeddings.npy and map.png.%n"},
        footer = {"", "Example:",
            "  cartography transform --in out/softplus --embeddings models/mnist/vae-softplus/z.npy \\",
            "      --labels models/mnist/vae-softplus/labels.npy --out out/softplus-map"})
final class TransformCommand implements Callable<Integer> {
    /** The files transform writes in --out (the last two with --embeddings); --force replaces them as a whole. */
    static final List<String> OUTPUTS = List.of("map.npy", "report.json", "grid.json", "embeddings.npy", "map.png");

    @Option(names = "--in", paramLabel = "DIR", required = true, description = "Folder with measure.npy and grid.json (from 'measure').")
    Path in;

    @Option(names = "--method", paramLabel = "SPEC", defaultValue = "diffusion",
            description = "diffusion (Gastner-Newman, the paper's) or flow (Gastner-Seguy-More flows from fine to coarse blur; faster), with options (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--blur", paramLabel = "SIGMA", defaultValue = "0",
            description = "Gaussian blur of the measure, in cells; weakens the effect (default ${DEFAULT-VALUE}).")
    double blur;

    @Option(names = "--relax", paramLabel = "LENGTH", defaultValue = "0",
            description = "Relax the measure to its mean with distance from the embeddings (latent units; needs --embeddings).")
    double relax;

    @Option(names = "--floor", paramLabel = "F", defaultValue = "0",
            description = "Add F x mean to every cell, so that cells of zero measure are allowed (default ${DEFAULT-VALUE}).")
    double floor;

    @Option(names = "--max-area-error", paramLabel = "F", defaultValue = "0.05",
            description = "Warn (also with --quiet) when the map's mean relative area error is above F; report.json's "
                    + "tolerance_met says whether the map met it (default ${DEFAULT-VALUE}, i.e. 5%%).")
    double maxAreaError;

    @Option(names = "--embeddings", paramLabel = "FILE", description = "Latent codes to transform (writes embeddings.npy, map.png).")
    Path embeddings;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class labels, for colours in map.png.")
    Path labels;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Mixin
    OutputOptions output;

    @Option(names = "--quiet", description = "No summary on the terminal.")
    boolean quiet;

    @Mixin
    CommonOptions common;

    /** A computed map and its report. */
    record Result(Grid grid, double[] measure, double[] density, LatentMap map, Map<String, Object> report) {
    }

    @Override
    public Integer call() {
        Path out = output.out;
        MapTolerance.check(maxAreaError);
        Inputs.threads(threads);
        Inputs.between("--blur", blur, 0, 1e6);
        Inputs.between("--relax", relax, 0, Double.MAX_VALUE);
        Inputs.between("--floor", floor, 0, 1e6);
        Registries registries = common.registries();
        Grid grid = Inputs.readGrid(in.resolve("grid.json"));
        double[] measure = readMeasure(in.resolve("measure.npy"), grid);
        Embeddings emb = embeddings == null ? null : Inputs.embeddings(embeddings);
        if (labels != null && emb == null) {
            throw new UsageException("--labels needs --embeddings");
        }
        if (relax > 0 && emb == null) {
            throw new UsageException("--relax needs --embeddings");
        }
        int[] lab = labels == null ? null : Inputs.labels(labels, emb.count());
        if (emb != null && emb.dimension() != grid.dimension()) {
            throw new CartographyException(embeddings + ": embeddings have " + emb.dimension()
                    + " dimensions, the grid in " + in + " has " + grid.dimension());
        }
        List<String> outputs = OUTPUTS;
        int t = Inputs.threads(threads);
        try (OutputDir dir = output.open(outputs)) {
            Result r = run(registries, grid, measure, in.resolve("measure.npy").toString(), method, blur, relax, floor, emb, t,
                    quiet);
            r.report().put("input", in.toAbsolutePath().normalize().toString());
            String missed = MapTolerance.judge(r.report(), maxAreaError);
            write(dir, r, emb, lab);
            dir.commit();
            if (!quiet) {
                Map<String, Object> rep = r.report();
                System.err.printf(Locale.ROOT, "transform: %s in %.2f s, %s iterations; mean area error %.3f%%, max %.2f%%, "
                                + "folded cells %s; wrote %s%n", rep.get("method"), (Double) rep.get("seconds"),
                        rep.get("iterations"), 100 * (Double) rep.get("mean_area_error"),
                        100 * (Double) rep.get("max_area_error"), rep.get("folded_cells"), out);
            }
            if (missed != null) {
                System.err.println(missed);
            }
            int folded = ((Number) r.report().get("folded_cells")).intValue();
            if (folded > 0) {
                System.err.printf(Locale.ROOT, "transform: warning: %d cells of the map fold over (the measure changes "
                        + "faster than the grid resolves); --blur 1 or a --floor smooths it%n", folded);
            }
        }
        return 0;
    }

    static double[] readMeasure(Path file, Grid grid) {
        NpyArray a = Npy.read(file);
        if (!Arrays.equals(a.shape(), grid.shape())) {
            throw new CartographyException(file + ": shape " + Arrays.toString(a.shape()) + " does not match grid.json's "
                    + Arrays.toString(grid.shape()));
        }
        if (grid.dimension() != 2) {
            throw new CartographyException(file + ": density-equalising maps need a 2-D latent space (this grid has "
                    + grid.dimension() + " dimensions)");
        }
        return a.data();
    }

    /** Prepares the density and computes the map; pure computation, no files. */
    static Result run(Registries registries, Grid grid, double[] measure, String name, String methodSpec, double blur,
                      double relax, double floor, Embeddings emb, int threads) {
        return run(registries, grid, measure, name, methodSpec, blur, relax, floor, emb, threads, true);
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

    static Result run(Registries registries, Grid grid, double[] measure, String name, String methodSpec, double blur,
                      double relax, double floor, Embeddings emb, int threads, boolean quiet) {
        int n1 = grid.size(0);
        int n2 = grid.size(1);
        for (int c = 0; c < measure.length; c++) {
            if (measure[c] < 0) {
                throw new CartographyException(name + ": value at cell (" + c / n2 + ", " + c % n2 + ") is negative ("
                        + measure[c] + ")");
            }
        }
        double[] d = floor > 0 ? Densities.floor(measure, floor) : measure;
        Densities.validate(d, n1, n2, name);
        if (blur < 0 || relax < 0) {
            throw new UsageException("--blur and --relax must be >= 0");
        }
        d = Densities.blur(d, n1, n2, blur);
        if (relax > 0) {
            d = Densities.relax(d, n1, n2, grid.width(0), grid.width(1), occupiedCells(grid, emb), relax);
        }
        ComponentSpec spec = ComponentSpec.parse(methodSpec);
        DensityTransform transform = registries.transforms().get(spec.id())
                .create(spec, registries.context(emb, null, 0, threads));
        long start = System.nanoTime();
        DensityTransform.Result res = transform.transform(d, n1, n2, quiet ? (it, err) -> { } : new StepProgress(spec.id()));
        double seconds = (System.nanoTime() - start) / 1e9;
        AreaError err = AreaError.of(d, n1, n2, res.nodes());
        LatentMap map = LatentMap.ofCellNodes(grid, res.nodes());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("method", spec.id());
        report.put("spec", methodSpec);
        report.put("seconds", seconds);
        report.put("iterations", res.iterations());
        report.put("max_area_error", err.max());
        report.put("mean_area_error", err.mean());
        report.put("folded_cells", err.foldedCells());
        report.put("grid", grid.shape());
        report.put("blur", blur);
        report.put("relax", relax);
        report.put("floor", floor);
        report.put("area_error_against", "the prepared density (after floor, blur and relax)");
        return new Result(grid, measure, d, map, report);
    }

    /** Indices of the cells that hold at least one embedding. */
    static int[] occupiedCells(Grid grid, Embeddings emb) {
        boolean[] seen = new boolean[grid.cellCount()];
        int n2 = grid.size(1);
        List<Integer> cells = new ArrayList<>();
        for (int p = 0; p < emb.count(); p++) {
            int i = (int) Math.floor((emb.get(p, 0) - grid.lower(0)) / grid.width(0));
            int j = (int) Math.floor((emb.get(p, 1) - grid.lower(1)) / grid.width(1));
            if (i >= 0 && i < grid.size(0) && j >= 0 && j < n2 && !seen[i * n2 + j]) {
                seen[i * n2 + j] = true;
                cells.add(i * n2 + j);
            }
        }
        return cells.stream().mapToInt(Integer::intValue).toArray();
    }

    /** (x, y) pairs of the embeddings, checked to lie in the grid's box. */
    static double[] points(Grid grid, Embeddings emb, String name) {
        double[] xy = new double[emb.count() * 2];
        double[] p = new double[2];
        for (int i = 0; i < emb.count(); i++) {
            p[0] = emb.get(i, 0);
            p[1] = emb.get(i, 1);
            if (!grid.contains(p)) {
                throw new CartographyException(name + ": embedding " + i + " (" + p[0] + ", " + p[1]
                        + ") lies outside the grid " + grid);
            }
            xy[2 * i] = p[0];
            xy[2 * i + 1] = p[1];
        }
        return xy;
    }

    void write(OutputDir dir, Result r, Embeddings emb, int[] lab) {
        Grid g = r.grid();
        double[] moved = null;
        double[] xy = null;
        if (emb != null) {
            xy = points(g, emb, embeddings.toString());
            moved = r.map().forward(xy);
        }
        writeResult(dir, r, xy, moved, lab, labels == null ? List.of() : Inputs.labelNames(labels),
                "density-equalising map (" + r.report().get("method") + ")");
    }

    static void writeResult(OutputDir dir, Result r, double[] xy, double[] moved, int[] lab, String title) {
        writeResult(dir, r, xy, moved, lab, List.of(), title);
    }

    /** Writes the outputs; {@code names} name the labels in map.png's legend (may be empty). */
    static void writeResult(OutputDir dir, Result r, double[] xy, double[] moved, int[] lab, List<String> names,
                            String title) {
        Grid g = r.grid();
        int n1 = g.size(0);
        int n2 = g.size(1);
        Npy.writeFloat64(dir.resolve("map.npy"), new int[] {n1 + 1, n2 + 1, 2}, r.map().latentNodes());
        Inputs.writeGrid(dir.resolve("grid.json"), g);
        if (moved != null) {
            Npy.writeFloat64(dir.resolve("embeddings.npy"), new int[] {moved.length / 2, 2}, moved);
            MapFigure.write(dir.resolve("map.png"), g, r.measure(), r.map().latentNodes(), xy, moved, lab, names, title);
        }
        AtomicFiles.writeString(dir.resolve("report.json"), Json.write(r.report()));
    }
}
