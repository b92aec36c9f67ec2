package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the real launcher: exit status 1 or 2, exactly one line on standard error
 * naming the input and the problem, no stack trace, and nothing left in the output folder.
 */
class BadInputIT {
    static final Path TESTDATA = Launcher.ROOT.resolve("testdata/onnx");
    static final Path SOFTPLUS = Launcher.ROOT.resolve("models/mnist/vae-softplus");

    @TempDir
    static Path tmp;

    static Stream<Arguments> cases() throws Exception {
        Path corrupt = tmp.resolve("corrupt.onnx");
        Files.write(corrupt, "definitely not protobuf".getBytes());
        Path badNpy = tmp.resolve("bad.npy");
        Files.writeString(badNpy, "x,y\n1,2\n");
        Path shortLabels = tmp.resolve("short-labels.npy");
        org.latentcartography.core.io.Npy.writeInt64(shortLabels, new int[] {5}, new long[] {0, 1, 2, 3, 4});
        String dec = "onnx:" + SOFTPLUS.resolve("decoder.onnx");
        String bounds = "-1,1,-1,1";
        return Stream.of(
            Arguments.of("unknown measure id", 2, "unknown measure 'wobble'",
                List.of("measure", "--generator", dec, "--measure", "wobble", "--bounds", bounds)),
            Arguments.of("unknown generator id", 2, "unknown generator 'tflite'",
                List.of("measure", "--generator", "tflite:x", "--measure", "riemannian", "--bounds", bounds)),
            Arguments.of("missing model file", 1, "missing.onnx: no such model file",
                List.of("measure", "--generator", "onnx:" + tmp.resolve("missing.onnx"), "--measure", "riemannian", "--bounds", bounds)),
            Arguments.of("corrupt ONNX file", 1, "corrupt.onnx: not a usable ONNX model",
                List.of("measure", "--generator", "onnx:" + corrupt, "--measure", "riemannian", "--bounds", bounds)),
            Arguments.of("model input of another latent dimension", 1, "takes latent points of dimension 3, but the grid has 2",
                List.of("measure", "--generator", "onnx:" + TESTDATA.resolve("dim3.onnx"), "--measure", "riemannian", "--bounds", bounds)),
            Arguments.of("model that outputs NaN", 1, "nan.onnx: output",
                List.of("measure", "--generator", "onnx:" + TESTDATA.resolve("nan.onnx"), "--measure", "riemannian", "--bounds", bounds)),
            Arguments.of("embeddings that are not NPY", 1, "bad.npy: not an NPY file",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings", badNpy.toString())),
            Arguments.of("unknown option", 2, "Unknown options: '--colour'",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--colour", "red")),
            Arguments.of("malformed grid", 2, "--grid 12q",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--grid", "12q")),
            Arguments.of("inverted bounds", 2, "is not above the lower bound",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", "1,-1,0,1")),
            Arguments.of("wrong output name", 2, "has no output named 'h7'",
                List.of("measure", "--generator", dec + ",output=h7", "--measure", "riemannian", "--bounds", bounds)),
            Arguments.of("both embeddings and bounds", 2, "mutually exclusive",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds,
                        "--embeddings", SOFTPLUS.resolve("z.npy").toString())),
            Arguments.of("labels of the wrong length", 1, "5 labels for 10000 embeddings",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings", SOFTPLUS.resolve("z.npy").toString(),
                        "--labels", shortLabels.toString())),
            Arguments.of("classifier without labels", 2, "classifier needs --embeddings and --labels",
                List.of("measure", "--meaning", "classifier", "--measure", "jsd", "--embeddings", SOFTPLUS.resolve("z.npy").toString())),
            Arguments.of("highlighted class that does not occur", 2, "class 12 in classes=3,12 does not occur in the labels",
                List.of("measure", "--meaning", "classifier,classes=3,12", "--measure", "jsd", "--embeddings",
                        SOFTPLUS.resolve("z.npy").toString(), "--labels", SOFTPLUS.resolve("labels.npy").toString())),
            Arguments.of("ONNX classifier of the wrong width", 1, "the model gives 3 values per point, but the labels have 10 classes",
                List.of("measure", "--meaning", "classifier:" + TESTDATA.resolve("linear2.onnx"), "--measure", "jsd",
                        "--embeddings", SOFTPLUS.resolve("z.npy").toString(), "--labels", SOFTPLUS.resolve("labels.npy").toString())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithOneClearLineAndNoOutput(String name, int status, String message, List<String> args) throws Exception {
        Path out = tmp.resolve("out-" + name.replace(' ', '-'));
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--grid", "16", "--out", out.toString()));
        if (args.contains("--grid")) {
            all = new ArrayList<>(args);
            all.addAll(List.of("--out", out.toString()));
        }
        Launcher.Run r = Launcher.run(all.toArray(String[]::new));
        assertEquals(status, r.status(), name + ": " + r.err());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), name + ": expected one line, got:\n" + r.err());
        assertTrue(lines.get(0).startsWith("cartography: "), lines.get(0));
        assertTrue(lines.get(0).contains(message), name + ": '" + lines.get(0) + "' lacks '" + message + "'");
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(out), name + ": output folder left behind");
    }
}
