package org.latentcartography.cli.demo;

import org.latentcartography.cli.CommonOptions;
import org.latentcartography.cli.Concurrently;
import org.latentcartography.cli.Inputs;
import org.latentcartography.cli.MeasureCommand;
import org.latentcartography.cli.OutputDir;
import org.latentcartography.cli.Study;
import org.latentcartography.cli.StudyFigure;
import org.latentcartography.cli.TerminalProgress;
import org.latentcartography.cli.TextFigure;
import org.latentcartography.cli.TransformCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.analysis.Paths;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.grid.Labels;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MapRequest;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.TextDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cartography demo text}: the paper's natural-language study (sec. 4.2, Fig. 5) on the
 * shipped fortunes models: the Jensen–Shannon measure of the average word distribution for the
 * 2-D seq2seq VAE and for the 32-D VAE seen through its 2-D compression VAE (a composed
 * generator), the density-equalising maps, and sentences decoded along a straight path and a
 * pseudo-geodesic.
 */
@Command(name = "text", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the paper's text study (Fig. 5) on the shipped fortunes models.",
            "%nFor the 2-D seq2seq VAE and for the 32-D VAE composed with its 2-D compression VAE: the Jensen-Shannon "
                + "measure of the average word distribution, the diffusion map, and sentences decoded along a straight path "
                + "and a pseudo-geodesic. Figures (PNG and SVG), sentences and summary.json go to --out, which is overwritten.%n"})
public final class TextDemoCommand implements Callable<Integer> {

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of the text models (default: models/text beside the launcher).")
    Path models;

    @Option(names = "--grid", paramLabel = "N", defaultValue = "200", description = "Cells per axis (default ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--method", paramLabel = "SPEC", defaultValue = "diffusion", description = "Transform (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--blur", paramLabel = "SIGMA", defaultValue = "2",
            description = "Gaussian blur of the measure, in cells (default ${DEFAULT-VALUE}: the walls of a greedy decoder's JSD "
                + "measure are narrower than a cell; unblurred, the map folds cells there).")
    double blur;

    @Option(names = "--relax", paramLabel = "LENGTH", defaultValue = "0",
            description = "Relax the measure to its mean away from the embeddings, in latent units (default ${DEFAULT-VALUE}: none).")
    double relax;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "8", description = "Sentences per path (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--bins", paramLabel = "B", defaultValue = "32", description = "Histogram bins per axis for the entropy (default ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out/text", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Mixin
    CommonOptions common;

    /** One study: a generator and the embeddings of the same fortunes in its latent space. */
    record Model(String name, String title, String generator, Path folder, Path embeddings) {
    }

    static List<Model> models(Path dir) {
        Path d2 = dir.resolve("fortunes-2d");
        Path d32 = dir.resolve("fortunes-32d");
        Path c = d32.resolve("compress");
        return List.of(
                new Model("fortunes-2d", "2-D seq2seq VAE", "text:" + d2, d2, d2.resolve("z.npy")),
                new Model("fortunes-32d-compressed", "32-D VAE via 2-D compression VAE",
                        "onnx:" + c.resolve("decoder.onnx") + ",output=z32>text:" + d32, c, c.resolve("z.npy")));
    }

