package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** path and analyze through the real launcher, on a small map of the shipped softplus decoder. */
class PathCommandIT {
    static final Path SOFTPLUS = Launcher.ROOT.resolve("models/mnist/vae-softplus");
    static final String Z = SOFTPLUS.resolve("z.npy").toString();
    static final String LABELS = SOFTPLUS.resolve("labels.npy").toString();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void mapOfTheSoftplusDecoder() {
        Launcher.Run r = Launcher.run("measure", "--generator", "onnx:" + SOFTPLUS.resolve("decoder.onnx"), "--measure",
                "riemannian", "--embeddings", Z, "--grid", "64", "--quiet", "--out", tmp.resolve("m").toString());
        assertEquals(0, r.status(), r.err());
        r = Launcher.run("transform", "--in", tmp.resolve("m").toString(), "--blur", "1", "--quiet", "--out", tmp.resolve("t").toString());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void pathBetweenTwoEmbeddingsWithInterpolations() {
        Path out = tmp.resolve("path");
        Launcher.Run r = Launcher.run("path", "--map", tmp.resolve("t").toString(), "--embeddings", Z, "--labels", LABELS,
                "--from-index", "3", "--to-index", "9000", "--steps", "8", "--generator",
                "onnx:" + SOFTPLUS.resolve("decoder.onnx"), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> json = (Map<?, ?>) Json.read(out.resolve("path.json"));
        List<?> geo = (List<?>) json.get("pseudo_geodesic");
        double[] z = Npy.read(SOFTPLUS.resolve("z.npy")).data();
        assertEquals(16, geo.size());
        // endpoints are the embeddings themselves, exactly
        assertEquals(z[6], ((Number) geo.get(0)).doubleValue(), 0.0);
        assertEquals(z[18001], ((Number) geo.get(15)).doubleValue(), 0.0);
        assertTrue(((Number) json.get("geodesic_transformed")).doubleValue()
                <= ((Number) json.get("straight_transformed")).doubleValue() + 1e-9,
                "the pseudo-geodesic is the shortest path in the transformed space");
        assertTrue(Files.isRegularFile(out.resolve("path.png")));
        assertTrue(Files.isRegularFile(out.resolve("interpolation.png")));
    }

    @Test
    void anExplicitMeasureFileOfAnyNameIsRead() throws Exception {
        Path renamed = tmp.resolve("elsewhere/softplus-measure.npy");
        Files.createDirectories(renamed.getParent());
        Files.copy(tmp.resolve("m/measure.npy"), renamed);
        Path out = tmp.resolve("path-explicit");
        Launcher.Run r = Launcher.run("path", "--map", tmp.resolve("t").toString(), "--measure", renamed.toString(),
                "--from", "0,0", "--to", "1,1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> json = (Map<?, ?>) Json.read(out.resolve("path.json"));
        assertTrue(((Number) json.get("straight_measure")).doubleValue() > 0, json.toString());
    }

    @Test
    void analyzeReportsEntropyAndF1BeforeAndAfter() {
        Path out = tmp.resolve("analysis");
        Launcher.Run r = Launcher.run("analyze", "--map", tmp.resolve("t").toString(), "--embeddings", Z, "--labels", LABELS,
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> json = (Map<?, ?>) Json.read(out.resolve("analysis.json"));
        assertTrue(((Number) json.get("entropy_after_nats")).doubleValue() > ((Number) json.get("entropy_before_nats")).doubleValue(),
                json.toString());
        assertTrue(r.out().contains("k-means macro F1"), r.out());
    }

    @Test
    void badInputEndsWithOneLineAndNoOutput() {
        Path shortLabels = tmp.resolve("short-labels.npy");
        Npy.writeInt64(shortLabels, new int[] {3}, new long[] {1, 2, 3});
        String map = tmp.resolve("t").toString();
        String[][] cases = {
            {"outside the grid", "path", "--map", map, "--from", "100,100", "--to", "0,0"},
            {"is past the 10000 embeddings", "path", "--map", map, "--embeddings", Z, "--from-index", "0", "--to-index", "10000"},
            {"cannot be shown as 28x28", "path", "--map", map, "--from", "0,0", "--to", "1,1", "--generator",
                "onnx:" + Launcher.ROOT.resolve("testdata/onnx/linear2.onnx")},
            {"3 labels for 10000 embeddings", "analyze", "--map", map, "--embeddings", Z, "--labels",
                shortLabels.toString()},
        };
        int n = 0;
        for (String[] c : cases) {
            Path out = tmp.resolve("bad-" + n++);
            String[] args = new String[c.length + 1];
            System.arraycopy(c, 1, args, 0, c.length - 1);
            args[c.length - 1] = "--out";
            args[c.length] = out.toString();
            Launcher.Run r = Launcher.run(args);
            assertTrue(r.status() == 1 || r.status() == 2, c[0] + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains(c[0]), c[0] + ": " + r.err());
            assertFalse(Files.exists(out), c[0]);
        }
    }
}
