/**
 * Models with many latent dimensions (paper sec. 4.2): planes through the latent space (principal
 * components of the embeddings, three chosen embeddings, or a given matrix) and a small
 * compression VAE trained in-process on the embeddings, whose decoder is written as an ONNX model
 * so that it composes in front of any generator. Exports its API package; provides the generator
 * {@code plane}. Trains with the classifier module's dense-network kernels.
 */
module org.latentcartography.compression {
    requires transitive org.latentcartography.core;
    requires org.latentcartography.measures.classifier;

    exports org.latentcartography.compression;

    provides org.latentcartography.core.spi.GeneratorProvider with
            org.latentcartography.compression.internal.PlaneProvider;
}
