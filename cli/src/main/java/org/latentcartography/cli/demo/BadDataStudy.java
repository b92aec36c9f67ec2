package org.latentcartography.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentcartography.cli.BadDataFigure;
import org.latentcartography.cli.Concurrently;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.analysis.Plateaus;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Generator;

/**
 * Paper sec. 4.1.2, Fig. 3: the softplus VAE retrained with two digits repeated (model folder
 * {@value #CORRUPTED}) beside the clean one. For both: √measure, the regions whose decoded image is
 * within {@value #DISTANCE} (L2, pixels in [0, 1]) of one of the two repeated digits, their share
 * of the grid and of the embeddings, the measure along those regions' borders against the model's
 * median, and the detector ({@link Plateaus}) with the rank of the region holding each repeated
 * digit.
 */
final class BadDataStudy {
    /** The corrupted model's folder under the models folder. */
    static final String CORRUPTED = "vae-softplus-dup";
    /** The clean model it is compared with. */
    static final String CLEAN = "vae-softplus";
    /**
     * L2 distance in pixel space (784 grey values in [0, 1]) under which a decoded image counts as
     * one of the repeated digits. The nearest of 2,000 random MNIST digits lies 6.2 (to the "0") and
     * 5.9 (to the "4") from them (0.1% quantiles), and the clean model decodes no point of its grid
     * closer than 5.5: 3 is well inside what only a copy reaches.
     */
    static final double DISTANCE = 3.0;
    /** Cells per axis of the grid whose centres are decoded for the shares. */
    static final int DECODE_GRID = 200;
    /** Decoded images per axis in the figure's tile panels. */
    static final int TILES = 12;
    private static final int BATCH = 4096;

    private BadDataStudy() {
    }

    /** The two repeated digits: rows of z.npy, labels, copies and images (784 values each). */
    record Repeated(int[] indices, int[] labels, int copies, double[] images) {
        static Repeated read(Path model) {
            Object o = Json.read(model.resolve("repeated.json"));
            if (!(o instanceof Map<?, ?> m)) {
                throw new CartographyException(model.resolve("repeated.json") + ": not a JSON object");
            }
            double[] idx = Json.numbers(m, "indices", model.resolve("repeated.json").toString());
            double[] lab = Json.numbers(m, "labels", model.resolve("repeated.json").toString());
            NpyArray img = Npy.read(model.resolve("repeated.npy"));
            if (img.shape().length != 2 || img.shape()[0] != idx.length || img.shape()[1] != 784) {
                throw new CartographyException(model.resolve("repeated.npy") + ": shape " + Arrays.toString(img.shape())
                        + ", expected [" + idx.length + ", 784]");
            }
            return new Repeated(Arrays.stream(idx).mapToInt(v -> (int) v).toArray(),
                    Arrays.stream(lab).mapToInt(v -> (int) v).toArray(), ((Number) m.get("copies")).intValue(), img.data());
        }
    }

    /** What one model's panel shows. */
    record Panel(String name, Grid grid, double[] measure, double[] points, int[] labels, Grid decodeGrid, int[] nearest,
                 double[] tiles, int[] tileNearest, Plateaus.Diagnosis diagnosis) {
    }

    /** @return whether the models folder holds the corrupted model */
    static boolean available(Path models) {
        return Files.isRegularFile(models.resolve(CORRUPTED).resolve("decoder.onnx"))
                && Files.isRegularFile(models.resolve(CORRUPTED).resolve("repeated.json"));
    }

    /**
     * The corrupted model's Riemannian measure at the demo's grid (the study's costliest part, which
     * the demo runs beside other work).
     */
    static MeasureResult measureCorrupted(Cartography carto, Path models, int grid, int threads) {
        Path dup = models.resolve(CORRUPTED);
        Embeddings dupEmb = Embeddings.read(dup.resolve("z.npy"));
        int[] dupLab = org.latentcartography.core.grid.Labels.read(dup.resolve("labels.npy"), dupEmb.count());
        return carto.measure(MeasureRequest.builder("riemannian").generator("onnx:" + dup.resolve("decoder.onnx"))
                .embeddings(dupEmb).labels(dupLab).shape(grid, grid).threads(threads).build());
    }

