package org.latentcartography.core.grid;

import java.util.Arrays;
import org.latentcartography.core.CartographyException;

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
