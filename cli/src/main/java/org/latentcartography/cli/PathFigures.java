package org.latentcartography.cli;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import org.latentcartography.core.grid.Grid;

/** Figures of the path command: the two spaces with the paths, and the interpolation strips. */
final class PathFigures {
    private PathFigures() {
    }

    static void pair(Path file, Grid g, double[] measure, double[] xy, double[] moved, int[] labels, Study.PathPair pp) {
        int s = 480;
        int left = 70;
        int gap = 90;
        int top = 60;
        Figure f = new Figure(left + 2 * (s + gap), top + s + 60);
        f.title("straight path (black), pseudo-geodesic (red), equidistance lines (blue)");
        Figure.Panel p = f.panel(left, top, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
        p.sqrtMeasure(measure, g.size(0), g.size(1));
        if (xy != null) {
            p.points(xy, labels, 1.0, 0.35f);
        }
        StudyFigure.paths(p, pp.straight(), pp.geodesic(), pp.lines(), false);
        p.axes("z1", "z2", "latent space Z, √measure");
        Figure.Panel q = f.panel(left + s + gap, top, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
        if (moved != null) {
            q.points(moved, labels, 1.0, 0.5f);
        }
        StudyFigure.paths(q, pp.straightInT(), pp.geodesicInT(), pp.lines(), true);
        q.axes("z̃1", "z̃2", "transformed space Z̃");
        f.save(file);
    }

    static void strips(Path file, double[] straight, double[] geodesic, int rows, int cols, int k) {
        int tile = Math.max(28, Math.min(96, 900 / k));
        Figure f = new Figure(40 + k * tile, 2 * tile + 90);
        f.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        f.g.setColor(Color.BLACK);
        f.g.drawString("straight path", 20, 22);
        StudyFigure.strip(f, straight, rows, cols, 20, 30, tile);
        f.g.setColor(StudyFigure.GEODESIC);
        f.g.drawString("pseudo-geodesic", 20, 30 + tile + 22);
        StudyFigure.strip(f, geodesic, rows, cols, 20, 30 + tile + 30, tile);
        f.save(file);
    }
}
