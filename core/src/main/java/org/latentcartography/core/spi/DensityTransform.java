package org.latentcartography.core.spi;

/**
 * A density-equalising map of a 2-D grid (paper sec. 3): given a positive density per cell, the
 * transformed position of every grid node such that each cell's transformed area is proportional
 * to its density, within the same rectangle.
 *
 * <p>Coordinates are in cell units: the grid covers [0, n1] &#215; [0, n2], node (i, j) starts at
 * (i, j), and the result keeps the rectangle (zero-flux walls).
 *
 * <p>A transform may also equalise volumes on a 3-D grid: it then says so with {@link #supports3D}
 * and implements {@link #transform(double[], int, int, int, Listener)}; the default refuses.
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

    /**
     * @return whether {@link #transform(double[], int, int, int, Listener)} makes 3-D maps
     *     (default false)
     */
    default boolean supports3D() {
        return false;
    }

    /**
     * A density-equalising map of a 3-D grid: each cell's transformed volume (of the trilinear
     * hexahedron on its eight transformed corners) proportional to its density, within the same box
     * [0, n1] &#215; [0, n2] &#215; [0, n3] (cell units).
     *
     * @param density cell (i, j, k) at {@code (i * n2 + j) * n3 + k}, finite and positive; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param n3 cells along axis 2
     * @param listener progress, never null
     * @return node positions: node (i, j, k) at {@code 3 * ((i * (n2 + 1) + j) * (n3 + 1) + k)}
     * @throws UnsupportedOperationException when {@link #supports3D} is false
     */
    default Result transform(double[] density, int n1, int n2, int n3, Listener listener) {
        throw new UnsupportedOperationException("this transform makes 2-D maps only");
    }
}
