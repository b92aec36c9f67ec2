package org.latentcartography.core.map;

import java.util.Arrays;
import java.util.Locale;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Grid;

/**
 * A density-equalising map T of a 2-D grid's box onto itself (paper sec. 3), given by the
 * transformed position of every grid node and bilinear between them.
 *
 * <p><b>Coordinates.</b> The box is [lower<sub>0</sub>, upper<sub>0</sub>] &#215;
 * [lower<sub>1</sub>, upper<sub>1</sub>] with n1 &#215; n2 cells of widths &#916;<sub>k</sub> =
 * (upper<sub>k</sub> - lower<sub>k</sub>) / n<sub>k</sub>. Node (i, j) starts at
 * (lower<sub>0</sub> + i&#916;<sub>1</sub>, lower<sub>1</sub> + j&#916;<sub>2</sub>) and goes to
 * N<sub>ij</sub>; the transformed space has the same bounds. Nodes are packed as in
 * {@code map.npy}: node (i, j) at {@code 2 * (i * (n2 + 1) + j)}, axis-0 coordinate first. In
 * <em>cell units</em> the box is [0, n1] &#215; [0, n2] and node (i, j) starts at (i, j); that is
 * what {@link org.latentcartography.core.spi.DensityTransform} returns.
 *
 * <p><b>Forward.</b> For z in cell (i, j) at local coordinates (s, u) &#8712; [0, 1]<sup>2</sup>,
 * T(z) = (1-s)(1-u) N<sub>ij</sub> + s(1-u) N<sub>i+1,j</sub> + (1-s)u N<sub>i,j+1</sub> +
 * su N<sub>i+1,j+1</sub>. It is exact at the nodes.
 *
 * <p><b>Inverse.</b> T&#771;(z&#771;) finds the transformed cell that holds z&#771; (the transformed
 * cells' bounding boxes are binned into a coarse grid of about two cells per bin, built on first
 * use) and inverts that cell's bilinear patch by Newton's method to rounding error, so that
 * T(T&#771;(z&#771;)) = z&#771; and T&#771;(T(z)) = z within 1e-9 cell widths for maps without folded
 * cells.
 *
 * <p><b>Outside the box.</b> Points within 1e-9 cell widths of the box are moved onto it; points
 * further out, and points of the transformed box that no transformed cell covers (only possible
 * for folded maps), raise a {@link CartographyException} naming the point.
 *
 * <p>Stability: stable. Immutable and thread-safe; the batch methods may be called from several
 * threads on disjoint output ranges.
 */
public final class LatentMap {
    /** Distance outside the box, in cell widths, still taken as on the box. */
    public static final double BOX_SLACK = 1e-9;
    /** Local-coordinate slack when deciding that a cell holds a point. */
    private static final double CELL_SLACK = 1e-9;
    /**
     * Newton: converged when the update is below this, in local coordinates; convergence is
     * quadratic, so the error left after such an update is at the level of rounding.
     */
    private static final double NEWTON_TOL = 1e-10;
    private static final int NEWTON_MAX = 30;

    private final double lower0;
    private final double lower1;
    private final double upper0;
    private final double upper1;
    private final double d1;
    private final double d2;
    private final int n1;
    private final int n2;
    /** Node positions in cell units. */
    private final double[] nodes;
    private volatile Locator locator;

    private LatentMap(double[] lower, double[] upper, int n1, int n2, double[] cellNodes) {
        if (lower.length != 2 || upper.length != 2) {
            throw new CartographyException("map: a latent map needs a 2-D grid (got " + lower.length + " dimensions)");
        }
        if (n1 < 1 || n2 < 1 || !(upper[0] > lower[0]) || !(upper[1] > lower[1])
                || !Double.isFinite(lower[0] + upper[0] + lower[1] + upper[1])) {
            throw new CartographyException("map: bad grid " + n1 + " x " + n2 + " on "
                    + Arrays.toString(lower) + " .. " + Arrays.toString(upper));
        }
        if (cellNodes.length != 2L * (n1 + 1) * (n2 + 1)) {
            throw new CartographyException("map: " + cellNodes.length + " node coordinates do not fit a "
                    + n1 + " x " + n2 + " grid (need shape [" + (n1 + 1) + ", " + (n2 + 1) + ", 2])");
        }
        for (int k = 0; k < cellNodes.length; k++) {
            if (!Double.isFinite(cellNodes[k])) {
                int node = k / 2;
                throw new CartographyException("map: node (" + node / (n2 + 1) + ", " + node % (n2 + 1)
                        + ") has a non-finite coordinate " + cellNodes[k]);
            }
        }
        this.lower0 = lower[0];
        this.lower1 = lower[1];
        this.upper0 = upper[0];
        this.upper1 = upper[1];
        this.n1 = n1;
        this.n2 = n2;
        this.d1 = (upper[0] - lower[0]) / n1;
        this.d2 = (upper[1] - lower[1]) / n2;
        this.nodes = cellNodes;
    }

