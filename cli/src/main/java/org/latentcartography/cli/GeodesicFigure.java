package org.latentcartography.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.grid.Grid;

/** Figures of the geodesic command: the distance field with equidistance contours and the paths. */
final class GeodesicFigure {
    static final Color GEODESIC = new Color(0, 90, 200);
    static final Color STRAIGHT = Color.BLACK;
    static final Color PSEUDO = new Color(200, 30, 30);
    private static final int CONTOURS = 12;

    private GeodesicFigure() {
    }

    /** The distance field from a source, its equidistance lines and the embeddings. */
    static void field(Path file, Grid g, double[] u, double[] source, double[] xy) {
        int s = 560;
        Figure f = new Figure(70 + s + 110, 60 + s + 60);
        f.title("geodesic distance from (" + Figure.tickLabel(round(source[0])) + ", "
                + Figure.tickLabel(round(source[1])) + ")");
        Figure.Panel p = f.panel(70, 60, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
        double max = background(p, g, u);
        if (xy != null) {
            p.points(xy, null, 1.0, 0.25f);
        }
        contours(f, p, g, u, max);
        marker(f, p, source, GEODESIC);
        p.axes("z1", "z2", null);
        p.colourBar(max, "geodesic distance", GeodesicFigure::shade);
        f.save(file);
    }

    /** The field from the start, its contours, and the geodesic, straight path and pseudo-geodesic. */
    static void paths(Path file, Grid g, double[] u, double[] xy, double[] geodesic, double[] straight, double[] pseudo,
            Map<String, Object> lengths) {
        int s = 560;
        Figure f = new Figure(70 + s + 110, 60 + s + 60);
        f.title("geodesic (blue), straight path (black)" + (pseudo == null ? "" : ", pseudo-geodesic (red)"));
        Figure.Panel p = f.panel(70, 60, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
        double max = background(p, g, u);
        if (xy != null) {
            p.points(xy, null, 1.0, 0.25f);
        }
        contours(f, p, g, u, max);
        p.polyline(straight, STRAIGHT, 2f);
        if (pseudo != null) {
            p.polyline(pseudo, PSEUDO, 2f);
        }
        p.polyline(geodesic, GEODESIC, 2.5f);
        marker(f, p, new double[] {geodesic[0], geodesic[1]}, GEODESIC);
        marker(f, p, new double[] {geodesic[geodesic.length - 2], geodesic[geodesic.length - 1]}, GEODESIC);
        p.axes("z1", "z2", null);
        p.colourBar(max, "geodesic distance from the start", GeodesicFigure::shade);
        // lengths, in a box at the top left
        String[] rows = pseudo == null
                ? new String[] {"length: geodesic " + fmt(lengths.get("length")), "straight " + fmt(lengths.get("straight_length"))}
                : new String[] {"length: geodesic " + fmt(lengths.get("length")), "straight " + fmt(lengths.get("straight_length")),
                    "pseudo-geodesic " + fmt(lengths.get("pseudo_geodesic_length"))};
        Color[] colours = {GEODESIC, STRAIGHT, PSEUDO};
        f.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int rowH = f.g.getFontMetrics().getHeight();
        int bw = 0;
        for (String r : rows) {
            bw = Math.max(bw, f.g.getFontMetrics().stringWidth(r));
        }
        f.g.setColor(new Color(255, 255, 255, 225));
        f.g.fillRect(p.x + 6, p.y + 6, bw + 12, rows.length * rowH + 8);
        f.g.setColor(Color.GRAY);
        f.g.drawRect(p.x + 6, p.y + 6, bw + 12, rows.length * rowH + 8);
        for (int i = 0; i < rows.length; i++) {
            f.g.setColor(colours[i]);
            f.g.drawString(rows[i], p.x + 12, p.y + 6 + (i + 1) * rowH);
        }
        f.save(file);
    }

    /** Fills the panel with the field (pale yellow to dark blue, full at the largest value). */
    private static double background(Figure.Panel p, Grid g, double[] u) {
        double max = 0;
        for (double v : u) {
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        double scale = max > 0 ? max : 1;
        p.field(u, g.size(0), g.size(1), v -> shade(v / scale));
        return scale;
    }

    /** Light yellow (0) through green-cyan to slate blue (1), kept light so that paths stand out. */
    static int shade(double t) {
        t = Math.max(0, Math.min(1, t));
        double[][] stops = {{255, 250, 215}, {190, 230, 190}, {150, 200, 225}, {120, 140, 200}};
        double x = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) x);
        double f = x - i;
        int r = (int) Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
        int gg = (int) Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
        int b = (int) Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
        return (r << 16) | (gg << 8) | b;
    }

    /** Equidistance lines by marching squares between the cell centres. */
    private static void contours(Figure f, Figure.Panel p, Grid g, double[] u, double max) {
        int n0 = g.size(0);
        int n1 = g.size(1);
        java.awt.Shape clip = f.g.getClip();
        f.g.setClip(p.x, p.y, p.w, p.h);
        f.g.setColor(new Color(60, 60, 90, 150));
        f.g.setStroke(new BasicStroke(0.9f));
        for (int c = 1; c < CONTOURS; c++) {
            double level = max * c / CONTOURS;
            for (int i = 0; i + 1 < n0; i++) {
                for (int j = 0; j + 1 < n1; j++) {
                    double v00 = u[i * n1 + j];
                    double v10 = u[(i + 1) * n1 + j];
                    double v01 = u[i * n1 + j + 1];
                    double v11 = u[(i + 1) * n1 + j + 1];
                    double[] pts = new double[8];
                    int k = 0;
                    // edges: bottom (00-10), right (10-11), top (01-11), left (00-01)
                    k = edge(pts, k, v00, v10, level, i, j, i + 1, j);
                    k = edge(pts, k, v10, v11, level, i + 1, j, i + 1, j + 1);
                    k = edge(pts, k, v01, v11, level, i, j + 1, i + 1, j + 1);
                    k = edge(pts, k, v00, v01, level, i, j, i, j + 1);
                    for (int q = 0; q + 3 < k; q += 4) {
                        f.g.draw(new Line2D.Double(p.px(g.centre(0, 0) + pts[q] * g.width(0)),
                                p.py(g.centre(1, 0) + pts[q + 1] * g.width(1)),
                                p.px(g.centre(0, 0) + pts[q + 2] * g.width(0)),
                                p.py(g.centre(1, 0) + pts[q + 3] * g.width(1))));
                    }
                }
            }
        }
        f.g.setClip(clip);
    }

    private static int edge(double[] pts, int k, double va, double vb, double level, int ia, int ja, int ib, int jb) {
        if (k >= 8 || !Double.isFinite(va) || !Double.isFinite(vb) || (va < level) == (vb < level)) {
            return k;
        }
        double t = (level - va) / (vb - va);
        pts[k] = ia + t * (ib - ia);
        pts[k + 1] = ja + t * (jb - ja);
        return k + 2;
    }

    private static void marker(Figure f, Figure.Panel p, double[] z, Color c) {
        double r = 5;
        f.g.setColor(Color.WHITE);
        f.g.fill(new Ellipse2D.Double(p.px(z[0]) - r - 1.5, p.py(z[1]) - r - 1.5, 2 * r + 3, 2 * r + 3));
        f.g.setColor(c);
        f.g.fill(new Ellipse2D.Double(p.px(z[0]) - r, p.py(z[1]) - r, 2 * r, 2 * r));
    }

    private static String fmt(Object v) {
        return String.format(Locale.ROOT, "%.4g", ((Number) v).doubleValue());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Interpolation strips along the paths, one row each, named and coloured as in geodesic.png. */
    static void strips(Path file, List<String> names, List<double[]> images, int rows, int cols, int steps) {
        int tile = Math.max(28, Math.min(64, 640 / steps));
        int left = 20;
        Figure f = new Figure(left + steps * tile + 20, 50 + names.size() * (tile + 30));
        f.title("decoded along the paths (" + steps + " points spaced equally along each)");
        f.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < names.size(); i++) {
            int y = 50 + i * (tile + 30);
            f.g.setColor(names.get(i).startsWith("true") ? GEODESIC : names.get(i).startsWith("pseudo") ? PSEUDO : STRAIGHT);
            f.g.drawString(names.get(i), left, y + 14);
            StudyFigure.strip(f, images.get(i), rows, cols, left, y + 20, tile);
        }
        f.save(file);
    }
}