    /**
     * Runs the study and draws {@code fig3-bad-data.png}/{@code .svg}.
     *
     * @param clean the clean model's measure (from the demo's loop)
     * @param corrupted the corrupted model's measure ({@link #measureCorrupted})
     * @return the numbers for summary.json
     */
    static Map<String, Object> run(Cartography carto, Path models, MeasureResult clean, MeasureResult corrupted,
                                   int threads, Path out) {
        long s0 = System.nanoTime();
        Path dup = models.resolve(CORRUPTED);
        Repeated rep = Repeated.read(dup);
        Embeddings dupEmb = Embeddings.read(dup.resolve("z.npy"));
        int[] dupLab = org.latentcartography.core.grid.Labels.read(dup.resolve("labels.npy"), dupEmb.count());
        Embeddings cleanEmb = Embeddings.read(models.resolve(CLEAN).resolve("z.npy"));
        int[] cleanLab = org.latentcartography.core.grid.Labels.read(models.resolve(CLEAN).resolve("labels.npy"), cleanEmb.count());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("repeated_indices", rep.indices());
        summary.put("repeated_labels", rep.labels());
        summary.put("copies_each", rep.copies());
        summary.put("distance_l2", DISTANCE);
        summary.put("decode_grid", DECODE_GRID);
        // the two models' panels are independent: the clean one on a thread of its own
        Map<String, Object> cleanSummary = new LinkedHashMap<>();
        Map<String, Object> dupSummary = new LinkedHashMap<>();
        java.util.concurrent.CompletableFuture<Panel> cleanPanel = Concurrently.start("demo-fig3-clean",
                () -> study(carto.registries(), models.resolve(CLEAN), clean, cleanEmb, cleanLab, rep, threads, cleanSummary));
        Panel dupPanel = study(carto.registries(), models.resolve(CORRUPTED), corrupted, dupEmb, dupLab, rep, threads, dupSummary);
        dupSummary.put("measure_seconds", corrupted.seconds());
        List<Panel> panels = List.of(Concurrently.await(cleanPanel), dupPanel);
        summary.put(CLEAN, cleanSummary);
        summary.put(CORRUPTED, dupSummary);
        BadDataFigure.fig3(out.resolve("fig3-bad-data.png"), panels.get(0).name(), panels.get(1).name(), List.of(
                figurePanel(panels.get(0)), figurePanel(panels.get(1))), rep.indices(), rep.labels(), rep.images(), DISTANCE,
                TILES, caption(summary, rep));
        // the study's own time plus its measure's (which ran beside other work)
        summary.put("seconds", (System.nanoTime() - s0) / 1e9 + corrupted.seconds());
        return summary;
    }

