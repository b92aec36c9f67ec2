package org.latentcartography.core.map;

import java.util.Arrays;
import java.util.Locale;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Grid;

/**
 * A density-equalising map T of a 3-D grid's box onto itself, given by the transformed position of
 * every grid node and trilinear between them: the 3-D counterpart of {@link LatentMap}.
 *
 * <p><b>Coordinates.</b> The box is [lower<sub>0</sub>, upper<sub>0</sub>] &#215;
 * [lower<sub>1</sub>, upper<sub>1</sub>] &#215; [lower<sub>2</sub>, upper<sub>2</sub>] with
 * n1 &#215; n2 &#215; n3 cells of widths &#916;<sub>k</sub>. Node (i, j, k) starts at
 * (lower<sub>0</sub> + i&#916;<sub>0</sub>, lower<sub>1</sub> + j&#916;<sub>1</sub>,
 * lower<sub>2</sub> + k&#916;<sub>2</sub>); nodes are packed as in {@code map.npy} of shape
 * [n1 + 1, n2 + 1, n3 + 1, 3]: node (i, j, k) at {@code 3 * ((i * (n2 + 1) + j) * (n3 + 1) + k)}.
 * In <em>cell units</em> the box is [0, n1] &#215; [0, n2] &#215; [0, n3].
 *
 * <p><b>Forward.</b> For z in cell (i, j, k) at local coordinates (s, u, w) &#8712; [0, 1]<sup>3</sup>,
 * T(z) = &#931; over the eight corners (a, b, c) of s<sub>a</sub> u<sub>b</sub> w<sub>c</sub>
 * N<sub>i+a, j+b, k+c</sub>, with s<sub>0</sub> = 1 - s, s<sub>1</sub> = s (and so on). It is
 * exact at the nodes.
 *
 * <p><b>Inverse.</b> T&#771;(z&#771;) starts in the cell that holds z&#771; in the untransformed
 * grid, inverts that cell's trilinear patch by Newton's method, and, while the solution's local
 * coordinates fall outside [0, 1]<sup>3</sup>, walks to the neighbouring cell they point to. For a
 * map without folded cells the walk ends in the cell that holds the point (cells of a density-equalising
 * map are convex enough that the walk moves towards it); should it cycle, every cell whose bounding box
 * holds the point is tried. The result satisfies T(T&#771;(z&#771;)) = z&#771; to rounding error.
 *
 * <p><b>Outside the box.</b> Points within {@link LatentMap#BOX_SLACK} cell widths of the box are
 * moved onto it; points further out, and points that no transformed cell covers (folded maps),
 * raise a {@link CartographyException} naming the point.
 *
 * <p>Stability: experimental. Immutable and thread-safe; the batch methods may be called from
 * several threads on disjoint output ranges.
 */
public final class LatentMap3D {
    /** Local-coordinate slack when deciding that a cell holds a point. */
    private static final double CELL_SLACK = 1e-9;
    /** Newton: converged when the update is below this, in local coordinates. */
    private static final double NEWTON_TOL = 1e-12;
    private static final int NEWTON_MAX = 40;

    private final double[] lower;
    private final double[] upper;
    private final double[] width;
    private final int n1;
    private final int n2;
    private final int n3;
    /** Node positions in cell units. */
    private final double[] nodes;

    private LatentMap3D(double[] lower, double[] upper, int[] shape, double[] cellNodes) {
        if (lower.length != 3 || upper.length != 3 || shape.length != 3) {
            throw new CartographyException("map: a 3-D latent map needs a 3-D grid (got " + lower.length + " dimensions)");
        }
        for (int d = 0; d < 3; d++) {
            if (shape[d] < 1 || !(upper[d] > lower[d]) || !Double.isFinite(lower[d] + upper[d])) {
                throw new CartographyException("map: bad grid " + Arrays.toString(shape) + " on "
                        + Arrays.toString(lower) + " .. " + Arrays.toString(upper));
            }
        }
        this.n1 = shape[0];
        this.n2 = shape[1];
        this.n3 = shape[2];
        long need = 3L * (n1 + 1) * (n2 + 1) * (n3 + 1);
        if (cellNodes.length != need) {
            throw new CartographyException("map: " + cellNodes.length + " node coordinates do not fit a "
                    + n1 + " x " + n2 + " x " + n3 + " grid (need shape [" + (n1 + 1) + ", " + (n2 + 1) + ", "
                    + (n3 + 1) + ", 3])");
        }
        for (int k = 0; k < cellNodes.length; k++) {
            if (!Double.isFinite(cellNodes[k])) {
                int node = k / 3;
                throw new CartographyException("map: node (" + node / ((n2 + 1) * (n3 + 1)) + ", "
                        + node / (n3 + 1) % (n2 + 1) + ", " + node % (n3 + 1) + ") has a non-finite coordinate "
                        + cellNodes[k]);
            }
        }
        this.lower = lower.clone();
        this.upper = upper.clone();
        this.width = new double[3];
        for (int d = 0; d < 3; d++) {
            width[d] = (upper[d] - lower[d]) / shape[d];
        }
        this.nodes = cellNodes;
    }

