/**
 * Many latent dimensions, mapped to two or three (paper sec. 4.2): {@link
 * org.latentcartography.compression.LatentPlane} (an affine plane through the latent space, its
 * generator and the projection of embeddings onto it with their residual distances) and {@link
 * org.latentcartography.compression.Compressor} (a small VAE trained in-process; its decoder as a
 * {@link org.latentcartography.core.spi.Generator} and as an ONNX model, the codes of the
 * embeddings, and a report of reconstruction error and kept neighbourhoods).
 *
 * <p>Stability: experimental. Depends on core and on the classifier module's {@code nn} kernels.
 */
package org.latentcartography.compression;
