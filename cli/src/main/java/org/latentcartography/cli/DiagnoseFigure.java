package org.latentcartography.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.latentcartography.core.analysis.Plateaus;
import org.latentcartography.core.grid.Grid;

/**
 * diagnosis.png: √measure in white-to-red, the suspect plateaus tinted in blue (rank numbers at their
 * centres), the empty plateaus in grey, the codes as small dots and the codes inside the suspects as
 * black rings; a list of the top suspects under the panel.
 */
public final class DiagnoseFigure {
    /** Tint of a suspect region. */
    static final Color SUSPECT = new Color(30, 90, 220);
    /** Tint of an empty region. */
    static final Color EMPTY = new Color(120, 120, 120);

    private DiagnoseFigure() {
    }

    /**
     * Draws the diagnosis of a 2-D grid.
     *
     * @param file the PNG
     * @param d the diagnosis
     * @param measure the measure it was made from
     * @param xy the codes' (x, y) pairs
     * @param labels the codes' labels, or null
     * @param top how many suspects to tint and list
     * @param title the title
     */
    public static void write(Path file, Plateaus.Diagnosis d, double[] measure, double[] xy, int[] labels, int top,
                             String title) {
        Grid g = d.grid();
        int size = 620;
        int left = 80;
        int topMargin = 56;
        int shown = Math.min(top, d.suspects().size());
        int listTop = topMargin + size + 56;
        int height = listTop + 16 * (Math.max(1, shown) + 2) + 12;
        Figure f = new Figure(left + size + 120, height);
        f.title(title);
        Figure.Panel p = f.panel(left, topMargin, size, size, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
        double scale = p.sqrtMeasure(measure, g.size(0), g.size(1));
        int[] tint = new int[g.cellCount()];
        for (Plateaus.Region r : d.empty()) {
            for (int c : r.cells()) {
                tint[c] = -1;
            }
        }
        for (int k = 0; k < shown; k++) {
            for (int c : d.suspects().get(k).cells()) {
                tint[c] = k + 1;
            }
        }
        double[] cells = new double[g.cellCount()];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = c;
        }
        p.field(cells, g.size(0), g.size(1), v -> {
            int c = (int) v;
            int base = Figure.whiteToRed(Math.sqrt(measure[c]) / scale);
            return tint[c] > 0 ? blend(base, SUSPECT, 0.55) : tint[c] < 0 ? blend(base, EMPTY, 0.35) : base;
        });
        p.points(xy, labels, 1.2, 0.45f);
        List<String> lines = new ArrayList<>();
        f.g.setStroke(new BasicStroke(1.6f));
        for (int k = 0; k < shown; k++) {
            Plateaus.Region r = d.suspects().get(k);
            f.g.setColor(Color.BLACK);
            for (int i : r.indices()) {
                double px = p.px(xy[2 * i]);
                double py = p.py(xy[2 * i + 1]);
                f.g.draw(new Ellipse2D.Double(px - 5, py - 5, 10, 10));
            }
            label(f, (int) p.px(r.centroid()[0]), (int) p.py(r.centroid()[1]), Integer.toString(r.rank()));
            lines.add(String.format(Locale.ROOT,
                    "#%d  score %.1f: %.1f%% of the grid, expects %.1f distinct codes, holds %d (%d distinct)%s; fence %.2f x median",
                    r.rank(), r.score(), 100 * r.areaShare(), r.expected(), r.indices().length, r.distinct(),
                    rows(r, labels), r.fence()));
        }
        p.axes("z1", "z2", null);
        p.colourBar(scale, "sqrt(measure)", t -> Figure.whiteToRed(t));
        f.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        f.g.setColor(Color.BLACK);
        f.g.drawString(String.format(Locale.ROOT, "Plateau cells: measure <= %.3g x median. Blue: plateaus holding codes, "
                + "ranked; grey: plateaus holding none (%d).", d.settings().threshold(), d.empty().size()), left - 40, listTop - 4);
        f.g.drawString("Rings: the codes inside the blue plateaus. Score: expected distinct codes / distinct codes inside.",
                left - 40, listTop + 12);
        for (int k = 0; k < lines.size(); k++) {
            f.g.drawString(lines.get(k), left - 40, listTop + 12 + 16 * (k + 1));
        }
        if (lines.isEmpty()) {
            f.g.drawString("No plateau holds a code.", left - 40, listTop + 28);
        }
        f.save(file);
    }

    private static String rows(Plateaus.Region r, int[] labels) {
        int[] idx = r.indices();
        if (idx.length == 0 || idx.length > 3) {
            return "";
        }
        StringBuilder b = new StringBuilder(" [row");
        b.append(idx.length > 1 ? "s" : "");
        for (int i : idx) {
            b.append(' ').append(i);
            if (labels != null) {
                b.append(" (label ").append(labels[i]).append(')');
            }
        }
        return b.append(']').toString();
    }

    static void label(Figure f, int x, int y, String text) {
        f.g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        FontMetrics fm = f.g.getFontMetrics();
        int w = fm.stringWidth(text);
        f.g.setColor(new Color(255, 255, 255, 220));
        f.g.fillRoundRect(x - w / 2 - 4, y - fm.getAscent() / 2 - 4, w + 8, fm.getAscent() + 6, 6, 6);
        f.g.setColor(SUSPECT.darker());
        f.g.drawString(text, x - w / 2, y + fm.getAscent() / 2 - 1);
    }

    static int blend(int rgb, Color c, double a) {
        int r = (int) Math.round(((rgb >> 16) & 255) * (1 - a) + c.getRed() * a);
        int g = (int) Math.round(((rgb >> 8) & 255) * (1 - a) + c.getGreen() * a);
        int b = (int) Math.round((rgb & 255) * (1 - a) + c.getBlue() * a);
        return (r << 16) | (g << 8) | b;
    }
}