    /**
     * @param lower the box's lower bounds, 2 values
     * @param upper the box's upper bounds, 2 values
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param cellNodes transformed nodes in cell units (as a DensityTransform returns them); copied
     * @return the map
     */
    public static LatentMap ofCellNodes(double[] lower, double[] upper, int n1, int n2, double[] cellNodes) {
        return new LatentMap(lower, upper, n1, n2, cellNodes.clone());
    }

    /**
     * @param grid a 2-D grid
     * @param cellNodes transformed nodes in cell units; copied
     * @return the map
     */
    public static LatentMap ofCellNodes(Grid grid, double[] cellNodes) {
        requireTwoD(grid);
        return ofCellNodes(grid.lower(), grid.upper(), grid.size(0), grid.size(1), cellNodes);
    }

    /**
     * A map in cell units: the box [0, n1] &#215; [0, n2].
     *
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param cellNodes transformed nodes in cell units; copied
     * @return the map
     */
    public static LatentMap ofCellNodes(int n1, int n2, double[] cellNodes) {
        return ofCellNodes(new double[] {0, 0}, new double[] {n1, n2}, n1, n2, cellNodes);
    }

    /**
     * @param lower the box's lower bounds
     * @param upper the box's upper bounds
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param latentNodes transformed nodes in latent coordinates, as in {@code map.npy}; not modified
     * @return the map
     */
    public static LatentMap ofLatentNodes(double[] lower, double[] upper, int n1, int n2, double[] latentNodes) {
        double[] cell = latentNodes.clone();
        double w1 = (upper[0] - lower[0]) / n1;
        double w2 = (upper[1] - lower[1]) / n2;
        for (int k = 0; k + 1 < cell.length; k += 2) {
            cell[k] = (cell[k] - lower[0]) / w1;
            cell[k + 1] = (cell[k + 1] - lower[1]) / w2;
        }
        return new LatentMap(lower, upper, n1, n2, cell);
    }

    /**
     * @param grid a 2-D grid
     * @param latentNodes transformed nodes in latent coordinates; not modified
     * @return the map
     */
    public static LatentMap ofLatentNodes(Grid grid, double[] latentNodes) {
        requireTwoD(grid);
        return ofLatentNodes(grid.lower(), grid.upper(), grid.size(0), grid.size(1), latentNodes);
    }

    /**
     * @param grid a 2-D grid
     * @return the identity map on it
     */
    public static LatentMap identity(Grid grid) {
        requireTwoD(grid);
        return ofCellNodes(grid, identityCellNodes(grid.size(0), grid.size(1)));
    }

