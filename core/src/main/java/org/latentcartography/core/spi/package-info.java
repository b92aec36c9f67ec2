/**
 * The service provider interfaces: generators, meaning functions, dissimilarities, measures and
 * density-equalising transforms. Implementation modules provide these with {@code provides ...
 * with ...} in their module-info and in {@code META-INF/services}; the registries in
 * {@code org.latentcartography.core.plugin} find them. Depends only on {@code core} and
 * {@code core.grid}.
 */
package org.latentcartography.core.spi;
