package org.latentcartography.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.latentcartography.core.grid.Grid;

/** The text demo's figures: the paper's Fig. 5, and paths with their decoded sentences. */
public final class TextFigure {

    /** One row of Fig. 5. */
    public record Row(String title, Grid grid, double[] measure, double[] points, double[] moved, int[] labels,
               List<String> categories) {
    }

    private TextFigure() {
    }

    /** Fig. 5: the JSD measure in black with the embeddings (left) and the transformed embeddings (right). */
    public static void fig5(Path file, List<Row> rows, String title) {
        int s = 440;
        int left = 70;
        int gap = 90;
        int top = 70;
        int rowGap = 90;
        Figure.draw(file, true, left + 2 * (s + gap), top + rows.size() * (s + rowGap), f -> {
            f.title(title);
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                Grid g = row.grid();
                int y = top + r * (s + rowGap);
                Figure.Panel a = f.panel(left, y, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
                a.greyMeasure(row.measure(), g.size(0), g.size(1));
                a.points(row.points(), row.labels(), 1.2, 0.55f);
                a.axes("z1", "z2", row.title() + ": JSD measure and embeddings");
                Figure.Panel b = f.panel(left + s + gap, y, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
                b.points(row.moved(), row.labels(), 1.2, 0.6f);
                b.legend(Arrays.stream(row.labels()).distinct().sorted().toArray(), row.categories());
                b.axes("z̃1", "z̃2", row.title() + ": transformed embeddings");
            }
        });
    }

    /**
     * The measure and the transformed space with a straight path (black) and a pseudo-geodesic
     * (red), and below them the sentences decoded at equal steps along each path.
     */
    public static void paths(Path file, Row row, Study.PathPair paths, List<String> straight, List<String> geodesic,
                      String title) {
        int s = 420;
        int left = 70;
        int gap = 90;
        int top = 70;
        int lineH = 17;
        int textTop = top + s + 70;
        int width = left + 2 * (s + gap);
        int height = textTop + (straight.size() + geodesic.size() + 3) * lineH + 30;
        Grid g = row.grid();
        Figure.draw(file, true, width, height, f -> {
            f.title(title);
            Figure.Panel a = f.panel(left, top, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
            a.greyMeasure(row.measure(), g.size(0), g.size(1));
            a.points(row.points(), row.labels(), 1.0, 0.35f);
            StudyFigure.paths(a, paths.straight(), paths.geodesic(), paths.lines(), false);
            a.axes("z1", "z2", row.title() + ": Z, JSD measure");
            Figure.Panel b = f.panel(left + s + gap, top, s, s, g.lower(0), g.upper(0), g.lower(1), g.upper(1));
            b.points(row.moved(), row.labels(), 1.0, 0.45f);
            StudyFigure.paths(b, paths.straightInT(), paths.geodesicInT(), paths.lines(), true);
            b.legend(Arrays.stream(row.labels()).distinct().sorted().toArray(), row.categories());
            b.axes("z̃1", "z̃2", row.title() + ": transformed Z̃");
            f.g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            f.g.setColor(StudyFigure.STRAIGHT);
            int y = textTop;
            f.g.drawString("straight path", left, y);
            f.g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
            FontMetrics fm = f.g.getFontMetrics();
            for (int i = 0; i < straight.size(); i++) {
                y += lineH;
                f.g.drawString(clip(fm, (i + 1) + ". " + straight.get(i), width - left - 20), left, y);
            }
            y += lineH + 8;
            f.g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            f.g.setColor(StudyFigure.GEODESIC);
            f.g.drawString("pseudo-geodesic", left, y);
            f.g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
            for (int i = 0; i < geodesic.size(); i++) {
                y += lineH;
                f.g.drawString(clip(fm, (i + 1) + ". " + geodesic.get(i), width - left - 20), left, y);
            }
            f.g.setColor(Color.BLACK);
        });
    }

    private static String clip(FontMetrics fm, String s, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