    /** One line per model: the shares and the border measure of each repeated digit's region. */
    @SuppressWarnings("unchecked")
    private static List<String> caption(Map<String, Object> summary, Repeated rep) {
        List<String> lines = new ArrayList<>();
        for (String name : List.of(CLEAN, CORRUPTED)) {
            Map<String, Object> s = (Map<String, Object>) summary.get(name);
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %.1f%% of the grid and %.2f%% of the embeddings "
                    + "decode within %.1f of a repeated digit", name, 100 * (Double) s.get("grid_share"),
                    100 * (Double) s.get("embedding_share"), DISTANCE));
            for (Object o : (List<Object>) s.get("repeated")) {
                Map<String, Object> r = (Map<String, Object>) o;
                Object border = r.get("border_median_over_model_median");
                b.append(String.format(Locale.ROOT, "; \"%s\" %.1f%%", r.get("label"), 100 * (Double) r.get("grid_share")));
                if (border != null) {
                    b.append(String.format(Locale.ROOT, ", border %.2f x median", (Double) border));
                } else {
                    b.append(String.format(Locale.ROOT, " (closest %.1f)", (Double) r.get("closest_decoded_l2")));
                }
            }
            lines.add(b.toString());
        }
        return lines;
    }

    private static BadDataFigure.Panel figurePanel(Panel p) {
        return new BadDataFigure.Panel(p.name(), p.grid(), p.measure(), p.points(), p.labels(), p.decodeGrid(), p.nearest(),
                p.tiles(), p.tileNearest(), p.diagnosis());
    }

    private static Panel study(Registries registries, Path model, MeasureResult mr, Embeddings emb, int[] lab, Repeated rep,
                               int threads, Map<String, Object> s) {
        Grid g = mr.grid();
        int k = rep.indices().length;
        Grid dg = new Grid(g.lower(), g.upper(), new int[] {DECODE_GRID, DECODE_GRID});
        double[] centres = new double[dg.cellCount() * 2];
        for (int c = 0; c < dg.cellCount(); c++) {
            dg.centre(c, centres, 2 * c);
        }
        double[] xy = new double[emb.count() * 2];
        for (int i = 0; i < emb.count(); i++) {
            xy[2 * i] = emb.get(i, 0);
            xy[2 * i + 1] = emb.get(i, 1);
        }
        Grid tg = new Grid(g.lower(), g.upper(), new int[] {TILES, TILES});
        double[] tileCentres = new double[TILES * TILES * 2];
        for (int c = 0; c < TILES * TILES; c++) {
            tg.centre(c, tileCentres, 2 * c);
        }
        double[] closest = new double[k];
        int[] nearest;
        int[] embNearest;
        int[] tileNearest;
        double[] tiles;
        try (Generator decoder = registries.openGenerator(
                ComponentSpec.parse("onnx:" + model.resolve("decoder.onnx") + ",output=x"), registries.context(null, null, 0, threads))) {
            if (decoder.outputDimension() != 784) {
                throw new CartographyException(model + ": decoder output has " + decoder.outputDimension() + " values, not 784");
            }
            nearest = nearestRepeated(decoder, centres, rep.images(), closest);
            embNearest = nearestRepeated(decoder, xy, rep.images(), new double[k]);
            tiles = new double[TILES * TILES * 784];
            decoder.apply(tileCentres, TILES * TILES, tiles, 0, new long[TILES * TILES]);
            tileNearest = nearestRepeated(decoder, tileCentres, rep.images(), new double[k]);
        }
        List<Object> perDigit = new ArrayList<>();
        int anyGrid = 0;
        int anyEmb = 0;
        for (int c : nearest) {
            anyGrid += c >= 0 ? 1 : 0;
        }
        for (int c : embNearest) {
            anyEmb += c >= 0 ? 1 : 0;
        }
        double median = median(mr.values());
        Plateaus.Diagnosis d = Plateaus.find(g, mr.values(), emb, Plateaus.Settings.DEFAULT);
        for (int r = 0; r < k; r++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("index", rep.indices()[r]);
            one.put("label", rep.labels()[r]);
            int cells = 0;
            for (int c : nearest) {
                cells += c == r ? 1 : 0;
            }
            int points = 0;
            for (int c : embNearest) {
                points += c == r ? 1 : 0;
            }
            one.put("grid_share", cells / (double) nearest.length);
            one.put("closest_decoded_l2", closest[r]);
            one.put("embedding_share", points / (double) embNearest.length);
            one.put("embeddings_within", points);
            one.put("components", components(dg, nearest, r));
            double[] border = borderMeasure(g, mr.values(), dg, nearest, r);
            one.put("border_cells", (int) border[1]);
            one.put("border_median_over_model_median", Double.isNaN(border[0]) ? null : border[0] / median);
            one.put("detector_rank", detectorRank(d, rep.indices()[r]));
            perDigit.add(one);
        }
        s.put("grid_share", anyGrid / (double) nearest.length);
        s.put("embedding_share", anyEmb / (double) embNearest.length);
        s.put("median_measure", median);
        s.put("repeated", perDigit);
        s.put("detector", Map.of("threshold", d.settings().threshold(), "suspects", d.suspects().size(),
                "empty_regions", d.empty().size(), "top", d.suspects().stream().limit(3).map(BadDataStudy::brief).toList()));
        return new Panel(model.getFileName().toString(), g, mr.values(), xy, lab, dg, nearest, tiles, tileNearest, d);
    }

    private static Map<String, Object> brief(Plateaus.Region r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", r.rank());
        m.put("score", r.score());
        m.put("area_share", r.areaShare());
        m.put("distinct_codes", r.distinct());
        m.put("indices", r.indices().length <= 10 ? r.indices() : Arrays.copyOf(r.indices(), 10));
        return m;
    }

    /** The rank of the suspect region holding the code of row {@code index}, or null when none does. */
    private static Integer detectorRank(Plateaus.Diagnosis d, int index) {
        for (Plateaus.Region r : d.suspects()) {
            if (Arrays.binarySearch(r.indices(), index) >= 0) {
                return r.rank();
            }
        }
        return null;
    }

    /**
     * For each point, the repeated digit whose image its decoded image is within {@link #DISTANCE}
     * of (the nearer when both are), or -1.
     *
     * @param closest filled with the smallest L2 distance of any decoded image to each repeated digit
     */
    static int[] nearestRepeated(Generator decoder, double[] points, double[] images, double[] closest) {
        int n = points.length / 2;
        int k = images.length / 784;
        int[] out = new int[n];
        Arrays.fill(closest, Double.POSITIVE_INFINITY);
        double[] buf = new double[Math.min(BATCH, n) * 784];
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            decoder.apply(Arrays.copyOfRange(points, 2 * from, 2 * (from + count)), count, buf, 0, new long[count]);
            for (int i = 0; i < count; i++) {
                int best = -1;
                double bestD = DISTANCE * DISTANCE;
                for (int r = 0; r < k; r++) {
                    double d2 = 0;
                    for (int p = 0; p < 784; p++) {
                        double t = buf[i * 784 + p] - images[r * 784 + p];
                        d2 += t * t;
                    }
                    closest[r] = Math.min(closest[r], Math.sqrt(d2));
                    if (d2 < bestD) {
                        bestD = d2;
                        best = r;
                    }
                }
                out[from + i] = best;
            }
        }
        return out;
    }

    /** Face-connected components of the decode grid's cells nearest to digit r (regions of one cell included). */
    static int components(Grid dg, int[] nearest, int r) {
        int n1 = dg.size(0);
        int n2 = dg.size(1);
        boolean[] seen = new boolean[nearest.length];
        int[] stack = new int[nearest.length];
        int count = 0;
        for (int start = 0; start < nearest.length; start++) {
            if (seen[start] || nearest[start] != r) {
                continue;
            }
            count++;
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int c = stack[--top];
                int i = c / n2;
                int j = c % n2;
                int[] nbs = {i > 0 ? c - n2 : -1, i < n1 - 1 ? c + n2 : -1, j > 0 ? c - 1 : -1, j < n2 - 1 ? c + 1 : -1};
                for (int nb : nbs) {
                    if (nb >= 0 && !seen[nb] && nearest[nb] == r) {
                        seen[nb] = true;
                        stack[top++] = nb;
                    }
                }
            }
        }
        return count;
    }

    /**
     * The median measure over the measure grid's cells that lie just outside the region of digit r
     * (cells not in it, sharing a face with a cell that is, the region looked up at each cell's
     * centre on the decode grid), and how many there are.
     */
    static double[] borderMeasure(Grid g, double[] measure, Grid dg, int[] nearest, int r) {
        int n1 = g.size(0);
        int n2 = g.size(1);
        boolean[] in = new boolean[n1 * n2];
        double[] centre = new double[2];
        int[] idx = new int[2];
        for (int c = 0; c < in.length; c++) {
            g.centre(c, centre, 0);
            int dc = cellOf(dg, centre, idx);
            in[c] = dc >= 0 && nearest[dc] == r;
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                int c = i * n2 + j;
                if (in[c]) {
                    continue;
                }
                boolean edge = (i > 0 && in[c - n2]) || (i < n1 - 1 && in[c + n2]) || (j > 0 && in[c - 1]) || (j < n2 - 1 && in[c + 1]);
                if (edge) {
                    values.add(measure[c]);
                }
            }
        }
        if (values.isEmpty()) {
            return new double[] {Double.NaN, 0};
        }
        return new double[] {median(values.stream().mapToDouble(Double::doubleValue).toArray()), values.size()};
    }

    private static int cellOf(Grid g, double[] p, int[] idx) {
        for (int k = 0; k < 2; k++) {
            double t = (p[k] - g.lower(k)) / g.width(k);
            if (!(t >= 0 && t <= g.size(k))) {
                return -1;
            }
            idx[k] = Math.min(g.size(k) - 1, (int) t);
        }
        return idx[0] * g.size(1) + idx[1];
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }
}
