/**
 * An example plugin: a custom dissimilarity ({@code manhattan}) and a custom measure
 * ({@code gradient-norm}), built against core alone and dropped into a plugins folder.
 */
module org.latentcartography.example.plugin {
    requires org.latentcartography.core;

    provides org.latentcartography.core.spi.DissimilarityProvider with
            org.latentcartography.example.plugin.ManhattanProvider;
    provides org.latentcartography.core.spi.MeasureProvider with
            org.latentcartography.example.plugin.GradientNormProvider;
}
