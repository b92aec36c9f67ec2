package org.latentcartography.core.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;

/**
 * k-means clustering (paper sec. 4.1, Fig. 2): k-means++ seeding, Lloyd iterations, several
 * restarts, the run with the lowest inertia kept.
 *
 * <p>For n points {@code x_i} in D dimensions and k centroids {@code mu_c}, the inertia of an
 * assignment {@code c(i)} is {@code sum_i |x_i - mu_{c(i)}|^2}.
 *
 * <ul>
 *   <li><b>k-means++</b> (Arthur and Vassilvitskii 2007): the first centroid is a point drawn
 *       uniformly; each further centroid is a point drawn with probability proportional to
 *       {@code D(x)^2}, its squared distance to the nearest centroid chosen so far. When every
 *       remaining point coincides with a centroid (fewer than k distinct points) a point not yet
 *       chosen is drawn uniformly.
 *   <li><b>Lloyd</b>: assign each point to its nearest centroid (ties to the lowest index), move
 *       each centroid to the mean of its points; repeat until no assignment changes (inertia then
 *       no longer decreases: converged) or {@code maxIterations} rounds have run. A cluster left
 *       empty gets the point farthest from its own centroid, taken from a cluster of two or more
 *       points, so every cluster is non-empty after each update. (With fewer than k distinct points the
 *       final nearest-centroid assignment can still leave a cluster empty: identical points cannot
 *       be told apart.)
 *   <li><b>Restarts</b>: R independent runs; the lowest final inertia wins (the first on ties).
 * </ul>
 *
 * <p><b>Determinism.</b> All randomness comes from one {@link SplittableRandom} made from the seed,
 * split once per restart in order; the arithmetic is sequential. The same input, k, R and seed
 * give the same result on every JVM.
 *
 * <p>Stability: experimental. Stateless; static methods; arguments are not modified.
 */
public final class KMeans {
    /** Lloyd rounds allowed per restart by the short forms. */
    public static final int DEFAULT_MAX_ITERATIONS = 300;

    private KMeans() {
    }

    /**
     * The best of R runs.
     *
     * @param labels cluster of each point, 0..k-1
     * @param centroids k centroids of dimension D, flat, centroid c at {@code [D c, D c + D)}
     * @param inertia {@code sum_i |x_i - mu_{c(i)}|^2}
     * @param iterations Lloyd rounds of the winning run
     * @param converged whether the winning run stopped because no assignment changed
     * @param restart which restart (0-based) won
     */
    public record Result(int[] labels, double[] centroids, double inertia, int iterations, boolean converged,
            int restart) {
        /**
         * Copies the arrays in.
         *
         * @param labels cluster of each point, 0..k-1
         * @param centroids k centroids of dimension D, flat
         * @param inertia sum of squared distances to the assigned centroids
         * @param iterations Lloyd rounds of the winning run
         * @param converged whether the winning run stopped because no assignment changed
         * @param restart which restart (0-based) won
         */
        public Result {
            labels = labels.clone();
            centroids = centroids.clone();
        }

        /** @return a copy of the cluster of each point */
        @Override
        public int[] labels() {
            return labels.clone();
        }

        /** @return a copy of the centroids, flat */
        @Override
        public double[] centroids() {
            return centroids.clone();
        }
    }

    /**
     * @param embeddings the points, never null
     * @param k clusters, 1..n
     * @param restarts R, at least 1
     * @param seed the seed
     * @return the run with the lowest inertia
     */
    public static Result fit(Embeddings embeddings, int k, int restarts, long seed) {
        return fit(embeddings.toArray(), embeddings.count(), embeddings.dimension(), k, restarts, seed,
                DEFAULT_MAX_ITERATIONS);
    }

    /**
     * @param points n points of dimension D, row-major, finite; not modified
     * @param dimension D, at least 1
     * @param k clusters, 1..n
     * @param restarts R, at least 1
     * @param seed the seed
     * @return the run with the lowest inertia
     */
    public static Result fit(double[] points, int dimension, int k, int restarts, long seed) {
        if (dimension < 1 || points.length % dimension != 0) {
            throw new UsageException("k-means: " + points.length + " values are not points of dimension " + dimension);
        }
        return fit(points, points.length / dimension, dimension, k, restarts, seed, DEFAULT_MAX_ITERATIONS);
    }

