package org.latentcartography.measures.jsd;

import org.latentcartography.core.CartographyException;

/**
 * Distances between two discrete distributions p and q of n entries each, read from arrays at
 * offsets. The inputs must be non-negative with a positive sum; each is divided by its own sum,
 * so unnormalised histograms are accepted. Entries where both are zero contribute nothing
 * (0·log 0 = 0). No method allocates.
 */
final class Divergences {
    private static final double LN2 = Math.log(2);

    private Divergences() {
    }

    /** @return the sum of the n entries, checked: non-negative entries, a positive finite sum */
    static double sum(double[] a, int o, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = a[o + i];
            if (!(v >= 0)) {
                throw new CartographyException("distribution has a negative or NaN entry (" + v + " at " + i
                        + "); distances between distributions need non-negative meaning values");
            }
            s += v;
        }
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new CartographyException("distribution sums to " + s + "; cannot normalise it");
        }
        return s;
    }

    /**
     * Jensen–Shannon distance in bits: sqrt(½ KL(p‖m) + ½ KL(q‖m)) with m = (p + q)/2, in [0, 1];
     * a metric. Computed as sqrt(½ Σ [p log₂(2p/(p+q)) + q log₂(2q/(p+q))]).
     */
    static double jensenShannon(double[] a, int ao, double[] b, int bo, int n) {
        double sa = 1 / sum(a, ao, n);
        double sb = 1 / sum(b, bo, n);
        double js = 0;
        for (int i = 0; i < n; i++) {
            double p = a[ao + i] * sa;
            double q = b[bo + i] * sb;
            double s = p + q;
            if (p > 0) {
                js += p * Math.log(2 * p / s);
            }
            if (q > 0) {
                js += q * Math.log(2 * q / s);
            }
        }
        js *= 0.5 / LN2;
        return js > 0 ? Math.sqrt(Math.min(1.0, js)) : 0.0;
    }

    /** Hellinger distance sqrt(1 − Σ sqrt(p q)), in [0, 1]; a metric. */
    static double hellinger(double[] a, int ao, double[] b, int bo, int n) {
        double sa = 1 / sum(a, ao, n);
        double sb = 1 / sum(b, bo, n);
        double bc = 0;
        for (int i = 0; i < n; i++) {
            bc += Math.sqrt(a[ao + i] * sa * b[bo + i] * sb);
        }
        double h = 1 - bc;
        return h > 0 ? Math.sqrt(h) : 0.0;
    }

    /** Total variation distance ½ Σ |p − q|, in [0, 1]; a metric. */
    static double totalVariation(double[] a, int ao, double[] b, int bo, int n) {
        double sa = 1 / sum(a, ao, n);
        double sb = 1 / sum(b, bo, n);
        double tv = 0;
        for (int i = 0; i < n; i++) {
            tv += Math.abs(a[ao + i] * sa - b[bo + i] * sb);
        }
        return 0.5 * tv;
    }
}
