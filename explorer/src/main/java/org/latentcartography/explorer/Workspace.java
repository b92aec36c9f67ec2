package org.latentcartography.explorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.grid.Labels;
import org.latentcartography.core.map.LatentMap;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.spi.ExplorerProvider;

/**
 * What one server shows, read once from the served folders through core's pipeline API: the grid,
 * the measure, the map (when a map folder is among them), the embeddings with their labels and
 * category names, and the folders' real paths (the only places {@code /files/} reads from).
 *
 * <p>Folders are recognised by what they hold: a measure folder ({@code measure.npy},
 * {@code grid.json}), a map folder ({@code map.npy}; its measure is the one served beside it, else
 * the one its report names), a model or demo folder ({@code z.npy}, {@code labels.npy},
 * {@code categories.json}).
 *
 * @param grid the 2-D grid, never null
 * @param measure the measure, one value per cell in C order (axis 0 = x), never null
 * @param measureName what the measure is, for the page
 * @param map the density-equalising map, or null when no map folder is served
 * @param points the embeddings' (x, y) pairs inside the grid, or an empty array
 * @param moved their transformed positions, or null without a map
 * @param labels one label per point, or null
 * @param categories category names by label, possibly empty
 * @param folders the served folders' real paths, in the order given
 */
record Workspace(Grid grid, double[] measure, String measureName, LatentMap map, double[] points, double[] moved,
                 int[] labels, List<String> categories, List<Path> folders) {

    static Workspace read(ExplorerProvider.Settings s) {
        List<Path> real = new ArrayList<>();
        Path measureDir = null;
        Path mapDir = null;
        Path embeddingsFile = s.embeddings();
        for (Path f : s.folders()) {
            if (!Files.isDirectory(f)) {
                throw new CartographyException(f + ": no such folder");
            }
            try {
                real.add(f.toRealPath());
            } catch (IOException e) {
                throw new CartographyException(f + ": cannot read (" + e.getMessage() + ")", e);
            }
            if (Files.isRegularFile(f.resolve(MapResult.MAP_FILE))) {
                mapDir = only(mapDir, f, "map");
            } else if (Files.isRegularFile(f.resolve(MeasureResult.MEASURE_FILE))) {
                measureDir = only(measureDir, f, "measure");
            }
            if (embeddingsFile == null && Files.isRegularFile(f.resolve("z.npy"))) {
                embeddingsFile = f.resolve("z.npy");
            }
        }
        MeasureResult measure = measureDir == null ? null : MeasureResult.read(measureDir);
        MapResult map = null;
        if (mapDir != null) {
            map = MapResult.read(mapDir, measureDir == null ? null : measureDir.resolve(MeasureResult.MEASURE_FILE));
            if (measure != null && !measure.grid().equals(map.grid())) {
                throw new CartographyException(mapDir + ": the map's grid " + map.grid() + " is not the measure's "
                        + measure.grid() + " (" + measureDir + ")");
            }
        }
        if (measure == null && (map == null || map.measure() == null)) {
            throw new CartographyException(s.folders() + ": no measure among the folders (serve a folder that 'cartography "
                    + "measure' wrote, or a map folder whose report names its measure)");
        }
        Grid grid = measure != null ? measure.grid() : map.grid();
        if (grid.dimension() != 2) {
            throw new CartographyException(s.folders().get(0) + ": the explorer shows 2-D grids; this one is " + grid);
        }
        double[] values = measure != null ? measure.values() : map.measure();
        String name = measure != null ? measure.measureName() + " of " + measure.functionName() : "measure";
        double[] xy = new double[0];
        int[] lab = null;
        List<String> names = List.of();
        if (embeddingsFile != null) {
            Embeddings emb = Embeddings.read(embeddingsFile);
            xy = MapResult.points(grid, emb);
            Path labelsFile = s.labels() != null ? s.labels() : embeddingsFile.resolveSibling("labels.npy");
            if (Files.isRegularFile(labelsFile)) {
                lab = Labels.read(labelsFile, emb.count());
                names = Labels.names(labelsFile);
            }
        }
        LatentMap latentMap = map == null ? null : map.map();
        double[] moved = latentMap == null ? null : latentMap.forward(xy);
        return new Workspace(grid, values, name, latentMap, xy, moved, lab, names, List.copyOf(real));
    }

    private static Path only(Path seen, Path f, String what) {
        if (seen != null) {
            throw new CartographyException(f + ": a second " + what + " folder (already serving " + seen
                    + "); serve one measure and one map at a time");
        }
        return f;
    }
}
