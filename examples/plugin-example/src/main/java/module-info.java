/**
 * An example plugin built against core alone and dropped into a plugins folder: a custom
 * dissimilarity ({@code manhattan}), a custom measure ({@code gradient-norm}), a pure-Java
 * generator backend ({@code analytic}) and a density-equalising transform ({@code marginal}).
 */
module org.latentcartography.example.plugin {
    requires org.latentcartography.core;

    provides org.latentcartography.core.spi.DissimilarityProvider with
            org.latentcartography.example.plugin.ManhattanProvider;
    provides org.latentcartography.core.spi.MeasureProvider with
            org.latentcartography.example.plugin.GradientNormProvider;
    provides org.latentcartography.core.spi.GeneratorProvider with
            org.latentcartography.example.plugin.AnalyticSurfaceProvider;
    provides org.latentcartography.core.spi.TransformProvider with
            org.latentcartography.example.plugin.MarginalTransformProvider;
}
