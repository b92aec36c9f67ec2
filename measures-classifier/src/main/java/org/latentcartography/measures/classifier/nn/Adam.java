package org.latentcartography.measures.classifier.nn;

/**
 * Adam (Kingma and Ba, 2015) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and an optional L2 penalty,
 * as scikit-learn's MLPClassifier uses it: the bias correction is folded into the step size,
 * {@code lr_t = rate · sqrt(1 − β₂ᵗ) / (1 − β₁ᵗ)}.
 *
 * <p>Stability: internal (see the package). Static and thread-safe.
 */
public final class Adam {
    /** β₁, the first moment's decay. */
    public static final double BETA1 = 0.9;
    /** β₂, the second moment's decay. */
    public static final double BETA2 = 0.999;
    /** ε, added to the second moment's root. */
    public static final double EPSILON = 1e-8;

    private Adam() {
    }

    /**
     * @param rate the base learning rate
     * @param step the number of the update, from 1
     * @return the step size of update {@code step}, bias correction included
     */
    public static double stepSize(double rate, long step) {
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        return rate * Math.sqrt(c2) / c1;
    }

    /**
     * One Adam update with gradient g + λ·param.
     *
     * @param param the parameters, updated in place
     * @param g their gradients; not modified
     * @param m first moments, updated in place
     * @param v second moments, updated in place
     * @param decay λ, at least 0
     * @param lr the step size from {@link #stepSize}
     */
    public static void update(double[] param, double[] g, double[] m, double[] v, double decay, double lr) {
        for (int i = 0; i < param.length; i++) {
            double gi = g[i] + decay * param[i];
            m[i] = BETA1 * m[i] + (1 - BETA1) * gi;
            v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi;
            param[i] -= lr * m[i] / (Math.sqrt(v[i]) + EPSILON);
        }
    }
}
