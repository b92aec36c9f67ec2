package org.latentcartography.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.latentcartography.core.analysis.EquidistanceLine;
import org.latentcartography.core.grid.Grid;

/** The demo's figures: the paper's Fig. 1 (one column per model) and Fig. 2 (k-means). */
public final class StudyFigure {
    static final Color STRAIGHT = Color.BLACK;
    static final Color GEODESIC = new Color(200, 0, 0);
    static final Color LINES = new Color(40, 40, 140, 200);
    static final Color TRUE_GEODESIC = new Color(0, 110, 220);

    /** What one column shows. */
    public record Column(String title, Grid grid, double[] measure, double[] points, double[] moved, int[] labels,
                  Study.PathPair paths, double[] straightImages, double[] geodesicImages, double[] trueGeodesicImages,
                  int imageRows, int imageCols) {
    }

    private StudyFigure() {
    }

    public static void fig1(Path file, List<Column> columns, String title) {
        int s = 400;
        int left = 70;
        int gap = 90;
        int tiles = columns.get(0).straightImages().length / (columns.get(0).imageRows() * columns.get(0).imageCols());
        int tile = s / tiles;
        int top = 70;
        int stripTop = top + s + 55;
        int bottomTop = stripTop + 3 * tile + 84 + 40;
        int width = Math.max(left + columns.size() * (s + gap), 12 * title.length() + 40);
        int height = bottomTop + s + 60;
        Figure.draw(file, true, width, height, f -> {
        f.title(title);
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            Grid g = col.grid();
            int x = left + c * (s + gap);
            Figure.Panel a = f.panel(x, top, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
            a.sqrtMeasure(col.measure(), g.size(0), g.size(1));
            a.points(col.points(), col.labels(), 1.0, 0.35f);
            paths(a, col.paths().straight(), col.paths().geodesic(), col.paths().lines(), false);
            trueGeodesic(a, col.paths().trueGeodesic());
            a.axes("z1", "z2", col.title() + ": Z, √measure");
            // interpolation strips
            f.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            f.g.setColor(Color.BLACK);
            f.g.drawString("straight path", x, stripTop - 6);
            strip(f, col.straightImages(), col.imageRows(), col.imageCols(), x, stripTop, tile);
            f.g.setColor(GEODESIC);
            f.g.drawString("pseudo-geodesic", x, stripTop + tile + 18);
            strip(f, col.geodesicImages(), col.imageRows(), col.imageCols(), x, stripTop + tile + 24, tile);
            f.g.setColor(TRUE_GEODESIC);
            f.g.drawString("true geodesic (fast marching)", x, stripTop + 2 * tile + 42);
            strip(f, col.trueGeodesicImages(), col.imageRows(), col.imageCols(), x, stripTop + 2 * tile + 48, tile);
            Figure.Panel b = f.panel(x, bottomTop, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
            b.points(col.moved(), col.labels(), 1.0, 0.5f);
            paths(b, col.paths().straightInT(), col.paths().geodesicInT(), col.paths().lines(), true);
            trueGeodesic(b, col.paths().trueGeodesicInT());
            b.axes("z̃1", "z̃2", col.title() + ": transformed Z̃");
        }
        });
    }

    static void paths(Figure.Panel p, double[] straight, double[] geodesic, List<EquidistanceLine> lines,
                                  boolean transformed) {
        for (EquidistanceLine l : lines) {
            for (double[] piece : transformed ? l.transformed() : l.latent()) {
                p.polyline(piece, LINES, 1.1f);
            }
        }
        // halos first, so that where the two paths run together both stay visible
        p.polyline(straight, Color.WHITE, 5f);
        p.polyline(geodesic, Color.WHITE, 5f);
        p.polyline(straight, STRAIGHT, 2.4f);
        p.polyline(geodesic, GEODESIC, 1.4f);
        double[] a = {straight[0], straight[1]};
        double[] b = {straight[straight.length - 2], straight[straight.length - 1]};
        p.points(new double[] {a[0], a[1], b[0], b[1]}, null, 4, 1f);
    }

    /** The true geodesic over the other paths, with a halo. */
    static void trueGeodesic(Figure.Panel p, double[] path) {
        p.polyline(path, Color.WHITE, 4f);
        p.polyline(path, TRUE_GEODESIC, 1.6f);
    }

    /** Tiles of grey images (values in [0, 1], 0 white, 1 black as in MNIST plots). */
    static void strip(Figure f, double[] images, int rows, int cols, int x, int y, int tile) {
        int per = rows * cols;
        int n = images.length / per;
        for (int k = 0; k < n; k++) {
            BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double v = Math.max(0, Math.min(1, images[k * per + r * cols + c]));
                    int g = (int) Math.round(255 * (1 - v));
                    img.setRGB(c, r, (g << 16) | (g << 8) | g);
                }
            }
            f.g.drawImage(img, x + k * tile, y, tile - 1, tile - 1, null);
        }
        f.g.setColor(Color.GRAY);
        f.g.setStroke(new BasicStroke(1f));
        f.g.drawRect(x, y, n * tile - 1, tile - 1);
    }

    /** Fig. 2: k-means clusters in Z and in Z̃, coloured by cluster, F1 in the titles. */
    public static void fig2(Path file, Grid g, double[] points, double[] moved, int[] before, int[] after, double f1Before,
                     double f1After, String model) {
        int s = 460;
        int left = 70;
        int gap = 90;
        int top = 70;
        Figure.draw(file, true, left + 2 * (s + gap), top + s + 60, f -> {
        f.title("k-means clustering of the " + model + " embeddings (k = " + (Arrays.stream(before).max().orElse(0) + 1)
                + ")");
        Figure.Panel a = f.panel(left, top, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
        a.points(points, before, 1.3, 0.7f);
        a.axes("z1", "z2", String.format(Locale.ROOT, "original space Z: macro F1 %.3f", f1Before));
        Figure.Panel b = f.panel(left + s + gap, top, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
        b.points(moved, after, 1.3, 0.7f);
        b.axes("z̃1", "z̃2", String.format(Locale.ROOT, "transformed space Z̃: macro F1 %.3f", f1After));
        });
    }

    /** One variant of the classifier figure: a measure and its map. */
    public record Variant(String title, Grid grid, double[] measure, double[] points, double[] moved, int[] labels) {
    }

    /** Fig. 4: classifier measures (top, red) and the transformed spaces (bottom), one column per variant. */
    public static void fig4(Path file, List<Variant> variants, String title) {
        int s = 400;
        int left = 70;
        int gap = 90;
        int top = 70;
        int bottomTop = top + s + 80;
        Figure.draw(file, true, left + variants.size() * (s + gap), bottomTop + s + 60, f -> {
            f.title(title);
            for (int c = 0; c < variants.size(); c++) {
                Variant v = variants.get(c);
                Grid g = v.grid();
                int x = left + c * (s + gap);
                Figure.Panel a = f.panel(x, top, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
                a.sqrtMeasure(v.measure(), g.size(0), g.size(1));
                a.points(v.points(), v.labels(), 1.0, 0.45f);
                a.axes("z1", "z2", v.title() + ": density");
                Figure.Panel b = f.panel(x, bottomTop, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
                b.points(v.moved(), v.labels(), 1.0, 0.6f);
                if (c == variants.size() - 1) {
                    b.legend(Arrays.stream(v.labels()).distinct().sorted().limit(20).toArray());
                }
                b.axes("z̃1", "z̃2", v.title() + ": transformed");
            }
        });
    }
}
