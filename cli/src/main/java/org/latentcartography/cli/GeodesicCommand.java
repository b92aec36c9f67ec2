package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.analysis.Paths;
import org.latentcartography.core.geodesic.ConformalMetric;
import org.latentcartography.core.geodesic.DistanceField;
import org.latentcartography.core.geodesic.Geodesic;
import org.latentcartography.core.geodesic.Geodesics;
import org.latentcartography.core.geodesic.LatentMetric;
import org.latentcartography.core.geodesic.TensorMetric;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.TextDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cartography geodesic}: true geodesics under a measure (or its metric tensor). */
@Command(name = "geodesic", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Shortest paths and geodesic distances under a measure.",
            "%nThe measure m is read as the volume element of the conformal metric with length element m^(1/D)|dz| "
                + "(with --metric: the tensor J^T J of metric.npy). Between two points: geodesic.json (the path, its "
                + "length, the straight path's and, with --map, the pseudo-geodesic's length under the same metric) and "
                + "geodesic.png. From one point (--from only): distance.npy and distance.png. Among embeddings "
                + "(--indices or --all-embeddings): distances.npy, an N x N matrix.%n"},
        footer = {"", "Examples:",
            "  cartography geodesic --in out/softplus --embeddings models/mnist/vae-softplus/z.npy --from-index 3 \\",
            "      --to-index 9000 --map out/softplus-map --out out/geodesic",
            "  cartography geodesic --in out/softplus --from 0,0 --out out/distance",
            "  cartography geodesic --in out/softplus --embeddings models/mnist/vae-softplus/z.npy --indices 0,5,9 --out out/m"})
final class GeodesicCommand implements Callable<Integer> {
    /** Points on the straight path and the pseudo-geodesic whose lengths are compared. */
    static final int COMPARISON_POINTS = 400;

    @Option(names = "--in", paramLabel = "DIR", required = true, description = "A measure's output folder (measure.npy, grid.json).")
    Path in;

    @Option(names = "--metric", description = "Use the metric tensor (metric.npy, from 'measure --metric'); 2-D only.")
    boolean metric;

    @Option(names = "--from", paramLabel = "Z1,Z2", description = "Start point (alone: the distance field from it).")
    String from;

    @Option(names = "--to", paramLabel = "Z1,Z2", description = "End point.")
    String to;

    @Option(names = "--from-index", paramLabel = "I", description = "Start at embedding I (needs --embeddings).")
    Integer fromIndex;

    @Option(names = "--to-index", paramLabel = "J", description = "End at embedding J (needs --embeddings).")
    Integer toIndex;

    @Option(names = "--indices", paramLabel = "I,J,...", split = ",", description = "Distance matrix among these embeddings.")
    int[] indices;

    @Option(names = "--all-embeddings", paramLabel = "N", description = "Distance matrix among the first N embeddings.")
    Integer allEmbeddings;

    @Option(names = "--embeddings", paramLabel = "FILE", description = "Latent codes, for indices and the figure.")
    Path embeddings;

    @Option(names = "--map", paramLabel = "DIR", description = "A transform's output folder: compare with the pseudo-geodesic.")
    Path mapDir;

    @Option(names = "--generator", paramLabel = "SPEC",
            description = "Decoder for interpolations along the paths, e.g. onnx:decoder.onnx,output=x (images: "
                    + "interpolation.png; text decoders: sentences in geodesic.json).")
    String generator;

