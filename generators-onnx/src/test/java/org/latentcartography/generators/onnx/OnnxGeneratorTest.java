package org.latentcartography.generators.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxGeneratorTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path MODELS = ROOT.resolve("models/mnist");
    static final Path TESTDATA = ROOT.resolve("testdata/onnx");

    /**
     * Tolerance against PyTorch's float32 outputs: ONNX Runtime runs the same float32 arithmetic
     * in another order (fused GEMMs), which differs by a few ulps of the activations, about 2e-6
     * here; the issue asks for 1e-5.
     */
    static final double REFERENCE_TOLERANCE = 1e-5;

    static Generator open(String spec) {
        return new OnnxGeneratorProvider().open(ComponentSpec.parse(spec), ComponentContext.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vae-relu", "vae-softplus", "vae-tanh", "ae-relu", "vae-softplus-dup", "vae-16d"})
    void shippedDecodersReproduceTheirReferenceRows(String model) {
        Path dir = MODELS.resolve(model);
        NpyArray z = Npy.read(dir.resolve("reference_z.npy"));
        for (String output : new String[] {"x", "h1"}) {
            NpyArray ref = Npy.read(dir.resolve("reference_" + output + ".npy"));
            try (Generator g = open("onnx:" + dir.resolve("decoder.onnx") + ",output=" + output + ",batch=5")) {
                // the shipped 2-D models and vae-16d, whose 16 reference rows have 16 coordinates
                assertEquals(model.equals("vae-16d") ? 16 : 2, g.latentDimension());
                assertEquals(z.shape()[1], g.latentDimension());
                assertEquals(ref.shape()[1], g.outputDimension());
                int n = z.shape()[0];
                double[] out = new double[n * g.outputDimension() + 3];
                // 16 rows through a batch-5 generator: the buffers grow on demand; offset 3
                g.apply(z.data(), n, out, 3, new long[n]);
                double worst = 0;
                for (int i = 0; i < ref.data().length; i++) {
                    worst = Math.max(worst, Math.abs(out[3 + i] - ref.data()[i]));
                }
                assertTrue(worst <= REFERENCE_TOLERANCE, model + " " + output + ": worst difference " + worst);
            }
        }
    }

    @Test
    void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
        Path model = MODELS.resolve("vae-softplus/decoder.onnx");
        int n = 300;
        double[] z = new double[2 * n];
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.sin(i * 0.37) * 3;
        }
        try (Generator g = open("onnx:" + model + ",batch=64")) {
            double[] expected = new double[n * 784];
            g.apply(z, n, expected, 0, new long[n]);
            ExecutorService ex = Executors.newFixedThreadPool(4);
            List<Future<double[]>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(ex.submit(() -> {
                    double[] o = new double[n * 784];
                    for (int from = 0; from < n; from += 50) {
                        double[] part = java.util.Arrays.copyOfRange(z, 2 * from, 2 * (from + 50));
                        g.apply(part, 50, o, from * 784, new long[50]);
                    }
                    return o;
                }));
            }
            for (Future<double[]> f : fs) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, f.get(), 0.0);
            }
            ex.shutdown();
        }
    }

    @Test
    void badModelsGiveOneClearMessage(@TempDir Path tmp) throws Exception {
        CartographyException e = assertThrows(CartographyException.class, () -> open("onnx:" + tmp.resolve("missing.onnx")));
        assertTrue(e.getMessage().endsWith("missing.onnx: no such model file"), e.getMessage());
        Path corrupt = tmp.resolve("corrupt.onnx");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        e = assertThrows(CartographyException.class, () -> open("onnx:" + corrupt));
        assertTrue(e.getMessage().contains("corrupt.onnx: not a usable ONNX model"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        Path model = MODELS.resolve("vae-softplus/decoder.onnx");
        e = assertThrows(UsageException.class, () -> open("onnx:" + model + ",output=h9"));
        assertTrue(e.getMessage().contains("no output named 'h9'")
                && (e.getMessage().contains("x, h1") || e.getMessage().contains("h1, x")), e.getMessage());
        e = assertThrows(UsageException.class, () -> open("onnx:" + model + ",input=q"));
        assertTrue(e.getMessage().contains("no input named 'q'; its inputs are z"), e.getMessage());
        e = assertThrows(UsageException.class, () -> open("onnx:" + model + ",colour=red"));
        assertTrue(e.getMessage().contains("has no option 'colour'"), e.getMessage());
        e = assertThrows(UsageException.class, () -> open("onnx"));
        assertTrue(e.getMessage().contains("needs a model path"), e.getMessage());
    }

    @Test
    void testModelsLoadWithTheirDeclaredShapes() {
        try (Generator g = open("onnx:" + TESTDATA.resolve("dim3.onnx"))) {
            assertEquals(3, g.latentDimension());
        }
        try (Generator g = open("onnx:" + TESTDATA.resolve("surface.onnx"))) {
            assertEquals(2, g.latentDimension());
            assertEquals(3, g.outputDimension());
            double[] out = new double[3];
            g.apply(new double[] {0.5, -0.25}, 1, out, 0, new long[1]);
            assertEquals(0.5, out[0], 1e-7);
            assertEquals(-0.25, out[1], 1e-7);
            assertEquals(0.7 * Math.sin(1.3 * 0.5) * Math.cos(0.9 * -0.25), out[2], 1e-6);
        }
    }

    @Test
    void closeIsIdempotent() {
        Generator g = open("onnx:" + TESTDATA.resolve("linear2.onnx"));
        g.close();
        g.close();
        assertThrows(IllegalStateException.class, () -> g.apply(new double[2], 1, new double[3], 0, new long[1]));
    }

    @Test
    void deviceOptionParsesItsThreeChoices() {
        assertEquals(Device.CPU, Device.parse(null));
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(new Device(Device.Kind.CUDA, 0), Device.parse("cuda"));
        assertEquals(new Device(Device.Kind.CUDA, 1), Device.parse("cuda:1"));
        assertEquals(new Device(Device.Kind.CUDA_OR_CPU, 0), Device.parse("cuda-or-cpu"));
        assertEquals("cuda-or-cpu:2", Device.parse("cuda-or-cpu:2").toString());
        for (String bad : new String[] {"gpu", "cuda:x", "cuda:-1", "CPU", ""}) {
            UsageException e = assertThrows(UsageException.class, () -> Device.parse(bad), bad);
            assertTrue(e.getMessage().contains("device=" + bad), e.getMessage());
        }
    }

    @Test
    void cudaWithoutTheGpuBuildIsOneClearErrorAndFallsBackOnlyWhenAsked() {
        OnnxGenerator.environment(); // ONNX Runtime loaded as the generator loads it (libraries from the cache)
        org.junit.jupiter.api.Assumptions.assumeFalse(
                ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
                "this ONNX Runtime build has CUDA");
        String model = "onnx:" + TESTDATA.resolve("linear2.onnx");
        CartographyException e = assertThrows(CartographyException.class, () -> open(model + ",device=cuda"));
        assertEquals("onnx: device=cuda requested but this ONNX Runtime build has no CUDA provider; put onnxruntime_gpu "
                + "on the module path (lib/) or use device=cpu (or device=cuda-or-cpu)", e.getMessage());
        try (Generator g = open(model + ",device=cuda-or-cpu")) {
            assertEquals("cpu", ((OnnxGenerator) g).executionProvider());
            assertEquals("cuda-or-cpu", g.report().get("device"));
            double[] out = new double[g.outputDimension()];
            g.apply(new double[] {0.5, 0.5}, 1, out, 0, new long[1]);
            assertTrue(Double.isFinite(out[0]));
        }
        try (Generator g = open(model + ",device=cpu")) {
            assertEquals("cpu", g.report().get("execution_provider"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vae-tanh/decoder.onnx,batch=64", "vae-softplus/decoder.onnx,output=h1,batch=64",
        "../../testdata/onnx/linear2_batch3.onnx"})
    void floatOutputsAreTheValuesApplyGivesWithoutWidening(String model) {
        try (Generator g = open("onnx:" + MODELS.resolve(model))) {
            assertTrue(g.floatOutputs());
            int n = 100;
            double[] z = new double[g.latentDimension() * n];
            for (int i = 0; i < z.length; i++) {
                z[i] = Math.sin(i * 0.37) * 3;
            }
            int dh = g.outputDimension();
            double[] wide = new double[n * dh];
            g.apply(z, n, wide, 0, new long[n]);
            float[] single = new float[n * dh + 5];
            // 100 rows, in two calls, at an offset (a fixed-batch model runs whole batches of its size)
            g.applyFloat(java.util.Arrays.copyOfRange(z, 0, 40 * g.latentDimension()), 40, single, 5, new long[40]);
            g.applyFloat(java.util.Arrays.copyOfRange(z, 40 * g.latentDimension(), z.length), 60, single, 5 + 40 * dh,
                    new long[60]);
            for (int i = 0; i < n * dh; i++) {
                assertEquals(wide[i], single[5 + i], 0.0, model + " value " + i);
            }
        }
    }
}
