package org.latentcartography.cli;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Arrays;
import org.latentcartography.core.grid.Grid;

/**
 * map.png: the original latent space (√measure in red, embeddings, straight grid lines) beside the
 * transformed space (the same grid lines deformed by the map, transformed embeddings), as in the
 * paper's Fig. 1 top and bottom rows.
 */
final class MapFigure {
    private MapFigure() {
    }

    /**
     * @param nodes transformed node positions in latent coordinates, [(n1+1)(n2+1)·2]
     * @param points original embeddings as (x, y) pairs, or null
     * @param moved transformed embeddings as (x, y) pairs, or null
     * @param names class names by label for the legend (may be empty: numbers)
     */
    static void write(Path file, Grid grid, double[] measure, double[] nodes, double[] points, double[] moved,
                      int[] labels, java.util.List<String> names, String title) {
        int n1 = grid.size(0);
        int n2 = grid.size(1);
        int size = 520;
        int left = 80;
        int gap = 100;
        int top = 60;
        Figure f = new Figure(left + 2 * size + gap + 30, top + size + 60);
        f.title(title);
        Figure.Panel a = f.panel(left, top, size, size, grid.lower(0), grid.upper(0), grid.lower(1), grid.upper(1));
        a.sqrtMeasure(measure, n1, n2);
        Figure.Panel b = f.panel(left + size + gap, top, size, size, grid.lower(0), grid.upper(0), grid.lower(1), grid.upper(1));
        int every = Math.max(1, Math.max(n1, n2) / 32);
        Color line = new Color(120, 120, 120, 140);
        for (int axis = 0; axis < 2; axis++) {
            for (int line0 = 0; line0 <= (axis == 0 ? n1 : n2); line0 += every) {
                double[][] both = gridLine(grid, nodes, axis, line0);
                a.polyline(both[0], line, 0.6f);
                b.polyline(both[1], line, 0.6f);
            }
        }
        if (points != null) {
            a.points(points, labels, 1.3, 0.7f);
            b.points(moved, labels, 1.3, 0.7f);
            if (labels != null) {
                b.legend(Arrays.stream(labels).distinct().sorted().limit(20).toArray(), names);
            }
        }
        a.axes("z1", "z2", "latent space Z, √measure in red");
        b.axes("z̃1", "z̃2", "transformed space Z̃ = T(Z)");
        f.save(file);
    }

    /**
     * Grid line {@code index} across axis {@code axis} (the nodes with that index along it): its
     * straight position in Z and its image under the map, as (x, y) pairs.
     */
    static double[][] gridLine(Grid grid, double[] nodes, int axis, int index) {
        int n1 = grid.size(0);
        int n2 = grid.size(1);
        int count = (axis == 0 ? n2 : n1) + 1;
        double[] straight = new double[2 * count];
        double[] bent = new double[2 * count];
        for (int m = 0; m < count; m++) {
            int i = axis == 0 ? index : m;
            int j = axis == 0 ? m : index;
            straight[2 * m] = grid.lower(0) + i * grid.width(0);
            straight[2 * m + 1] = grid.lower(1) + j * grid.width(1);
            int k = 2 * (i * (n2 + 1) + j);
            bent[2 * m] = nodes[k];
            bent[2 * m + 1] = nodes[k + 1];
        }
        return new double[][] {straight, bent};
    }
}
