package org.latentcartography.core.plugin;

/**
 * A provider as {@code cartography plugins} lists it.
 *
 * <p>Stability: stable.
 *
 * @param kind the service kind ("generator", "meaning", "dissimilarity", "measure", "transform")
 * @param id the provider's id
 * @param description its one-line description
 * @param origin the module (or jar, for providers on the class path) it comes from
 */
public record ProviderInfo(String kind, String id, String description, String origin) {
}
