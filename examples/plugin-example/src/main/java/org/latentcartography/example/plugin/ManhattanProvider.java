package org.latentcartography.example.plugin;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.DissimilarityProvider;

/**
 * An example dissimilarity: the Manhattan (L1) distance, optionally divided by the dimension
 * ({@code manhattan,mean=true}). Any dissimilarity is also a measure: {@code --measure manhattan}
 * gives the mean L1 distance of each cell to its face neighbours.
 */
public final class ManhattanProvider implements DissimilarityProvider {
    @Override
    public String id() {
        return "manhattan";
    }

    @Override
    public String description() {
        return "example plugin: Manhattan (L1) distance between meaning vectors; option mean=true divides by D_h";
    }

    @Override
    public Dissimilarity create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of("mean"));
        boolean mean = spec.flag("mean", false);
        return (a, ao, b, bo, n) -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(a[ao + i] - b[bo + i]);
            }
            return mean ? s / n : s;
        };
    }
}