    @Override
    public Integer call() {
        Path dir = models != null ? models : DemoCommand.shippedModels("text");
        if (!Files.isDirectory(dir)) {
            throw new CartographyException(dir + ": no text models folder (give --models DIR)");
        }
        Inputs.inRange("--steps", steps, 2, Inputs.MAX_STEPS);
        Inputs.inRange("--bins", bins, 1, 4096);
        Inputs.inRange("--grid", grid, 4, 8192);
        Cartography carto = new Cartography(common.registries());
        Registries registries = carto.registries();
        int t = Inputs.threads(threads);
        long start = System.nanoTime();
        Map<String, Object> summary = new LinkedHashMap<>();
        List<TextFigure.Row> rows = new ArrayList<>();
        StringBuilder sentences = new StringBuilder();
        System.err.printf(Locale.ROOT, "demo text: JSD measure of the average word distribution at %dx%d, %s map%n",
                grid, grid, method);
        // Two lanes, as in 'cartography demo': the measures one after the other in one (each with
        // all the cores), and in the other, once a model is measured, its map, paths, sentences,
        // files and figures, so that these single-threaded parts overlap the next model's measure
        // instead of leaving a core idle. Each task computes what it did when the demo ran them one
        // after the other, from the same inputs: the results do not depend on the order.
        ExecutorService measures = Concurrently.lane("demo-text-measures");
        try {
            List<Model> models = models(dir);
            List<ModelData> inputs = new ArrayList<>();
            List<Future<MeasureResult>> measured = new ArrayList<>();
            for (Model model : models) {
                ModelData in = ModelData.of(model);
                inputs.add(in);
                measured.add(measures.submit(() -> measure(carto, model, in, t)));
            }
            for (int k = 0; k < models.size(); k++) {
                study(carto, registries, models.get(k), inputs.get(k), Concurrently.await(measured.get(k)), t, summary, rows,
                        sentences);
            }
        } finally {
            measures.shutdownNow();
        }
        TextFigure.fig5(out.resolve("fig5-text.png"), rows,
                "Fortunes: Jensen-Shannon measure of the average word distribution (black) and the transformed embeddings");
        AtomicFiles.writeString(out.resolve("sentences.txt"), sentences.toString());
        double total = (System.nanoTime() - start) / 1e9;
        summary.put("grid", grid);
        summary.put("blur", blur);
        summary.put("relax", relax);
        summary.put("total_seconds", total);
        AtomicFiles.writeString(out.resolve("summary.json"), Json.write(summary));
        System.out.print(sentences);
        System.err.printf(Locale.ROOT, "demo text: done in %.1f s; figures, sentences.txt and summary.json in %s%n", total, out);
        return 0;
    }

    /** A model's embeddings, their labels and the labels' category names, read once for its measure and its study. */
    private record ModelData(Embeddings emb, int[] lab, List<String> categories) {
        static ModelData of(Model model) {
            Embeddings emb = Embeddings.read(model.embeddings());
            Path labels = model.folder().resolve("labels.npy");
            return new ModelData(emb, Labels.read(labels, emb.count()), Labels.names(labels));
        }
    }

    private MeasureResult measure(Cartography carto, Model model, ModelData in, int t) {
        return carto.measure(MeasureRequest.builder("jsd").generator(model.generator()).meaning("words")
                .embeddings(in.emb()).labels(in.lab()).shape(grid).threads(t).progress(new TerminalProgress("measure")).build());
    }

