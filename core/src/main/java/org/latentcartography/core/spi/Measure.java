package org.latentcartography.core.spi;

/**
 * A per-cell measure m(z) computed from the meaning values of a cell and its neighbours: the
 * approximate Riemannian volume element (paper 2.2.1), the mean dissimilarity to the neighbours
 * (2.2.2), or anything else a plugin defines. Values must be finite and non-negative.
 *
 * <p>Thread-safety: {@link #compute} is called concurrently for different slabs.
 *
 * <p>Stability: stable.
 */
public interface Measure {

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

    /** @return true when this measure can also give a metric tensor field (see {@link #metric}) */
    default boolean hasMetric() {
        return false;
    }

    /**
     * Computes the D_z &#215; D_z metric tensor JᵀJ of every cell of one slab.
     *
     * @param view the meaning values around {@code slab}
     * @param slab the slab index
     * @param out receives {@code grid.slabSize() * D_z * D_z} values from {@code outOffset}
     * @param outOffset where the slab's first value goes
     * @throws UnsupportedOperationException unless {@link #hasMetric()}
     */
    default void metric(SlabView view, int slab, double[] out, int outOffset) {
        throw new UnsupportedOperationException("this measure has no metric tensor");
    }
}
