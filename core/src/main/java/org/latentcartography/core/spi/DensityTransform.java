package org.latentcartography.core.spi;

/**
 * A density-equalising map of a 2-D grid (paper sec. 3): given a positive density per cell, the
 * transformed position of every grid node such that each cell's transformed area is proportional
 * to its density, within the same rectangle.
 *
 * <p>Coordinates are in cell units: the grid covers [0, n1] &#215; [0, n2], node (i, j) starts at
 * (i, j), and the result keeps the rectangle (zero-flux walls).
 *
 * <p>Stability: stable.
 */
public interface DensityTransform {

    /** Receives progress reports. */
    @FunctionalInterface
    interface Listener {
        /**
         * @param iteration the iteration or time step just finished
         * @param meanAreaError the current mean relative area error, or NaN if not computed
         */
        void progress(int iteration, double meanAreaError);
    }

    /** The result: node positions and how they were obtained. */
    record Result(double[] nodes, int iterations) {
    }

    /**
     * @param density cell (i, j) at {@code i * n2 + j}, finite and positive; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param listener progress, never null
     * @return node positions: node (i, j) at {@code 2 * (i * (n2 + 1) + j)} (x, then y)
     */
    Result transform(double[] density, int n1, int n2, Listener listener);
}
