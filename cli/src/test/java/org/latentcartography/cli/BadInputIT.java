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
 * The bad-input matrix, through the real launcher: models, data, grids, text decoders, measures
 * and densities, plugins and flags. Each case ends with exit status 1 or 2, exactly one line on
 * standard error naming the input and the problem, no stack trace, and no output folder. (How
 * the plugin listing reports broken plugins while keeping the rest: PluginFailuresIT.)
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
        Path nanZ = tmp.resolve("nan-z.npy");
        org.latentcartography.core.io.Npy.writeFloat64(nanZ, new int[] {3, 2}, new double[] {0, 0, 1, Double.NaN, 2, 2});
        Path sameZ = tmp.resolve("same-z.npy");
        org.latentcartography.core.io.Npy.writeFloat64(sameZ, new int[] {3, 2}, new double[] {1, 2, 1, 2, 1, 2});
        Path flatZ = tmp.resolve("flat-z.npy");
        org.latentcartography.core.io.Npy.writeFloat64(flatZ, new int[] {4}, new double[] {1, 2, 3, 4});
        Path complexZ = tmp.resolve("complex-z.npy");
        byte[] header = "{'descr': '<c16', 'fortran_order': False, 'shape': (1, 2), }".getBytes();
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(10 + 118 + 32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) 118).put(header);
        while (bb.position() < 10 + 117) {
            bb.put((byte) ' ');
        }
        bb.put((byte) '\n');
        Files.write(complexZ, bb.array());
        Path tiny = Launcher.ROOT.resolve("testdata/text/tiny-step");
        Path shortVocab = textModelCopy(tiny, tmp.resolve("short-vocab"));
        List<String> words = Files.readAllLines(shortVocab.resolve("vocab.txt"));
        Files.write(shortVocab.resolve("vocab.txt"), words.subList(0, words.size() - 1));
        Path noLength = textModelCopy(tiny, tmp.resolve("no-length"));
        Files.writeString(noLength.resolve("manifest.json"),
                Files.readString(noLength.resolve("manifest.json")).replace("\"max_length\"", "\"maximum\""));
        Path farEos = textModelCopy(tiny, tmp.resolve("far-eos"));
        Files.writeString(farEos.resolve("manifest.json"),
                Files.readString(farEos.resolve("manifest.json")).replaceFirst("\"eos\"\\s*:\\s*\\d+", "\"eos\": 99"));
        Path escapeVocab = textModelCopy(tiny, tmp.resolve("escape-vocab"));
        Files.writeString(escapeVocab.resolve("manifest.json"), Files.readString(escapeVocab.resolve("manifest.json"))
                .replace("\"vocab.txt\"", "\"../../../../../../../../etc/passwd\""));
        Path absoluteStep = textModelCopy(tiny, tmp.resolve("absolute-step"));
        Files.writeString(absoluteStep.resolve("manifest.json"), Files.readString(absoluteStep.resolve("manifest.json"))
                .replace("\"step.onnx\"", "\"" + tiny.resolve("step.onnx") + "\""));
        Path linkedVocab = textModelCopy(tiny, tmp.resolve("linked-vocab"));
        Files.delete(linkedVocab.resolve("vocab.txt"));
        Files.createSymbolicLink(linkedVocab.resolve("vocab.txt"), tiny.resolve("vocab.txt"));
        Path hugeLabels = tmp.resolve("huge-labels.npy");
        org.latentcartography.core.io.Npy.writeFloat64(hugeLabels, new int[] {3}, new double[] {0, 1e17, 2});
        Path hugeZ = tmp.resolve("huge-z.npy");
        org.latentcartography.core.io.Npy.writeFloat64(hugeZ, new int[] {3, 2}, new double[] {0, 0, 1, 1, 0.5, 0.2});
        Path longText = textModelCopy(tiny, tmp.resolve("long-text"));
        Files.writeString(longText.resolve("manifest.json"), Files.readString(longText.resolve("manifest.json"))
                .replaceFirst("\"max_length\"\\s*:\\s*\\d+", "\"max_length\": 1e9"));
        Path fifo = tmp.resolve("fifo-z.npy");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        TransformCommandIT.measureDir(tmp.resolve("m-for-path"), new int[] {4, 4}, new double[] {
            1, 1, 1, 1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 1, 1, 1});
        Path mapDir = tmp.resolve("map-for-path");
        assertEquals(0, Launcher.run("transform", "--in", tmp.resolve("m-for-path").toString(), "--quiet", "--out",
                mapDir.toString()).status());
        Path bigZ = tmp.resolve("big-z.npy");
        byte[] bigHeader = "{'descr': '<f4', 'fortran_order': False, 'shape': (275000000, 2), }".getBytes();
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(bigZ.toFile(), "rw")) {
            // a sparse file: header consistent, data present (zeros), 2.2 GB
            f.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) 118, 0});
            f.write(bigHeader);
            f.write(" ".repeat(118 - 1 - bigHeader.length).getBytes());
            f.write('\n');
            f.setLength(128 + 275_000_000L * 2 * 4);
        }
        // densities for transform
        double[] ones = new double[16];
        java.util.Arrays.fill(ones, 1);
        double[] nanM = ones.clone();
        nanM[5] = Double.NaN;
        double[] negM = ones.clone();
        negM[3] = -1;
        TransformCommandIT.measureDir(tmp.resolve("m-nan"), new int[] {4, 4}, nanM);
        TransformCommandIT.measureDir(tmp.resolve("m-neg"), new int[] {4, 4}, negM);
        TransformCommandIT.measureDir(tmp.resolve("m-zero"), new int[] {4, 4}, new double[16]);
        TransformCommandIT.measureDir(tmp.resolve("m-shape"), new int[] {4, 4}, ones);
        Files.writeString(tmp.resolve("m-shape/grid.json"), "{\"lower\": [0, 0], \"upper\": [1, 1], \"shape\": [5, 4]}");
        TransformCommandIT.measureDir(tmp.resolve("m-deep"), new int[] {4, 4}, ones);
        Files.writeString(tmp.resolve("m-deep/grid.json"), "[".repeat(5000) + "]".repeat(5000));
        // cell-scale white noise of 10^4:1: the flow method's first stage would need about 19,000 steps
        java.util.Random noise = new java.util.Random(1);
        double[] noisy = new double[32 * 32];
        for (int k = 0; k < noisy.length; k++) {
            noisy[k] = 1 + 9999 * noise.nextDouble();
        }
        TransformCommandIT.measureDir(tmp.resolve("m-noise"), new int[] {32, 32}, noisy);
        // plugins: the example plugin, one whose provider throws, one that repeats an id, a jar that is no jar
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        try (var s = Files.list(Launcher.IT_PLUGINS)) {
            for (Path jar : (Iterable<Path>) s::iterator) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        Files.writeString(plugins.resolve("not-a-jar.jar"), "this is not a zip file");
        PluginFailuresIT.jar("throwing", "bad.plugin", "throw new IllegalStateException(\"boom\");", "throws", tmp, plugins);
        PluginFailuresIT.jar("duplicate", "dup.plugin", "", "manhattan", tmp, plugins);
        String lin = "onnx:" + TESTDATA.resolve("linear2.onnx");
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
            Arguments.of("cells finer than the model's float32 input resolves", 1,
                "takes float32 latent points: at coordinates up to 1000.00 on axis 0 it resolves cells at least 0.0156 wide",
                List.of("measure", "--generator", "onnx:" + TESTDATA.resolve("linear2.onnx"), "--measure", "riemannian",
                    "--bounds", "1000,1000.001,0,1")),
            Arguments.of("cells finer than the model's float32 outputs resolve", 1,
                "differ by at most 16 units in the last place of their type (float32) in 16 of 16 cells: the differences "
                    + "are rounding noise, not a measure; on axis",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", "0,1e-6,0,1e-6", "--grid", "16",
                    "--quiet")),
            Arguments.of("a divergence of values that are no distributions", 1,
                "jsd of linear2.onnx, slab 0 (z1 = 0.062500): distribution has a negative or NaN entry",
                List.of("measure", "--generator", "onnx:" + TESTDATA.resolve("linear2.onnx"), "--measure", "jsd",
                    "--bounds", "0,1,0,1", "--grid", "8")),
            Arguments.of("model with a second input, the latent one chosen", 1,
                "two_inputs.onnx: has 2 inputs (z, extra); a generator feeds exactly one",
                List.of("measure", "--generator", "onnx:" + TESTDATA.resolve("two_inputs.onnx") + ",input=z", "--measure",
                    "riemannian", "--bounds", bounds)),
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
            Arguments.of("NaN in the embeddings", 1, "nan-z.npy: point 1 has a non-finite coordinate",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings", nanZ.toString())),
            Arguments.of("all embeddings identical", 1, "all points have the same coordinate",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings", sameZ.toString())),
            Arguments.of("embeddings of rank 1", 1, "flat-z.npy: embeddings must be a 2-D array",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings", flatZ.toString())),
            Arguments.of("embeddings of an unsupported dtype", 1, "complex-z.npy: unsupported dtype '<c16'",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings", complexZ.toString())),
            Arguments.of("zero cells", 2, "need at least 2 cells per axis",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--grid", "0")),
            Arguments.of("negative cells", 2, "need at least 2 cells per axis",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--grid", "-5x8")),
            Arguments.of("grid too large to index", 2, "more than",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--grid", "100000")),
            Arguments.of("grid too large for memory", 1, "of memory, but only",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--grid", "40000")),
            Arguments.of("zero threads", 2, "--threads 0: must be a whole number from 1 to 1024",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--threads", "0")),
            Arguments.of("zero batch", 2, "--batch 0: must be a whole number from 1 to 2147483647",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--batch", "0")),
            Arguments.of("grid count past 32 bits", 2, "--grid 4294967298: 4294967298 cells per axis; each axis takes 2 to",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--grid", "4294967298")),
            Arguments.of("negative margin", 2, "--margin -0.5: must be a number from 0 to",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings",
                        SOFTPLUS.resolve("z.npy").toString(), "--margin", "-0.5")),
            Arguments.of("labels beyond any class id", 1, "huge-labels.npy: label 1 is 1.0E17, outside the range of class labels",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings", hugeZ.toString(),
                        "--labels", hugeLabels.toString())),
            Arguments.of("text manifest with a huge max_length", 1, "'max_length' is 1.0E9; it must be from 1 to 1000000",
                List.of("measure", "--generator", "text:" + longText, "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("path of two billion steps", 2, "--steps 2000000000: must be a whole number from 2 to 10000",
                List.of("path", "--map", tmp.resolve("m-nan").toString(), "--from", "0,0", "--to", "1,1", "--steps", "2000000000")),
            Arguments.of("transform on zero threads", 2, "--threads 0: must be a whole number from 1 to 1024",
                List.of("transform", "--in", tmp.resolve("m-nan").toString(), "--threads", "0")),
            Arguments.of("embeddings that are a FIFO", 1, "fifo-z.npy: not a regular file",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings", fifo.toString())),
            Arguments.of("path between identical points", 2, "--from and --to are the same point",
                List.of("path", "--map", mapDir.toString(), "--from", "0.5,0.5", "--to", "0.5,0.5")),
            Arguments.of("embeddings file over 2 GB", 1, "big-z.npy: 2200000128 bytes; NPY files larger than 2147483639 bytes",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings", bigZ.toString())),
            Arguments.of("malformed margin", 2, "--margin",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--embeddings",
                        SOFTPLUS.resolve("z.npy").toString(), "--margin", "wide")),
            Arguments.of("zero samples", 2, "--samples 0: must be a whole number from 1 to 1000000",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds, "--samples", "0")),
            Arguments.of("labels without embeddings", 2, "--labels needs --embeddings",
                List.of("measure", "--generator", dec, "--measure", "riemannian", "--bounds", bounds,
                        "--labels", SOFTPLUS.resolve("labels.npy").toString())),
            Arguments.of("option the generator does not have", 2, "'onnx' has no option 'colour'",
                List.of("measure", "--generator", dec + ",colour=red", "--measure", "riemannian", "--bounds", bounds)),
            Arguments.of("missing generator", 2, "--generator is required",
                List.of("measure", "--measure", "riemannian", "--bounds", bounds)),
            Arguments.of("classifier without labels", 2, "classifier needs the embeddings and their labels",
                List.of("measure", "--meaning", "classifier", "--measure", "jsd", "--embeddings", SOFTPLUS.resolve("z.npy").toString())),
            Arguments.of("highlighted class that does not occur", 2, "class 12 in classes=3,12 does not occur in the labels",
                List.of("measure", "--meaning", "classifier,classes=3,12", "--measure", "jsd", "--embeddings",
                        SOFTPLUS.resolve("z.npy").toString(), "--labels", SOFTPLUS.resolve("labels.npy").toString())),
            Arguments.of("ONNX classifier of the wrong width", 1, "the model gives 3 values per point, but the labels have 10 classes",
                List.of("measure", "--meaning", "classifier:" + TESTDATA.resolve("linear2.onnx"), "--measure", "jsd",
                        "--embeddings", SOFTPLUS.resolve("z.npy").toString(), "--labels", SOFTPLUS.resolve("labels.npy").toString())),
            Arguments.of("text vocabulary of the wrong size", 1, "the vocabulary has " + (words.size() - 1) + " words but step.onnx",
                List.of("measure", "--generator", "text:" + shortVocab, "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("text manifest missing a field", 1, "manifest.json: 'max_length' is missing",
                List.of("measure", "--generator", "text:" + noLength, "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("text manifest whose vocabulary leads out of the model folder", 1,
                "'vocabulary' '../../../../../../../../etc/passwd' leads out of the model folder",
                List.of("measure", "--generator", "text:" + escapeVocab, "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("text manifest naming a step model by an absolute path", 1,
                "'model' '" + tiny.resolve("step.onnx") + "' must be a path relative to the model folder",
                List.of("measure", "--generator", "text:" + absoluteStep, "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("text manifest whose vocabulary is a link out of the model folder", 1,
                "'vocabulary' 'vocab.txt' is a link to " + tiny.resolve("vocab.txt").toRealPath() + ", outside the model folder",
                List.of("measure", "--generator", "text:" + linkedVocab, "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("text token id out of range", 1, "eos = 99 is outside the vocabulary",
                List.of("measure", "--generator", "text:" + farEos, "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("text step model whose state shapes disagree", 1, "they must agree",
                List.of("measure", "--generator", "text:" + Launcher.ROOT.resolve("testdata/text/bad-state"), "--measure", "jsd",
                        "--bounds", bounds)),
            Arguments.of("words meaning of a dense decoder", 2, "meaning 'words' needs a text decoder",
                List.of("measure", "--generator", dec, "--meaning", "words", "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("composition of generators that do not fit", 2, "cannot compose decoder.onnx (output dimension 784)",
                List.of("measure", "--generator", dec + ">text:" + tiny, "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("generator chain with an empty part", 2, "has an empty part",
                List.of("measure", "--generator", dec + ">", "--measure", "jsd", "--bounds", bounds)),
            Arguments.of("measure with a NaN cell", 1, "value at cell (1, 1) is NaN",
                List.of("transform", "--in", tmp.resolve("m-nan").toString())),
            Arguments.of("measure with a negative cell", 1, "value at cell (0, 3) is negative",
                List.of("transform", "--in", tmp.resolve("m-neg").toString())),
            Arguments.of("measure that is zero everywhere", 1, "zero everywhere",
                List.of("transform", "--in", tmp.resolve("m-zero").toString())),
            Arguments.of("measure that does not match grid.json", 1, "does not match grid.json",
                List.of("transform", "--in", tmp.resolve("m-shape").toString())),
            Arguments.of("measure too rough for the flow method", 1, "the measure changes faster than the grid resolves",
                List.of("transform", "--in", tmp.resolve("m-noise").toString(), "--method", "flow")),
            Arguments.of("JSON nested thousands of levels deep", 1, "grid.json: invalid JSON at character 512: nested deeper than 512 levels",
                List.of("transform", "--in", tmp.resolve("m-deep").toString())),
            Arguments.of("missing measure", 1, "no such file",
                List.of("transform", "--in", tmp.resolve("m-missing").toString())),
            Arguments.of("plugin provider whose constructor throws", 2, "plugin problems: see 'cartography plugins'",
                List.of("measure", "--plugins", plugins.toString(), "--generator", lin, "--measure", "throws", "--bounds", bounds)),
            Arguments.of("two plugin providers with one id", 1, "two dissimilarity providers have the id 'manhattan'",
                List.of("measure", "--plugins", plugins.toString(), "--generator", lin, "--measure", "manhattan", "--bounds", bounds)),
            Arguments.of("plugins folder that does not exist", 2, "--plugins " + tmp.resolve("no-plugins") + ": no such folder",
                List.of("measure", "--plugins", tmp.resolve("no-plugins").toString(), "--generator", lin, "--measure", "l2",
                        "--bounds", bounds)));
    }

    static Path textModelCopy(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithOneClearLineAndNoOutput(String name, int status, String message, List<String> args) throws Exception {
        Path out = tmp.resolve("out-" + name.replace(' ', '-'));
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--grid", "16", "--out", out.toString()));
        if (args.contains("--grid") || !args.get(0).equals("measure")) {
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

    /** An Error other than out-of-memory (here the stack, made tiny, overflows) is one line too. */
    @org.junit.jupiter.api.Test
    void errorsAreOneLine() throws Exception {
        Path m = tmp.resolve("m-stack");
        TransformCommandIT.measureDir(m, new int[] {4, 4}, new double[16]);
        Files.writeString(m.resolve("grid.json"), "{\"lower\": " + "[".repeat(500) + "]".repeat(500) + "}");
        Path out = tmp.resolve("out-stack");
        Launcher.Run r = Launcher.run(java.util.Map.of("JAVA_OPTS", "-Xss140k"), "transform", "--in", m.toString(), "--out",
                out.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("cartography: internal error: java.lang.StackOverflowError"), r.err());
        assertFalse(Files.exists(out));
    }
}
