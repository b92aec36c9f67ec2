package org.latentcartography.core.analysis;

import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;

/**
 * Shannon entropy of a two-dimensional histogram of points (paper sec. 4.1: how evenly a set of
 * embeddings spreads over the latent box before and after a transform).
 *
 * <p>The box {@code [x0, x1] x [y0, y1]} is cut into {@code B x B} equal bins. A point goes in bin
 * {@code (floor(B (x - x0) / (x1 - x0)), floor(B (y - y0) / (y1 - y0)))}; a point on an upper
 * bound goes in the last bin of that axis, so the closed box is covered. With {@code n_b} points in
 * bin b and {@code n = sum n_b}, {@code p_b = n_b / n} and
 *
 * <pre>
 *   H = - sum_b p_b ln p_b        (nats; empty bins contribute 0, since p ln p -> 0)
 * </pre>
 *
 * <p>so {@code 0 <= H <= ln(B^2)}, with the maximum exactly when every bin holds the same count.
 * Divide by {@code ln 2} for bits ({@link #bits}).
 *
 * <p>Points outside the closed box, or with a non-finite coordinate, are an error
 * ({@link CartographyException}): silently dropping them would raise or lower the entropy without
 * the caller noticing. Callers who want them left out filter first.
 *
 * <p>Stability: experimental. Stateless; all methods are static and leave their arguments
 * unmodified.
 */
public final class Entropy {
    private Entropy() {
    }

