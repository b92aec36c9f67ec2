/**
 * Latent Cartography's core: the service provider interfaces, grids, the streaming grid
 * evaluator, the generic dissimilarity measure, latent maps, file formats and plugin discovery.
 */
module org.latentcartography.core {
    requires transitive java.logging;

    exports org.latentcartography.core;
    exports org.latentcartography.core.spi;
    exports org.latentcartography.core.grid;
    exports org.latentcartography.core.eval;
    exports org.latentcartography.core.io;
    exports org.latentcartography.core.map;
    exports org.latentcartography.core.analysis;
    exports org.latentcartography.core.geodesic;
    exports org.latentcartography.core.plugin;
    exports org.latentcartography.core.pipeline;

    uses org.latentcartography.core.spi.GeneratorProvider;
    uses org.latentcartography.core.spi.MeaningProvider;
    uses org.latentcartography.core.spi.DissimilarityProvider;
    uses org.latentcartography.core.spi.MeasureProvider;
    uses org.latentcartography.core.spi.TransformProvider;
    uses org.latentcartography.core.spi.Engine;
    uses org.latentcartography.core.spi.ExplorerProvider;

    provides org.latentcartography.core.spi.DissimilarityProvider with
            org.latentcartography.core.internal.L2Provider,
            org.latentcartography.core.internal.CosineProvider;
    provides org.latentcartography.core.spi.MeaningProvider with
            org.latentcartography.core.internal.OutputMeaningProvider;
}
