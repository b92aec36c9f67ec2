/**
 * The toolkit's small dense-network kernels, shared by the in-process classifier (this module) and
 * the compression VAE ({@code org.latentcartography.compression}): affine layers stored
 * input-major, their nonlinearities, Glorot initialisation, the two halves of back-propagation,
 * and Adam. Plain static kernels on {@code double[]}, single-threaded and in a fixed order of
 * operations, so that a seeded training run is bit-for-bit reproducible.
 *
 * <p>Stability: internal to the toolkit's modules (exported for the compression module); not an
 * API for plugins. Depends on nothing.
 */
package org.latentcartography.measures.classifier.nn;
