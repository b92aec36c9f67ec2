package org.latentcartography.measures.jsd;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.DissimilarityProvider;

/** Provides {@code hellinger}: see {@link Divergences#hellinger}. */
public final class HellingerProvider implements DissimilarityProvider {
    @Override
    public String id() {
        return "hellinger";
    }

    @Override
    public String description() {
        return "Hellinger distance sqrt(1 - sum sqrt(p q)) between distributions, in [0, 1]";
    }

    @Override
    public Dissimilarity create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return Divergences::hellinger;
    }
}
