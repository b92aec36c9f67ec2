package org.latentcartography.core.spi;

/**
 * A per-cell measure m(z) computed from the meaning values of a cell and its neighbours: the
 * approximate Riemannian volume element (paper 2.2.1), the mean dissimilarity to the neighbours
 * (2.2.2), or anything else a plugin defines. Values must be finite and non-negative.
 *
 * <p>Optional features are capabilities ({@link Capable#capability}): a measure that can also give
 * the metric tensor field implements {@link MetricTensor}.
 *
 * <p>Thread-safety: {@link #compute} is called concurrently for different slabs.
 *
 * <p>Stability: stable.
 */
public interface Measure extends Capable {

    /** @return how many slabs on each side of a slab {@link #compute} reads (1 for face neighbours) */
    default int halo() {
        return 1;
    }

    /**
     * Computes the measure of every cell of one slab.
     *
     * @param view the meaning values around {@code slab}, never null
     * @param slab the slab index along axis 0
     * @param out receives {@code grid.slabSize()} values from {@code outOffset}, in C order
     * @param outOffset where the slab's first value goes
     */
    void compute(SlabView view, int slab, double[] out, int outOffset);

    /**
     * @return true when {@link #compute} (and a {@link MetricTensor}'s {@code metric}) also read a
     *     view whose slabs are float32 ({@link SlabView#floats()}); an evaluator may then hold the
     *     values of a function with float32 outputs in float32. False by default: the measure is
     *     given double slabs.
     */
    default boolean readsFloatSlabs() {
        return false;
    }
}
