package org.latentcartography.core.eval;

import java.util.Objects;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.SlabView;

/**
 * The face neighbours of a grid's cells, for measures computed from a cell's meaning values and
 * those of its face neighbours (the cells one step away along one axis: 2·D of them inside the
 * grid, fewer at its border), such as the mean dissimilarity of paper sec. 2.2.2 (Eq. 2). A plugin
 * author writes the value of one cell; this class walks the slabs of a {@link SlabView}:
 * <pre>{@code
 * Measure maxJump = FaceNeighbours.measure(cell -> {
 *     double max = 0;
 *     for (int n = 0; n < cell.count(); n++) {
 *         max = Math.max(max, myDistance(cell.values(), cell.offset(), cell.values(n), cell.offset(n), cell.dimension()));
 *     }
 *     return max;
 * });
 * }</pre>
 * {@link MeanDissimilarityMeasure} is written this way.
 *
 * <p>Stability: stable. Stateless; {@link #compute} may be called concurrently for different slabs.
 */
public final class FaceNeighbours {
    private FaceNeighbours() {
    }

    /**
     * The value of one cell from its meaning values and its neighbours'. Called concurrently for
     * cells of different slabs, so it must be thread-safe; it should not allocate.
     *
     * <p>Stability: stable.
     */
    @FunctionalInterface
    public interface CellMeasure {
        /**
         * @param cell the cell and its face neighbours, never null; valid only during this call
         * @return the cell's measure: finite and non-negative
         */
        double apply(Cell cell);
    }

    /**
     * One cell and its face neighbours inside the grid, as views into the slab buffers (never
     * modify them). Neighbours come in the order of their axis, the lower one before the upper
     * one. One instance is reused for all the cells of a slab.
     *
     * <p>Stability: stable. Not thread-safe.
     */
    public static final class Cell {
        private final int dh;
        private final double[][] arrays;
        private final int[] offsets;
        private final int[] axes;
        private final int[] directions;
        private int count;
        private int index;
        private double[] values;
        private int offset;

        Cell(int dimensions, int dh) {
            this.dh = dh;
            this.arrays = new double[2 * dimensions][];
            this.offsets = new int[2 * dimensions];
            this.axes = new int[2 * dimensions];
            this.directions = new int[2 * dimensions];
        }

        /** @return the cell's index in the grid, C order */
        public int index() {
            return index;
        }

        /** @return D_h, the number of meaning values per cell */
        public int dimension() {
            return dh;
        }

        /** @return the array holding the cell's D_h meaning values from {@link #offset()} */
        public double[] values() {
            return values;
        }

        /** @return where the cell's values start in {@link #values()} */
        public int offset() {
            return offset;
        }

        /** @return how many face neighbours the cell has inside the grid: 2·D, fewer at the border */
        public int count() {
            return count;
        }

        /**
         * @param n the neighbour, 0 &#8804; n &lt; {@link #count()}
         * @return the array holding that neighbour's D_h values from {@link #offset(int)}
         */
        public double[] values(int n) {
            return arrays[check(n)];
        }

        /**
         * @param n the neighbour, 0 &#8804; n &lt; {@link #count()}
         * @return where that neighbour's values start in {@link #values(int)}
         */
        public int offset(int n) {
            return offsets[check(n)];
        }

        /**
         * @param n the neighbour, 0 &#8804; n &lt; {@link #count()}
         * @return the axis along which it neighbours the cell
         */
        public int axis(int n) {
            return axes[check(n)];
        }

        /**
         * @param n the neighbour, 0 &#8804; n &lt; {@link #count()}
         * @return -1 when it is the lower neighbour along its axis, +1 the upper
         */
        public int direction(int n) {
            return directions[check(n)];
        }

        private int check(int n) {
            if (n < 0 || n >= count) {
                throw new IndexOutOfBoundsException("neighbour " + n + " of " + count);
            }
            return n;
        }

        private void add(double[] array, int off, int axis, int direction) {
            arrays[count] = array;
            offsets[count] = off;
            axes[count] = axis;
            directions[count] = direction;
            count++;
        }
    }

    /**
     * Computes a per-cell measure for every cell of one slab: what a {@link Measure#compute}
     * built on face neighbours does. Reads the slabs {@code slab - 1 .. slab + 1} (halo 1).
     *
     * @param view the meaning values around {@code slab}, never null
     * @param slab the slab index along axis 0
     * @param out receives {@code grid.slabSize()} values from {@code outOffset}, in C order
     * @param outOffset where the slab's first value goes
     * @param measure the value of one cell, never null
     */
    public static void compute(SlabView view, int slab, double[] out, int outOffset, CellMeasure measure) {
        Objects.requireNonNull(measure, "measure");
        Grid g = view.grid();
        int d = view.dimension();
        int dims = g.dimension();
        int cells = g.slabSize();
        double[] cur = view.slab(slab);
        int curOff = view.offset(slab);
        double[] prev = view.slab(slab - 1);
        double[] next = view.slab(slab + 1);
        int prevOff = prev == null ? 0 : view.offset(slab - 1);
        int nextOff = next == null ? 0 : view.offset(slab + 1);
        int[] stride = new int[dims];
        for (int k = 1; k < dims; k++) {
            stride[k] = g.stride(k);
        }
        int[] index = new int[dims];
        Cell cell = new Cell(dims, d);
        cell.values = cur;
        int first = slab * cells;
        for (int c = 0; c < cells; c++) {
            int a = curOff + c * d;
            cell.index = first + c;
            cell.offset = a;
            cell.count = 0;
            if (prev != null) {
                cell.add(prev, prevOff + c * d, 0, -1);
            }
            if (next != null) {
                cell.add(next, nextOff + c * d, 0, 1);
            }
            // neighbours along axes 1..D-1 lie in the same slab
            int rem = c;
            for (int k = dims - 1; k >= 1; k--) {
                index[k] = rem % g.size(k);
                rem /= g.size(k);
            }
            for (int k = 1; k < dims; k++) {
                if (index[k] > 0) {
                    cell.add(cur, a - stride[k] * d, k, -1);
                }
                if (index[k] + 1 < g.size(k)) {
                    cell.add(cur, a + stride[k] * d, k, 1);
                }
            }
            out[outOffset + c] = measure.apply(cell);
        }
    }

    /**
     * A {@link Measure} (halo 1) whose value at each cell is {@code measure} of the cell and its
     * face neighbours.
     *
     * @param measure the value of one cell, never null, thread-safe
     * @return the measure
     */
    public static Measure measure(CellMeasure measure) {
        Objects.requireNonNull(measure, "measure");
        return (view, slab, out, outOffset) -> compute(view, slab, out, outOffset, measure);
    }
}