    /**
     * @param grid a 3-D grid, never null
     * @param cellNodes transformed nodes in cell units (as a 3-D DensityTransform returns them); copied
     * @return the map
     */
    public static LatentMap3D ofCellNodes(Grid grid, double[] cellNodes) {
        return new LatentMap3D(grid.lower(), grid.upper(), grid.shape(), cellNodes.clone());
    }

    /**
     * A map in cell units: the box [0, n1] &#215; [0, n2] &#215; [0, n3].
     *
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param n3 cells along axis 2
     * @param cellNodes transformed nodes in cell units; copied
     * @return the map
     */
    public static LatentMap3D ofCellNodes(int n1, int n2, int n3, double[] cellNodes) {
        return new LatentMap3D(new double[3], new double[] {n1, n2, n3}, new int[] {n1, n2, n3}, cellNodes.clone());
    }

    /**
     * @param grid a 3-D grid, never null
     * @param latentNodes transformed nodes in latent coordinates, as in {@code map.npy}; not modified
     * @return the map
     */
    public static LatentMap3D ofLatentNodes(Grid grid, double[] latentNodes) {
        double[] lo = grid.lower();
        double[] hi = grid.upper();
        int[] shape = grid.shape();
        if (lo.length != 3) {
            throw new CartographyException("map: a 3-D latent map needs a 3-D grid (got " + lo.length + " dimensions)");
        }
        double[] cell = latentNodes.clone();
        for (int k = 0; k < cell.length; k++) {
            int d = k % 3;
            cell[k] = (cell[k] - lo[d]) / ((hi[d] - lo[d]) / shape[d]);
        }
        return new LatentMap3D(lo, hi, shape, cell);
    }

