package org.latentcartography.core.spi;

import org.latentcartography.core.grid.Grid;

/**
 * A window onto the tensor H of the paper (grid &#215; D_h), which is never held whole: the
 * slabs (cells with one index along axis 0) around the one a measure is computing. A slab's values
 * are laid out cell after cell in C order over axes 1..D-1, D_h values per cell.
 *
 * <p>Stability: stable.
 */
public interface SlabView {
    /** @return the grid, never null */
    Grid grid();

    /** @return D_h, the number of values per cell */
    int dimension();

    /**
     * @param slab index along axis 0
     * @return the array holding that slab, or null when {@code slab} lies outside the grid; read
     *     its values from {@link #offset(int)}; never modify it
     * @throws IllegalStateException when the slab is inside the grid but not in the window (a
     *     measure asked for more than its {@link Measure#halo()})
     * @throws UnsupportedOperationException when the view's slabs are float32 ({@link #floats()})
     */
    double[] slab(int slab);

    /**
     * @return true when the slabs are float32 values, read with {@link #floatSlab(int)}; only
     *     measures whose {@link Measure#readsFloatSlabs()} is true are given such a view
     */
    default boolean floats() {
        return false;
    }

    /**
     * @param slab index along axis 0
     * @return as {@link #slab(int)}, for a view whose slabs are float32
     * @throws IllegalStateException when the slab is inside the grid but not in the window
     * @throws UnsupportedOperationException when the view's slabs are double ({@link #floats()} false)
     */
    default float[] floatSlab(int slab) {
        throw new UnsupportedOperationException("this view's slabs are double values");
    }

    /**
     * @param slab index along axis 0
     * @return where that slab's first value is in the array {@link #slab(int)} returns
     */
    int offset(int slab);
}
