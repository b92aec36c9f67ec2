package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.Arrays;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;

/**
 * measure.png: the square-rooted measure in red on white (paper Fig. 1, top row), the embeddings
 * as small dots coloured by label, axes in latent coordinates. Grids of more than two dimensions
 * are shown as the mean over the axes beyond the first two.
 */
final class MeasureFigure {
    private MeasureFigure() {
    }

    static void write(Path file, Grid grid, double[] measure, Embeddings embeddings, int[] labels,
                      java.util.List<String> names, String title) {
        int n1 = grid.size(0);
        int n2 = grid.dimension() > 1 ? grid.size(1) : 1;
        double[] plane = project(grid, measure);
        int size = 620;
        int left = 80;
        int topMargin = 50;
        Figure f = new Figure(left + size + 110, topMargin + size + 60);
        double ylo = grid.dimension() > 1 ? grid.lower(1) : 0;
        double yhi = grid.dimension() > 1 ? grid.upper(1) : 1;
        Figure.Panel p = f.panel(left, topMargin, size, size, grid.lower(0), grid.upper(0), ylo, yhi);
        double top = p.sqrtMeasure(plane, n1, n2);
        if (embeddings != null && embeddings.dimension() >= 2) {
            double[] xy = new double[embeddings.count() * 2];
            for (int i = 0; i < embeddings.count(); i++) {
                xy[2 * i] = embeddings.get(i, 0);
                xy[2 * i + 1] = embeddings.get(i, 1);
            }
            p.points(xy, labels, 1.4, labels == null ? 0.5f : 0.7f);
            if (labels != null) {
                p.legend(Arrays.stream(labels).distinct().sorted().limit(20).toArray(), names);
            }
        }
        String suffix = grid.dimension() > 2 ? " (mean over z3..)" : "";
        p.axes("z1", grid.dimension() > 1 ? "z2" : "", title + suffix);
        p.colourBar(top, "sqrt(measure)", t -> Figure.whiteToRed(t));
        f.save(file);
    }

    /** The measure on the plane of the first two axes (mean over the others). */
    static double[] project(Grid grid, double[] measure) {
        if (grid.dimension() <= 2) {
            return measure;
        }
        int n1 = grid.size(0);
        int n2 = grid.size(1);
        int rest = grid.cellCount() / (n1 * n2);
        double[] out = new double[n1 * n2];
        for (int c = 0; c < measure.length; c++) {
            out[c / rest] += measure[c] / rest;
        }
        return out;
    }
}
