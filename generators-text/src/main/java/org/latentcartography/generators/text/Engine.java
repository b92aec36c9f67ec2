package org.latentcartography.generators.text;

import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;

/**
 * One thread's decoder: sessions and direct buffers for a batch of rows, reused from step to
 * step. {@link #start} takes the batch's latent points, each {@link #step} computes the next
 * token's distribution (probabilities, or logits when {@link #probabilities()} is false) for every
 * row still decoding, readable from {@link #dist()} at {@link #offset}; {@link #compact} drops
 * the rows that have finished.
 */
abstract class Engine implements AutoCloseable {

    /** @return true when {@link #dist()} holds probabilities, false for logits */
    abstract boolean probabilities();

    /** Prepares a batch: copies z (count × D_z) and computes the initial state. */
    abstract void start(double[] z, int count) throws OrtException;

    /**
     * Computes the distribution of token t + 1 of the first n rows of the batch, in the order the
     * last {@link #compact} left them (at first: the batch's rows in order).
     *
     * @param t the step, from 0
     * @param history per row of the batch the tokens so far, bos first: row i's token s at {@code i * stride + s}
     * @param stride the row stride of {@code history}
     * @param rows the batch row of each of the n rows: {@code rows[j]} for row j
     * @param n the rows still decoding
     */
    abstract void step(int t, long[] history, int stride, int[] rows, int n) throws OrtException;

    /**
     * Keeps only some of the rows for the next steps: row j becomes the row that was {@code keep[j]}.
     *
     * @param keep the kept rows, increasing
     * @param n how many are kept
     */
    abstract void compact(int[] keep, int n) throws OrtException;

    /** @return the buffer the last step wrote */
    abstract FloatBuffer dist();

    /** @return where row i's V values start in {@link #dist()} */
    abstract int offset(int row);

    @Override
    public abstract void close();
}
