/**
 * Distances between probability distributions (paper 2.2.2): the Jensen–Shannon distance, the
 * Hellinger distance and the total variation distance. Each is a dissimilarity, and so also a
 * measure (mean distance to the face neighbours, paper Eq. 2). Exports nothing.
 */
module org.latentcartography.measures.jsd {
    requires org.latentcartography.core;

    provides org.latentcartography.core.spi.DissimilarityProvider with
            org.latentcartography.measures.jsd.JensenShannonProvider,
            org.latentcartography.measures.jsd.HellingerProvider,
            org.latentcartography.measures.jsd.TotalVariationProvider;
}
