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

    /**
     * Composes two generators (paper sec. 4.2: a compression VAE's decoder feeding a seq2seq
     * decoder): the result maps z to {@code second(first(z))}. Its latent dimension is the first's,
     * its output the second's; a text decoder capability of the second is offered too, with its
     * latent input passed through the first. The result owns both and closes both.
     *
     * @param first the generator whose output is the second's latent input, never null
     * @param second the generator applied to the first's output, never null
     * @return the composition
     * @throws org.latentcartography.core.UsageException when the first's output dimension is not
     *     the second's latent dimension
     */
    static Generator compose(Generator first, Generator second) {
        return new org.latentcartography.core.internal.ComposedGenerator(first, second);
    }
}
