package org.latentcartography.cli;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.latentcartography.core.grid.Grid;

/**
 * map.png of a 3-D map: one row per coordinate plane (z1-z2, z1-z3, z2-z3). On the left, the
 * middle slice of the measure across the third axis (√measure in red, on one scale for all
 * slices) with that slice's straight grid lines and the embeddings projected onto the plane; on
 * the right, the same grid lines moved by the map and projected onto the plane, with the
 * transformed embeddings projected likewise.
 */
final class MapFigure3D {
    /** The planes: the two axes drawn, then the axis cut across. */
    private static final int[][] PLANES = {{0, 1, 2}, {0, 2, 1}, {1, 2, 0}};

    private MapFigure3D() {
    }

    /**
     * @param nodes transformed node positions in latent coordinates, [(n1+1)(n2+1)(n3+1)·3]
     * @param points original embeddings as (x, y, z) triples, or null
     * @param moved transformed embeddings as triples, or null
     * @param names class names by label for the legend (may be empty: numbers)
     */
    static void write(Path file, Grid grid, double[] measure, double[] nodes, double[] points, double[] moved,
                      int[] labels, List<String> names, String title) {
        int size = 340;
        int left = 80;
        int gap = 100;
        int top = 60;
        int rowGap = 80;
        Figure f = new Figure(left + 2 * size + gap + 30, top + 3 * size + 2 * rowGap + 60);
        f.title(title + ", middle slices and projections");
        double[] root = new double[measure == null ? 0 : measure.length];
        for (int c = 0; c < root.length; c++) {
            root[c] = Math.sqrt(measure[c]);
        }
        double topValue = root.length == 0 ? 1 : Figure.quantile(root, 0.995);
        double scale = topValue > 0 ? topValue : 1;
        Color line = new Color(120, 120, 120, 140);
        for (int row = 0; row < 3; row++) {
            int ax = PLANES[row][0];
            int ay = PLANES[row][1];
            int across = PLANES[row][2];
            int mid = grid.size(across) / 2;
            int y0 = top + row * (size + rowGap);
            Figure.Panel a = f.panel(left, y0, size, size, grid.lower(ax), grid.upper(ax), grid.lower(ay), grid.upper(ay));
            Figure.Panel b = f.panel(left + size + gap, y0, size, size, grid.lower(ax), grid.upper(ax), grid.lower(ay),
                    grid.upper(ay));
            if (root.length > 0) {
                a.field(slice(grid, root, ax, ay, across, Math.min(mid, grid.size(across) - 1)), grid.size(ax),
                        grid.size(ay), v -> Figure.whiteToRed(v / scale));
            }
            int every = Math.max(1, Math.max(grid.size(ax), grid.size(ay)) / 24);
            for (int dir = 0; dir < 2; dir++) {
                int along = dir == 0 ? ax : ay;
                for (int index = 0; index <= grid.size(along); index += every) {
                    double[][] both = gridLine(grid, nodes, ax, ay, across, mid, dir == 0, index);
                    a.polyline(both[0], line, 0.6f);
                    b.polyline(both[1], line, 0.6f);
                }
            }
            if (points != null) {
                a.points(project(points, ax, ay), labels, 1.3, 0.6f);
                b.points(project(moved, ax, ay), labels, 1.3, 0.6f);
                if (labels != null && row == 0) {
                    b.legend(Arrays.stream(labels).distinct().sorted().limit(20).toArray(), names);
                }
            }
            String sx = "z" + (ax + 1);
            String sy = "z" + (ay + 1);
            String cut = "z" + (across + 1);
            a.axes(sx, sy, "Z: √measure on the slice " + cut + " = " + Figure.tickLabel(
                    grid.lower(across) + (mid + 0.5) * grid.width(across)) + ", points projected");
            b.axes(sx + "~", sy + "~", "T(Z): that slice's nodes moved, points projected");
        }
        f.save(file);
    }

    /** The values of cell layer {@code index} across axis {@code across}, as an (ax, ay) field. */
    static double[] slice(Grid grid, double[] values, int ax, int ay, int across, int index) {
        int na = grid.size(ax);
        int nb = grid.size(ay);
        double[] out = new double[na * nb];
        int[] cell = new int[3];
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < nb; j++) {
                cell[ax] = i;
                cell[ay] = j;
                cell[across] = index;
                out[i * nb + j] = values[(cell[0] * grid.size(1) + cell[1]) * grid.size(2) + cell[2]];
            }
        }
        return out;
    }

    /**
     * A grid line of the node layer {@code layer} across axis {@code across}: the nodes with index
     * {@code index} along ax (first) or ay, straight in Z and moved by the map, both projected onto
     * (ax, ay), as (x, y) pairs.
     */
    static double[][] gridLine(Grid grid, double[] nodes, int ax, int ay, int across, int layer, boolean fixX,
                               int index) {
        int count = (fixX ? grid.size(ay) : grid.size(ax)) + 1;
        double[] straight = new double[2 * count];
        double[] bent = new double[2 * count];
        int[] node = new int[3];
        for (int m = 0; m < count; m++) {
            node[ax] = fixX ? index : m;
            node[ay] = fixX ? m : index;
            node[across] = layer;
            straight[2 * m] = grid.lower(ax) + node[ax] * grid.width(ax);
            straight[2 * m + 1] = grid.lower(ay) + node[ay] * grid.width(ay);
            int k = 3 * ((node[0] * (grid.size(1) + 1) + node[1]) * (grid.size(2) + 1) + node[2]);
            bent[2 * m] = nodes[k + ax];
            bent[2 * m + 1] = nodes[k + ay];
        }
        return new double[][] {straight, bent};
    }

    /** @return the points' (ax, ay) coordinates as pairs */
    static double[] project(double[] xyz, int ax, int ay) {
        double[] out = new double[2 * (xyz.length / 3)];
        for (int p = 0; p < xyz.length / 3; p++) {
            out[2 * p] = xyz[3 * p + ax];
            out[2 * p + 1] = xyz[3 * p + ay];
        }
        return out;
    }
}
