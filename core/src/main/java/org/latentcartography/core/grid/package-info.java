/**
 * Grids over the latent space and the embeddings they are laid over. Depends on {@code core} only.
 */
package org.latentcartography.core.grid;
