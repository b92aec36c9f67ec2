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
import org.latentcartography.core.map.LatentMap3D;

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
 * @param map the map of a 2-D grid, or null for a 3-D one
 * @param volumeMap the map of a 3-D grid, or null for a 2-D one
 * @param method the transform spec
 * @param seconds seconds of the transform
 * @param iterations the transform's iterations or time steps
 * @param error the relative area errors and folded cells against the density, or null when read back
 * @param settings the preparation's settings (blur, relax, floor) and anything else for the report
 */
public record MapResult(Grid grid, double[] measure, double[] density, LatentMap map, LatentMap3D volumeMap,
                        ComponentSpec method, double seconds, int iterations, AreaError error,
                        Map<String, Object> settings) {
    /** The map file's name in a map folder. */
    public static final String MAP_FILE = "map.npy";
    /** The report's name. */
    public static final String REPORT_FILE = "report.json";

    /**
     * Checks that exactly the map that fits the grid's dimension is there.
     *
     * @param grid the grid
     * @param measure the measure, or null
     * @param density the density, or null
     * @param map the 2-D map, or null
     * @param volumeMap the 3-D map, or null
     * @param method the transform spec
     * @param seconds seconds of the transform
     * @param iterations iterations or time steps
     * @param error errors, or null
     * @param settings settings for the report
     */
    public MapResult {
        if (grid.dimension() == 3 ? volumeMap == null || map != null : map == null || volumeMap != null) {
            throw new IllegalArgumentException("a " + grid.dimension() + "-D grid needs "
                    + (grid.dimension() == 3 ? "a volume map" : "a 2-D map") + " alone");
        }
    }

    /**
     * A map of a 2-D grid.
     *
     * @param grid the 2-D grid
     * @param measure the measure, or null
     * @param density the density, or null
     * @param map the map
     * @param method the transform spec
     * @param seconds seconds of the transform
     * @param iterations iterations or time steps
     * @param error area errors, or null
     * @param settings settings for the report
     */
    public MapResult(Grid grid, double[] measure, double[] density, LatentMap map, ComponentSpec method,
                     double seconds, int iterations, AreaError error, Map<String, Object> settings) {
        this(grid, measure, density, map, null, method, seconds, iterations, error, settings);
    }

    /** @return the latent space's dimension, 2 or 3 */
    public int dimension() {
        return grid.dimension();
    }

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
            String what = dimension() == 3 ? "volume" : "area";
            r.put("max_" + what + "_error", error.max());
            r.put("mean_" + what + "_error", error.mean());
            r.put("folded_cells", error.foldedCells());
        }
        r.put("grid", grid.shape());
        r.putAll(settings);
        r.put(dimension() == 3 ? "volume_error_against" : "area_error_against",
                "the prepared density (after floor, blur and relax)");
        return r;
    }

    /**
     * @param embeddings points of the grid's 2-D or 3-D latent space, never null
     * @return their transformed positions, (x, y) pairs or (x, y, z) triples
     * @throws CartographyException naming the first point that lies outside the grid
     */
    public double[] forward(Embeddings embeddings) {
        return forward(points(grid, embeddings));
    }

    /**
     * @param points points of the grid's latent space, flat, {@link #dimension} coordinates each; not modified
     * @return T of every point, same layout
     * @throws CartographyException naming the first point that lies outside the grid
     */
    public double[] forward(double[] points) {
        return volumeMap != null ? volumeMap.forward(points) : map.forward(points);
    }

    /**
     * @param points points of the transformed space, flat, {@link #dimension} coordinates each; not modified
     * @return T&#771; of every point, same layout
     * @throws CartographyException naming the first point outside the box or that no cell covers
     */
    public double[] inverse(double[] points) {
        return volumeMap != null ? volumeMap.inverse(points) : map.inverse(points);
    }

    /** @return the transformed nodes in latent coordinates, as in {@code map.npy} */
    public double[] latentNodes() {
        return volumeMap != null ? volumeMap.latentNodes() : map.latentNodes();
    }

    /**
     * @param grid a 2-D or 3-D grid
     * @param embeddings points, never null
     * @return their coordinates, flat ((x, y) pairs on a 2-D grid, (x, y, z) triples on a 3-D one)
     * @throws CartographyException naming the first point outside the grid
     */
    public static double[] points(Grid grid, Embeddings embeddings) {
        int d = grid.dimension();
        if (embeddings.dimension() != d) {
            throw new CartographyException("the embeddings have " + embeddings.dimension() + " dimensions; the map " + d);
        }
        double[] xy = embeddings.toArray();
        double[] p = new double[d];
        for (int i = 0; i < embeddings.count(); i++) {
            System.arraycopy(xy, d * i, p, 0, d);
            if (!grid.contains(p)) {
                throw new CartographyException("embedding " + i + " " + Arrays.toString(p).replace('[', '(')
                        .replace(']', ')') + " lies outside the grid " + grid);
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
        int[] shape = dimension() == 3
                ? new int[] {grid.size(0) + 1, grid.size(1) + 1, grid.size(2) + 1, 3}
                : new int[] {grid.size(0) + 1, grid.size(1) + 1, 2};
        Npy.writeFloat64(dir.resolve(MAP_FILE), shape, latentNodes());
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
        int[] want = g.dimension() == 3
                ? new int[] {g.size(0) + 1, g.size(1) + 1, g.size(2) + 1, 3}
                : new int[] {g.size(0) + 1, g.dimension() > 1 ? g.size(1) + 1 : 1, 2};
        if ((g.dimension() != 2 && g.dimension() != 3) || !Arrays.equals(a.shape(), want)) {
            throw new CartographyException(mapFile + ": shape " + Arrays.toString(a.shape()) + " does not match "
                    + MeasureResult.GRID_FILE + " (expected " + Arrays.toString(want) + ")");
        }
        LatentMap map = g.dimension() == 2 ? LatentMap.ofLatentNodes(g, a.data()) : null;
        LatentMap3D volumeMap = g.dimension() == 3 ? LatentMap3D.ofLatentNodes(g, a.data()) : null;
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
        return new MapResult(g, measure, null, map, volumeMap, method, seconds, iterations, null, settings);
    }
}
