package org.latentcartography.core.geodesic;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Grid;

/**
 * Shortest paths and distance matrices under a {@link LatentMetric}.
 *
 * <p>Stability: experimental. Stateless; static methods; arguments are not modified.
 */
public final class Geodesics {
    private Geodesics() {
    }

    /**
     * The shortest path from a to b: the distance field from a, descended from b.
     *
     * @param metric the metric, never null
     * @param a the start, inside the grid's box; not modified
     * @param b the end, inside the grid's box; not modified
     * @return the path from a to b with its length
     * @throws UsageException when a point has the wrong dimension or is not finite
     * @throws CartographyException when a point lies outside the box or no path can be traced
     */
    public static Geodesic shortestPath(LatentMetric metric, double[] a, double[] b) {
        return metric.distances(a).geodesicTo(b);
    }

    /**
     * The geodesic distances between every pair of points: an N × N symmetric matrix, flat, row
     * i at {@code [N i, N i + N)}, zero on the diagonal. Entry (i, j), i &lt; j, is the distance
     * field from point i read at point j; for the conformal metric the march from i stops once the
     * cells around every j &gt; i are final. The fields run on {@code threads} threads.
     *
     * @param metric the metric, never null
     * @param points N points inside the grid's box, D coordinates each; not modified
     * @param threads worker threads, at least 1
     * @return the matrix
     * @throws UsageException when a point has the wrong dimension or is not finite, or threads is
     *     below 1
     * @throws CartographyException when a point lies outside the box
     */
    public static double[] distanceMatrix(LatentMetric metric, double[][] points, int threads) {
        double[][] p = checkPoints(metric.grid, points, "point");
        if (threads < 1) {
            throw new UsageException("distance matrix: threads " + threads + " must be at least 1");
        }
        int n = p.length;
        double[] out = new double[n * n];
        int[][] stencils = new int[n][];
        for (int i = 0; i < n; i++) {
            stencils[i] = metric.lattice.stencil(p[i]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "geodesic-matrix");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> rows = new ArrayList<>();
            for (int i = 0; i < n - 1; i++) {
                int row = i;
                rows.add(pool.submit(() -> {
                    int[] stop = new int[(n - row - 1) * stencils[0].length];
                    int at = 0;
                    for (int j = row + 1; j < n; j++) {
                        for (int node : stencils[j]) {
                            stop[at++] = node;
                        }
                    }
                    double[] u = metric.solve(new double[][] {p[row]}, stop);
                    for (int j = row + 1; j < n; j++) {
                        double v = metric.lattice.interpolate(u, p[j]);
                        out[row * n + j] = v;
                        out[j * n + row] = v;
                    }
                }));
            }
            for (Future<?> f : rows) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CartographyException("distance matrix: interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new CartographyException("distance matrix: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** Checks points: D finite coordinates each, inside the box; returns copies. */
    static double[][] checkPoints(Grid grid, double[][] points, String what) {
        if (points.length == 0) {
            throw new UsageException("geodesic: need at least one " + what);
        }
        double[][] out = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            double[] q = points[i];
            if (q == null || q.length != grid.dimension()) {
                throw new UsageException(String.format(Locale.ROOT, "geodesic: %s %d has %s coordinates; the grid is %d-D",
                        what, i, q == null ? "no" : Integer.toString(q.length), grid.dimension()));
            }
            for (double v : q) {
                if (!Double.isFinite(v)) {
                    throw new UsageException("geodesic: " + what + " " + Arrays.toString(q) + " is not finite");
                }
            }
            if (!grid.contains(q)) {
                throw new CartographyException("geodesic: " + what + " " + Arrays.toString(q) + " lies outside the grid "
                        + grid);
            }
            out[i] = q.clone();
        }
        return out;
    }
}
