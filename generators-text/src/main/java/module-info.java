/**
 * Autoregressive text decoders (ONNX step or prefix models plus a vocabulary) and their average
 * word distribution (paper Eq. 1). Exports nothing.
 */
module org.latentcartography.generators.text {
    requires org.latentcartography.core;
    requires com.microsoft.onnxruntime;
}
