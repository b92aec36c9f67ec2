package org.latentcartography.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentcartography.cli.Inputs;
import org.latentcartography.cli.MeasureCommand;
import org.latentcartography.cli.OutputDir;
import org.latentcartography.cli.Study;
import org.latentcartography.cli.StudyFigure;
import org.latentcartography.cli.TransformCommand;
import org.latentcartography.compression.Compression;
import org.latentcartography.compression.Compressor;
import org.latentcartography.compression.LatentPlane;
import org.latentcartography.compression.Neighbourhoods;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.grid.Labels;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MapRequest;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Generator;

/**
 * What {@code demo highdim} does (see {@link HighDimDemoCommand}): the model's codes are brought
 * down to 2-D twice, by the plane of their first principal components ({@code plane/}, the files
 * of {@code cartography project}) and by a compression VAE trained here ({@code compress/}, the
 * files of {@code cartography compress}); each is composed in front of the decoder
 * ({@code plane,matrix=plane/plane.npy>onnx:decoder.onnx} and
 * {@code onnx:compress/decoder.onnx>onnx:decoder.onnx}) and studied as the MNIST demo studies a
 * 2-D model. Loaded only when the command runs (it uses the optional module {@code compression}).
 */
final class HighDimStudy {
    /** The command's settings, checked. */
    record Options(Path model, String name, int grid, Integer epochs, long seed, String method, int steps, int bins, Path out,
                   int threads) {
    }

    /** k of the k-nearest-neighbour label accuracy. */
    static final int KNN = 5;
    /** Every how many points one is a query of the k-NN label accuracy (2,000 queries of 10,000 codes). */
    static final int KNN_STRIDE = 5;

    private HighDimStudy() {
    }

