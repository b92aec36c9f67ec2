package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Labels;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cartography analyze}: entropy and k-means F1 of the embeddings before and after the map. */
@Command(name = "analyze", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compare the embeddings before and after the map: entropy and k-means F1.",
            "%nShannon entropy of a 2-D (or, for a 3-D map, 3-D) histogram over each space's bounds, and the macro F1 of k-means clusters "
                + "matched to the labels (k = number of classes, k-means++ with restarts, Hungarian matching), as in the "
                + "paper's sec. 4.1. Writes analysis.json and prints a table.%n"})
final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--map", paramLabel = "DIR", required = true, description = "A transform's output folder.")
    Path mapDir;

    @Option(names = "--embeddings", paramLabel = "FILE", required = true, description = "Latent codes z.npy.")
    Path embeddings;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels, for k-means F1.")
    Path labels;

    @Option(names = "--bins", paramLabel = "B", defaultValue = "32", description = "Histogram bins per axis (default ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "k-means seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Inputs.inRange("--bins", bins, 1, 4096);
        MapResult in = MapResult.read(mapDir, null);
        Embeddings emb = Embeddings.read(embeddings);
        int[] lab = labels == null ? null : Labels.read(labels, emb.count());
        try (OutputDir dir = output.open(List.of("analysis.json"))) {
            double[] xy = Inputs.points(in.grid(), emb, embeddings);
            double[] moved = in.forward(xy);
            Study.Scores s = Study.scores(in.grid(), xy, moved, lab, bins, seed);
            Map<String, Object> json = new LinkedHashMap<>(s.toMap());
            json.put("points", emb.count());
            AtomicFiles.writeString(dir.resolve("analysis.json"), Json.write(json));
            dir.commit();
            System.out.printf(Locale.ROOT, "%-28s %10s %10s%n", "", "before", "after");
            System.out.printf(Locale.ROOT, "%-28s %10.4f %10.4f%n", "entropy (nats, " + bins + (in.dimension() == 3 ? "^3" : "x" + bins) + " bins)",
                    s.entropyBefore(), s.entropyAfter());
            if (lab != null) {
                System.out.printf(Locale.ROOT, "%-28s %10.4f %10.4f%n", "k-means macro F1 (k = " + s.k() + ")", s.f1Before(), s.f1After());
            }
        }
        return 0;
    }
}
