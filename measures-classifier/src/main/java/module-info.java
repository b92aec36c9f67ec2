/**
 * Classifiers over latent codes as meaning functions p(c | z) (paper 2.2.3): an MLP trained on the
 * run's embeddings and labels, or an ONNX classifier opened through the {@code onnx} generator.
 * Exports nothing; provides the meaning {@code classifier}.
 */
module org.latentcartography.measures.classifier {
    requires org.latentcartography.core;

    provides org.latentcartography.core.spi.MeaningProvider with
            org.latentcartography.measures.classifier.ClassifierProvider;
}
