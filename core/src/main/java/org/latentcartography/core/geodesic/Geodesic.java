package org.latentcartography.core.geodesic;

/**
 * A shortest path found by descending a {@link DistanceField} from a target to its nearest source.
 *
 * <p>Stability: experimental. The path array is shared, not copied: do not modify it.
 *
 * @param path the points from the source to the target, flat, D coordinates each (point i at
 *     {@code [D i, D i + D)}); the first is the source, the last the target, exactly
 * @param dimension D
 * @param length the path's length under the metric, read as constant over each cell
 *     ({@link LatentMetric#length}), comparable with other paths' lengths under that metric
 * @param distance the distance field's value at the target (the solver's estimate of the same
 *     length, from the metric interpolated between cell centres)
 */
public record Geodesic(double[] path, int dimension, double length, double distance) {
    /** @return the number of points */
    public int points() {
        return path.length / dimension;
    }
}
