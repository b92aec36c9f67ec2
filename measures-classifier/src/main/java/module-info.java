/**
 * Classifiers over latent codes as meaning functions p(c | z) (paper 2.2.3): an MLP trained on the
 * run's embeddings and labels, or an ONNX classifier opened through the {@code onnx} generator.
 * Provides the meaning {@code classifier}; exports only its dense-network kernels
 * ({@code nn}: layers, back-propagation, Adam), which the compression VAE trains with.
 */
module org.latentcartography.measures.classifier {
    requires org.latentcartography.core;

    exports org.latentcartography.measures.classifier.nn;

    provides org.latentcartography.core.spi.MeaningProvider with
            org.latentcartography.measures.classifier.ClassifierProvider;
}
