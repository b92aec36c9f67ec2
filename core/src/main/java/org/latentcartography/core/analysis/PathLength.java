package org.latentcartography.core.analysis;

import java.util.Arrays;
import java.util.Locale;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.map.LatentMap;

/**
 * Lengths of polylines in the latent space: Euclidean, and under a measure m given per cell of a
 * {@link Grid} (paper sec. 3: comparing straight paths with pseudo-geodesics).
 *
 * <p>A polyline of n points {@code p_0..p_{n-1}} in D dimensions is a flat array, point i at
 * {@code [D i, D i + D)}. Its lengths are
 *
 * <pre>
 *   L      = sum_i |p_{i+1} - p_i|                      (Euclidean)
 *   L_m    = integral over the polyline of m(z) ds      ({@link #measure})
 *   L_sqrt = integral over the polyline of sqrt(m(z)) ds ({@link #sqrtMeasure})
 * </pre>
 *
 * <p>m is piecewise constant: m(z) is the value of the grid cell holding z. The integrals are
 * computed <b>exactly</b> for that piecewise-constant m: each segment is cut at every parameter
 * where it crosses a grid line ({@code z_k = lower_k + c width_k}, for every axis k and integer c),
 * each piece between consecutive cuts lies in one cell, found from the piece's midpoint, and
 * contributes {@code m(cell) * (piece length)}. A piece that runs along a grid line takes the cell
 * on its upper side (indices by {@code floor}), except on the box's upper bound, which belongs to
 * the last cell. The cost is proportional to the number of cell crossings, so no subdivision
 * parameter is needed and the result does not depend on how finely the path is sampled.
 *
 * <p>For a conformal metric {@code g = lambda I} in two dimensions the volume element is
 * {@code sqrt(det g) = lambda} and the line element is {@code sqrt(lambda) ds}, so when m is read
 * as a volume element (as the density-equalising map reads it), L_sqrt is the length it induces;
 * L_m weights high-measure regions more strongly.
 *
 * <p><b>Which length a pseudo-geodesic minimises.</b> T equalises <em>area</em>, not length, so
 * neither L_m nor L_sqrt is in general smaller on the pseudo-geodesic than on the straight path:
 * for a band {@code m = A} on {@code x in [0.4, 0.6]} and the exact equalising map
 * {@code T(x, y) = (F(x), y)}, the pseudo-geodesic crosses the band more steeply and is longer under
 * both (see {@code PathsTest}). The length it does minimise, among all paths from a to b, is the
 * Euclidean length of its image in the transformed space, {@link #transformed}: that image is the
 * segment from T(a) to T(b).
 *
 * <p>Every point of the polyline must lie in the grid's closed box (the box is convex, so then the
 * whole polyline does); otherwise a {@link CartographyException} names the point. A cell crossed
 * with a negative or non-finite value is an error too.
 *
 * <p>Stability: experimental. Stateless; static methods; arguments are not modified.
 */
public final class PathLength {
    private PathLength() {
    }

    /**
     * Euclidean length {@code sum_i |p_{i+1} - p_i|}.
     *
     * @param path n points of dimension D, flat; not modified
     * @param dimension D, at least 1
     * @return the length; 0 for a single point
     * @throws UsageException when the array is not a whole, non-empty number of points
     */
    public static double euclidean(double[] path, int dimension) {
        int n = points(path, dimension);
        double sum = 0;
        for (int i = 0; i + 1 < n; i++) {
            double s2 = 0;
            for (int k = 0; k < dimension; k++) {
                double d = path[(i + 1) * dimension + k] - path[i * dimension + k];
                s2 += d * d;
            }
            sum += Math.sqrt(s2);
        }
        return sum;
    }

    /**
     * Euclidean length of a 2-D polyline.
     *
     * @param path (x, y) pairs; not modified
     * @return the length
     */
    public static double euclidean(double[] path) {
        return euclidean(path, 2);
    }

