/**
 * Density-equalising maps of a 2-D or 3-D latent grid, as data: {@link org.latentcartography.core.map.LatentMap}
 * and {@link org.latentcartography.core.map.LatentMap3D}
 * (the forward map T and its inverse from the transformed grid nodes), preparing a measure as a
 * density ({@link org.latentcartography.core.map.Densities}), and the quality figures of a transform
 * ({@link org.latentcartography.core.map.AreaError}).
 * Depends on {@code core}, {@code core.grid} and {@code core.spi}.
 */
package org.latentcartography.core.map;
