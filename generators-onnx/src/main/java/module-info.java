/**
 * Generators over ONNX models run with ONNX Runtime: decoder outputs and named intermediate
 * layers. Exports nothing; provides the generator {@code onnx}.
 */
module org.latentcartography.generators.onnx {
    requires org.latentcartography.core;
    requires com.microsoft.onnxruntime;

    provides org.latentcartography.core.spi.GeneratorProvider with
            org.latentcartography.generators.onnx.OnnxGeneratorProvider;
}
