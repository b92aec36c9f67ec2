package org.latentcartography.core.spi;

import java.util.Optional;

/**
 * A capability that says how it survives a composition of generators,
 * {@code Generator.compose(first, second)}: asked for a capability of type T, the composition asks
 * its second generator for it and, when the capability implements this interface, offers what
 * {@code composeAfter(T.class, composition)} returns. A capability that does not implement it is not offered by a
 * composition, since it may speak of the second generator's latent input, which the composition
 * hides; the first generator's capabilities are not offered either (its output is hidden).
 *
 * <p>A capability about the output alone (say an image's shape) returns itself; one that takes
 * latent points (a {@link TextDecoder}) returns a view that first runs them through
 * {@link Composition#firstStage}.
 *
 * <p>The requested type is an argument so that one class may offer several composable
 * capabilities: a generator that implements two such interfaces, each with a default
 * {@code composeAfter}, overrides it and picks by type, e.g.
 * {@code type == ImageShape.class ? ImageShape.super.composeAfter(type, c) : TextDecoder.super.composeAfter(type, c)}.
 *
 * <p>Stability: stable.
 */
public interface Composable {

    /**
     * @param type the capability type the composition was asked for, never null
     * @param composition the composition this capability's generator is the second stage of,
     *     never null
     * @param <T> the capability's type
     * @return the capability of the composition as {@code type}, or empty when it does not
     *     survive composition; never null
     */
    <T> Optional<T> composeAfter(Class<T> type, Composition composition);

    /**
     * What a composed capability needs to know of the composition: its stages and how the first
     * feeds the second, exactly as the composition's own {@link LatentFunction#apply} does.
     *
     * <p>Stability: stable. Thread-safe.
     */
    interface Composition {
        /** @return the first stage, whose output is the second's latent input, never null */
        Generator first();

        /** @return the second stage, whose capability is composed, never null */
        Generator second();

        /**
         * Runs the first stage on points of the composition's latent space.
         *
         * @param z the points, {@code count * first().latentDimension()} values, row-major; not
         *     modified
         * @param count the number of points, at least 1
         * @param seeds the composition's seed per point (length at least {@code count})
         * @return a new array of {@code count * first().outputDimension()} values: the second
         *     stage's latent points
         */
        double[] firstStage(double[] z, int count, long[] seeds);

        /**
         * @param seeds the composition's seed per point
         * @param count the number of points
         * @return a new array: the seeds the second stage gets for those points
         */
        long[] secondSeeds(long[] seeds, int count);
    }
}
