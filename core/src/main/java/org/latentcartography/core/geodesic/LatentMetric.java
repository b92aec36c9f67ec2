package org.latentcartography.core.geodesic;

import org.latentcartography.core.grid.Grid;

/**
 * A Riemannian metric on the box of a {@link Grid}, given per cell: {@link ConformalMetric}
 * (length element {@code w(z) |dz|}, e.g. {@code w = m^(1/D)} for a measure m read as a volume
 * element) or {@link TensorMetric} (length element {@code sqrt(dz^T A(z) dz)}, e.g.
 * {@code A = J^T J}).
 *
 * <p>Distances are solved on the cells' centres (nodes); between nodes, fields and the metric
 * are interpolated multilinearly. Lengths of given polylines ({@link #length}) are exact for the
 * metric read as constant over each cell, the way {@link org.latentcartography.core.analysis.PathLength}
 * measures straight paths and pseudo-geodesics, so that all paths are compared under one metric.
 *
 * <p>Stability: experimental. Immutable and thread-safe.
 */
public abstract sealed class LatentMetric permits ConformalMetric, TensorMetric {
    final Grid grid;
    final Lattice lattice;

    LatentMetric(Grid grid) {
        this.grid = grid;
        this.lattice = new Lattice(grid);
    }

    /** @return the grid the metric is given on */
    public final Grid grid() {
        return grid;
    }

    /**
     * The geodesic distance from the nearest of the sources to every cell centre.
     *
     * @param sources one or more points inside the grid's box, D coordinates each; not modified
     * @return the distance field
     * @throws org.latentcartography.core.UsageException when there is no source, or a source has
     *     the wrong dimension or is not finite
     * @throws org.latentcartography.core.CartographyException when a source lies outside the box
     */
    public final DistanceField distances(double[]... sources) {
        double[][] s = Geodesics.checkPoints(grid, sources, "source");
        return new DistanceField(this, solve(s, null), s);
    }

    /**
     * The length of a polyline under this metric, read as constant over each cell (exact for that
     * piecewise-constant metric).
     *
     * @param path points of dimension D, flat, inside the grid's box; not modified
     * @return the length
     * @throws org.latentcartography.core.CartographyException when a point lies outside the box
     */
    public abstract double length(double[] path);

    /**
     * Solves for u on the nodes.
     *
     * @param sources checked sources
     * @param stop nodes after whose acceptance the solver may stop, or null
     * @return u per node; unreached nodes infinite
     */
    abstract double[] solve(double[][] sources, int[] stop);

    /**
     * Writes the direction of steepest ascent of u under the metric at a point, {@code A^-1 grad u}
     * (any positive multiple), given {@code grad u} there.
     */
    abstract void ascent(double[] point, double[] gradient, double[] out);
}
