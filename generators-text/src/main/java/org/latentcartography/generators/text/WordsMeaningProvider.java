package org.latentcartography.generators.text;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.MeaningProvider;
import org.latentcartography.core.spi.TextDecoder;

/**
 * The meaning {@code words}: a text decoder's average word distribution over the generation steps
 * (paper Eq. 1), which is what a text generator gives; this meaning checks that the generator (or
 * the last stage of a composition) is a text decoder, so that a dense generator is refused with a
 * clear message instead of being read as distributions.
 */
public final class WordsMeaningProvider implements MeaningProvider {
    @Override
    public String id() {
        return "words";
    }

    @Override
    public String description() {
        return "a text decoder's average word distribution over the generation steps (paper Eq. 1)";
    }

    @Override
    public LatentFunction create(ComponentSpec spec, Generator generator, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        if (generator.capability(TextDecoder.class).isEmpty()) {
            throw new UsageException("meaning 'words' needs a text decoder as its generator (e.g. text:DIR); "
                    + generator.name() + " is not one");
        }
        return LatentFunction.borrowed(generator);
    }
}
