package org.latentcartography.core.spi;

import org.latentcartography.core.ComponentSpec;

/**
 * Makes meaning functions f: Z &#8594; H (paper sec. 2.2): the generator's output as it is
 * ({@code output}), a text decoder's average word distribution ({@code words}), a classifier's
 * class probabilities ({@code classifier}), ...
 *
 * <p>Stability: stable.
 */
public interface MeaningProvider extends Provider {

    /** @return true when {@link #create} needs a generator; false when it works from data alone */
    default boolean needsGenerator() {
        return true;
    }

    /**
     * @param spec the spec, whose id is this provider's id, never null
     * @param generator the user's generator, or null when none was given and
     *     {@link #needsGenerator()} is false; the meaning function does not close it
     * @param context data and services, never null
     * @return the meaning function, owned by the caller
     */
    LatentFunction create(ComponentSpec spec, Generator generator, ComponentContext context);
}
