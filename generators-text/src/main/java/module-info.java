/**
 * Autoregressive text decoders (ONNX step or prefix models plus a vocabulary) and their average
 * word distribution (paper Eq. 1): generator {@code text}, meaning {@code words}. Exports nothing.
 */
module org.latentcartography.generators.text {
    requires org.latentcartography.core;
    requires com.microsoft.onnxruntime;

    provides org.latentcartography.core.spi.GeneratorProvider with
            org.latentcartography.generators.text.TextGeneratorProvider;
    provides org.latentcartography.core.spi.MeaningProvider with
            org.latentcartography.generators.text.WordsMeaningProvider;
}
