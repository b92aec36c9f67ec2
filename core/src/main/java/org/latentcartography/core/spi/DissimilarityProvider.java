package org.latentcartography.core.spi;

import org.latentcartography.core.ComponentSpec;

/**
 * Makes dissimilarities ({@code l2}, {@code cosine}, {@code jsd}, ...). Every dissimilarity id is
 * also a measure id: the mean dissimilarity to the face neighbours of each cell (paper Eq. 2).
 *
 * <p>Stability: stable.
 */
public interface DissimilarityProvider extends Provider {
    /**
     * @param spec the spec, whose id is this provider's id, never null
     * @param context data and services, never null
     * @return the dissimilarity
     */
    Dissimilarity create(ComponentSpec spec, ComponentContext context);

    /**
     * A faster implementation of this dissimilarity's measure (mean d_h to the face neighbours),
     * for instance one that precomputes per-cell quantities; it must give the same values as the
     * generic measure up to rounding. The default offers none, and the generic one is used.
     *
     * @param spec the spec, whose id is this provider's id, never null
     * @param context data and services, never null
     * @return the specialised measure, or empty
     */
    default java.util.Optional<Measure> specialisedMeasure(ComponentSpec spec, ComponentContext context) {
        return java.util.Optional.empty();
    }
}