    /**
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param n3 cells along axis 2
     * @return the identity's nodes in cell units: node (i, j, k) at (i, j, k)
     */
    public static double[] identityCellNodes(int n1, int n2, int n3) {
        double[] out = new double[3 * (n1 + 1) * (n2 + 1) * (n3 + 1)];
        int o = 0;
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                for (int k = 0; k <= n3; k++) {
                    out[o++] = i;
                    out[o++] = j;
                    out[o++] = k;
                }
            }
        }
        return out;
    }

    /** @return cells per axis */
    public int[] shape() {
        return new int[] {n1, n2, n3};
    }

    /** @return the lower bounds */
    public double[] lower() {
        return lower.clone();
    }

    /** @return the upper bounds */
    public double[] upper() {
        return upper.clone();
    }

    /** @return a copy of the transformed nodes in cell units */
    public double[] cellNodes() {
        return nodes.clone();
    }

    /** @return the transformed nodes in latent coordinates, shape [n1 + 1, n2 + 1, n3 + 1, 3] in C order */
    public double[] latentNodes() {
        double[] out = new double[nodes.length];
        for (int k = 0; k < nodes.length; k++) {
            int d = k % 3;
            out[k] = lower[d] + nodes[k] * width[d];
        }
        return out;
    }

    /**
     * @param points point p at {@code points[3p .. 3p + 2]}, latent coordinates; not modified
     * @return T of every point, same layout
     * @throws CartographyException when a point lies outside the box
     */
    public double[] forward(double[] points) {
        double[] out = new double[tripleLength(points)];
        forward(points, 0, points.length / 3, out);
        return out;
    }

    /**
     * Maps points {@code [from, to)}; {@code out} may be {@code points}.
     *
     * @param points point p at {@code points[3p .. 3p + 2]}, latent coordinates
     * @param from first point
     * @param to one past the last point
     * @param out receives T(point p) at {@code out[3p .. 3p + 2]}
     */
    public void forward(double[] points, int from, int to, double[] out) {
        double[] c = new double[3];
        double[] t = new double[3];
        for (int p = from; p < to; p++) {
            toCell(points, p, c);
            int i = Math.min((int) c[0], n1 - 1);
            int j = Math.min((int) c[1], n2 - 1);
            int k = Math.min((int) c[2], n3 - 1);
            patch(i, j, k, c[0] - i, c[1] - j, c[2] - k, t, null);
            for (int d = 0; d < 3; d++) {
                out[3 * p + d] = lower[d] + t[d] * width[d];
            }
        }
    }

    /**
     * @param points point p at {@code points[3p .. 3p + 2]} of the transformed space; not modified
     * @return T&#771; of every point, same layout
     * @throws CartographyException when a point lies outside the box or no cell covers it
     */
    public double[] inverse(double[] points) {
        double[] out = new double[tripleLength(points)];
        inverse(points, 0, points.length / 3, out, false);
        return out;
    }

    /**
     * Inverts points {@code [from, to)}; {@code out} may be {@code points}.
     *
     * @param points point p at {@code points[3p .. 3p + 2]} of the transformed space
     * @param from first point
     * @param to one past the last point
     * @param out receives T&#771;(point p) at {@code out[3p .. 3p + 2]}
     * @param lenient when true, a point that no transformed cell covers (a folded map) gets NaN
     *     instead of an exception; points outside the box still raise one
     */
    public void inverse(double[] points, int from, int to, double[] out, boolean lenient) {
        double[] c = new double[3];
        double[] st = new double[3];
        for (int p = from; p < to; p++) {
            toCell(points, p, c);
            int cell = locate(c, st);
            if (cell < 0) {
                if (lenient) {
                    Arrays.fill(out, 3 * p, 3 * p + 3, Double.NaN);
                    continue;
                }
                throw new CartographyException(String.format(Locale.ROOT,
                        "map: no transformed cell covers the point (%.9g, %.9g, %.9g); the map is folded",
                        points[3 * p], points[3 * p + 1], points[3 * p + 2]));
            }
            int i = cell / (n2 * n3);
            int j = cell / n3 % n2;
            int k = cell % n3;
            out[3 * p] = lower[0] + (i + st[0]) * width[0];
            out[3 * p + 1] = lower[1] + (j + st[1]) * width[1];
            out[3 * p + 2] = lower[2] + (k + st[2]) * width[2];
        }
    }

    /**
     * @param c a point in cell units of the transformed space; not modified
     * @param st receives the local coordinates in the cell found
     * @return the cell (i * n2 + j) * n3 + k that holds the point, or -1
     */
    private int locate(double[] c, double[] st) {
        int i = clamp((int) Math.floor(c[0]), n1);
        int j = clamp((int) Math.floor(c[1]), n2);
        int k = clamp((int) Math.floor(c[2]), n3);
        int walk = n1 + n2 + n3 + 8;
        for (int step = 0; step < walk; step++) {
            newton(i, j, k, c, st);
            int di = move(st[0]);
            int dj = move(st[1]);
            int dk = move(st[2]);
            int ni = clamp(i + di, n1);
            int nj = clamp(j + dj, n2);
            int nk = clamp(k + dk, n3);
            if (ni == i && nj == j && nk == k) {
                if (di == 0 && dj == 0 && dk == 0) {
                    clampLocal(st);
                    return (i * n2 + j) * n3 + k;
                }
                break;
            }
            i = ni;
            j = nj;
            k = nk;
        }
        return search(c, st);
    }

    /** Tries every cell whose transformed bounding box holds the point (walks that cycle or leave the box). */
    private int search(double[] c, double[] st) {
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                for (int k = 0; k < n3; k++) {
                    if (boxHolds(i, j, k, c)) {
                        newton(i, j, k, c, st);
                        if (move(st[0]) == 0 && move(st[1]) == 0 && move(st[2]) == 0) {
                            clampLocal(st);
                            return (i * n2 + j) * n3 + k;
                        }
                    }
                }
            }
        }
        return -1;
    }

    private boolean boxHolds(int i, int j, int k, double[] c) {
        for (int d = 0; d < 3; d++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int corner = 0; corner < 8; corner++) {
                double v = nodes[node(i + (corner >> 2 & 1), j + (corner >> 1 & 1), k + (corner & 1)) + d];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (c[d] < lo - CELL_SLACK || c[d] > hi + CELL_SLACK) {
                return false;
            }
        }
        return true;
    }

    private static int move(double s) {
        return s < -CELL_SLACK ? -1 : s > 1 + CELL_SLACK ? 1 : 0;
    }

    private static void clampLocal(double[] st) {
        for (int d = 0; d < 3; d++) {
            st[d] = Math.min(1, Math.max(0, st[d]));
        }
    }

    private static int clamp(int i, int n) {
        return Math.min(Math.max(i, 0), n - 1);
    }

    /** Solves T_cell(st) = c by Newton's method from the cell's centre (st unbounded, kept within [-2, 3]). */
    private void newton(int i, int j, int k, double[] c, double[] st) {
        st[0] = 0.5;
        st[1] = 0.5;
        st[2] = 0.5;
        double[] t = new double[3];
        double[] jac = new double[9];
        for (int it = 0; it < NEWTON_MAX; it++) {
            patch(i, j, k, st[0], st[1], st[2], t, jac);
            double r0 = c[0] - t[0];
            double r1 = c[1] - t[1];
            double r2 = c[2] - t[2];
            // jac row-major: jac[3 d + e] = dT_d / d(local e)
            double a = jac[0];
            double b = jac[1];
            double cc = jac[2];
            double d = jac[3];
            double e = jac[4];
            double f = jac[5];
            double g = jac[6];
            double h = jac[7];
            double q = jac[8];
            double det = a * (e * q - f * h) - b * (d * q - f * g) + cc * (d * h - e * g);
            if (!(Math.abs(det) > 0) || !Double.isFinite(det)) {
                return;
            }
            double x0 = (r0 * (e * q - f * h) - b * (r1 * q - f * r2) + cc * (r1 * h - e * r2)) / det;
            double x1 = (a * (r1 * q - f * r2) - r0 * (d * q - f * g) + cc * (d * r2 - r1 * g)) / det;
            double x2 = (a * (e * r2 - r1 * h) - b * (d * r2 - r1 * g) + r0 * (d * h - e * g)) / det;
            st[0] = Math.min(3, Math.max(-2, st[0] + x0));
            st[1] = Math.min(3, Math.max(-2, st[1] + x1));
            st[2] = Math.min(3, Math.max(-2, st[2] + x2));
            if (Math.max(Math.abs(x0), Math.max(Math.abs(x1), Math.abs(x2))) < NEWTON_TOL) {
                return;
            }
        }
    }

    private int node(int i, int j, int k) {
        return 3 * ((i * (n2 + 1) + j) * (n3 + 1) + k);
    }

    /**
     * Evaluates cell (i, j, k)'s trilinear patch at local (s, u, w), and its Jacobian when {@code jac}
     * is not null ({@code jac[3 d + e]} = &#8706;T<sub>d</sub>/&#8706;(s, u, w)<sub>e</sub>).
     */
    private void patch(int i, int j, int k, double s, double u, double w, double[] t, double[] jac) {
        int a = node(i, j, k);
        int sk = 3;
        int sj = 3 * (n3 + 1);
        int si = sj * (n2 + 1);
        for (int d = 0; d < 3; d++) {
            double p000 = nodes[a + d];
            double p001 = nodes[a + sk + d];
            double p010 = nodes[a + sj + d];
            double p011 = nodes[a + sj + sk + d];
            double p100 = nodes[a + si + d];
            double p101 = nodes[a + si + sk + d];
            double p110 = nodes[a + si + sj + d];
            double p111 = nodes[a + si + sj + sk + d];
            double c00 = p000 + (p001 - p000) * w;
            double c01 = p010 + (p011 - p010) * w;
            double c10 = p100 + (p101 - p100) * w;
            double c11 = p110 + (p111 - p110) * w;
            double c0 = c00 + (c01 - c00) * u;
            double c1 = c10 + (c11 - c10) * u;
            t[d] = c0 + (c1 - c0) * s;
            if (jac != null) {
                jac[3 * d] = c1 - c0;
                jac[3 * d + 1] = (1 - s) * (c01 - c00) + s * (c11 - c10);
                double e0 = (1 - u) * (p001 - p000) + u * (p011 - p010);
                double e1 = (1 - u) * (p101 - p100) + u * (p111 - p110);
                jac[3 * d + 2] = (1 - s) * e0 + s * e1;
            }
        }
    }

    private static int tripleLength(double[] points) {
        if (points.length % 3 != 0) {
            throw new CartographyException("map: " + points.length + " coordinates are not a list of 3-D points");
        }
        return points.length;
    }

    /** Converts point p to cell units, moving it onto the box when within the slack. */
    private void toCell(double[] points, int p, double[] c) {
        int[] n = {n1, n2, n3};
        for (int d = 0; d < 3; d++) {
            double v = (points[3 * p + d] - lower[d]) / width[d];
            if (v < 0 && v >= -LatentMap.BOX_SLACK) {
                v = 0;
            } else if (v > n[d] && v <= n[d] + LatentMap.BOX_SLACK) {
                v = n[d];
            }
            if (!(v >= 0 && v <= n[d])) {
                throw new CartographyException(String.format(Locale.ROOT,
                        "map: point (%.9g, %.9g, %.9g) lies outside the map's box [%.9g, %.9g] x [%.9g, %.9g] x [%.9g, %.9g]",
                        points[3 * p], points[3 * p + 1], points[3 * p + 2], lower[0], upper[0], lower[1], upper[1],
                        lower[2], upper[2]));
            }
            c[d] = v;
        }
    }
}
