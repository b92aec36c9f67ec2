package org.latentcartography.core.spi;

/**
 * A {@link Measure}'s capability of giving the metric tensor field g = JᵀJ (D_z &#215; D_z per
 * cell, the pull-back of the Euclidean metric of H through the meaning function; paper 2.2.1),
 * found with {@code measure.capability(MetricTensor.class)}. The Riemannian measure is
 * sqrt(det g); anisotropic geodesics need g itself.
 *
 * <p>Thread-safety: {@link #metric} is called concurrently for different slabs, like
 * {@link Measure#compute}; it reads no more slabs than the measure's {@link Measure#halo()}.
 *
 * <p>Stability: stable.
 */
public interface MetricTensor {

    /**
     * Computes the metric tensor of every cell of one slab.
     *
     * @param view the meaning values around {@code slab}, never null
     * @param slab the slab index along axis 0
     * @param out receives {@code grid.slabSize() * D_z * D_z} values from {@code outOffset}: cell
     *     after cell in C order, each tensor row-major
     * @param outOffset where the slab's first value goes
     */
    void metric(SlabView view, int slab, double[] out, int outOffset);
}