    /**
     * Counts points into a {@code B x B} histogram.
     *
     * @param xy the points as (x, y) pairs, length 2n, n at least 1; not modified
     * @param bounds {@code {x0, x1, y0, y1}} with {@code x0 < x1}, {@code y0 < y1}; not modified
     * @param bins B, at least 1
     * @return counts, {@code counts[i * B + j]} for bin i along x and j along y (C order, y fastest)
     * @throws UsageException when the bounds or B are unusable, or {@code xy} has odd length
     * @throws CartographyException when a point lies outside the closed box or is not finite
     */
    public static long[] histogram(double[] xy, double[] bounds, int bins) {
        checkArgs(xy, bounds, bins);
        double x0 = bounds[0];
        double x1 = bounds[1];
        double y0 = bounds[2];
        double y1 = bounds[3];
        long[] counts = new long[bins * bins];
        for (int p = 0; p < xy.length / 2; p++) {
            double x = xy[2 * p];
            double y = xy[2 * p + 1];
            if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) {
                throw new CartographyException("entropy: point " + p + " (" + x + ", " + y
                        + ") lies outside the box [" + x0 + ", " + x1 + "] x [" + y0 + ", " + y1 + "]");
            }
            counts[bin(x, x0, x1, bins) * bins + bin(y, y0, y1, bins)]++;
        }
        return counts;
    }

    /**
     * Shannon entropy in nats of the histogram of {@code xy} over {@code bounds} with
     * {@code B x B} bins: {@code H = -sum p_b ln p_b}.
     *
     * @param xy the points as (x, y) pairs, length 2n, n at least 1; not modified
     * @param bounds {@code {x0, x1, y0, y1}}; not modified
     * @param bins B, at least 1
     * @return H in nats, between 0 and {@code ln(B^2)}
     * @throws UsageException when the arguments are unusable
     * @throws CartographyException when a point lies outside the closed box or is not finite
     */
    public static double nats(double[] xy, double[] bounds, int bins) {
        return ofCounts(histogram(xy, bounds, bins));
    }

    /**
     * As {@link #nats} but in bits: {@code H / ln 2}.
     *
     * @param xy the points as (x, y) pairs; not modified
     * @param bounds {@code {x0, x1, y0, y1}}; not modified
     * @param bins B, at least 1
     * @return H in bits, between 0 and {@code log2(B^2)}
     */
    public static double bits(double[] xy, double[] bounds, int bins) {
        return nats(xy, bounds, bins) / Math.log(2);
    }

    /**
     * Counts points of any dimension D into a histogram of B<sup>D</sup> equal bins over the box
     * [lower, upper] (the D-dimensional form of {@link #histogram(double[], double[], int)}, same
     * binning rule per axis).
     *
     * @param points n points, flat, point p at {@code [D p, D p + D)}, n at least 1; not modified
     * @param lower the box's lower bounds, D values; not modified
     * @param upper the box's upper bounds, D values, each above its lower bound; not modified
     * @param bins B per axis, at least 1, with B<sup>D</sup> bins in all below 2<sup>31</sup>
     * @return counts in C order (the last axis fastest)
     * @throws UsageException when the box or B are unusable, or the points do not fit D
     * @throws CartographyException when a point lies outside the closed box or is not finite
     */
    public static long[] histogram(double[] points, double[] lower, double[] upper, int bins) {
        int d = lower.length;
        if (d < 1 || upper.length != d) {
            throw new UsageException("entropy: the box needs as many upper as lower bounds (got " + d + " and "
                    + upper.length + ")");
        }
        if (points.length == 0 || points.length % d != 0) {
            throw new UsageException("entropy: need a non-empty array of " + d + "-D points, got length " + points.length);
        }
        for (int k = 0; k < d; k++) {
            if (!(lower[k] < upper[k]) || !Double.isFinite(lower[k]) || !Double.isFinite(upper[k])) {
                throw new UsageException("entropy: axis " + k + " of the box [" + lower[k] + ", " + upper[k]
                        + "] must be finite with lower < upper");
            }
        }
        if (bins < 1 || Math.pow(bins, d) > Integer.MAX_VALUE - 8) {
            throw new UsageException("entropy: bin count " + bins + " out of range for " + d + " dimensions");
        }
        long[] counts = new long[(int) Math.round(Math.pow(bins, d))];
        for (int p = 0; p < points.length / d; p++) {
            int index = 0;
            for (int k = 0; k < d; k++) {
                double v = points[d * p + k];
                if (!(v >= lower[k] && v <= upper[k])) {
                    throw new CartographyException("entropy: point " + p + " has coordinate " + k + " = " + v
                            + " outside [" + lower[k] + ", " + upper[k] + "]");
                }
                index = index * bins + bin(v, lower[k], upper[k], bins);
            }
            counts[index]++;
        }
        return counts;
    }

    /**
     * Shannon entropy in nats of the B<sup>D</sup>-bin histogram of D-dimensional points (see
     * {@link #histogram(double[], double[], double[], int)}); between 0 and ln B<sup>D</sup>.
     *
     * @param points n points, flat; not modified
     * @param lower the box's lower bounds; not modified
     * @param upper the box's upper bounds; not modified
     * @param bins B per axis
     * @return H in nats
     */
    public static double nats(double[] points, double[] lower, double[] upper, int bins) {
        return ofCounts(histogram(points, lower, upper, bins));
    }

    /**
     * Shannon entropy in nats of a vector of counts, {@code -sum (n_b/n) ln(n_b/n)}, computed as
     * {@code ln n - (1/n) sum n_b ln n_b} for accuracy; zero counts contribute 0.
     *
     * @param counts non-negative counts, at least one positive; not modified
     * @return H in nats
     * @throws UsageException when a count is negative or all are zero
     */
    public static double ofCounts(long[] counts) {
        long n = 0;
        double s = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new UsageException("entropy: negative count " + c);
            }
            if (c > 0) {
                n += c;
                s += c * Math.log(c);
            }
        }
        if (n == 0) {
            throw new UsageException("entropy: no points");
        }
        return Math.max(0.0, Math.log(n) - s / n);
    }

    /** @return the bin of v in [lo, hi] among {@code bins}, the upper bound in the last bin */
    static int bin(double v, double lo, double hi, int bins) {
        int i = (int) Math.floor((v - lo) / (hi - lo) * bins);
        return Math.min(Math.max(i, 0), bins - 1);
    }

    private static void checkArgs(double[] xy, double[] bounds, int bins) {
        if (xy.length == 0 || xy.length % 2 != 0) {
            throw new UsageException("entropy: need a non-empty array of (x, y) pairs, got length " + xy.length);
        }
        if (bounds.length != 4 || !(bounds[0] < bounds[1]) || !(bounds[2] < bounds[3])
                || !Double.isFinite(bounds[0]) || !Double.isFinite(bounds[1])
                || !Double.isFinite(bounds[2]) || !Double.isFinite(bounds[3])) {
            throw new UsageException("entropy: bounds must be {x0, x1, y0, y1} with x0 < x1, y0 < y1, finite");
        }
        if (bins < 1 || (long) bins * bins > Integer.MAX_VALUE - 8) {
            throw new UsageException("entropy: bin count " + bins + " out of range");
        }
    }
}
