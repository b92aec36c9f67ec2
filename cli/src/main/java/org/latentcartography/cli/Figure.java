package org.latentcartography.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.io.AtomicFiles;

/** A PNG figure of one or more panels, drawn with Java2D (headless). */
final class Figure {
    /** Ten well-separated colours for class labels (the common "category10" palette's hues). */
    static final Color[] LABEL_COLORS = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    private final BufferedImage image;
    private final SVGGraphics2D svg;
    final Graphics2D g;
    private final int width;

    /** A PNG figure. */
    Figure(int width, int height) {
        this(width, height, false);
    }

    private Figure(int width, int height, boolean vector) {
        System.setProperty("java.awt.headless", "true");
        this.width = width;
        if (vector) {
            image = null;
            svg = new SVGGraphics2D(width, height);
            g = svg;
        } else {
            image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            svg = null;
            g = image.createGraphics();
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    /** Draws a centred title at the top. */
    void title(String text) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (width - fm.stringWidth(text)) / 2, 24);
    }

    Panel panel(int x, int y, int w, int h, double xmin, double xmax, double ymin, double ymax) {
        return new Panel(x, y, w, h, xmin, xmax, ymin, ymax);
    }

    /** Writes the figure (PNG, or SVG for a vector figure) atomically. */
    void save(Path file) {
        g.dispose();
        if (svg != null) {
            AtomicFiles.writeString(file, svg.getSVGDocument());
            return;
        }
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new CartographyException(file + ": no PNG writer available");
            }
        });
    }

    /**
     * Draws a figure into {@code png}, and with {@code alsoSvg} the same drawing into a sibling
     * file ending in .svg (raster fields are embedded as images there, lines and text stay vectors).
     */
    static void draw(Path png, boolean alsoSvg, int width, int height, java.util.function.Consumer<Figure> body) {
        Figure f = new Figure(width, height);
        body.accept(f);
        f.save(png);
        if (alsoSvg) {
            Figure v = new Figure(width, height, true);
            body.accept(v);
            String name = png.getFileName().toString().replaceFirst("\\.png$", "");
            v.save(png.resolveSibling(name + ".svg"));
        }
    }

    /** @return a colour for a label */
    static Color labelColor(int label) {
        return LABEL_COLORS[Math.floorMod(label, LABEL_COLORS.length)];
    }

    /** White to red, as in the paper's Fig. 1: t in [0, 1]. */
    static int whiteToRed(double t) {
        t = Math.max(0, Math.min(1, t));
        int r = (int) Math.round(255 - 55 * t * t);
        int gb = (int) Math.round(255 * (1 - t));
        return (r << 16) | (gb << 8) | gb;
    }

    /**
     * The q-quantile of the values (0 &lt;= q &lt;= 1): the value at index round(q·(n − 1)) of the
     * values sorted as {@link Arrays#sort(double[])} sorts them, found by selection (a few passes
     * over the values instead of sorting them all; same value, bit for bit).
     */
    static double quantile(double[] values, double q) {
        int i = (int) Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))));
        return select(values.clone(), i);
    }

    /**
     * The k-th smallest of {@code a} in the order of {@link Double#compare} (the order of
     * {@link Arrays#sort(double[])}: −0.0 before 0.0, NaN last): quickselect with a median-of-three
     * pivot and a three-way partition (runs of equal values end the search at once).
     *
     * @param a the values; reordered
     * @param k 0 &lt;= k &lt; a.length
     */
    static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (hi - lo > 32) {
            int mid = (lo + hi) >>> 1;
            double p = median(a[lo], a[mid], a[hi]);
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                int c = Double.compare(a[i], p);
                if (c < 0) {
                    swap(a, lt++, i++);
                } else if (c > 0) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return p; // a[lt..gt] all compare equal to p, i.e. are p
            }
        }
        Arrays.sort(a, lo, hi + 1);
        return a[k];
    }

    private static double median(double x, double y, double z) {
        if (Double.compare(x, y) > 0) {
            double t = x;
            x = y;
            y = t;
        }
        if (Double.compare(y, z) > 0) {
            y = z;
        }
        return Double.compare(x, y) > 0 ? x : y;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * Loads what drawing and saving a figure needs (Java2D, the fonts, the PNG writer) by drawing a
     * small one into memory. A command calls it on a thread of its own at its start, while the
     * model loads and runs, so that its figure costs only its drawing at the end. Fails silently:
     * the real figure reports any problem.
     */
    static void warmUp() {
        try {
            Figure f = new Figure(64, 48);
            f.title("0.5");
            Panel p = f.panel(8, 8, 40, 30, 0, 1, 0, 1);
            p.points(new double[] {0.5, 0.5}, new int[] {1}, 1.4, 0.7f);
            f.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            f.g.drawString("z1", 10, 40);
            f.g.dispose();
            ImageIO.write(f.image, "png", new java.io.ByteArrayOutputStream());
        } catch (RuntimeException | java.io.IOException | LinkageError e) {
            // the real figure reports it
        }
    }

    /** Starts {@link #warmUp} on a daemon thread of its own. */
    static void warmUpInBackground() {
        Thread t = new Thread(Figure::warmUp, "figure-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** A rectangular plotting area with data coordinates. */
    final class Panel {
        final int x;
        final int y;
        final int w;
        final int h;
        final double xmin;
        final double xmax;
        final double ymin;
        final double ymax;

        Panel(int x, int y, int w, int h, double xmin, double xmax, double ymin, double ymax) {
            this.x = x;
            this.y = y;
            this.w = w;
            this.h = h;
            this.xmin = xmin;
            this.xmax = xmax;
            this.ymin = ymin;
            this.ymax = ymax;
        }

        double px(double dx) {
            return x + (dx - xmin) / (xmax - xmin) * w;
        }

        double py(double dy) {
            return y + h - (dy - ymin) / (ymax - ymin) * h;
        }

        /**
         * Fills the panel with a field over its data box: value (i, j) at {@code i * n2 + j}, i
         * along x, j along y; colour from {@code colour.applyAsInt(value)}.
         */
        void field(double[] values, int n1, int n2, java.util.function.DoubleToIntFunction colour) {
            BufferedImage tile = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int py = 0; py < h; py++) {
                int j = Math.min(n2 - 1, (int) ((h - 1 - py + 0.5) * n2 / h));
                for (int px = 0; px < w; px++) {
                    int i = Math.min(n1 - 1, (int) ((px + 0.5) * n1 / w));
                    tile.setRGB(px, py, colour.applyAsInt(values[i * n2 + j]));
                }
            }
            g.drawImage(tile, x, y, null);
        }

        /**
         * Fills the panel with √measure in white-to-red (paper Fig. 1), full red at the 99.5th
         * percentile so that a few hot cells do not wash out the rest.
         *
         * @return the value shown as full red
         */
        double sqrtMeasure(double[] measure, int n1, int n2) {
            double[] root = new double[measure.length];
            for (int i = 0; i < root.length; i++) {
                root[i] = Math.sqrt(measure[i]);
            }
            double top = quantile(root, 0.995);
            if (!(top > 0)) {
                top = Arrays.stream(root).max().orElse(1);
            }
            double scale = top > 0 ? top : 1;
            field(root, n1, n2, v -> whiteToRed(v / scale));
            return scale;
        }

        /** Draws points (row-major x, y pairs) coloured by label, or dark grey without labels. */
        void points(double[] xy, int[] labels, double radius, float alpha) {
            java.awt.Shape clip = g.getClip();
            g.setClip(x, y, w, h);
            for (int i = 0; i < xy.length / 2; i++) {
                Color c = labels == null ? new Color(40, 40, 40) : labelColor(labels[i]);
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(alpha * 255)));
                g.fill(new Ellipse2D.Double(px(xy[2 * i]) - radius, py(xy[2 * i + 1]) - radius, 2 * radius, 2 * radius));
            }
            g.setClip(clip);
        }

        /** Draws a polyline through (x, y) pairs. */
        void polyline(double[] xy, Color colour, float widthPx) {
            Path2D.Double p = new Path2D.Double();
            for (int i = 0; i < xy.length / 2; i++) {
                if (i == 0) {
                    p.moveTo(px(xy[0]), py(xy[1]));
                } else {
                    p.lineTo(px(xy[2 * i]), py(xy[2 * i + 1]));
                }
            }
            java.awt.Shape clip = g.getClip();
            g.setClip(x, y, w, h);
            g.setColor(colour);
            g.setStroke(new BasicStroke(widthPx, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(p);
            g.setClip(clip);
        }

        /** Draws the frame, ticks with data coordinates, axis labels and a title. */
        void axes(String xlabel, String ylabel, String title) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x, y, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (double t : ticks(xmin, xmax)) {
                int px = (int) Math.round(px(t));
                g.drawLine(px, y + h, px, y + h + 5);
                String s = tickLabel(t);
                g.drawString(s, px - fm.stringWidth(s) / 2, y + h + 18);
            }
            for (double t : ticks(ymin, ymax)) {
                int py = (int) Math.round(py(t));
                g.drawLine(x - 5, py, x, py);
                String s = tickLabel(t);
                g.drawString(s, x - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            fm = g.getFontMetrics();
            g.drawString(xlabel, x + (w - fm.stringWidth(xlabel)) / 2, y + h + 36);
            AffineTransform old = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(ylabel, -(y + (h + fm.stringWidth(ylabel)) / 2), x - 42);
            g.setTransform(old);
            if (title != null) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
                fm = g.getFontMetrics();
                g.drawString(title, x + (w - fm.stringWidth(title)) / 2, y - 8);
            }
        }

        /** A vertical colour bar to the right of the panel. */
        void colourBar(double max, String label, java.util.function.DoubleToIntFunction colour) {
            int bx = x + w + 14;
            int bw = 14;
            for (int py = 0; py < h; py++) {
                g.setColor(new Color(colour.applyAsInt(1.0 - (py + 0.5) / h)));
                g.fillRect(bx, y + py, bw, 1);
            }
            g.setColor(Color.BLACK);
            g.drawRect(bx, y, bw, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            for (double t : ticks(0, max)) {
                int py = (int) Math.round(y + h - t / max * h);
                g.drawLine(bx + bw, py, bx + bw + 4, py);
                g.drawString(tickLabel(t), bx + bw + 6, py + fm.getAscent() / 2 - 1);
            }
            AffineTransform old = g.getTransform();
            g.rotate(Math.PI / 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            fm = g.getFontMetrics();
            g.drawString(label, y + (h - fm.stringWidth(label)) / 2, -(bx + bw + 52));
            g.setTransform(old);
        }

        /**
         * Fills the panel with a measure in white-to-black (paper Fig. 5), full black at the 99th
         * percentile.
         */
        void greyMeasure(double[] measure, int n1, int n2) {
            double top = quantile(measure, 0.99);
            double scale = top > 0 ? top : Math.max(1e-300, Arrays.stream(measure).max().orElse(1));
            field(measure, n1, n2, v -> {
                int grey = (int) Math.round(255 * (1 - Math.max(0, Math.min(1, v / scale))));
                return (grey << 16) | (grey << 8) | grey;
            });
        }

        /** A legend of label colours with names, in the panel's top-right corner. */
        void legend(int[] distinctLabels, java.util.List<String> names) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            int rowH = fm.getHeight();
            int textW = 0;
            for (int l : distinctLabels) {
                textW = Math.max(textW, fm.stringWidth(l >= 0 && l < names.size() ? names.get(l) : Integer.toString(l)));
            }
            int bw = textW + 24;
            int bh = rowH * distinctLabels.length + 6;
            int bx = x + w - bw - 6;
            int by = y + 6;
            g.setColor(new Color(255, 255, 255, 215));
            g.fillRect(bx, by, bw, bh);
            g.setColor(Color.GRAY);
            g.drawRect(bx, by, bw, bh);
            for (int i = 0; i < distinctLabels.length; i++) {
                int l = distinctLabels[i];
                g.setColor(labelColor(l));
                g.fillOval(bx + 5, by + 5 + i * rowH + 2, 8, 8);
                g.setColor(Color.BLACK);
                g.drawString(l >= 0 && l < names.size() ? names.get(l) : Integer.toString(l), bx + 17, by + 3 + (i + 1) * rowH - 2);
            }
        }

        /** A legend of label colours, labelled by number, in the panel's top-right corner. */
        void legend(int[] distinctLabels) {
            legend(distinctLabels, java.util.List.of());
        }
    }

    /** About five round tick positions within [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double span = hi - lo;
        if (!(span > 0)) {
            return new double[] {lo};
        }
        double raw = span / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double first = Math.ceil(lo / step - 1e-9) * step;
        int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        double[] t = new double[Math.max(0, n)];
        for (int i = 0; i < t.length; i++) {
            t[i] = first + i * step;
            if (Math.abs(t[i]) < step * 1e-9) {
                t[i] = 0;
            }
        }
        return t;
    }

    static String tickLabel(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
