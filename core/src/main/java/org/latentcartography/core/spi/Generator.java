package org.latentcartography.core.spi;

import java.util.Optional;

/**
 * A generative model's decoder g: Z &#8594; X, or one of its intermediate layers, as a
 * {@link LatentFunction}. Besides its output, a generator may offer capabilities that some meaning
 * functions or analyses need, found with {@link #capability}: a text decoder offers its per-step
 * word distributions and its decoded sentences, an image decoder its image shape.
 *
 * <p>Stability: stable.
 */
public interface Generator extends LatentFunction {

    /** @return a short human-readable name of the model (e.g. its file name), never null */
    String name();

    /**
     * @param type the capability interface
     * @param <T> the capability type
     * @return this generator viewed as {@code type}, if it offers it
     */
    default <T> Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }
}
