package org.latentcartography.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.map.LatentMap;

/** A transform's output folder read back: grid, map and (if found) the measure it was made from. */
record MapInput(Grid grid, LatentMap map, double[] measure) {

    static MapInput read(Path dir, Path measureFile) {
        Grid g = Inputs.readGrid(dir.resolve("grid.json"));
        Path mapFile = dir.resolve("map.npy");
        NpyArray a = Npy.read(mapFile);
        int[] want = {g.size(0) + 1, g.dimension() > 1 ? g.size(1) + 1 : 1, 2};
        if (!Arrays.equals(a.shape(), want)) {
            throw new CartographyException(mapFile + ": shape " + Arrays.toString(a.shape()) + " does not match grid.json (expected "
                    + Arrays.toString(want) + ")");
        }
        LatentMap map = LatentMap.ofLatentNodes(g, a.data());
        Path m = measureFile;
        if (m == null) {
            Path report = dir.resolve("report.json");
            if (Files.exists(report) && Json.read(report) instanceof Map<?, ?> r && r.get("input") instanceof String in) {
                m = Path.of(in).resolve("measure.npy");
            }
        }
        double[] measure = null;
        if (m != null) {
            if (!Files.exists(m)) {
                throw new CartographyException(m + ": no such file (the measure the map was made from; give --measure FILE)");
            }
            measure = TransformCommand.readMeasure(m, g);
        }
        return new MapInput(g, map, measure);
    }
}
