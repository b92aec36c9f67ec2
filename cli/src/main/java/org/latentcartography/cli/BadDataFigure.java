package org.latentcartography.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.latentcartography.core.analysis.Plateaus;
import org.latentcartography.core.grid.Grid;

/**
 * The demo's Fig. 3 (paper sec. 4.1.2): √measure of a clean and a corrupted model side by side, the
 * regions whose decoded image is within a distance of one of the repeated digits outlined, the
 * repeated digits' codes ringed, and under each a grid of decoded images with the tiles inside
 * those regions framed.
 */
public final class BadDataFigure {
    /** Colours of the repeated digits' regions (first, second). */
    static final Color[] DIGIT = {new Color(20, 80, 230), new Color(0, 150, 60)};

    private BadDataFigure() {
    }

    /**
     * What one column shows.
     *
     * @param name model name
     * @param grid the measure's grid
     * @param measure the measure
     * @param points the embeddings' (x, y) pairs
     * @param labels their labels
     * @param decodeGrid the grid whose centres were decoded
     * @param nearest per decode cell, the repeated digit it decodes to within the distance, or -1
     * @param tiles decoded images at the centres of a tiles x tiles grid over the same box
     * @param tileNearest per tile, as {@code nearest}
     * @param diagnosis the detector's result on the measure
     */
    public record Panel(String name, Grid grid, double[] measure, double[] points, int[] labels, Grid decodeGrid, int[] nearest,
                        double[] tiles, int[] tileNearest, Plateaus.Diagnosis diagnosis) {
    }

