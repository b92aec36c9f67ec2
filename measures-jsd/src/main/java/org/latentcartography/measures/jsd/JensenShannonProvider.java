package org.latentcartography.measures.jsd;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.DissimilarityProvider;

/**
 * Provides {@code jsd}: see {@link Divergences#jensenShannon}; as a measure, the faster
 * {@link JensenShannonMeasure} with the same values.
 */
public final class JensenShannonProvider implements DissimilarityProvider {
    @Override
    public String id() {
        return "jsd";
    }

    @Override
    public String description() {
        return "Jensen-Shannon distance (base 2, in [0, 1]) between distributions; as a measure, Eq. 2 of the paper";
    }

    @Override
    public Dissimilarity create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return Divergences::jensenShannon;
    }

    @Override
    public java.util.Optional<org.latentcartography.core.spi.Measure> specialisedMeasure(ComponentSpec spec,
                                                                                         ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return java.util.Optional.of(new JensenShannonMeasure());
    }
}
