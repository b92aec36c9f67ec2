package org.latentcartography.measures.jsd;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.DissimilarityProvider;

/** Provides {@code tv}: see {@link Divergences#totalVariation}. */
public final class TotalVariationProvider implements DissimilarityProvider {
    @Override
    public String id() {
        return "tv";
    }

    @Override
    public String description() {
        return "total variation distance (1/2) sum |p - q| between distributions, in [0, 1]";
    }

    @Override
    public Dissimilarity create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return Divergences::totalVariation;
    }
}
