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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.analysis.KMeans;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cartography demo}: the paper's MNIST study (sec. 4.1, Fig. 1 and 2) on the shipped
 * models: for each decoder the Riemannian measure, the diffusion map, a straight path and a
 * pseudo-geodesic with their interpolations and equidistance lines, histogram entropy and k-means
 * F1 before and after; figures, {@code summary.json} and a table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, subcommands = {TextDemoCommand.class, HighDimDemoCommand.class},
        description = {"Run the paper's MNIST study on the shipped models.",
            "%nFor each model in models/mnist: the Riemannian measure at 800x800, the diffusion map, a straight path and a "
                + "pseudo-geodesic with interpolations and equidistance lines, entropy and k-means before and after; then the "
                + "classifier study, and the bad-training-data study (Fig. 3: vae-softplus beside vae-softplus-dup). Figures (PNG and SVG) and summary.json go to --out, which is overwritten.",
            "'cartography demo text' runs the text study (paper Fig. 5) instead; 'cartography demo highdim' maps the 16-D MNIST VAE through a plane and a compression VAE.%n"})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of model folders (default: models/mnist beside the launcher).")
    Path models;

    @Option(names = "--model", paramLabel = "NAME", split = ",",
            description = "Models to run (default: vae-relu,vae-softplus,vae-tanh,ae-relu).")
    List<String> only;

    @Option(names = "--grid", paramLabel = "N", defaultValue = "800", description = "Cells per axis (default ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--method", paramLabel = "SPEC", defaultValue = "diffusion", description = "Transform (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "10", description = "Interpolation images per path (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--bins", paramLabel = "B", defaultValue = "32", description = "Histogram bins per axis for the entropy (default ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Mixin
    CommonOptions common;

    /**
     * Relaxation of the classifier study's measure (0: none). Relaxing towards the global mean was
     * tried at 0.5 latent units and weakened the separation (k-means F1 0.500 instead of 0.627 at
     * blur 2), because the boundary-rich mean is higher than the measure inside the classes.
     */
    static final double RELAX = 0;

    /** Grid of the classifier study (at most the demo's grid). */
    static final int CLASSIFIER_GRID = 400;

    static final List<String> MODELS = List.of("vae-relu", "vae-softplus", "vae-tanh", "ae-relu");

    @Override
    public Integer call() {
        Path dir = models != null ? models : shippedModels("mnist");
        if (!Files.isDirectory(dir)) {
            throw new CartographyException(dir + ": no models folder (give --models DIR)");
        }
        Inputs.inRange("--steps", steps, 2, Inputs.MAX_STEPS);
        Inputs.inRange("--bins", bins, 1, 4096);
        Inputs.inRange("--grid", grid, 4, 8192);
        List<String> names = new ArrayList<>();
        for (String n : only != null ? only : MODELS) {
            if (!Files.isRegularFile(dir.resolve(n).resolve("decoder.onnx"))) {
                throw new CartographyException(dir.resolve(n) + ": no decoder.onnx");
            }
            names.add(n);
        }
        Cartography carto = new Cartography(common.registries());
        Registries registries = carto.registries();
        int t = Inputs.threads(threads);
        long start = System.nanoTime();
        System.err.printf(Locale.ROOT, "demo: %d MNIST models, Riemannian measure at %dx%d, %s map%n", names.size(), grid, grid, method);
        // Two lanes, each one task at a time with all the cores: the measures (model inference) in
        // one, the maps, analyses, files and figures of the models already measured in the other, so
        // that the single-threaded parts of either (k-means, fast marching, PNG and SVG, training
        // the classifier) overlap the other's work. Every task computes what it did when the demo
        // ran them one after the other, from the same inputs: the results do not depend on the order.
        ExecutorService measures = Concurrently.lane("demo-measures");
        ExecutorService studies = Concurrently.lane("demo-studies");
        try {
            Map<String, Future<MeasureResult>> measured = new LinkedHashMap<>();
            for (String name : names) {
                measured.put(name, measures.submit(() -> measure(carto, dir.resolve(name), t)));
            }
            boolean badData = names.contains(BadDataStudy.CLEAN) && BadDataStudy.available(dir);
            Future<MeasureResult> corrupted = badData ? measures.submit(() -> BadDataStudy.measureCorrupted(carto, dir, grid, t)) : null;
            Future<Map<String, Object>> classifier = names.contains("vae-softplus") && registries.meanings().find("classifier").isPresent()
                    && registries.dissimilarities().find("jsd").isPresent()
                    ? measures.submit(() -> classifierStudy(carto, dir.resolve("vae-softplus"), t)) : null;
            Map<String, Future<ModelStudy>> studied = new LinkedHashMap<>();
            for (String name : names) {
                studied.put(name, studies.submit(() -> study(carto, name, dir.resolve(name), Concurrently.await(measured.get(name)), t)));
            }
            Future<Map<String, Object>> bad = badData ? studies.submit(() -> BadDataStudy.run(carto, dir,
                    Concurrently.await(measured.get(BadDataStudy.CLEAN)), Concurrently.await(corrupted), t, out)) : null;

            Map<String, Object> summary = new LinkedHashMap<>();
            List<StudyFigure.Column> columns = new ArrayList<>();
            for (String name : names) {
                ModelStudy ms = Concurrently.await(studied.get(name));
                summary.put(name, ms.summary());
                columns.add(ms.column());
            }
            List<StudyFigure.Column> vaes = columns.stream().filter(c -> c.title().startsWith("vae")).toList();
            CompletableFuture<Void> fig1 = Concurrently.start("demo-fig1", () -> {
                if (!vaes.isEmpty()) {
                    StudyFigure.fig1(out.resolve("fig1-mnist.png"), vaes, "MNIST VAEs: Riemannian measure, straight path (black), "
                            + "pseudo-geodesic (red), true geodesic (blue), equidistance lines");
                }
                return null;
            });
            List<StudyFigure.Column> aes = columns.stream().filter(c -> !c.title().startsWith("vae")).toList();
            if (!aes.isEmpty()) {
                StudyFigure.fig1(out.resolve("fig1-autoencoder.png"), aes, "MNIST autoencoder: measure, paths and transformed space");
            }
            Concurrently.await(fig1);
            if (classifier != null) {
                summary.put("classifier", Concurrently.await(classifier));
            }
            if (bad != null) {
                Map<String, Object> b = Concurrently.await(bad);
                summary.put("bad_data", b);
                System.err.printf(Locale.ROOT, "demo: bad training data (Fig. 3) %5.1f s%n", (Double) b.get("seconds"));
            }
            double total = (System.nanoTime() - start) / 1e9;
            summary.put("total_seconds", total);
            AtomicFiles.writeString(out.resolve("summary.json"), Json.write(summary));
            printTable(summary, names);
            System.err.printf(Locale.ROOT, "demo: done in %.1f s; figures and summary.json in %s%n", total, out);
            return 0;
        } finally {
            measures.shutdownNow();
            studies.shutdownNow();
        }
    }

    /** What one model's study gives: its entry of summary.json and its column of Fig. 1. */
    private record ModelStudy(Map<String, Object> summary, StudyFigure.Column column) {
    }

    private MeasureResult measure(Cartography carto, Path m, int t) {
        Embeddings emb = Embeddings.read(m.resolve("z.npy"));
        int[] lab = Labels.read(m.resolve("labels.npy"), emb.count());
        return carto.measure(MeasureRequest.builder("riemannian").generator("onnx:" + m.resolve("decoder.onnx")).embeddings(emb)
                .labels(lab).shape(grid).threads(t).build());
    }

    /** One model, once measured: the map, paths, scores, decoded interpolations, its folder and Fig. 2. */
    private ModelStudy study(Cartography carto, String name, Path m, MeasureResult mr, int t) {
        Registries registries = carto.registries();
        Path o = out.resolve(name);
        Embeddings emb = Embeddings.read(m.resolve("z.npy"));
        int[] lab = Labels.read(m.resolve("labels.npy"), emb.count());
        String gen = "onnx:" + m.resolve("decoder.onnx");
        Grid g = mr.grid();
        MapResult tr = carto.map(MapRequest.builder(mr).name(name + "/measure.npy").method(method).embeddings(emb)
                .threads(t).build());
        double[] xy = Inputs.points(g, emb, m.resolve("z.npy"));
        double[] moved = tr.map().forward(xy);
        // the folder (arrays, measure.png, map.png) and the scores (k-means) beside the paths
        CompletableFuture<Void> files = Concurrently.start("demo-files-" + name, () -> {
            try (OutputDir od = OutputDir.open(o, List.of(), true)) {
                MeasureCommand.write(od, mr, emb, lab, List.of());
                TransformCommand.write(od, tr, Map.of(), emb, moved, lab, List.of(),
                        name + ": density-equalising map (" + method + ")");
                od.commit();
            }
            return null;
        });
        long s0 = System.nanoTime();
        CompletableFuture<Study.Scores> scored = Concurrently.start("demo-scores-" + name,
                () -> Study.scores(g, xy, moved, lab, bins, 0));
        Study.Strips strips;
        try (Generator decoder = registries.openGenerator(ComponentSpec.parse(gen + ",output=x"), registries.context(null, null, 0, t))) {
            strips = Study.strips(g, mr.values(), tr.map(), xy, lab, decoder, steps);
        }
        Study.Scores scores = Concurrently.await(scored);
        double analysisSeconds = (System.nanoTime() - s0) / 1e9;
        Concurrently.await(files);
        if (name.startsWith("ae")) {
            StudyFigure.fig2(out.resolve("fig2-kmeans-" + name + ".png"), g, xy, moved, scores.clustersBefore(),
                    scores.clustersAfter(), scores.f1Before(), scores.f1After(), name);
        }
        StudyFigure.Column column = new StudyFigure.Column(name, g, mr.values(), xy, moved, lab, strips.paths(),
                strips.straight(), strips.pseudoGeodesic(), strips.trueGeodesic(), 28, 28);
        Map<String, Object> s = new LinkedHashMap<>();
        s.putAll(scores.toMap());
        s.put("path", strips.paths().lengths());
        s.put("path_from_index", strips.from());
        s.put("path_to_index", strips.to());
        s.put("measure_seconds", mr.seconds());
        s.put("transform_seconds", tr.seconds());
        s.put("transform_iterations", tr.iterations());
        s.put("mean_area_error", tr.error().mean());
        s.put("max_area_error", tr.error().max());
        s.put("folded_cells", tr.error().foldedCells());
        s.put("analysis_seconds", analysisSeconds);
        System.err.printf(Locale.ROOT, "demo: %-13s measure %5.1f s, transform %5.1f s, analyses %4.1f s%n", name,
                mr.seconds(), tr.seconds(), analysisSeconds);
        return new ModelStudy(s, column);
    }

    /**
     * Paper sec. 4.1.3, Fig. 4: a classifier trained on the softplus VAE's embeddings, its JSD
     * measure, and the maps at two strengths (blur), plus one map that highlights two classes.
     */
    private Map<String, Object> classifierStudy(Cartography carto, Path m, int t) {
        long s0 = System.nanoTime();
        Embeddings emb = Embeddings.read(m.resolve("z.npy"));
        int[] lab = Labels.read(m.resolve("labels.npy"), emb.count());
        // The classifier's boundaries are smooth lines: a 400x400 grid shows them as well as 800 and
        // keeps the three maps of this figure quick.
        int n = Math.min(grid, CLASSIFIER_GRID);
        Grid g = Grid.around(emb, MeasureRequest.DEFAULT_MARGIN, new int[] {n, n});
        double[] xy = Inputs.points(g, emb, m.resolve("z.npy"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("grid", n);
        List<StudyFigure.Variant> variants = new ArrayList<>();
        String[][] runs = {{"classifier", "all classes, blur 2", "2"}, {"classifier", "all classes, blur 8", "8"},
            {"classifier,classes=3,5", "classes 3 and 5 highlighted, blur 2", "2"}};
        // k-means of the embeddings before the map: the same for the three maps, made once beside the first measure
        CompletableFuture<KMeans.Result> fitBefore = Concurrently.start("demo-classifier-kmeans", () -> Study.fitBefore(g, xy, lab, 0));
        // each variant's scores and folder run beside the next variant's map; their lines are printed
        // in order, each before the next measure is made (as when they ran one after the other)
        List<CompletableFuture<Study.Scores>> pending = new ArrayList<>();
        List<String> pendingNames = new ArrayList<>();
        MeasureResult all = null;
        for (String[] run : runs) {
            boolean reuse = run[0].equals("classifier") && all != null;
            if (!reuse) {
                report(pending, pendingNames);
            }
            MeasureResult mr = reuse ? all
                    : carto.measure(MeasureRequest.builder("jsd").meaning(run[0]).grid(g).embeddings(emb).labels(lab)
                            .threads(t).build());
            if (run[0].equals("classifier")) {
                all = mr;
            }
            double blur = Double.parseDouble(run[2]);
            MapResult tr = carto.map(MapRequest.builder(mr).name("classifier measure").method(method).blur(blur)
                    .relax(RELAX).floor(1e-3).embeddings(emb).threads(t).build());
            double[] moved = tr.map().forward(xy);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("meaning", run[0]);
            r.put("blur", blur);
            r.put("relax", RELAX);
            r.put("classifier", mr.info().get("meaning_report"));
            out.put(run[1], r);
            variants.add(new StudyFigure.Variant(run[1], g, tr.density(), xy, moved, lab));
            MeasureResult measured = mr;
            pending.add(Concurrently.start("demo-classifier-files", () -> {
                Study.Scores sc = Study.scores(g, xy, moved, lab, bins, 0, Concurrently.await(fitBefore));
                r.putAll(sc.toMap());
                r.put("mean_area_error", tr.error().mean());
                r.put("folded_cells", tr.error().foldedCells());
                try (OutputDir od = OutputDir.open(out(run[1]), List.of(), true)) {
                    MeasureCommand.write(od, measured, emb, lab, List.of());
                    TransformCommand.write(od, tr, Map.of(), emb, moved, lab, List.of(), "classifier measure: " + run[1]);
                    od.commit();
                }
                return sc;
            }));
            pendingNames.add(run[1]);
        }
        StudyFigure.fig4(this.out.resolve("fig4-classifier.png"), variants,
                "Classifier measure (JSD of p(c|z), blurred) of the softplus VAE, and the maps it gives");
        report(pending, pendingNames);
        out.put("seconds", (System.nanoTime() - s0) / 1e9);
        return out;
    }

    /** Waits for the classifier variants in progress, in order, and prints each one's line. */
    private static void report(List<CompletableFuture<Study.Scores>> pending, List<String> names) {
        for (int i = 0; i < pending.size(); i++) {
            Study.Scores sc = Concurrently.await(pending.get(i));
            System.err.printf(Locale.ROOT, "demo: classifier (%s): k-means F1 %.3f -> %.3f%n", names.get(i), sc.f1Before(), sc.f1After());
        }
        pending.clear();
        names.clear();
    }

    private Path out(String variant) {
        return out.resolve("classifier-" + variant.replaceAll("[^a-z0-9]+", "-").replaceAll("-$", ""));
    }

    private static void printTable(Map<String, Object> summary, List<String> names) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-13s %9s %9s %8s %8s %9s %9s %9s %9s%n", "model", "H before", "H after",
                "F1 bef.", "F1 aft.", "len str.", "len pseu.", "len true", "area err");
        for (String n : names) {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) summary.get(n);
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) s.get("path");
            System.out.printf(Locale.ROOT, "%-13s %9.3f %9.3f %8.3f %8.3f %9.2f %9.2f %9.2f %8.3f%%%n", n,
                    s.get("entropy_before_nats"), s.get("entropy_after_nats"), s.get("kmeans_f1_before"),
                    s.get("kmeans_f1_after"), p.get("straight_sqrt_measure"), p.get("geodesic_sqrt_measure"),
                    p.get("true_geodesic_sqrt_measure"), 100 * (Double) s.get("mean_area_error"));
        }
        System.out.println("H: entropy (nats) of a 2-D histogram of the embeddings; F1: macro F1 of k-means matched to labels;");
        System.out.println("len: path length under sqrt(measure) of the straight path, the pseudo-geodesic and the true geodesic between the");
        System.out.println("embeddings nearest the means of digits 0 and 1; area err: mean relative area error of the map.");
    }

    /** @return the shipped models' folder {@code models/KIND} beside the launcher (the working folder without one) */
    static Path shippedModels(String kind) {
        String home = System.getProperty("cartography.home");
        return (home == null ? Path.of(".") : Path.of(home)).resolve("models").resolve(kind);
    }
}