    /**
     * Length in the transformed space: {@code sum_i |T(p_{i+1}) - T(p_i)|}, the Euclidean length of
     * the polyline through the images of the points. This is the length of the path under the
     * metric T pulls back, up to the chord error between the points (the image of a segment is
     * curved in general; the chords underestimate it, and the error vanishes as the points get
     * denser). For a pseudo-geodesic it is exactly {@code |T(b) - T(a)|}.
     *
     * @param map T, never null
     * @param path (x, y) pairs inside the map's box; not modified
     * @return the length of T(path)
     * @throws CartographyException when a point lies outside the map's box
     */
    public static double transformed(LatentMap map, double[] path) {
        points(path, 2);
        return euclidean(map.forward(path), 2);
    }

    /**
     * {@code integral m(z) ds} along the polyline, exact for the piecewise-constant m.
     *
     * @param grid the grid the measure lives on, never null
     * @param measure one value per cell in C order (the last axis fastest), non-negative; not
     *     modified
     * @param path points of dimension {@code grid.dimension()}, flat, inside the grid's box; not
     *     modified
     * @return the length under m
     * @throws UsageException when the arrays do not fit the grid
     * @throws CartographyException when a point lies outside the box or a crossed cell's value is
     *     negative or not finite
     */
    public static double measure(Grid grid, double[] measure, double[] path) {
        checkCells(grid, measure.length, "measure", 1);
        return integrate(grid, path, (cell, dir) -> checked(measure[cell], "measure"));
    }

    /**
     * {@code integral sqrt(m(z)) ds} along the polyline, exact for the piecewise-constant m.
     *
     * @param grid the grid the measure lives on, never null
     * @param measure one value per cell in C order, non-negative; not modified
     * @param path points inside the grid's box, flat; not modified
     * @return the length under sqrt(m)
     * @throws UsageException when the arrays do not fit the grid
     * @throws CartographyException when a point lies outside the box or a crossed cell's value is
     *     negative or not finite
     */
    public static double sqrtMeasure(Grid grid, double[] measure, double[] path) {
        checkCells(grid, measure.length, "measure", 1);
        return integrate(grid, path, (cell, dir) -> Math.sqrt(checked(measure[cell], "measure")));
    }

    /**
     * {@code integral w(z) ds} along the polyline for a length element {@code w(z) |dz|} given per
     * cell (a conformal metric; for a measure m read as a volume element in D dimensions,
     * {@code w = m^(1/D)}), exact for the piecewise-constant w.
     *
     * @param grid the grid the weights live on, never null
     * @param weight one value per cell in C order, non-negative; not modified
     * @param path points inside the grid's box, flat; not modified
     * @return the length under w
     * @throws UsageException when the arrays do not fit the grid
     * @throws CartographyException when a point lies outside the box or a crossed cell's weight is
     *     negative or not finite
     */
    public static double weighted(Grid grid, double[] weight, double[] path) {
        checkCells(grid, weight.length, "weight", 1);
        return integrate(grid, path, (cell, dir) -> checked(weight[cell], "weight"));
    }

    /**
     * {@code integral sqrt(t^T A(z) t) ds} along the polyline, t the unit tangent, for a metric
     * tensor A given per cell (D × D, row-major, cell after cell in C order; e.g. {@code J^T J}),
     * exact for the piecewise-constant A. Each tensor is read as given: it must be symmetric
     * positive semi-definite where the path crosses it.
     *
     * @param grid the grid the tensors live on, never null
     * @param metric {@code cells × D × D} values; not modified
     * @param path points inside the grid's box, flat; not modified
     * @return the length under A
     * @throws UsageException when the arrays do not fit the grid
     * @throws CartographyException when a point lies outside the box or a crossed cell's tensor
     *     gives a negative or non-finite squared length
     */
    public static double tensor(Grid grid, double[] metric, double[] path) {
        int d = grid.dimension();
        checkCells(grid, metric.length, "metric tensor field", d * d);
        return integrate(grid, path, (cell, dir) -> {
            int o = cell * d * d;
            double q = 0;
            for (int r = 0; r < d; r++) {
                double row = 0;
                for (int c = 0; c < d; c++) {
                    row += metric[o + r * d + c] * dir[c];
                }
                q += dir[r] * row;
            }
            return Math.sqrt(checked(q, "squared length under the metric tensor"));
        });
    }

    /** The length element of one cell for a unit direction (D values, not to be modified). */
    private interface CellWeight {
        double at(int cell, double[] direction);
    }

