package org.latentcartography.core.spi;

import java.util.List;
import java.util.Optional;

/**
 * The capability of an autoregressive text decoder (paper sec. 2.2.2): it turns latent points
 * into token sequences, word by word. A generator that is a text decoder offers this view through
 * {@link Generator#capability}; its own output ({@link LatentFunction#apply}) is then the average
 * word distribution of Eq. 1, one entry per vocabulary word.
 *
 * <p>It survives composition ({@link Composable}): in {@code Generator.compose(first, decoder)} the
 * decoder's capability is offered with its latent points first run through {@code first}.
 *
 * <p>Thread-safety: {@link #decode} may be called concurrently, like {@link LatentFunction#apply}.
 *
 * <p>Stability: experimental.
 */
public interface TextDecoder extends Composable {

    /** @return the vocabulary, index = token id, never null */
    List<String> vocabulary();

    /** @return the largest number of tokens one decode emits (T) */
    int maxLength();

    /** @return the id of the end-of-sequence token */
    int endToken();

    /** @return the latent dimension the decoder accepts, as given to {@link #decode} */
    int latentDimension();

    /**
     * Decodes points with the generator's decoding strategy (greedy, or seeded sampling).
     *
     * @param z the points, {@code count * latentDimension()} values, row-major; not modified
     * @param count the number of points, at least 1
     * @param seeds one seed per point; greedy decoding ignores them
     * @param blockUnknown true to never emit the unknown-word token (for sentences shown to people)
     * @return per point the emitted token ids, without the start token, ending with the end token
     *     when one was emitted within {@link #maxLength()} tokens
     */
    int[][] decode(double[] z, int count, long[] seeds, boolean blockUnknown);

    /**
     * @param tokens token ids as returned by {@link #decode}
     * @return the words joined by spaces, without the end token
     */
    default String text(int[] tokens) {
        List<String> vocabulary = vocabulary();
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) {
            if (t == endToken()) {
                break;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t >= 0 && t < vocabulary.size() ? vocabulary.get(t) : "<" + t + ">");
        }
        return sb.toString();
    }

    /**
     * The same decoder behind a first stage: it takes the first stage's latent points, feeds them
     * (and the seeds the composition gives its second stage) to this decoder, and decodes.
     *
     * @param type the type asked for: {@code TextDecoder.class} (or a supertype of it), never null
     * @param composition the composition whose second stage offers this decoder, never null
     * @param <T> the type asked for
     * @return the composed decoder, or empty when {@code type} is not a supertype of TextDecoder
     */
    @Override
    default <T> Optional<T> composeAfter(Class<T> type, Composition composition) {
        if (!type.isAssignableFrom(TextDecoder.class)) {
            return Optional.empty();
        }
        TextDecoder inner = this;
        Generator first = composition.first();
        return Optional.of(type.cast(new TextDecoder() {
            @Override
            public List<String> vocabulary() {
                return inner.vocabulary();
            }

            @Override
            public int maxLength() {
                return inner.maxLength();
            }

            @Override
            public int endToken() {
                return inner.endToken();
            }

            @Override
            public int latentDimension() {
                return first.latentDimension();
            }

            @Override
            public int[][] decode(double[] z, int count, long[] seeds, boolean blockUnknown) {
                return inner.decode(composition.firstStage(z, count, seeds), count,
                        composition.secondSeeds(seeds, count), blockUnknown);
            }
        }));
    }
}
