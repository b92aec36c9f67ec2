/**
 * Analyses that use a measure and a latent map (paper sec. 3 and 4): paths and pseudo-geodesics,
 * path lengths under a measure, equidistance lines, histogram entropy, k-means clustering scored
 * against labels, plateaus of near-constant output that hold few distinct codes (memorised or
 * duplicated training data, sec. 4.1.2). Depends on {@code core}, {@code core.grid} and {@code core.map}.
 */
package org.latentcartography.core.analysis;
