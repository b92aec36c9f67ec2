package org.latentcartography.core.spi;

import java.util.Objects;
import java.util.Optional;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.grid.Embeddings;

/**
 * What a provider may draw on when it creates a component: the user's embeddings and labels (for
 * meaning functions trained from data, such as a classifier), the run's seed and thread count, and
 * a way to open other generators (for generators composed of generators).
 *
 * <p>Stability: stable. Immutable.
 *
 * @param embeddings the latent codes of the data, or null when the user gave none
 * @param labels one class label per embedding, or null
 * @param seed the run's seed
 * @param threads the number of worker threads the run uses (a hint for intra-op threads)
 * @param generators opens a generator from a spec, never null
 */
public record ComponentContext(Embeddings embeddings, int[] labels, long seed, int threads,
                               GeneratorOpener generators) {

    /** Opens generators from specs; lets one generator be built on top of another. */
    @FunctionalInterface
    public interface GeneratorOpener {
        /**
         * @param spec the generator spec, never null
         * @param context the context to open it in, never null
         * @return an open generator, owned by the caller
         */
        Generator open(ComponentSpec spec, ComponentContext context);
    }

    /**
     * @param embeddings the latent codes of the data, or null
     * @param labels one class label per embedding, or null
     * @param seed the run's seed
     * @param threads worker threads, at least 1
     * @param generators opens nested generators, never null
     */
    public ComponentContext {
        Objects.requireNonNull(generators, "generators");
        if (threads < 1) {
            throw new IllegalArgumentException("threads < 1");
        }
    }

    /** @return the embeddings, if the user gave them */
    public Optional<Embeddings> optionalEmbeddings() {
        return Optional.ofNullable(embeddings);
    }

    /** @return the labels, if the user gave them */
    public Optional<int[]> optionalLabels() {
        return Optional.ofNullable(labels);
    }

    /** @return a context with no data, seed 0, one thread, and no way to open generators */
    public static ComponentContext empty() {
        return new ComponentContext(null, null, 0L, 1, (s, c) -> {
            throw new org.latentcartography.core.UsageException("no generators available in this context");
        });
    }
}
