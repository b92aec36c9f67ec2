package org.latentcartography.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.analysis.ClusterScore;
import org.latentcartography.core.analysis.Entropy;
import org.latentcartography.core.analysis.EquidistanceLine;
import org.latentcartography.core.analysis.KMeans;
import org.latentcartography.core.analysis.PathLength;
import org.latentcartography.core.analysis.Paths;
import org.latentcartography.core.geodesic.ConformalMetric;
import org.latentcartography.core.geodesic.Geodesics;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.map.LatentMap;
import org.latentcartography.core.spi.Generator;

/**
 * The paper's analyses of one latent space and its map (sec. 3, 4.1): a straight path and a
 * pseudo-geodesic between two points with their lengths under the measure, equidistance lines,
 * decoded interpolations, histogram entropy and k-means F1 before and after the transform.
 */
public final class Study {
    /** Points drawn per path in figures (smooth curves); interpolations use fewer. */
    static final int DRAW_POINTS = 240;

    /** Two paths between a and b, in both spaces, and what they measure. */
    public record PathPair(double[] a, double[] b, double[] straight, double[] geodesic, double[] straightInT,
                    double[] geodesicInT, List<EquidistanceLine> lines, Map<String, Object> lengths, double[] trueGeodesic,
                    double[] trueGeodesicInT) {
    }

