package org.latentcartography.core.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;

/**
 * A measure map: the grid, one value per cell, optionally the metric tensor field, and what the
 * run did. Writes and reads the documented folder: {@code measure.npy} (float64, grid shape, C
 * order), {@code grid.json}, {@code measure.json} and, with a metric, {@code metric.npy}
 * (grid shape × D × D). Figures are the command line's business.
 *
 * <p>Stability: experimental. The arrays are shared, not copied: do not modify them.
 *
 * @param grid the grid
 * @param values the measure of every cell, C order
 * @param metric J^T J of every cell (cells × D × D), or null
 * @param evaluations meaning-function evaluations made (0 for a result read from a folder)
 * @param seconds seconds of the evaluation
 * @param functionName the generator's name, or the meaning's id
 * @param outputDimension the meaning function's output dimension
 * @param info what {@code measure.json} holds: the specs asked for, the engine's facts, the
 *     meaning function's report, evaluations and seconds
 * @param notes remarks for the caller about the run (e.g. samples averaged over a deterministic function)
 */
public record MeasureResult(Grid grid, double[] values, double[] metric, long evaluations, double seconds,
                            String functionName, int outputDimension, Map<String, Object> info, List<String> notes) {
    /** The measure file's name in a measure folder. */
    public static final String MEASURE_FILE = "measure.npy";
    /** The grid file's name. */
    public static final String GRID_FILE = "grid.json";
    /** The run's facts. */
    public static final String INFO_FILE = "measure.json";
    /** The metric tensor field, when computed. */
    public static final String METRIC_FILE = "metric.npy";

    /**
     * Checks the parts.
     *
     * @param grid the grid
     * @param values the measure of every cell, C order
     * @param metric J^T J of every cell (cells × D × D), or null
     * @param evaluations meaning-function evaluations made (0 for a result read from a folder)
     * @param seconds seconds of the evaluation
     * @param functionName the generator's name, or the meaning's id
     * @param outputDimension the meaning function's output dimension
     * @param info what {@code measure.json} holds: the specs asked for, the engine's facts, the meaning function's report, evaluations and seconds
     * @param notes remarks for the caller about the run (e.g. samples averaged over a deterministic function)
     */
    public MeasureResult {
        if (values.length != grid.cellCount()) {
            throw new IllegalArgumentException(values.length + " values for a grid of " + grid.cellCount() + " cells");
        }
        info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
        notes = List.copyOf(notes);
    }

    static MeasureResult of(Grid grid, double[] values, double[] metric, long evaluations, double seconds, String name,
                            int outputDimension, Map<String, Object> report, Map<String, Object> info,
                            List<String> notes) {
        Map<String, Object> all = new LinkedHashMap<>(info);
        all.put("evaluations", evaluations);
        all.put("seconds", seconds);
        all.put("output_dimension", outputDimension);
        if (!report.isEmpty()) {
            all.put("meaning_report", report);
        }
        return new MeasureResult(grid, values, metric, evaluations, seconds, name, outputDimension, all, notes);
    }

    /** @return the measure spec asked for (from {@link #info}), or "measure" when unknown */
    public String measureName() {
        Object m = info.get("measure");
        return m == null ? "measure" : m.toString();
    }

    /** @return the files {@link #write} writes, by name */
    public List<String> fileNames() {
        return metric == null ? List.of(MEASURE_FILE, GRID_FILE, INFO_FILE)
                : List.of(MEASURE_FILE, GRID_FILE, INFO_FILE, METRIC_FILE);
    }

    /** @return the shape of {@code metric.npy}: the grid's shape, then D, D */
    public int[] metricShape() {
        return metricShape(grid);
    }

    /**
     * @param grid a grid
     * @return the shape of its metric tensor field ({@code metric.npy}): the grid's shape, then D, D
     */
    public static int[] metricShape(Grid grid) {
        int d = grid.dimension();
        int[] shape = Arrays.copyOf(grid.shape(), d + 2);
        shape[d] = d;
        shape[d + 1] = d;
        return shape;
    }

    /**
     * Writes {@code measure.npy}, {@code grid.json}, {@code measure.json} (and {@code metric.npy})
     * into {@code dir}, each atomically (a temporary name, then renamed).
     *
     * @param dir an existing folder, never null
     */
    public void write(Path dir) {
        Npy.writeFloat64(dir.resolve(MEASURE_FILE), grid.shape(), values);
        if (metric != null) {
            Npy.writeFloat64(dir.resolve(METRIC_FILE), metricShape(), metric);
        }
        grid.write(dir.resolve(GRID_FILE));
        AtomicFiles.writeString(dir.resolve(INFO_FILE), Json.write(info));
    }

    /**
     * Reads a measure folder: {@code grid.json} and {@code measure.npy} (whose shape must be the
     * grid's), and {@code metric.npy} and {@code measure.json} when they are there.
     *
     * @param dir the folder, never null
     * @return the measure
     * @throws CartographyException naming the file that is missing or does not fit
     */
    public static MeasureResult read(Path dir) {
        Grid grid = Grid.read(dir.resolve(GRID_FILE));
        double[] values = readValues(dir.resolve(MEASURE_FILE), grid);
        double[] metric = null;
        Path mf = dir.resolve(METRIC_FILE);
        Map<String, Object> info = new LinkedHashMap<>();
        Path jf = dir.resolve(INFO_FILE);
        if (Files.isRegularFile(jf) && Json.read(jf) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> info.put(String.valueOf(k), v));
        }
        String name = info.get("generator") != null ? info.get("generator").toString()
                : info.getOrDefault("meaning", dir.toString()).toString();
        int outDim = info.get("output_dimension") instanceof Number n ? n.intValue() : 0;
        MeasureResult shell = new MeasureResult(grid, values, null, 0, 0, name, outDim, info, List.of());
        if (Files.isRegularFile(mf)) {
            NpyArray a = Npy.read(mf);
            if (!Arrays.equals(a.shape(), shell.metricShape())) {
                throw new CartographyException(mf + ": shape " + Arrays.toString(a.shape()) + " does not match "
                        + GRID_FILE + " (expected " + Arrays.toString(shell.metricShape()) + ")");
            }
            metric = a.data();
        }
        return new MeasureResult(grid, values, metric, 0, 0, name, outDim, info, List.of());
    }

    /**
     * Reads a measure array and checks it has the grid's shape.
     *
     * @param file a {@code measure.npy}, never null
     * @param grid the grid it belongs to
     * @return the values, C order
     * @throws CartographyException naming the file when its shape is not the grid's
     */
    public static double[] readValues(Path file, Grid grid) {
        NpyArray a = Npy.read(file);
        if (!Arrays.equals(a.shape(), grid.shape())) {
            throw new CartographyException(file + ": shape " + Arrays.toString(a.shape()) + " does not match "
                    + GRID_FILE + "'s " + Arrays.toString(grid.shape()));
        }
        return a.data();
    }
}
