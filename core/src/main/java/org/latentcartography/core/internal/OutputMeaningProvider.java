package org.latentcartography.core.internal;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.MeaningProvider;

/** The default meaning: the generator's output as it is (h = g(z)). */
public final class OutputMeaningProvider implements MeaningProvider {
    @Override
    public String id() {
        return "output";
    }

    @Override
    public String description() {
        return "the generator's output as it is, h = g(z) (the default)";
    }

    @Override
    public LatentFunction create(ComponentSpec spec, Generator generator, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return LatentFunction.borrowed(generator);
    }
}