    static Integer run(Options o, Registries registries) {
        Path decoder = o.model().resolve("decoder.onnx");
        Path codesFile = o.model().resolve("z.npy");
        for (Path f : List.of(decoder, codesFile, o.model().resolve("labels.npy"))) {
            if (!Files.isRegularFile(f)) {
                throw new CartographyException(f + ": missing (a model folder needs decoder.onnx, z.npy and labels.npy)");
            }
        }
        Embeddings emb = Embeddings.read(codesFile);
        if (emb.dimension() <= 2) {
            throw new CartographyException(codesFile + ": codes of " + emb.dimension()
                    + " dimensions; this study is for models with more than 2 ('cartography demo' maps 2-D ones)");
        }
        int[] lab = Labels.read(o.model().resolve("labels.npy"), emb.count());
        Cartography carto = new Cartography(registries);
        long start = System.nanoTime();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", o.name());
        summary.put("latent_dimensions", emb.dimension());
        summary.put("codes", emb.count());
        summary.put("knn_accuracy_latent", Neighbourhoods.labelAccuracy(emb.toArray(), emb.dimension(), emb.count(), lab, KNN, KNN_STRIDE));
        System.err.printf(Locale.ROOT, "demo highdim: %s, %d codes of %d dimensions; Riemannian measure at %dx%d, %s map%n",
                o.name(), emb.count(), emb.dimension(), o.grid(), o.grid(), o.method());

        // the plane of the first two principal components, as 'project' writes it
        long p0 = System.nanoTime();
        LatentPlane plane = LatentPlane.principal(emb, 2);
        LatentPlane.Projection proj = plane.project(emb);
        Path planeDir = o.out().resolve("plane");
        Embeddings onPlane = new Embeddings(proj.coordinates(), emb.count(), 2);
        Map<String, Object> planeInfo = new LinkedHashMap<>();
        planeInfo.put("explained_variance", plane.explainedVariance().orElseThrow());
        planeInfo.put("mean_residual", proj.meanResidual());
        planeInfo.put("max_residual", proj.maxResidual());
        planeInfo.put("relative_residual", relativeResidual(emb, proj.residuals()));
        planeInfo.put("seconds", (System.nanoTime() - p0) / 1e9);
        try (OutputDir od = OutputDir.open(planeDir, List.of(), true)) {
            plane.write(od.resolve("plane.npy"));
            Npy.writeFloat64(od.resolve("z.npy"), new int[] {emb.count(), 2}, proj.coordinates());
            Npy.writeFloat64(od.resolve("residuals.npy"), new int[] {emb.count()}, proj.residuals());
            AtomicFiles.writeString(od.resolve("report.json"), Json.write(planeInfo));
            od.commit();
        }

        // a compression VAE trained in-process, as 'compress' writes it
        Compressor.Settings settings = o.epochs() == null ? Compressor.Settings.defaults()
                : Compressor.Settings.defaults().withEpochs(o.epochs());
        int every = Math.max(1, settings.epochsFor(emb.count()) / 5);
        Compression compression = Compressor.train(emb, settings, o.seed(), (e, n, loss, held) -> {
            if (e % every == 0 || e == n) {
                System.err.printf(Locale.ROOT, "demo highdim: compression VAE epoch %d/%d, held-out relative error %.4f%n",
                        e, n, held);
            }
        });
        Path compressDir = o.out().resolve("compress");
        try (OutputDir od = OutputDir.open(compressDir, List.of(), true)) {
            compression.write(od.stage(Compression.fileNames()));
            od.commit();
        }
        Compression.Report report = compression.report();
        Map<String, Object> compressInfo = new LinkedHashMap<>(report.toMap());
        planeInfo.put("kept_neighbours", report.keptNeighboursPca());
        planeInfo.put("held_out_relative_error", report.pcaError());

        String decoderSpec = "onnx:" + decoder;
        List<Variant> variants = List.of(
                new Variant("pca-plane", "PCA plane", "plane,matrix=" + planeDir.resolve("plane.npy") + ">" + decoderSpec,
                        onPlane, planeDir.resolve("z.npy"), planeInfo),
                new Variant("compressed", "compression VAE",
                        "onnx:" + compressDir.resolve(Compression.DECODER_FILE) + ">" + decoderSpec,
                        new Embeddings(compression.codes(), emb.count(), 2), compressDir.resolve(Compression.CODES_FILE),
                        compressInfo));
        List<StudyFigure.Column> columns = new ArrayList<>();
        for (Variant v : variants) {
            summary.put(v.name(), study(carto, registries, o, v, lab, columns));
        }
        StudyFigure.fig1(o.out().resolve("fig-highdim.png"), columns, o.name() + " (" + emb.dimension()
                + "-D) in 2-D: √measure of the composed decoder, paths, transformed space");
        double total = (System.nanoTime() - start) / 1e9;
        summary.put("grid", o.grid());
        summary.put("total_seconds", total);
        AtomicFiles.writeString(o.out().resolve("summary.json"), Json.write(summary));
        printTable(summary, variants);
        System.err.printf(Locale.ROOT, "demo highdim: done in %.1f s; figures and summary.json in %s%n", total, o.out());
        return 0;
    }

    /** One way down to 2-D: a generator chain from 2-D codes to images, and the codes of the embeddings. */
    private record Variant(String name, String title, String generator, Embeddings codes, Path codesFile,
                           Map<String, Object> reduction) {
    }

