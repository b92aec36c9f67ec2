package org.latentcartography.core.grid;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;

/**
 * A regular grid over a box of the latent space, {@code shape[k]} cells along axis k (paper
 * sec. 2.2). The centre of cell i on axis k is {@code lower[k] + (i + 0.5) * width(k)}. Cells are
 * numbered in C order (the last axis varies fastest). A <em>slab</em> is the set of cells with one
 * index along axis 0; the evaluator streams the grid slab by slab.
 *
 * <p>Stability: stable. Immutable.
 */
public final class Grid {
    /** Cells the measure array may hold: one Java array. */
    public static final long MAX_CELLS = Integer.MAX_VALUE - 8;

    private final double[] lower;
    private final double[] upper;
    private final int[] shape;

    /**
     * @param lower per-axis lower bound, never null
     * @param upper per-axis upper bound, each greater than its lower bound
     * @param shape per-axis cell count, each at least 1
     * @throws UsageException when the bounds or the shape are not usable
     */
    public Grid(double[] lower, double[] upper, int[] shape) {
        if (lower.length == 0 || lower.length != upper.length || lower.length != shape.length) {
            throw new UsageException("grid: bounds and shape must have one entry per latent dimension (got "
                    + lower.length + " lower, " + upper.length + " upper, " + shape.length + " counts)");
        }
        long cells = 1;
        for (int k = 0; k < shape.length; k++) {
            if (!(Double.isFinite(lower[k]) && Double.isFinite(upper[k]))) {
                throw new UsageException("grid: bounds on axis " + k + " are not finite");
            }
            if (!(upper[k] > lower[k])) {
                throw new UsageException("grid: upper bound " + upper[k] + " on axis " + k
                        + " is not above the lower bound " + lower[k]);
            }
            if (!Double.isFinite(upper[k] - lower[k])) {
                throw new UsageException("grid: the extent of axis " + k + " (" + lower[k] + " to " + upper[k]
                        + ") overflows a double; cell centres would not be finite");
            }
            if (shape[k] < 1) {
                throw new UsageException("grid: axis " + k + " has " + shape[k] + " cells; need at least 1");
            }
            cells *= shape[k];
            if (cells > MAX_CELLS) {
                throw new UsageException("grid: " + Arrays.toString(shape) + " has more than " + MAX_CELLS + " cells");
            }
        }
        this.lower = lower.clone();
        this.upper = upper.clone();
        this.shape = shape.clone();
    }