    @Option(names = "--image", paramLabel = "HxW", defaultValue = "28x28", description = "Shape of one decoded image (default ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "10", description = "Decoded points per path (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for a distance matrix (default: number of cores).")
    Integer threads;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    private enum Mode { PAIR, FIELD, MATRIX }

    @Override
    public Integer call() {
        Mode mode = mode();
        MeasureResult measure = MeasureResult.read(in);
        Grid grid = measure.grid();
        LatentMetric lm = metric(measure);
        Embeddings emb = embeddings == null ? null : Embeddings.read(embeddings);
        if (emb != null && emb.dimension() != grid.dimension()) {
            throw new UsageException("--embeddings " + embeddings + ": " + emb.dimension() + "-D codes for a "
                    + grid.dimension() + "-D measure");
        }
        return switch (mode) {
            case PAIR -> pair(lm, emb);
            case FIELD -> field(lm, emb);
            case MATRIX -> matrix(lm, emb);
        };
    }

    private Mode mode() {
        boolean start = from != null || fromIndex != null;
        boolean end = to != null || toIndex != null;
        boolean many = indices != null || allEmbeddings != null;
        if (many && (start || end)) {
            throw new UsageException("give either --from/--to points or --indices/--all-embeddings, not both");
        }
        if (indices != null && allEmbeddings != null) {
            throw new UsageException("give one of --indices and --all-embeddings");
        }
        if (many) {
            return Mode.MATRIX;
        }
        if (!start) {
            throw new UsageException("give --from (or --from-index), and --to for a path, or --indices/--all-embeddings");
        }
        if (mapDir != null && !end) {
            throw new UsageException("--map compares paths: give --to as well");
        }
        return end ? Mode.PAIR : Mode.FIELD;
    }

    private LatentMetric metric(MeasureResult measure) {
        if (!metric) {
            return ConformalMetric.ofMeasure(measure.grid(), measure.values());
        }
        if (measure.metric() == null) {
            throw new UsageException("--in " + in + ": no " + MeasureResult.METRIC_FILE
                    + " there; run 'cartography measure' with --metric, or leave out --metric");
        }
        return TensorMetric.of(measure.grid(), measure.metric());
    }

    private int pair(LatentMetric lm, Embeddings emb) {
        Grid grid = lm.grid();
        double[] a = point(from, fromIndex, emb, "--from", grid);
        double[] b = point(to, toIndex, emb, "--to", grid);
        MapResult map = null;
        if (mapDir != null) {
            if (grid.dimension() != 2) {
                throw new UsageException("--map: pseudo-geodesics need a 2-D measure");
            }
            map = MapResult.read(mapDir, null);
            if (!sameGrid(map.grid(), grid)) {
                throw new UsageException("--map " + mapDir + ": its grid " + map.grid() + " is not the measure's " + grid);
            }
        }
        if (generator != null) {
            Inputs.inRange("--steps", steps, 2, Inputs.MAX_STEPS);
            if (grid.dimension() != 2) {
                throw new UsageException("--generator: interpolation strips need a 2-D measure");
            }
        }
        try (OutputDir dir = output.open(List.of("geodesic.json", "geodesic.png", "interpolation.png"))) {
            DistanceField field = lm.distances(a);
            Geodesic geo = field.geodesicTo(b);
            double[] straight = straight(a, b, COMPARISON_POINTS);
            double[] pseudo = map == null ? null : Paths.pseudoGeodesic(map.map(), a, b, COMPARISON_POINTS);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("metric", metric ? "tensor" : "conformal");
            json.put("from", a);
            json.put("to", b);
            json.put("length", geo.length());
            json.put("field_distance", geo.distance());
            json.put("straight_length", lm.length(straight));
            if (pseudo != null) {
                json.put("pseudo_geodesic_length", lm.length(pseudo));
            }
            json.put("path", rows(geo.path(), grid.dimension()));
            if (grid.dimension() == 2) {
                double[] xy = emb == null ? null : Inputs.points(grid, emb, embeddings);
                GeodesicFigure.paths(dir.resolve("geodesic.png"), grid, field.values(), xy, geo.path(), straight, pseudo,
                        json);
            }
            if (generator != null) {
                interpolate(dir, json, geo.path(), straight, pseudo);
            }
            AtomicFiles.writeString(dir.resolve("geodesic.json"), Json.write(json));
            dir.commit();
            System.err.printf(Locale.ROOT, "geodesic: length %.4g (straight path %.4g%s) under the %s metric; wrote %s%n",
                    geo.length(), json.get("straight_length"),
                    pseudo == null ? "" : String.format(Locale.ROOT, ", pseudo-geodesic %.4g", json.get("pseudo_geodesic_length")),
                    metric ? "tensor" : "measure's conformal", output.out);
        }
        return 0;
    }

    private int field(LatentMetric lm, Embeddings emb) {
        Grid grid = lm.grid();
        double[] a = point(from, fromIndex, emb, "--from", grid);
        try (OutputDir dir = output.open(List.of("distance.npy", "distance.png"))) {
            DistanceField field = lm.distances(a);
            double[] u = field.values();
            Npy.writeFloat64(dir.resolve("distance.npy"), grid.shape(), u);
            if (grid.dimension() == 2) {
                double[] xy = emb == null ? null : Inputs.points(grid, emb, embeddings);
                GeodesicFigure.field(dir.resolve("distance.png"), grid, u, a, xy);
            }
            dir.commit();
            double max = 0;
            for (double v : u) {
                max = Math.max(max, v);
            }
            System.err.printf(Locale.ROOT, "geodesic: distance field from %s, up to %.4g; wrote %s%n",
                    java.util.Arrays.toString(a), max, output.out);
        }
        return 0;
    }

    private int matrix(LatentMetric lm, Embeddings emb) {
        if (emb == null) {
            throw new UsageException((indices != null ? "--indices" : "--all-embeddings") + " needs --embeddings");
        }
        int[] chosen = indices;
        if (chosen == null) {
            if (allEmbeddings < 2 || allEmbeddings > emb.count()) {
                throw new UsageException("--all-embeddings " + allEmbeddings + ": need 2 to " + emb.count()
                        + " (the embeddings in " + embeddings + ")");
            }
            chosen = new int[allEmbeddings];
            for (int i = 0; i < chosen.length; i++) {
                chosen[i] = i;
            }
        }
        if (chosen.length < 2) {
            throw new UsageException("--indices: give at least 2 embeddings");
        }
        double[][] pts = new double[chosen.length][];
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i] < 0 || chosen[i] >= emb.count()) {
                throw new UsageException("--indices: " + chosen[i] + " is past the " + emb.count() + " embeddings");
            }
            pts[i] = new double[emb.dimension()];
            for (int k = 0; k < pts[i].length; k++) {
                pts[i][k] = emb.get(chosen[i], k);
            }
            if (!lm.grid().contains(pts[i])) {
                throw new CartographyException(embeddings + ": embedding " + chosen[i] + " lies outside the grid " + lm.grid());
            }
        }
        int n = pts.length;
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new UsageException("--threads must be at least 1");
        }
        try (OutputDir dir = output.open(List.of("distances.npy", "geodesic.json"))) {
            long t0 = System.nanoTime();
            double[] d = Geodesics.distanceMatrix(lm, pts, t);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Npy.writeFloat64(dir.resolve("distances.npy"), new int[] {n, n}, d);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("metric", metric ? "tensor" : "conformal");
            json.put("indices", chosen);
            json.put("seconds", seconds);
            AtomicFiles.writeString(dir.resolve("geodesic.json"), Json.write(json));
            dir.commit();
            System.err.printf(Locale.ROOT, "geodesic: %d x %d distance matrix in %s; wrote %s%n", n, n,
                    Inputs.seconds(seconds), output.out);
        }
        return 0;
    }

    private static boolean sameGrid(Grid a, Grid b) {
        return java.util.Arrays.equals(a.shape(), b.shape()) && java.util.Arrays.equals(a.lower(), b.lower())
                && java.util.Arrays.equals(a.upper(), b.upper());
    }

    private static double[] straight(double[] a, double[] b, int k) {
        int d = a.length;
        double[] out = new double[d * k];
        for (int i = 0; i < k; i++) {
            double t = (double) i / (k - 1);
            for (int q = 0; q < d; q++) {
                out[i * d + q] = i == k - 1 ? b[q] : a[q] + t * (b[q] - a[q]);
            }
        }
        return out;
    }

    private static List<double[]> rows(double[] flat, int d) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < flat.length; i += d) {
            out.add(java.util.Arrays.copyOfRange(flat, i, i + d));
        }
        return out;
    }

    private static double[] point(String text, Integer index, Embeddings emb, String option, Grid grid) {
        if ((text == null) == (index == null)) {
            throw new UsageException("give exactly one of " + option + " and " + option + "-index");
        }
        double[] p;
        if (text != null) {
            String[] parts = text.split(",");
            if (parts.length != grid.dimension()) {
                throw new UsageException(option + " " + text + ": give " + grid.dimension() + " coordinates (the measure is "
                        + grid.dimension() + "-D)");
            }
            p = new double[parts.length];
            for (int k = 0; k < p.length; k++) {
                p[k] = Inputs.number(parts[k], option);
            }
        } else {
            if (emb == null) {
                throw new UsageException(option + "-index needs --embeddings");
            }
            if (index < 0 || index >= emb.count()) {
                throw new UsageException(option + "-index " + index + " is past the " + emb.count() + " embeddings");
            }
            p = new double[emb.dimension()];
            for (int k = 0; k < p.length; k++) {
                p[k] = emb.get(index, k);
            }
        }
        if (!grid.contains(p)) {
            throw new CartographyException(option + " " + java.util.Arrays.toString(p) + " lies outside the grid " + grid);
        }
        return p;
    }

    /**
     * Decodes {@code --steps} points spaced equally along each path: image strips in
     * interpolation.png, or for a text decoder the sentences in geodesic.json.
     */
    private void interpolate(OutputDir dir, Map<String, Object> json, double[] geodesic, double[] straight,
                             double[] pseudo) {
        Registries registries = common.registries();
        List<String> names = new ArrayList<>(List.of("true geodesic", "straight path"));
        List<double[]> paths = new ArrayList<>(List.of(Paths.resample(geodesic, steps), Paths.resample(straight, steps)));
        if (pseudo != null) {
            names.add("pseudo-geodesic");
            paths.add(Paths.resample(pseudo, steps));
        }
        try (Generator g = registries.openGenerator(generator, registries.context(null, null, 0, Inputs.threads(threads)))) {
            var text = g.capability(TextDecoder.class);
            if (text.isPresent()) {
                Map<String, Object> sentences = new LinkedHashMap<>();
                for (int i = 0; i < paths.size(); i++) {
                    int k = paths.get(i).length / 2;
                    int[][] tokens = text.get().decode(paths.get(i), k, new long[k], true);
                    List<String> rows = new ArrayList<>();
                    for (int[] t : tokens) {
                        rows.add(text.get().text(t));
                    }
                    sentences.put(names.get(i), rows);
                }
                json.put("sentences", sentences);
                return;
            }
            int[] shape = PathCommand.parseImage(image);
            if (g.outputDimension() != shape[0] * shape[1]) {
                throw new UsageException("--image " + image + ": " + shape[0] * shape[1] + " pixels, but the decoder gives "
                        + g.outputDimension() + " values");
            }
            List<double[]> images = new ArrayList<>();
            for (double[] p : paths) {
                images.add(Study.decode(g, p));
            }
            GeodesicFigure.strips(dir.resolve("interpolation.png"), names, images, shape[0], shape[1], steps);
        }
    }
}
