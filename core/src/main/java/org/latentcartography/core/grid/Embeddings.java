package org.latentcartography.core.grid;

import java.nio.file.Path;
import java.util.Arrays;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;

/**
 * Latent codes of a data set: {@code count} points of dimension {@code dimension}, row-major.
 *
 * <p>Stability: stable. Immutable once made (the array is copied in).
 */
public final class Embeddings {
    private final double[] data;
    private final int count;
    private final int dimension;

    /**
     * @param data {@code count * dimension} values, row-major; copied
     * @param count number of points, at least 1
     * @param dimension latent dimension, at least 1
     * @throws CartographyException when a value is not finite
     */
    public Embeddings(double[] data, int count, int dimension) {
        if (count < 1 || dimension < 1 || data.length != (long) count * dimension) {
            throw new IllegalArgumentException("embeddings: " + data.length + " values do not make "
                    + count + " points of dimension " + dimension);
        }
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new CartographyException("embeddings: point " + (i / dimension) + " has a non-finite coordinate ("
                        + data[i] + ")");
            }
        }
        this.data = data.clone();
        this.count = count;
        this.dimension = dimension;
    }

    /**
     * Reads embeddings from an NPY file: a rank-2 array [points, latent dimension] of finite numbers.
     *
     * @param file the file, never null
     * @return the embeddings
     * @throws CartographyException naming the file when it is not such an array
     */
    public static Embeddings read(Path file) {
        NpyArray a = Npy.read(file);
        if (a.rank() != 2) {
            throw new CartographyException(file + ": embeddings must be a 2-D array [points, latent dimension], got shape "
                    + Arrays.toString(a.shape()));
        }
        if (a.shape()[0] < 1 || a.shape()[1] < 1) {
            throw new CartographyException(file + ": embeddings array " + Arrays.toString(a.shape()) + " is empty");
        }
        try {
            return new Embeddings(a.data(), a.shape()[0], a.shape()[1]);
        } catch (CartographyException e) {
            throw new CartographyException(file + ": " + e.getMessage().replaceFirst("^embeddings: ", ""), e);
        }
    }

    /** @return number of points */
    public int count() {
        return count;
    }

    /** @return latent dimension */
    public int dimension() {
        return dimension;
    }

    /**
     * @param i the point, 0..count-1
     * @param k the axis, 0..dimension-1
     * @return coordinate {@code k} of point {@code i}
     */
    public double get(int i, int k) {
        return data[i * dimension + k];
    }

    /** @return a copy of the row-major data */
    public double[] toArray() {
        return data.clone();
    }

    /** @return per-axis minimum */
    public double[] min() {
        double[] m = new double[dimension];
        Arrays.fill(m, Double.POSITIVE_INFINITY);
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < dimension; k++) {
                m[k] = Math.min(m[k], data[i * dimension + k]);
            }
        }
        return m;
    }

    /** @return per-axis maximum */
    public double[] max() {
        double[] m = new double[dimension];
        Arrays.fill(m, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < dimension; k++) {
                m[k] = Math.max(m[k], data[i * dimension + k]);
            }
        }
        return m;
    }
}
