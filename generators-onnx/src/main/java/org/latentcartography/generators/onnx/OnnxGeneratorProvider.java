package org.latentcartography.generators.onnx;

import java.nio.file.Path;
import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.GeneratorProvider;

/**
 * Provides {@code onnx:PATH[,input=NAME][,output=NAME][,threads=N][,batch=N][,device=D]}: any ONNX
 * model that maps a batch of latent points [batch, D_z] to one named output [batch, ...].
 * {@code device=} is {@code cpu} (default), {@code cuda[:N]} (needs the GPU build of ONNX Runtime
 * on the module path; an error otherwise) or {@code cuda-or-cpu[:N]} (CUDA when available, else
 * the CPU with a warning); see {@link Device}. Discovering this provider loads no native code;
 * {@link #open} does.
 */
public final class OnnxGeneratorProvider implements GeneratorProvider {
    static final List<String> OPTIONS = List.of("input", "output", "threads", "batch", "device");

    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public String description() {
        return "ONNX model z -> named output (decoder output or intermediate layer); "
                + "options input=, output=, threads=, batch=, device=cpu|cuda[:N]|cuda-or-cpu[:N]";
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
        Device device = Device.parse(spec.string("device", null));
        return new OnnxGenerator(model, spec.string("input", null), spec.string("output", null), threads, batch, device);
    }
    /** The model file (with any external weights beside it). */
    @Override
    public List<Path> files(ComponentSpec spec) {
        return spec.argument() == null || spec.argument().isBlank() ? List.of() : List.of(Path.of(spec.argument()));
    }

}
