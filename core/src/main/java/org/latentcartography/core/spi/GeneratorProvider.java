package org.latentcartography.core.spi;

import org.latentcartography.core.ComponentSpec;

/**
 * Opens generators of one kind, keyed by {@link #id()} ({@code onnx}, {@code text}, ...).
 *
 * <p>Stability: stable.
 */
public interface GeneratorProvider extends Provider {
    /**
     * @param spec the spec, whose id is this provider's id, never null
     * @param context data and services available to the generator, never null
     * @return an open generator, owned by the caller
     * @throws org.latentcartography.core.CartographyException on a bad spec or model
     */
    Generator open(ComponentSpec spec, ComponentContext context);
}
