package org.latentcartography.core.geodesic;

import java.util.Arrays;
import java.util.Locale;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.analysis.PathLength;
import org.latentcartography.core.grid.Grid;

/**
 * A Riemannian metric given by its tensor per cell: length element {@code sqrt(dz^T A(z) dz)},
 * e.g. {@code A = J^T J}, the pull-back of the output space's Euclidean metric through the
 * generator's Jacobian J (paper sec. 2.2.1), whose volume element {@code sqrt(det A)} is the
 * Riemannian measure. Unlike the {@link ConformalMetric} of that measure it keeps the directions
 * in which the generator stretches.
 *
 * <p>Distances solve the anisotropic eikonal equation {@code sqrt(grad u^T A^-1 grad u) = 1} by
 * fast sweeping (Gauss–Seidel sweeps in the four diagonal orders until no value changes) with a
 * semi-Lagrangian update over the 8-neighbour stencil: a node takes the least
 * {@code lambda u_1 + (1 - lambda) u_2 + |x - (lambda x_1 + (1 - lambda) x_2)|_A} over the
 * eight triangles of its stencil, minimised in closed form, A the node's tensor. The update is
 * consistent for any anisotropy (no causality condition, unlike fast marching on a fixed
 * stencil); its error grows with the anisotropy, see {@link DistanceField}. 2-D grids only.
 *
 * <p>Stability: experimental. Immutable and thread-safe.
 */
public final class TensorMetric extends LatentMetric {
    /** Relative asymmetry |A_12 - A_21| / (|A_11| + |A_22|) accepted (and averaged away). */
    private static final double SYMMETRY_TOLERANCE = 1e-6;

    private final double[] tensor;

    private TensorMetric(Grid grid, double[] tensor) {
        super(grid);
        this.tensor = tensor;
    }

    /**
     * @param grid a 2-D grid, never null
     * @param tensor {@code cells × 2 × 2}, row-major per cell, cells in C order: symmetric (up to
     *     a relative {@code 1e-6}, averaged) and positive definite; copied
     * @return the metric
     * @throws UsageException when the grid is not 2-D or the array does not fit it
     * @throws CartographyException naming the first cell whose tensor is not finite, not symmetric
     *     or not positive definite
     */
    public static TensorMetric of(Grid grid, double[] tensor) {
        if (grid.dimension() != 2) {
            throw new UsageException("anisotropic geodesic distances: need a 2-D grid, got " + grid.dimension()
                    + "-D " + grid);
        }
        if (tensor.length != 4L * grid.cellCount()) {
            throw new UsageException("anisotropic geodesic distances: the metric tensor field has " + tensor.length
                    + " values but the grid " + grid + " has " + grid.cellCount() + " cells of 2 x 2 values");
        }
        double[] a = new double[tensor.length];
        for (int c = 0; c < grid.cellCount(); c++) {
            int o = 4 * c;
            double a11 = tensor[o];
            double a12 = tensor[o + 1];
            double a21 = tensor[o + 2];
            double a22 = tensor[o + 3];
            String problem = null;
            if (!(Double.isFinite(a11) && Double.isFinite(a12) && Double.isFinite(a21) && Double.isFinite(a22))) {
                problem = "is not finite";
            } else if (Math.abs(a12 - a21) > SYMMETRY_TOLERANCE * (Math.abs(a11) + Math.abs(a22))) {
                problem = "is not symmetric";
            } else if (!(a11 > 0 && a11 * a22 - 0.25 * (a12 + a21) * (a12 + a21) > 0)) {
                problem = "is not positive definite";
            }
            if (problem != null) {
                int[] index = new int[2];
                grid.unravel(c, index);
                throw new CartographyException(String.format(Locale.ROOT,
                        "anisotropic geodesic distances: the metric tensor [[%s, %s], [%s, %s]] at cell %s %s",
                        a11, a12, a21, a22, Arrays.toString(index), problem));
            }
            double s = 0.5 * (a12 + a21);
            a[o] = a11;
            a[o + 1] = s;
            a[o + 2] = s;
            a[o + 3] = a22;
        }
        return new TensorMetric(grid, a);
    }

    /** @return a copy of the tensors, {@code cells × 2 × 2} */
    public double[] tensors() {
        return tensor.clone();
    }

    @Override
    public double length(double[] path) {
        return PathLength.tensor(grid, tensor, path);
    }

    @Override
    double[] solve(double[][] sources, int[] stop) {
        return FastSweeping.solve(lattice, tensor, sources);
    }

    @Override
    void ascent(double[] point, double[] gradient, double[] out) {
        // A^-1 g with A interpolated between the nodes
        double a11 = interpolate(point, 0);
        double a12 = interpolate(point, 1);
        double a22 = interpolate(point, 3);
        double det = a11 * a22 - a12 * a12;
        out[0] = (a22 * gradient[0] - a12 * gradient[1]) / det;
        out[1] = (-a12 * gradient[0] + a11 * gradient[1]) / det;
    }

    private double interpolate(double[] point, int component) {
        return lattice.interpolate(tensor, 4, component, point);
    }
}