    /**
     * Draws fig3-bad-data.png and .svg.
     *
     * @param file the PNG
     * @param clean the clean model's name
     * @param corrupted the corrupted model's name
     * @param panels clean, then corrupted
     * @param indices the repeated rows
     * @param labels their digits
     * @param images their images (784 each)
     * @param distance the L2 distance that defines the regions
     * @param tiles tiles per axis
     * @param caption lines of numbers under the figure
     */
    public static void fig3(Path file, String clean, String corrupted, List<Panel> panels, int[] indices, int[] labels,
                            double[] images, double distance, int tiles, List<String> caption) {
        int s = 432;
        int left = 70;
        int gap = 100;
        int top = 124;
        int tilesTop = top + s + 70;
        int width = left + 2 * (s + gap) + 40;
        int height = tilesTop + s + 30 + 18 * caption.size();
        Figure.draw(file, true, width, height, f -> {
            f.title("Bad training data (paper Fig. 3): the softplus VAE, clean and with two digits repeated");
            f.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            f.g.setColor(Color.DARK_GRAY);
            f.g.drawString(String.format(Locale.ROOT, "Outlined: where the decoded image lies within L2 %.1f of a repeated "
                    + "digit (pixels in [0, 1]); rings: the repeated digits' own codes; dots: all embeddings.", distance), left - 40, 46);
            keys(f, indices, labels, images, left - 40, 56);
            for (int c = 0; c < panels.size(); c++) {
                Panel p = panels.get(c);
                Grid g = p.grid();
                int x = left + c * (s + gap);
                Figure.Panel a = f.panel(x, top, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
                double scale = a.sqrtMeasure(p.measure(), g.size(0), g.size(1));
                a.points(p.points(), p.labels(), 0.9, 0.25f);
                for (int r = 0; r < indices.length; r++) {
                    outline(f, a, p.decodeGrid(), p.nearest(), r);
                }
                for (int r = 0; r < indices.length; r++) {
                    int i = indices[r];
                    double px = a.px(p.points()[2 * i]);
                    double py = a.py(p.points()[2 * i + 1]);
                    f.g.setStroke(new BasicStroke(4f));
                    f.g.setColor(Color.WHITE);
                    f.g.draw(new Ellipse2D.Double(px - 9, py - 9, 18, 18));
                    f.g.setStroke(new BasicStroke(2.2f));
                    f.g.setColor(DIGIT[r % DIGIT.length]);
                    f.g.draw(new Ellipse2D.Double(px - 9, py - 9, 18, 18));
                }
                String title = c == 0 ? p.name() + " (clean): √measure" : p.name() + " (2 digits repeated): √measure";
                a.axes("z1", "z2", title);
                a.colourBar(scale, "", t -> Figure.whiteToRed(t));
                tileGrid(f, p, x, tilesTop, s, tiles);
            }
            f.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            f.g.setColor(Color.BLACK);
            for (int k = 0; k < caption.size(); k++) {
                f.g.drawString(caption.get(k), left - 40, tilesTop + s + 26 + 18 * k);
            }
        });
    }

    private static void keys(Figure f, int[] indices, int[] labels, double[] images, int x, int y) {
        f.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int cx = x;
        for (int r = 0; r < indices.length; r++) {
            double[] one = java.util.Arrays.copyOfRange(images, r * 784, (r + 1) * 784);
            StudyFigure.strip(f, one, 28, 28, cx, y, 28);
            f.g.setColor(DIGIT[r % DIGIT.length]);
            f.g.setStroke(new BasicStroke(2f));
            f.g.drawRect(cx - 1, y - 1, 28, 28);
            f.g.drawString(String.format(Locale.ROOT, "repeated \"%d\" (row %d)", labels[r], indices[r]), cx + 34, y + 19);
            cx += 230;
        }
    }

    /** Draws the boundary between the decode cells of digit r and the others. */
    private static void outline(Figure f, Figure.Panel a, Grid dg, int[] nearest, int r) {
        int n1 = dg.size(0);
        int n2 = dg.size(1);
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                boolean in = nearest[i * n2 + j] == r;
                double x0 = dg.lower(0) + i * dg.width(0);
                double x1 = x0 + dg.width(0);
                double y0 = dg.lower(1) + j * dg.width(1);
                double y1 = y0 + dg.width(1);
                if (i + 1 < n1 ? in != (nearest[(i + 1) * n2 + j] == r) : in) {
                    path.append(new Line2D.Double(a.px(x1), a.py(y0), a.px(x1), a.py(y1)), false);
                }
                if (i == 0 && in) {
                    path.append(new Line2D.Double(a.px(x0), a.py(y0), a.px(x0), a.py(y1)), false);
                }
                if (j + 1 < n2 ? in != (nearest[i * n2 + j + 1] == r) : in) {
                    path.append(new Line2D.Double(a.px(x0), a.py(y1), a.px(x1), a.py(y1)), false);
                }
                if (j == 0 && in) {
                    path.append(new Line2D.Double(a.px(x0), a.py(y0), a.px(x1), a.py(y0)), false);
                }
            }
        }
        java.awt.Shape clip = f.g.getClip();
        f.g.setClip(a.x, a.y, a.w + 1, a.h + 1);
        f.g.setColor(DIGIT[r % DIGIT.length]);
        f.g.setStroke(new BasicStroke(2f, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
        f.g.draw(path);
        f.g.setClip(clip);
    }

    /** Decoded images over the panel's box, tiles inside a repeated digit's region framed in its colour. */
    private static void tileGrid(Figure f, Panel p, int x, int y, int s, int tiles) {
        int tile = s / tiles;
        for (int i = 0; i < tiles; i++) {
            for (int j = 0; j < tiles; j++) {
                int t = i * tiles + j;
                BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        double v = Math.max(0, Math.min(1, p.tiles()[t * 784 + r * 28 + c]));
                        int grey = (int) Math.round(255 * (1 - v));
                        img.setRGB(c, r, (grey << 16) | (grey << 8) | grey);
                    }
                }
                int px = x + i * tile;
                int py = y + (tiles - 1 - j) * tile;
                f.g.drawImage(img, px, py, tile - 1, tile - 1, null);
                if (p.tileNearest()[t] >= 0) {
                    f.g.setColor(DIGIT[p.tileNearest()[t] % DIGIT.length]);
                    f.g.setStroke(new BasicStroke(2.5f));
                    f.g.drawRect(px + 1, py + 1, tile - 3, tile - 3);
                }
            }
        }
        f.g.setColor(Color.BLACK);
        f.g.setStroke(new BasicStroke(1f));
        f.g.drawRect(x, y, tiles * tile - 1, tiles * tile - 1);
        f.g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        f.g.drawString(p.name() + ": decoded at " + tiles + "x" + tiles + " points over the same box", x, y - 8);
    }
}
