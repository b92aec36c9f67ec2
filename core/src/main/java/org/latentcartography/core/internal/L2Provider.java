package org.latentcartography.core.internal;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.DissimilarityProvider;

/** Euclidean distance ||a - b||₂; as a measure, the mean distance to the face neighbours. */
public final class L2Provider implements DissimilarityProvider {
    @Override
    public String id() {
        return "l2";
    }

    @Override
    public String description() {
        return "Euclidean distance between meaning vectors; as a measure, mean distance to face neighbours";
    }

    @Override
    public Dissimilarity create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return L2Provider::distance;
    }

    static double distance(double[] a, int ao, double[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = a[ao + i] - b[bo + i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
