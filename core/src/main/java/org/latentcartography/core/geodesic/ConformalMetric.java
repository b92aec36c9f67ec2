package org.latentcartography.core.geodesic;

import java.util.Arrays;
import java.util.Locale;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.analysis.PathLength;
import org.latentcartography.core.grid.Grid;

/**
 * A conformal (isotropic) metric: length element {@code w(z) |dz|}, w given per cell. Read from a
 * measure m as the volume element of the metric {@code w^2 I} in D dimensions,
 * {@code sqrt(det(w^2 I)) = w^D = m}, so {@code w = m^(1/D)} ({@code sqrt(m)} in 2-D, the weight
 * of {@link PathLength#sqrtMeasure}).
 *
 * <p>Distances solve the eikonal equation {@code |grad u| = w} by second-order fast marching
 * on the cell centres (2-D and 3-D grids; see {@link DistanceField} for the accuracy).
 *
 * <p>Stability: experimental. Immutable and thread-safe.
 */
public final class ConformalMetric extends LatentMetric {
    private final double[] weight;

    private ConformalMetric(Grid grid, double[] weight) {
        super(grid);
        this.weight = weight;
    }

    /**
     * The metric whose volume element is the measure: {@code w = m^(1/D)}.
     *
     * @param grid a 2-D or 3-D grid, never null
     * @param measure one value per cell, C order, finite and {@code >= 0}; not modified
     * @return the metric
     * @throws UsageException when the grid is not 2-D or 3-D or the array does not fit it
     * @throws CartographyException naming the first cell whose value is negative or not finite
     */
    public static ConformalMetric ofMeasure(Grid grid, double[] measure) {
        check(grid, measure, "measure");
        double p = 1.0 / grid.dimension();
        double[] w = new double[measure.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = grid.dimension() == 2 ? Math.sqrt(measure[i]) : Math.pow(measure[i], p);
        }
        return new ConformalMetric(grid, w);
    }

    /**
     * The metric with length element {@code w |dz|}.
     *
     * @param grid a 2-D or 3-D grid, never null
     * @param weight w per cell, C order, finite and {@code >= 0}; copied
     * @return the metric
     * @throws UsageException when the grid is not 2-D or 3-D or the array does not fit it
     * @throws CartographyException naming the first cell whose value is negative or not finite
     */
    public static ConformalMetric ofWeight(Grid grid, double[] weight) {
        check(grid, weight, "length element");
        return new ConformalMetric(grid, weight.clone());
    }

    /** @return a copy of the length element w per cell */
    public double[] weights() {
        return weight.clone();
    }

    @Override
    public double length(double[] path) {
        return PathLength.weighted(grid, weight, path);
    }

    @Override
    double[] solve(double[][] sources, int[] stop) {
        return FastMarching.solve(lattice, weight, sources, stop);
    }

    @Override
    void ascent(double[] point, double[] gradient, double[] out) {
        System.arraycopy(gradient, 0, out, 0, out.length);
    }

    private static void check(Grid grid, double[] values, String what) {
        int d = grid.dimension();
        if (d != 2 && d != 3) {
            throw new UsageException("geodesic distances: need a 2-D or 3-D grid, got " + d + "-D " + grid);
        }
        if (values.length != grid.cellCount()) {
            throw new UsageException("geodesic distances: the " + what + " has " + values.length
                    + " values but the grid " + grid + " has " + grid.cellCount() + " cells");
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || !Double.isFinite(values[i])) {
                int[] index = new int[d];
                grid.unravel(i, index);
                throw new CartographyException(String.format(Locale.ROOT,
                        "geodesic distances: the %s is %s at cell %s; need finite values >= 0", what, values[i],
                        Arrays.toString(index)));
            }
        }
    }
}
