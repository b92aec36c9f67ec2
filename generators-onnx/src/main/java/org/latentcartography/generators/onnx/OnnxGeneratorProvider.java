package org.latentcartography.generators.onnx;

import java.nio.file.Path;
import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.GeneratorProvider;

/**
 * Provides {@code onnx:PATH[,input=NAME][,output=NAME][,threads=N][,batch=N]}: any ONNX model that
 * maps a batch of latent points [batch, D_z] to one named output [batch, ...]. Discovering this
 * provider loads no native code; {@link #open} does.
 */
public final class OnnxGeneratorProvider implements GeneratorProvider {
    static final List<String> OPTIONS = List.of("input", "output", "threads", "batch");

    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public String description() {
        return "ONNX model z -> named output (decoder output or intermediate layer); "
                + "options input=, output=, threads=, batch=";
    }

    @Override
    public Generator open(ComponentSpec spec, ComponentContext context) {
        spec.requireOnly(OPTIONS);
        Path model = Path.of(spec.requireArgument("model path"));
        int threads = spec.integer("threads", 1);
        int batch = spec.integer("batch", 4096);
        if (threads < 1) {
            throw new org.latentcartography.core.UsageException("onnx: threads=" + threads + " must be at least 1");
        }
        if (batch < 1) {
            throw new org.latentcartography.core.UsageException("onnx: batch=" + batch + " must be at least 1");
        }
        return new OnnxGenerator(model, spec.string("input", null), spec.string("output", null), threads, batch);
    }
}
