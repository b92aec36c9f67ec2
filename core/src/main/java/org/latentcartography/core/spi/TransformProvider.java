package org.latentcartography.core.spi;

import org.latentcartography.core.ComponentSpec;

/**
 * Makes density-equalising transforms ({@code diffusion}, {@code flow}).
 *
 * <p>Stability: stable.
 */
public interface TransformProvider extends Provider {
    /**
     * @param spec the spec, whose id is this provider's id, never null
     * @param context services, never null
     * @return the transform
     */
    DensityTransform create(ComponentSpec spec, ComponentContext context);
}