    /**
     * @param points n points of dimension D, row-major, finite; not modified
     * @param n number of points, at least 1
     * @param dimension D, at least 1
     * @param k clusters, 1..n
     * @param restarts R, at least 1
     * @param seed the seed
     * @param maxIterations Lloyd rounds allowed per restart, at least 1
     * @return the run with the lowest inertia
     * @throws UsageException when the sizes do not fit or a value is not finite
     */
    public static Result fit(double[] points, int n, int dimension, int k, int restarts, long seed,
            int maxIterations) {
        if (n < 1 || dimension < 1 || points.length != (long) n * dimension) {
            throw new UsageException("k-means: " + points.length + " values are not " + n + " points of dimension "
                    + dimension);
        }
        if (k < 1 || k > n) {
            throw new UsageException("k-means: k = " + k + " clusters for " + n + " points; need 1 <= k <= n");
        }
        if (restarts < 1 || maxIterations < 1) {
            throw new UsageException("k-means: restarts (" + restarts + ") and iterations (" + maxIterations
                    + ") must be at least 1");
        }
        for (int i = 0; i < points.length; i++) {
            if (!Double.isFinite(points[i])) {
                throw new UsageException("k-means: point " + i / dimension + " has a non-finite coordinate");
            }
        }
        SplittableRandom root = new SplittableRandom(seed);
        Result best = null;
        for (int r = 0; r < restarts; r++) {
            Result run = run(points, n, dimension, k, maxIterations, root.split(), r);
            if (best == null || run.inertia < best.inertia) {
                best = run;
            }
        }
        return best;
    }

    private static Result run(double[] x, int n, int d, int k, int maxIterations, SplittableRandom rng, int restart) {
        double[] mu = seedPlusPlus(x, n, d, k, rng);
        int[] label = new int[n];
        Arrays.fill(label, -1);
        double[] dist = new double[n];
        int it = 0;
        boolean converged = false;
        while (it < maxIterations) {
            boolean changed = assign(x, n, d, mu, k, label, dist);
            if (!changed && it > 0) {
                converged = true;
                break;
            }
            it++;
            update(x, n, d, mu, k, label, dist);
        }
        if (!converged) {
            assign(x, n, d, mu, k, label, dist);
        }
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            inertia += dist[i];
        }
        return new Result(label, mu, inertia, it, converged, restart);
    }

    /** k-means++ seeding; returns k centroids, flat. */
    static double[] seedPlusPlus(double[] x, int n, int d, int k, SplittableRandom rng) {
        double[] mu = new double[k * d];
        boolean[] chosen = new boolean[n];
        int first = rng.nextInt(n);
        chosen[first] = true;
        System.arraycopy(x, first * d, mu, 0, d);
        double[] d2 = new double[n];
        for (int i = 0; i < n; i++) {
            d2[i] = sq(x, i * d, mu, 0, d);
        }
        for (int c = 1; c < k; c++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += d2[i];
            }
            int pick = -1;
            if (sum > 0) {
                double target = rng.nextDouble() * sum;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += d2[i];
                    if (d2[i] > 0 && acc > target) {
                        pick = i;
                        break;
                    }
                }
                if (pick < 0) { // rounding left the target at the very end
                    for (int i = n - 1; i >= 0; i--) {
                        if (d2[i] > 0) {
                            pick = i;
                            break;
                        }
                    }
                }
            } else {
                int free = 0;
                for (boolean b : chosen) {
                    free += b ? 0 : 1;
                }
                int skip = rng.nextInt(free);
                for (int i = 0; i < n; i++) {
                    if (!chosen[i] && skip-- == 0) {
                        pick = i;
                        break;
                    }
                }
            }
            chosen[pick] = true;
            System.arraycopy(x, pick * d, mu, c * d, d);
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], sq(x, i * d, mu, c * d, d));
            }
        }
        return mu;
    }

    /** Assigns each point to its nearest centroid; returns whether any label changed. */
    private static boolean assign(double[] x, int n, int d, double[] mu, int k, int[] label, double[] dist) {
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bd = sq(x, i * d, mu, 0, d);
            for (int c = 1; c < k; c++) {
                double v = sq(x, i * d, mu, c * d, d);
                if (v < bd) {
                    bd = v;
                    best = c;
                }
            }
            dist[i] = bd;
            if (label[i] != best) {
                label[i] = best;
                changed = true;
            }
        }
        return changed;
    }

    /** Moves centroids to their clusters' means, refilling empty clusters. */
    private static void update(double[] x, int n, int d, double[] mu, int k, int[] label, double[] dist) {
        int[] size = new int[k];
        for (int i = 0; i < n; i++) {
            size[label[i]]++;
        }
        for (int c = 0; c < k; c++) {
            if (size[c] > 0) {
                continue;
            }
            int far = -1;
            for (int i = 0; i < n; i++) {
                if (size[label[i]] > 1 && (far < 0 || dist[i] > dist[far])) {
                    far = i;
                }
            }
            size[label[far]]--;
            label[far] = c;
            size[c] = 1;
            dist[far] = 0;
        }
        Arrays.fill(mu, 0);
        for (int i = 0; i < n; i++) {
            int o = label[i] * d;
            for (int j = 0; j < d; j++) {
                mu[o + j] += x[i * d + j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                mu[c * d + j] /= size[c];
            }
        }
    }

    private static double sq(double[] x, int xo, double[] y, int yo, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double t = x[xo + j] - y[yo + j];
            s += t * t;
        }
        return s;
    }
}