    private static Map<String, Object> study(Cartography carto, Registries registries, Options o, Variant v, int[] lab,
                                             List<StudyFigure.Column> columns) {
        MeasureResult mr = carto.measure(MeasureRequest.builder("riemannian").generator(v.generator()).embeddings(v.codes())
                .labels(lab).shape(o.grid()).threads(o.threads()).build());
        Grid g = mr.grid();
        MapResult tr = carto.map(MapRequest.builder(mr).name(v.name() + "/measure.npy").method(o.method())
                .embeddings(v.codes()).threads(o.threads()).build());
        double[] xy = Inputs.points(g, v.codes(), v.codesFile());
        double[] moved = tr.map().forward(xy);
        Study.Scores scores = Study.scores(g, xy, moved, lab, o.bins(), 0);
        Study.Strips strips;
        try (Generator images = registries.openGenerator(v.generator() + ",output=x",
                registries.context(null, null, 0, o.threads()))) {
            strips = Study.strips(g, mr.values(), tr.map(), xy, lab, images, o.steps());
        }
        try (OutputDir od = OutputDir.open(o.out().resolve(v.name()), List.of(), true)) {
            MeasureCommand.write(od, mr, v.codes(), lab, List.of());
            TransformCommand.write(od, tr, Map.of(), v.codes(), moved, lab, List.of(),
                    o.name() + " through the " + v.title() + ": density-equalising map (" + o.method() + ")");
            od.commit();
        }
        columns.add(new StudyFigure.Column(v.title(), g, mr.values(), xy, moved, lab, strips.paths(), strips.straight(),
                strips.pseudoGeodesic(), strips.trueGeodesic(), 28, 28));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("generator", v.generator());
        s.put("reduction", v.reduction());
        s.put("knn_accuracy_2d", Neighbourhoods.labelAccuracy(xy, 2, lab.length, lab, KNN, KNN_STRIDE));
        s.putAll(scores.toMap());
        s.put("path", strips.paths().lengths());
        s.put("measure_seconds", mr.seconds());
        s.put("transform_seconds", tr.seconds());
        s.put("mean_area_error", tr.error().mean());
        s.put("max_area_error", tr.error().max());
        s.put("folded_cells", tr.error().foldedCells());
        System.err.printf(Locale.ROOT, "demo highdim: %-10s measure %5.1f s, transform %5.1f s; k-means F1 %.3f -> %.3f%n",
                v.name(), mr.seconds(), tr.seconds(), scores.f1Before(), scores.f1After());
        return s;
    }

    /** Σ residual² / Σ |z − mean|²: the share of the codes' variance the plane leaves out. */
    static double relativeResidual(Embeddings emb, double[] residuals) {
        int n = emb.count();
        int d = emb.dimension();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                mean[k] += emb.get(i, k) / n;
            }
        }
        double err = 0;
        double var = 0;
        for (int i = 0; i < n; i++) {
            err += residuals[i] * residuals[i];
            for (int k = 0; k < d; k++) {
                double c = emb.get(i, k) - mean[k];
                var += c * c;
            }
        }
        return err / var;
    }

    @SuppressWarnings("unchecked")
    private static void printTable(Map<String, Object> summary, List<Variant> variants) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-11s %8s %8s %8s %8s %8s %8s %9s %9s%n", "2-D view", "10-NN", "5-NN acc",
                "H before", "H after", "F1 bef.", "F1 aft.", "rel. err", "area err");
        for (Variant v : variants) {
            Map<String, Object> s = (Map<String, Object>) summary.get(v.name());
            Map<String, Object> r = (Map<String, Object>) s.get("reduction");
            Object kept = r.get("kept_neighbours");
            Object err = r.get("held_out_relative_error");
            System.out.printf(Locale.ROOT, "%-11s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %9.3f %8.3f%%%n", v.name(), kept,
                    s.get("knn_accuracy_2d"), s.get("entropy_before_nats"), s.get("entropy_after_nats"),
                    s.get("kmeans_f1_before"), s.get("kmeans_f1_after"), err, 100 * (Double) s.get("mean_area_error"));
        }
        System.out.printf(Locale.ROOT, "10-NN: share of each code's 10 nearest neighbours (in %d-D) kept in 2-D; 5-NN acc: "
                + "leave-one-out 5-NN digit accuracy of the 2-D codes (of the %d-D codes: %.3f);%n", summary.get("latent_dimensions"),
                summary.get("latent_dimensions"), summary.get("knn_accuracy_latent"));
        System.out.println("H: entropy (nats) of a 2-D histogram; F1: k-means macro F1; rel. err: held-out relative "
                + "reconstruction error of the codes; area err: mean relative area error of the map.");
    }
}
