package org.latentcartography.core.spi;

import org.latentcartography.core.ComponentSpec;

/**
 * Makes measures ({@code riemannian}, ...). Dissimilarity ids are measures too, without a
 * provider of this kind: see {@link DissimilarityProvider}.
 *
 * <p>Stability: stable.
 */
public interface MeasureProvider extends Provider {
    /**
     * @param spec the spec, whose id is this provider's id, never null
     * @param context data and services, never null
     * @return the measure
     */
    Measure create(ComponentSpec spec, ComponentContext context);
}