    /**
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @return the identity's nodes in cell units: node (i, j) at (i, j), packed at
     *     {@code 2 * (i * (n2 + 1) + j)}
     */
    public static double[] identityCellNodes(int n1, int n2) {
        double[] out = new double[2 * (n1 + 1) * (n2 + 1)];
        int k = 0;
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                out[k++] = i;
                out[k++] = j;
            }
        }
        return out;
    }

    private static void requireTwoD(Grid grid) {
        if (grid.dimension() != 2) {
            throw new CartographyException("map: density-equalising maps need a 2-D grid (got "
                    + grid.dimension() + " dimensions)");
        }
    }

    /** @return cells along axis 0 */
    public int n1() {
        return n1;
    }

    /** @return cells along axis 1 */
    public int n2() {
        return n2;
    }

    /** @return the lower bounds */
    public double[] lower() {
        return new double[] {lower0, lower1};
    }

    /** @return the upper bounds */
    public double[] upper() {
        return new double[] {upper0, upper1};
    }

    /** @return a copy of the transformed nodes in cell units */
    public double[] cellNodes() {
        return nodes.clone();
    }

    /** @return the transformed nodes in latent coordinates, shape [n1 + 1, n2 + 1, 2] in C order (map.npy) */
    public double[] latentNodes() {
        double[] out = new double[nodes.length];
        for (int k = 0; k < nodes.length; k += 2) {
            out[k] = lower0 + nodes[k] * d1;
            out[k + 1] = lower1 + nodes[k + 1] * d2;
        }
        return out;
    }

    /**
     * Converts latent points to cell units (no range check).
     *
     * @param latent point k at {@code latent[2k], latent[2k + 1]}; not modified
     * @return the points in cell units
     */
    public double[] toCellUnits(double[] latent) {
        double[] out = new double[latent.length];
        for (int k = 0; k + 1 < latent.length; k += 2) {
            out[k] = (latent[k] - lower0) / d1;
            out[k + 1] = (latent[k + 1] - lower1) / d2;
        }
        return out;
    }

    /**
     * Converts points in cell units to latent coordinates.
     *
     * @param cell point k at {@code cell[2k], cell[2k + 1]}; not modified
     * @return the points in latent coordinates
     */
    public double[] toLatent(double[] cell) {
        double[] out = new double[cell.length];
        for (int k = 0; k + 1 < cell.length; k += 2) {
            out[k] = lower0 + cell[k] * d1;
            out[k + 1] = lower1 + cell[k + 1] * d2;
        }
        return out;
    }

    /**
     * @param points point k at {@code points[2k], points[2k + 1]}, latent coordinates (one point is
     *     an array of 2); not modified
     * @return T of every point, same layout
     * @throws CartographyException when a point lies outside the box
     */
    public double[] forward(double[] points) {
        double[] out = new double[evenLength(points)];
        forward(points, 0, points.length / 2, out);
        return out;
    }

    /**
     * Maps points {@code [from, to)}; {@code out} may be {@code points}.
     *
     * @param points point k at {@code points[2k], points[2k + 1]}, latent coordinates
     * @param from first point
     * @param to one past the last point
     * @param out receives T(point k) at {@code out[2k], out[2k + 1]}
     */
    public void forward(double[] points, int from, int to, double[] out) {
        for (int k = from; k < to; k++) {
            double x = toCell(points[2 * k], lower0, d1, n1, points, k);
            double y = toCell(points[2 * k + 1], lower1, d2, n2, points, k);
            int i = Math.min((int) x, n1 - 1);
            int j = Math.min((int) y, n2 - 1);
            double s = x - i;
            double u = y - j;
            int a = 2 * (i * (n2 + 1) + j);
            int b = a + 2 * (n2 + 1);
            double w00 = (1 - s) * (1 - u);
            double w10 = s * (1 - u);
            double w01 = (1 - s) * u;
            double w11 = s * u;
            double tx = w00 * nodes[a] + w10 * nodes[b] + w01 * nodes[a + 2] + w11 * nodes[b + 2];
            double ty = w00 * nodes[a + 1] + w10 * nodes[b + 1] + w01 * nodes[a + 3] + w11 * nodes[b + 3];
            out[2 * k] = lower0 + tx * d1;
            out[2 * k + 1] = lower1 + ty * d2;
        }
    }

    /**
     * @param points point k at {@code points[2k], points[2k + 1]} of the transformed space (one
     *     point is an array of 2); not modified
     * @return T&#771; of every point, same layout
     * @throws CartographyException when a point lies outside the box or no cell covers it
     */
    public double[] inverse(double[] points) {
        double[] out = new double[evenLength(points)];
        inverse(points, 0, points.length / 2, out);
        return out;
    }

    /**
     * Inverts points {@code [from, to)}; {@code out} may be {@code points}.
     *
     * @param points point k at {@code points[2k], points[2k + 1]} of the transformed space
     * @param from first point
     * @param to one past the last point
     * @param out receives T&#771;(point k) at {@code out[2k], out[2k + 1]}
     */
    public void inverse(double[] points, int from, int to, double[] out) {
        inverse(points, from, to, out, false);
    }

    /**
     * Inverts points {@code [from, to)}, optionally leniently; {@code out} may be {@code points}.
     *
     * @param points point k at {@code points[2k], points[2k + 1]} of the transformed space
     * @param from first point
     * @param to one past the last point
     * @param out receives T&#771;(point k) at {@code out[2k], out[2k + 1]}
     * @param lenient when true, a point that no transformed cell covers (a folded map) gets NaN
     *     instead of an exception; points outside the box still raise one
     */
    public void inverse(double[] points, int from, int to, double[] out, boolean lenient) {
        Locator loc = locator();
        double[] st = new double[2];
        for (int k = from; k < to; k++) {
            double x = toCell(points[2 * k], lower0, d1, n1, points, k);
            double y = toCell(points[2 * k + 1], lower1, d2, n2, points, k);
            int cell = loc.find(x, y, st);
            if (cell < 0 && lenient) {
                out[2 * k] = Double.NaN;
                out[2 * k + 1] = Double.NaN;
                continue;
            }
            if (cell < 0) {
                throw new CartographyException(String.format(Locale.ROOT,
                        "map: no transformed cell covers the point (%.9g, %.9g); the map is folded", points[2 * k],
                        points[2 * k + 1]));
            }
            int i = cell / n2;
            int j = cell % n2;
            out[2 * k] = lower0 + (i + st[0]) * d1;
            out[2 * k + 1] = lower1 + (j + st[1]) * d2;
        }
    }

    private static int evenLength(double[] points) {
        if (points.length % 2 != 0) {
            throw new CartographyException("map: " + points.length + " coordinates are not a list of 2-D points");
        }
        return points.length;
    }

    /** Converts one coordinate to cell units, moving it onto the box when within the slack. */
    private double toCell(double v, double lo, double d, int n, double[] points, int k) {
        double c = (v - lo) / d;
        if (c >= 0 && c <= n) {
            return c;
        }
        if (c < 0 && c >= -BOX_SLACK) {
            return 0;
        }
        if (c > n && c <= n + BOX_SLACK) {
            return n;
        }
        throw new CartographyException(String.format(Locale.ROOT,
                "map: point (%.9g, %.9g) lies outside the map's box [%.9g, %.9g] x [%.9g, %.9g]",
                points[2 * k], points[2 * k + 1], lower0, upper0, lower1, upper1));
    }

    private Locator locator() {
        Locator l = locator;
        if (l == null) {
            synchronized (this) {
                l = locator;
                if (l == null) {
                    l = new Locator();
                    locator = l;
                }
            }
        }
        return l;
    }

    /**
     * Transformed cells binned by their bounding boxes into a coarse grid over the box, in cell
     * units; each bin lists the cells whose box overlaps it (compressed rows).
     */
    private final class Locator {
        private final int b1;
        private final int b2;
        private final double scale1;
        private final double scale2;
        private final int[] start;
        private final int[] cells;

        Locator() {
            b1 = Math.max(1, (n1 + 1) / 2);
            b2 = Math.max(1, (n2 + 1) / 2);
            scale1 = (double) b1 / n1;
            scale2 = (double) b2 / n2;
            int nc = n1 * n2;
            int[] range = new int[4 * nc];
            start = new int[b1 * b2 + 1];
            for (int c = 0; c < nc; c++) {
                bounds(c, range, 4 * c);
                for (int p = range[4 * c]; p <= range[4 * c + 1]; p++) {
                    for (int q = range[4 * c + 2]; q <= range[4 * c + 3]; q++) {
                        start[p * b2 + q + 1]++;
                    }
                }
            }
            for (int b = 0; b < b1 * b2; b++) {
                start[b + 1] += start[b];
            }
            cells = new int[start[b1 * b2]];
            int[] fill = Arrays.copyOf(start, b1 * b2);
            for (int c = 0; c < nc; c++) {
                for (int p = range[4 * c]; p <= range[4 * c + 1]; p++) {
                    for (int q = range[4 * c + 2]; q <= range[4 * c + 3]; q++) {
                        cells[fill[p * b2 + q]++] = c;
                    }
                }
            }
        }

        /** Writes the bin range [p0, p1] x [q0, q1] of cell c's bounding box. */
        private void bounds(int c, int[] out, int o) {
            int i = c / n2;
            int j = c % n2;
            int a = 2 * (i * (n2 + 1) + j);
            int b = a + 2 * (n2 + 1);
            double xmin = Math.min(Math.min(nodes[a], nodes[a + 2]), Math.min(nodes[b], nodes[b + 2]));
            double xmax = Math.max(Math.max(nodes[a], nodes[a + 2]), Math.max(nodes[b], nodes[b + 2]));
            double ymin = Math.min(Math.min(nodes[a + 1], nodes[a + 3]), Math.min(nodes[b + 1], nodes[b + 3]));
            double ymax = Math.max(Math.max(nodes[a + 1], nodes[a + 3]), Math.max(nodes[b + 1], nodes[b + 3]));
            out[o] = bin(xmin - CELL_SLACK, scale1, b1);
            out[o + 1] = bin(xmax + CELL_SLACK, scale1, b1);
            out[o + 2] = bin(ymin - CELL_SLACK, scale2, b2);
            out[o + 3] = bin(ymax + CELL_SLACK, scale2, b2);
        }

        private int bin(double v, double scale, int count) {
            int b = (int) Math.floor(v * scale);
            return b < 0 ? 0 : (b >= count ? count - 1 : b);
        }

        /**
         * @param x a point in cell units, inside the box
         * @param y the point's second coordinate
         * @param st receives the local coordinates (s, u) in the cell found
         * @return the cell holding the point, or -1
         */
        int find(double x, double y, double[] st) {
            int bin = bin(x, scale1, b1) * b2 + bin(y, scale2, b2);
            int best = -1;
            double bestOut = Double.POSITIVE_INFINITY;
            double bs = 0;
            double bu = 0;
            for (int e = start[bin]; e < start[bin + 1]; e++) {
                int c = cells[e];
                int i = c / n2;
                int j = c % n2;
                int a = 2 * (i * (n2 + 1) + j);
                int b = a + 2 * (n2 + 1);
                double x00 = nodes[a];
                double y00 = nodes[a + 1];
                double x01 = nodes[a + 2];
                double y01 = nodes[a + 3];
                double x10 = nodes[b];
                double y10 = nodes[b + 1];
                double x11 = nodes[b + 2];
                double y11 = nodes[b + 3];
                if (x < Math.min(Math.min(x00, x01), Math.min(x10, x11)) - CELL_SLACK
                        || x > Math.max(Math.max(x00, x01), Math.max(x10, x11)) + CELL_SLACK
                        || y < Math.min(Math.min(y00, y01), Math.min(y10, y11)) - CELL_SLACK
                        || y > Math.max(Math.max(y00, y01), Math.max(y10, y11)) + CELL_SLACK) {
                    continue;
                }
                // Newton on P(s, u) = p00 + s e + u f + s u g = (x, y)
                double ex = x10 - x00;
                double ey = y10 - y00;
                double fx = x01 - x00;
                double fy = y01 - y00;
                double gx = x11 - x10 - x01 + x00;
                double gy = y11 - y10 - y01 + y00;
                double s = 0.5;
                double u = 0.5;
                boolean ok = false;
                for (int it = 0; it < NEWTON_MAX; it++) {
                    double rx = x00 + s * ex + u * fx + s * u * gx - x;
                    double ry = y00 + s * ey + u * fy + s * u * gy - y;
                    double j11 = ex + u * gx;
                    double j21 = ey + u * gy;
                    double j12 = fx + s * gx;
                    double j22 = fy + s * gy;
                    double det = j11 * j22 - j12 * j21;
                    if (!(Math.abs(det) > 0)) {
                        break;
                    }
                    double ds = (j22 * rx - j12 * ry) / det;
                    double du = (j11 * ry - j21 * rx) / det;
                    s -= ds;
                    u -= du;
                    if (Math.abs(ds) + Math.abs(du) < NEWTON_TOL) {
                        ok = true;
                        break;
                    }
                    if (Math.abs(s) > 1e3 || Math.abs(u) > 1e3) {
                        break;
                    }
                }
                if (!ok) {
                    continue;
                }
                double out = Math.max(Math.max(-s, s - 1), Math.max(-u, u - 1));
                if (out <= CELL_SLACK) {
                    st[0] = Math.min(1, Math.max(0, s));
                    st[1] = Math.min(1, Math.max(0, u));
                    return c;
                }
                if (out < bestOut) {
                    bestOut = out;
                    best = c;
                    bs = s;
                    bu = u;
                }
            }
            // Rounding at shared edges: accept the nearest candidate when it is only just outside.
            if (best >= 0 && bestOut <= 1e-7) {
                st[0] = Math.min(1, Math.max(0, bs));
                st[1] = Math.min(1, Math.max(0, bu));
                return best;
            }
            return -1;
        }
    }
}
