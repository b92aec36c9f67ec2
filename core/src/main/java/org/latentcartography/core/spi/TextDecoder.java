package org.latentcartography.core.spi;

import java.util.List;

/**
 * The capability of an autoregressive text decoder (paper sec. 2.2.2): it turns latent points
 * into token sequences, word by word. A generator that is a text decoder offers this view through
 * {@link Generator#capability}; its own output ({@link LatentFunction#apply}) is then the average
 * word distribution of Eq. 1, one entry per vocabulary word.
 *
 * <p>Thread-safety: {@link #decode} may be called concurrently, like {@link LatentFunction#apply}.
 *
 * <p>Stability: experimental.
 */
public interface TextDecoder {

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
}
