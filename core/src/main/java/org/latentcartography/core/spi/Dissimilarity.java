package org.latentcartography.core.spi;

/**
 * A dissimilarity d_h between two points of the meaning space H (paper sec. 2.2.2). It need not be
 * a metric, but it must be non-negative, symmetric and zero for identical points.
 *
 * <p>Thread-safety: must be safe to call from several threads at once. Implementations should not
 * allocate per call: they run once per pair of neighbouring cells.
 *
 * <p>Stability: stable.
 */
@FunctionalInterface
public interface Dissimilarity {
    /**
     * @param a the first point's array; not modified
     * @param aOffset where its {@code length} values start
     * @param b the second point's array; not modified
     * @param bOffset where its values start
     * @param length D_h
     * @return d_h(a, b), non-negative
     */
    double between(double[] a, int aOffset, double[] b, int bOffset, int length);
}