    /** One model, once measured: its map, scores, paths and sentences, its folder and its row of Fig. 5. */
    private void study(Cartography carto, Registries registries, Model model, ModelData in, MeasureResult mr, int t,
                       Map<String, Object> summary, List<TextFigure.Row> rows, StringBuilder sentences) {
        Embeddings emb = in.emb();
        int[] lab = in.lab();
        List<String> categories = in.categories();
        Grid g = mr.grid();
        MapResult tr = carto.map(MapRequest.builder(mr).name(model.name() + "/measure.npy").method(method).blur(blur)
                .relax(relax).embeddings(emb).threads(t).build());
        double[] xy = Inputs.points(g, emb, model.embeddings());
        double[] moved = tr.map().forward(xy);
        Study.Scores scores = Study.scores(g, xy, moved, lab, bins, 0);
        int[] ends = farthestCategories(xy, lab);
        int ia = Study.nearestToClassMean(xy, lab, ends[0]);
        int ib = Study.nearestToClassMean(xy, lab, ends[1]);
        double[] a = {xy[2 * ia], xy[2 * ia + 1]};
        double[] b = {xy[2 * ib], xy[2 * ib + 1]};
        Study.PathPair paths = Study.paths(g, mr.values(), tr.map(), a, b, new double[] {0.25, 0.5, 0.75});
        List<String> straight;
        List<String> geodesic;
        try (Generator gen = registries.openGenerator(model.generator(), registries.context(null, null, 0, t))) {
            TextDecoder text = gen.capability(TextDecoder.class).orElseThrow(
                    () -> new CartographyException(model.generator() + ": not a text decoder"));
            straight = sentences(text, Paths.straight(a, b, steps));
            geodesic = sentences(text, Paths.pseudoGeodesic(tr.map(), a, b, steps));
        }
        try (OutputDir od = OutputDir.open(out.resolve(model.name()), List.of(), true)) {
            MeasureCommand.write(od, mr, emb, lab, categories);
            TransformCommand.write(od, tr, Map.of(), emb, moved, lab, categories,
                    model.name() + ": density-equalising map (" + method + ")");
            od.commit();
        }
        TextFigure.Row row = new TextFigure.Row(model.title(), g, mr.values(), xy, moved, lab, categories);
        rows.add(row);
        String from = name(categories, ends[0]);
        String to = name(categories, ends[1]);
        TextFigure.paths(out.resolve("fig5-paths-" + model.name() + ".png"), row, paths, straight, geodesic,
                model.title() + ": sentences from '" + from + "' to '" + to + "' (greedy, <unk> blocked)");
        sentences.append("# ").append(model.title()).append(": from ").append(from).append(" to ").append(to)
                .append("\n## straight path\n");
        straight.forEach(s -> sentences.append(s).append('\n'));
        sentences.append("## pseudo-geodesic\n");
        geodesic.forEach(s -> sentences.append(s).append('\n'));
        sentences.append('\n');
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("generator", model.generator());
        s.putAll(scores.toMap());
        s.put("path", paths.lengths());
        s.put("path_from_category", from);
        s.put("path_to_category", to);
        s.put("straight_sentences", straight);
        s.put("geodesic_sentences", geodesic);
        s.put("measure_seconds", mr.seconds());
        s.put("transform_seconds", tr.seconds());
        s.put("mean_area_error", tr.error().mean());
        s.put("max_area_error", tr.error().max());
        s.put("folded_cells", tr.error().foldedCells());
        summary.put(model.name(), s);
        System.err.printf(Locale.ROOT, "demo text: %-24s measure %5.1f s, transform %5.1f s; k-means F1 %.3f -> %.3f%n",
                model.name(), mr.seconds(), tr.seconds(), scores.f1Before(),
                scores.f1After());
    }

    private static List<String> sentences(TextDecoder text, double[] path) {
        int k = path.length / 2;
        int[][] tokens = text.decode(path, k, new long[k], true);
        List<String> out = new ArrayList<>();
        for (int[] tk : tokens) {
            out.add(text.text(tk));
        }
        return out;
    }

    /** The two labels whose mean embeddings lie farthest apart. */
    static int[] farthestCategories(double[] xy, int[] labels) {
        int k = java.util.Arrays.stream(labels).max().orElse(0) + 1;
        double[] mx = new double[k];
        double[] my = new double[k];
        int[] n = new int[k];
        for (int i = 0; i < labels.length; i++) {
            mx[labels[i]] += xy[2 * i];
            my[labels[i]] += xy[2 * i + 1];
            n[labels[i]]++;
        }
        int[] best = {0, Math.min(1, k - 1)};
        double bestD = -1;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                if (n[i] > 0 && n[j] > 0) {
                    double d = Math.hypot(mx[i] / n[i] - mx[j] / n[j], my[i] / n[i] - my[j] / n[j]);
                    if (d > bestD) {
                        bestD = d;
                        best = new int[] {i, j};
                    }
                }
            }
        }
        return best;
    }

    private static String name(List<String> categories, int label) {
        return label < categories.size() ? categories.get(label) : Integer.toString(label);
    }
}
