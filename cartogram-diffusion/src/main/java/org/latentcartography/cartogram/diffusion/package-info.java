/**
 * Diffusion (Gastner and Newman 2004) and flow-based (Gastner, Seguy and More 2018)
 * density-equalising maps, provided as the {@code diffusion} and {@code flow} transforms. Depends on
 * {@code core} and JTransforms; nothing depends on it (it exports nothing).
 */
package org.latentcartography.cartogram.diffusion;