    private static void checkCells(Grid grid, int length, String what, int perCell) {
        if (length != (long) grid.cellCount() * perCell) {
            throw new UsageException("path length: the " + what + " has " + length + " values but the grid "
                    + grid + " has " + grid.cellCount() + " cells" + (perCell > 1 ? " (" + perCell + " values each)" : ""));
        }
    }

    private static double checked(double v, String what) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new NegativeValue(what, v);
        }
        return v;
    }

    /** Thrown by a {@link CellWeight}; turned into a message naming the place by {@link #integrate}. */
    private static final class NegativeValue extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String what;
        final double value;

        NegativeValue(String what, double value) {
            super(null, null, false, false);
            this.what = what;
            this.value = value;
        }
    }

    private static double integrate(Grid grid, double[] path, CellWeight weight) {
        int dim = grid.dimension();
        int n = points(path, dim);
        double[] lo = grid.lower();
        double[] hi = grid.upper();
        int[] shape = grid.shape();
        double[] w = new double[dim];
        for (int k = 0; k < dim; k++) {
            w[k] = grid.width(k);
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dim; k++) {
                double v = path[i * dim + k];
                if (!(v >= lo[k] && v <= hi[k])) {
                    throw new CartographyException("path length: point " + i + " "
                            + Arrays.toString(Arrays.copyOfRange(path, i * dim, i * dim + dim))
                            + " lies outside the grid " + grid);
                }
            }
        }
        double total = 0;
        double[] ts = new double[16];
        double[] mid = new double[dim];
        double[] dir = new double[dim];
        for (int i = 0; i + 1 < n; i++) {
            int a = i * dim;
            int b = a + dim;
            double seg2 = 0;
            int cuts = 0;
            for (int k = 0; k < dim; k++) {
                double pa = path[a + k];
                double pb = path[b + k];
                double d = pb - pa;
                seg2 += d * d;
                if (d == 0) {
                    continue;
                }
                // grid lines c strictly between the endpoints' cell coordinates
                double ca = (pa - lo[k]) / w[k];
                double cb = (pb - lo[k]) / w[k];
                double cmin = Math.min(ca, cb);
                double cmax = Math.max(ca, cb);
                long c0 = (long) Math.floor(cmin) + 1;
                long c1 = (long) Math.ceil(cmax) - 1;
                for (long c = c0; c <= c1; c++) {
                    if (cuts == ts.length) {
                        ts = Arrays.copyOf(ts, 2 * ts.length);
                    }
                    ts[cuts++] = (c - ca) / (cb - ca);
                }
            }
            double len = Math.sqrt(seg2);
            if (len == 0) {
                continue;
            }
            for (int k = 0; k < dim; k++) {
                dir[k] = (path[b + k] - path[a + k]) / len;
            }
            Arrays.sort(ts, 0, cuts);
            double prev = 0;
            for (int q = 0; q <= cuts; q++) {
                double t = q < cuts ? ts[q] : 1;
                if (t > prev) {
                    double tm = 0.5 * (prev + t);
                    for (int k = 0; k < dim; k++) {
                        mid[k] = path[a + k] + tm * (path[b + k] - path[a + k]);
                    }
                    double v;
                    try {
                        v = weight.at(cell(mid, lo, w, shape), dir);
                    } catch (NegativeValue e) {
                        throw new CartographyException(String.format(Locale.ROOT,
                                "path length: the %s is %s at %s, on segment %d of the path; need finite values >= 0",
                                e.what, e.value, Arrays.toString(mid), i));
                    }
                    total += v * (t - prev) * len;
                    prev = t;
                }
            }
        }
        return total;
    }

    /** @return the C-order index of the cell holding z (floor; the upper bound in the last cell) */
    private static int cell(double[] z, double[] lo, double[] w, int[] shape) {
        int index = 0;
        for (int k = 0; k < shape.length; k++) {
            int c = (int) Math.floor((z[k] - lo[k]) / w[k]);
            c = Math.min(Math.max(c, 0), shape[k] - 1);
            index = index * shape[k] + c;
        }
        return index;
    }

    private static int points(double[] path, int dimension) {
        if (dimension < 1 || path.length == 0 || path.length % dimension != 0) {
            throw new UsageException("path length: " + path.length + " coordinates are not a non-empty list of "
                    + dimension + "-D points");
        }
        return path.length / dimension;
    }
}
