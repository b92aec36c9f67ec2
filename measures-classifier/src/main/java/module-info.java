/**
 * Classifiers over latent codes as meaning functions p(c | z) (paper 2.2.3). Exports nothing.
 */
module org.latentcartography.measures.classifier {
    requires org.latentcartography.core;
    requires ejml.core;
    requires ejml.ddense;
}
