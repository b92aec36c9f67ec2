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
     */
    double[] slab(int slab);

    /**
     * @param slab index along axis 0
     * @return where that slab's first value is in the array {@link #slab(int)} returns
     */
    int offset(int slab);
}
