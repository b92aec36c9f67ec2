/**
 * Streaming evaluation of a meaning function over a grid and of a measure from it, slab by slab,
 * in parallel, with bounded memory. Depends on {@code core}, {@code core.grid} and {@code core.spi}.
 */
package org.latentcartography.core.eval;