    /** Before/after figures of the embeddings. */
    public record Scores(double entropyBefore, double entropyAfter, double f1Before, double f1After,
                  int[] clustersBefore, int[] clustersAfter, int bins, int k) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entropy_bins", bins);
            m.put("entropy_before_nats", entropyBefore);
            m.put("entropy_after_nats", entropyAfter);
            m.put("kmeans_k", k);
            m.put("kmeans_f1_before", f1Before);
            m.put("kmeans_f1_after", f1After);
            return m;
        }
    }

    private Study() {
    }

    public static PathPair paths(Grid grid, double[] measure, LatentMap map, double[] a, double[] b, double[] radiiFractions) {
        double[] straight = Paths.straight(a, b, DRAW_POINTS);
        double[] geodesic = Paths.pseudoGeodesic(map, a, b, DRAW_POINTS);
        double[] straightInT = map.forward(straight);
        double[] geodesicInT = map.forward(geodesic);
        double[] ta = map.forward(a);
        double[] tb = map.forward(b);
        double span = Math.hypot(tb[0] - ta[0], tb[1] - ta[1]);
        double[] radii = Arrays.stream(radiiFractions).map(f -> f * span).toArray();
        List<EquidistanceLine> lines = Paths.equidistanceLines(map, a, radii, 360);
        Map<String, Object> len = new LinkedHashMap<>();
        len.put("from", a);
        len.put("to", b);
        len.put("straight_euclidean", PathLength.euclidean(straight));
        len.put("geodesic_euclidean", PathLength.euclidean(geodesic));
        len.put("straight_measure", PathLength.measure(grid, measure, straight));
        len.put("geodesic_measure", PathLength.measure(grid, measure, geodesic));
        len.put("straight_sqrt_measure", PathLength.sqrtMeasure(grid, measure, straight));
        len.put("geodesic_sqrt_measure", PathLength.sqrtMeasure(grid, measure, geodesic));
        len.put("straight_transformed", PathLength.transformed(map, straight));
        len.put("geodesic_transformed", PathLength.transformed(map, geodesic));
        // the true geodesic under the conformal metric sqrt(m)|dz| (fast marching), measured the same way
        double[] truePath = Geodesics.shortestPath(ConformalMetric.ofMeasure(grid, measure), a, b).path();
        len.put("true_geodesic_euclidean", PathLength.euclidean(truePath));
        len.put("true_geodesic_measure", PathLength.measure(grid, measure, truePath));
        len.put("true_geodesic_sqrt_measure", PathLength.sqrtMeasure(grid, measure, truePath));
        len.put("true_geodesic_transformed", PathLength.transformed(map, truePath));
        return new PathPair(a, b, straight, geodesic, straightInT, geodesicInT, lines, len, truePath,
                map.forward(truePath));
    }

    /**
     * The demos' paths: between the embeddings nearest the means of classes 0 and 1 (rows {@code from}
     * and {@code to}), the straight path, the pseudo-geodesic and the true geodesic with their lengths
     * and equidistance lines, each decoded at {@code steps} equally spaced points.
     */
    public record Strips(int from, int to, PathPair paths, double[] straight, double[] pseudoGeodesic,
                         double[] trueGeodesic) {
    }

    /**
     * @param xy the embeddings, n × 2; not modified
     * @param images decodes a point into an image
     * @return the paths between the embeddings nearest the means of classes 0 and 1, and their strips
     */
    public static Strips strips(Grid grid, double[] measure, LatentMap map, double[] xy, int[] labels, Generator images,
                                int steps) {
        int ia = nearestToClassMean(xy, labels, 0);
        int ib = nearestToClassMean(xy, labels, 1);
        double[] a = {xy[2 * ia], xy[2 * ia + 1]};
        double[] b = {xy[2 * ib], xy[2 * ib + 1]};
        PathPair paths = paths(grid, measure, map, a, b, new double[] {0.25, 0.5, 0.75});
        return new Strips(ia, ib, paths, decode(images, Paths.straight(a, b, steps)),
                decode(images, Paths.pseudoGeodesic(map, a, b, steps)), decode(images, Paths.resample(paths.trueGeodesic(), steps)));
    }

    /** Decodes {@code k} points of a path sampled equally in its own space. */
    public static double[] decode(Generator g, double[] path) {
        int k = path.length / 2;
        double[] out = new double[k * g.outputDimension()];
        g.apply(path, k, out, 0, new long[k]);
        return out;
    }

    public static Scores scores(Grid grid, double[] before, double[] after, int[] labels, int bins, long seed) {
        return scores(grid, before, after, labels, bins, seed, null);
    }

    /**
     * The k-means clustering of the points before the map that {@link #scores} makes: for callers
     * that score several maps of the same points (it is the same for each).
     *
     * @param labels the labels, never null
     */
    public static KMeans.Result fitBefore(Grid grid, double[] before, int[] labels, long seed) {
        int k = (int) Arrays.stream(labels).distinct().count();
        return KMeans.fit(before, grid.dimension(), k, 10, seed);
    }

    /**
     * {@link #scores(Grid, double[], double[], int[], int, long)} with the clustering before the
     * map given.
     *
     * @param fitBefore {@link #fitBefore} of the same grid, points, labels and seed, or null to make it here
     */
    public static Scores scores(Grid grid, double[] before, double[] after, int[] labels, int bins, long seed,
                                KMeans.Result fitBefore) {
        int d = grid.dimension();
        double eb;
        double ea;
        if (d == 2) {
            double[] bounds = {grid.lower(0), grid.upper(0), grid.lower(1), grid.upper(1)};
            eb = Entropy.nats(before, bounds, bins);
            ea = Entropy.nats(after, bounds, bins);
        } else {
            eb = Entropy.nats(before, grid.lower(), grid.upper(), bins);
            ea = Entropy.nats(after, grid.lower(), grid.upper(), bins);
        }
        if (labels == null) {
            return new Scores(eb, ea, Double.NaN, Double.NaN, null, null, bins, 0);
        }
        int k = (int) Arrays.stream(labels).distinct().count();
        KMeans.Result kb = fitBefore != null ? fitBefore : fitBefore(grid, before, labels, seed);
        KMeans.Result ka = KMeans.fit(after, d, k, 10, seed);
        return new Scores(eb, ea, ClusterScore.macroF1(kb.labels(), labels), ClusterScore.macroF1(ka.labels(), labels),
                kb.labels(), ka.labels(), bins, k);
    }

    /** The index of the embedding nearest the mean of the points with label {@code label}. */
    public static int nearestToClassMean(double[] xy, int[] labels, int label) {
        double mx = 0;
        double my = 0;
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                mx += xy[2 * i];
                my += xy[2 * i + 1];
                n++;
            }
        }
        if (n == 0) {
            return -1;
        }
        mx /= n;
        my /= n;
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                double d = Math.hypot(xy[2 * i] - mx, xy[2 * i + 1] - my);
                if (d < bestD) {
                    bestD = d;
                    best = i;
                }
            }
        }
        return best;
    }
}
