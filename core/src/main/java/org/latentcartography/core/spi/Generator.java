package org.latentcartography.core.spi;

/**
 * A generative model's decoder g: Z &#8594; X, or one of its intermediate layers, as a
 * {@link LatentFunction}. Besides its output, a generator may offer capabilities that some meaning
 * functions or analyses need, found with {@link #capability} (see {@link Capable}): a text decoder
 * offers its per-step word distributions and its decoded sentences ({@link TextDecoder}).
 *
 * <p>Stability: stable.
 */
public interface Generator extends LatentFunction, Capable {

    /** @return a short human-readable name of the model (e.g. its file name), never null */
    String name();

    /**
     * Composes two generators (paper sec. 4.2: a compression VAE's decoder feeding a seq2seq
     * decoder): the result maps z to {@code second(first(z))}. Its latent dimension is the first's,
     * its output the second's. The second's capabilities that implement {@link Composable} are
     * offered as they compose (a {@link TextDecoder} takes the first's latent points); no other
     * capability is. The result owns both and closes both.
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

    /**
     * A deterministic generator written one point at a time, for pure-Java backends, analytic
     * surfaces and tests: the framework batches it (as {@link LatentFunction#pointwise}), and
     * every output is checked: a NaN or infinite value throws a
     * {@link org.latentcartography.core.CartographyException} naming the generator, the output
     * and the point, e.g. {@code analytic:cone: output 2 is NaN at z = (0.0, 0.0)}. It holds no
     * resources; {@link #close()} does nothing.
     * <pre>{@code
     * Generator g = Generator.pointwise("paraboloid", 2, 3, (z, zo, out, o) -> {
     *     out[o] = z[zo];
     *     out[o + 1] = z[zo + 1];
     *     out[o + 2] = z[zo] * z[zo] + z[zo + 1] * z[zo + 1];
     * });
     * }</pre>
     *
     * @param name the generator's name in messages, never null
     * @param latentDimension D_z, at least 1
     * @param outputDimension D_h, at least 1
     * @param point the evaluation of one point: reads D_z values, writes D_h values; called
     *     concurrently from several threads, so it must be thread-safe (stateless, or per-thread
     *     state)
     * @return the generator
     * @throws IllegalArgumentException when a dimension is below 1
     */
    static Generator pointwise(String name, int latentDimension, int outputDimension, LatentFunction.Point point) {
        return new org.latentcartography.core.internal.PointwiseGenerator(name, latentDimension, outputDimension, point);
    }
}
