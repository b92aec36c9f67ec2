/**
 * True geodesics under a metric given per grid cell (the paper's future work, sec. 5): geodesic
 * distance fields from one or more sources, shortest paths traced down them, and distance
 * matrices. A {@link org.latentcartography.core.geodesic.ConformalMetric} reads a measure m as the
 * volume element of the conformal metric with length element {@code m^(1/D) |dz|} and is solved by
 * second-order fast marching on 2-D and 3-D grids; a
 * {@link org.latentcartography.core.geodesic.TensorMetric} takes the full tensor {@code J^T J}
 * per cell (2-D) and is solved by fast sweeping. Depends on {@code core}, {@code core.grid} and
 * {@code core.analysis}.
 */
package org.latentcartography.core.geodesic;
