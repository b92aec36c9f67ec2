package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.analysis.Plateaus;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Labels;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.pipeline.MeasureResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cartography diagnose}: plateaus of near-constant output that hold few distinct training codes. */
@Command(name = "diagnose", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Find latent regions the decoder fills with near-constant output but that hold few distinct training codes.",
            "%nCells whose measure is at most --threshold times the median are plateau cells; face-connected plateau cells "
                + "form regions. Each region's expected count of distinct codes (a Gaussian fitted to the codes, its mass "
                + "over the region) is divided by the distinct codes it holds; regions holding codes are ranked by that "
                + "score (memorised or duplicated training data rank first), regions holding none are listed apart. "
                + "Writes diagnosis.json (regions, scores, the rows of the codes inside) and diagnosis.png.%n"})
final class DiagnoseCommand implements Callable<Integer> {
    @Option(names = "--in", paramLabel = "DIR", required = true, description = "A measure's output folder (2-D grid).")
    Path in;

    @Option(names = "--map", paramLabel = "DIR", description = "A transform's output folder: adds each region's share of the transformed space.")
    Path mapDir;

    @Option(names = "--embeddings", paramLabel = "FILE", required = true, description = "Training codes z.npy (rows may repeat).")
    Path embeddings;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels of the codes, reported for the codes inside the regions.")
    Path labels;

    @Option(names = "--threshold", paramLabel = "F", defaultValue = "0.2",
            description = "Plateau cells have a measure at most F times the median (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--min-cells", paramLabel = "N", defaultValue = "16", description = "Smallest region, in cells (default ${DEFAULT-VALUE}).")
    int minCells;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Regions shown in the figure and printed (default ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new UsageException("--top must be at least 1");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new UsageException("--threshold must be in (0, 1], got " + threshold);
        }
        if (minCells < 1) {
            throw new UsageException("--min-cells must be at least 1");
        }
        MeasureResult mr = MeasureResult.read(in);
        if (mr.grid().dimension() != 2) {
            throw new UsageException(in + ": diagnose needs a 2-D measure, this one has " + mr.grid().dimension() + " dimensions");
        }
        MapResult map = mapDir == null ? null : MapResult.read(mapDir, in.resolve(MeasureResult.MEASURE_FILE));
        if (map != null && !map.grid().equals(mr.grid())) {
            throw new UsageException(mapDir + ": the map's grid " + map.grid() + " is not the measure's " + mr.grid());
        }
        Embeddings emb = Embeddings.read(embeddings);
        if (emb.dimension() != 2) {
            throw new UsageException(embeddings + ": " + emb.dimension() + "-D codes for a 2-D measure");
        }
        int[] lab = labels == null ? null : Labels.read(labels, emb.count());
        Plateaus.Diagnosis d = Plateaus.find(mr.grid(), mr.values(), emb, new Plateaus.Settings(threshold, minCells));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("measure", in.toString());
        json.put("embeddings", embeddings.toString());
        json.putAll(d.toMap());
        if (lab != null || map != null) {
            json.put("suspects", d.suspects().stream().map(r -> extra(r, lab, map)).toList());
            json.put("empty_regions", d.empty().stream().map(r -> extra(r, lab, map)).toList());
        }
        double[] xy = new double[emb.count() * 2];
        for (int i = 0; i < emb.count(); i++) {
            xy[2 * i] = emb.get(i, 0);
            xy[2 * i + 1] = emb.get(i, 1);
        }
        try (OutputDir dir = output.open(List.of("diagnosis.json", "diagnosis.png"))) {
            AtomicFiles.writeString(dir.resolve("diagnosis.json"), Json.write(json));
            DiagnoseFigure.write(dir.resolve("diagnosis.png"), d, mr.values(), xy, lab, top,
                    "Plateaus of " + mr.functionName() + " holding few distinct codes");
            dir.commit();
        }
        print(d, lab);
        return 0;
    }

    private static Map<String, Object> extra(Plateaus.Region r, int[] lab, MapResult map) {
        Map<String, Object> m = r.toMap();
        if (map != null) {
            m.put("map_area_share", Plateaus.mapAreaShare(r, map.map()));
        }
        if (lab != null) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            for (int i : r.indices()) {
                counts.merge(Integer.toString(lab[i]), 1, Integer::sum);
            }
            m.put("labels", counts);
        }
        // indices last, as they can be long
        Object idx = m.remove("indices");
        m.put("indices", idx);
        return m;
    }

    private void print(Plateaus.Diagnosis d, int[] lab) {
        System.out.printf(Locale.ROOT, "%d plateau cells (%.1f%% of the grid, measure <= %.3g x median %.4g): %d regions holding codes, %d empty%n",
                d.plateauCells(), 100.0 * d.plateauCells() / d.grid().cellCount(), threshold, d.median(),
                d.suspects().size(), d.empty().size());
        System.out.printf(Locale.ROOT, "%4s %9s %7s %9s %6s %8s %7s  %s%n", "rank", "score", "area%", "expected", "codes",
                "distinct", "fence", "rows (labels)");
        for (Plateaus.Region r : d.suspects().subList(0, Math.min(top, d.suspects().size()))) {
            StringBuilder rows = new StringBuilder();
            int[] idx = r.indices();
            for (int k = 0; k < Math.min(6, idx.length); k++) {
                rows.append(k > 0 ? " " : "").append(idx[k]);
                if (lab != null) {
                    rows.append('(').append(lab[idx[k]]).append(')');
                }
            }
            if (idx.length > 6) {
                rows.append(" …");
            }
            System.out.printf(Locale.ROOT, "%4d %9.2f %7.2f %9.2f %6d %8d %7.2f  %s%n", r.rank(), r.score(), 100 * r.areaShare(),
                    r.expected(), idx.length, r.distinct(), r.fence(), rows);
        }
    }
}
