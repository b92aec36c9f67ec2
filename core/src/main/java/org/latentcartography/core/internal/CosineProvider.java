package org.latentcartography.core.internal;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.DissimilarityProvider;

/**
 * Cosine dissimilarity 1 − a·b / (|a| |b|), in [0, 2]; two zero vectors are identical (0), a zero
 * vector and a non-zero one are orthogonal (1).
 */
public final class CosineProvider implements DissimilarityProvider {
    @Override
    public String id() {
        return "cosine";
    }

    @Override
    public String description() {
        return "cosine dissimilarity 1 - cos(angle) between meaning vectors";
    }

    @Override
    public Dissimilarity create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return CosineProvider::distance;
    }

    static double distance(double[] a, int ao, double[] b, int bo, int n) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            double x = a[ao + i];
            double y = b[bo + i];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        if (aa == 0 && bb == 0) {
            return 0;
        }
        if (aa == 0 || bb == 0) {
            return 1;
        }
        double d = 1 - ab / Math.sqrt(aa * bb);
        return Math.max(0, d);
    }
}
