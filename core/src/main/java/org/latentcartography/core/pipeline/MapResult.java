package org.latentcartography.core.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.map.LatentMap;

/**
 * A density-equalising map and how well it equalises: the grid, the measure and the prepared
 * density it was made from, the continuous map T (and its inverse, {@link LatentMap}), the area
 * errors and folds. Writes and reads the documented folder: {@code map.npy} (float64,
 * [N1+1, N2+1, 2], the transformed grid nodes in latent coordinates), {@code grid.json} and
 * {@code report.json}.
 *
 * <p>Stability: experimental. The arrays are shared, not copied: do not modify them.
 *
 * @param grid the grid
 * @param measure the measure as given, or null for a map read without its measure
 * @param density the density the transform equalised (after floor, blur, relax), or null when read back
 * @param map the map
 * @param method the transform spec
 * @param seconds seconds of the transform
 * @param iterations the transform's iterations or time steps
 * @param error the relative area errors and folded cells against the density, or null when read back
 * @param settings the preparation's settings (blur, relax, floor) and anything else for the report
 */
public record MapResult(Grid grid, double[] measure, double[] density, LatentMap map, ComponentSpec method,
                        double seconds, int iterations, AreaError error, Map<String, Object> settings) {
    /** The map file's name in a map folder. */
    public static final String MAP_FILE = "map.npy";
    /** The report's name. */
    public static final String REPORT_FILE = "report.json";

    /** @return the files {@link #write} writes, by name */
    public static List<String> fileNames() {
        return List.of(MAP_FILE, MeasureResult.GRID_FILE, REPORT_FILE);
    }

    /** @return what {@code report.json} holds: method, seconds, iterations, area errors, folds, grid, settings */
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", method.id());
        r.put("spec", method.toString());
        r.put("seconds", seconds);
        r.put("iterations", iterations);
        if (error != null) {
            r.put("max_area_error", error.max());
            r.put("mean_area_error", error.mean());
            r.put("folded_cells", error.foldedCells());
        }
        r.put("grid", grid.shape());
        r.putAll(settings);
        r.put("area_error_against", "the prepared density (after floor, blur and relax)");
        return r;
    }

    /**
     * @param embeddings points of the grid's 2-D latent space, never null
     * @return their transformed positions, (x, y) pairs
     * @throws CartographyException naming the first point that lies outside the grid
     */
    public double[] forward(Embeddings embeddings) {
        return map.forward(points(grid, embeddings));
    }

    /**
     * @param grid a 2-D grid
     * @param embeddings points, never null
     * @return their (x, y) pairs
     * @throws CartographyException naming the first point outside the grid
     */
    public static double[] points(Grid grid, Embeddings embeddings) {
        if (embeddings.dimension() != 2) {
            throw new CartographyException("the embeddings have " + embeddings.dimension() + " dimensions; the map 2");
        }
        double[] xy = embeddings.toArray();
        double[] p = new double[2];
        for (int i = 0; i < embeddings.count(); i++) {
            p[0] = xy[2 * i];
            p[1] = xy[2 * i + 1];
            if (!grid.contains(p)) {
                throw new CartographyException("embedding " + i + " (" + p[0] + ", " + p[1] + ") lies outside the grid "
                        + grid);
            }
        }
        return xy;
    }

    /**
     * Writes {@code map.npy}, {@code grid.json} and {@code report.json} into {@code dir}, each
     * atomically.
     *
     * @param dir an existing folder, never null
     * @param extra entries added to the report (e.g. the input folder), never null
     */
    public void write(Path dir, Map<String, Object> extra) {
        Npy.writeFloat64(dir.resolve(MAP_FILE), new int[] {grid.size(0) + 1, grid.size(1) + 1, 2}, map.latentNodes());
        grid.write(dir.resolve(MeasureResult.GRID_FILE));
        Map<String, Object> r = report();
        r.putAll(extra);
        AtomicFiles.writeString(dir.resolve(REPORT_FILE), Json.write(r));
    }

    /**
     * Reads a map folder: {@code grid.json} and {@code map.npy}; the measure named by the report's
     * {@code input} folder when it is there.
     *
     * @param dir the folder, never null
     * @param measureFile the measure the map was made from, or null to follow the report's {@code input}
     * @return the map (no density or area errors)
     * @throws CartographyException naming the file that is missing or does not fit
     */
    public static MapResult read(Path dir, Path measureFile) {
        Grid g = Grid.read(dir.resolve(MeasureResult.GRID_FILE));
        Path mapFile = dir.resolve(MAP_FILE);
        NpyArray a = Npy.read(mapFile);
        int[] want = {g.size(0) + 1, g.dimension() > 1 ? g.size(1) + 1 : 1, 2};
        if (g.dimension() != 2 || !Arrays.equals(a.shape(), want)) {
            throw new CartographyException(mapFile + ": shape " + Arrays.toString(a.shape()) + " does not match "
                    + MeasureResult.GRID_FILE + " (expected " + Arrays.toString(want) + ")");
        }
        LatentMap map = LatentMap.ofLatentNodes(g, a.data());
        Map<String, Object> settings = new LinkedHashMap<>();
        ComponentSpec method = ComponentSpec.parse("unknown");
        int iterations = 0;
        double seconds = 0;
        Path m = measureFile;
        Path report = dir.resolve(REPORT_FILE);
        if (Files.exists(report) && Json.read(report) instanceof Map<?, ?> r) {
            if (m == null && r.get("input") instanceof String in) {
                m = Path.of(in).resolve(MeasureResult.MEASURE_FILE);
            }
            if (r.get("spec") instanceof String s && !s.isBlank()) {
                method = ComponentSpec.parse(s);
            }
            iterations = r.get("iterations") instanceof Number n ? n.intValue() : 0;
            seconds = r.get("seconds") instanceof Number n ? n.doubleValue() : 0;
            for (String k : List.of("blur", "relax", "floor", "input")) {
                if (r.get(k) != null) {
                    settings.put(k, r.get(k));
                }
            }
        }
        double[] measure = null;
        if (m != null) {
            if (!Files.exists(m)) {
                throw new CartographyException(m + ": no such file (the measure the map was made from)");
            }
            measure = MeasureResult.readValues(m, g);
        }
        return new MapResult(g, measure, null, map, method, seconds, iterations, null, settings);
    }
}