    /**
     * A grid covering the embeddings' bounding box, widened by {@code margin} times its extent on
     * each side.
     *
     * @param embeddings the points, never null
     * @param margin fraction of the extent added per side, at least 0
     * @param shape cells per axis
     * @return the grid
     * @throws CartographyException when the points span no extent along some axis
     */
    public static Grid around(Embeddings embeddings, double margin, int[] shape) {
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new UsageException("grid: margin " + margin + " must be a finite number >= 0");
        }
        double[] lo = embeddings.min();
        double[] hi = embeddings.max();
        for (int k = 0; k < lo.length; k++) {
            double extent = hi[k] - lo[k];
            if (!(extent > 0)) {
                throw new CartographyException("embeddings: all points have the same coordinate " + lo[k]
                        + " on axis " + k + "; cannot lay a grid over them (give the grid's bounds instead)");
            }
            lo[k] -= margin * extent;
            hi[k] += margin * extent;
        }
        return new Grid(lo, hi, shape);
    }

    /**
     * Reads a {@code grid.json}: {@code {"lower":[...], "upper":[...], "shape":[...]}}.
     *
     * @param file the file, never null
     * @return the grid
     * @throws CartographyException naming the file when it is missing, malformed or not a grid
     */
    public static Grid read(Path file) {
        Object o = Json.read(file);
        if (!(o instanceof Map<?, ?> m)) {
            throw new CartographyException(file + ": not a JSON object");
        }
        double[] lo = Json.numbers(m, "lower", file.toString());
        double[] hi = Json.numbers(m, "upper", file.toString());
        double[] sh = Json.numbers(m, "shape", file.toString());
        int[] shape = new int[sh.length];
        for (int k = 0; k < sh.length; k++) {
            if (sh[k] != Math.rint(sh[k]) || sh[k] < 1 || sh[k] > MAX_CELLS) {
                throw new CartographyException(file + ": shape entry " + sh[k] + " is not a positive integer of at most "
                        + MAX_CELLS);
            }
            shape[k] = (int) sh[k];
        }
        try {
            return new Grid(lo, hi, shape);
        } catch (CartographyException e) {
            throw new CartographyException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes this grid as {@code grid.json} (atomically: a temporary name, then renamed).
     *
     * @param file the file, never null; replaced if it exists
     */
    public void write(Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lower", lower);
        m.put("upper", upper);
        m.put("shape", shape);
        AtomicFiles.writeString(file, Json.write(m));
    }

    /** @return D_z */
    public int dimension() {
        return shape.length;
    }

    /** @return a copy of the lower bounds */
    public double[] lower() {
        return lower.clone();
    }

    /** @return a copy of the upper bounds */
    public double[] upper() {
        return upper.clone();
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * @param k the axis, 0..dimension-1
     * @return lower bound of axis k
     */
    public double lower(int k) {
        return lower[k];
    }

    /**
     * @param k the axis, 0..dimension-1
     * @return upper bound of axis k
     */
    public double upper(int k) {
        return upper[k];
    }

    /**
     * @param k the axis, 0..dimension-1
     * @return cells along axis k
     */
    public int size(int k) {
        return shape[k];
    }

    /**
     * @param k the axis, 0..dimension-1
     * @return cell width along axis k
     */
    public double width(int k) {
        return (upper[k] - lower[k]) / shape[k];
    }

    /**
     * @param k the axis, 0..dimension-1
     * @param i the cell's index along axis k
     * @return centre of cell i along axis k
     */
    public double centre(int k, int i) {
        return lower[k] + (i + 0.5) * (upper[k] - lower[k]) / shape[k];
    }

    /** @return total number of cells */
    public int cellCount() {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** @return number of slabs (cells along axis 0) */
    public int slabCount() {
        return shape[0];
    }

    /** @return cells per slab (product of the sizes of axes 1..D-1; 1 for a 1-D grid) */
    public int slabSize() {
        int n = 1;
        for (int k = 1; k < shape.length; k++) {
            n *= shape[k];
        }
        return n;
    }

    /**
     * @param k the axis, 0..dimension-1
     * @return the C-order stride of axis k, in cells
     */
    public int stride(int k) {
        int s = 1;
        for (int j = k + 1; j < shape.length; j++) {
            s *= shape[j];
        }
        return s;
    }

    /**
     * Writes the multi-index of a cell.
     *
     * @param cell flat C-order index
     * @param index receives D indices
     */
    public void unravel(int cell, int[] index) {
        for (int k = shape.length - 1; k >= 0; k--) {
            index[k] = cell % shape[k];
            cell /= shape[k];
        }
    }

    /**
     * Writes the centre of a cell.
     *
     * @param cell flat C-order index
     * @param out receives D coordinates from {@code offset}
     * @param offset where to write
     */
    public void centre(int cell, double[] out, int offset) {
        for (int k = shape.length - 1; k >= 0; k--) {
            int i = cell % shape[k];
            cell /= shape[k];
            out[offset + k] = centre(k, i);
        }
    }

    /**
     * @param point a latent point, D coordinates
     * @return true when the point lies inside the grid's box (bounds included)
     */
    public boolean contains(double[] point) {
        for (int k = 0; k < shape.length; k++) {
            if (!(point[k] >= lower[k] && point[k] <= upper[k])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < shape.length; k++) {
            sb.append(k == 0 ? "" : " x ").append(shape[k]).append(" on [")
              .append(String.format(java.util.Locale.ROOT, "%.4g, %.4g", lower[k], upper[k])).append(']');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Grid g && Arrays.equals(lower, g.lower) && Arrays.equals(upper, g.upper)
                && Arrays.equals(shape, g.shape);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(lower);
    }
}
