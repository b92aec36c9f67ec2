package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measure and plugins commands through the real launcher, on models the project ships. */
class MeasureCommandIT {
    static final Path TESTDATA = Launcher.ROOT.resolve("testdata/onnx");
    static final Path SOFTPLUS = Launcher.ROOT.resolve("models/mnist/vae-softplus");

    @Test
    void riemannianMeasureOfAnAnalyticOnnxSurfaceMatchesTheExactVolumeElement(@TempDir Path tmp) {
        Path out = tmp.resolve("surface");
        Launcher.Run r = Launcher.run("measure", "--generator", "onnx:" + TESTDATA.resolve("surface.onnx"),
                "--measure", "riemannian", "--bounds", "-3,3,-3,3", "--grid", "200", "--metric", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> grid = (Map<?, ?>) Json.read(out.resolve("grid.json"));
        assertEquals(List.of(-3.0, -3.0), grid.get("lower"));
        assertEquals(List.of(3.0, 3.0), grid.get("upper"));
        assertEquals(List.of(200L, 200L), grid.get("shape"));
        NpyArray m = Npy.read(out.resolve("measure.npy"));
        assertEquals("<f8", m.dtype());
        assertArrayEquals(new int[] {200, 200}, m.shape());
        assertArrayEquals(new int[] {200, 200, 2, 2}, Npy.read(out.resolve("metric.npy")).shape());
        Map<?, ?> constants = (Map<?, ?>) Json.read(TESTDATA.resolve("surface.json"));
        double a = ((Number) constants.get("a")).doubleValue();
        double b = ((Number) constants.get("b")).doubleValue();
        double c = ((Number) constants.get("c")).doubleValue();
        // Tolerance 1e-3 relative: central differences err by about f'''Δ²/6 = 1.5·0.03²/6 ≈ 2e-4
        // and the model computes in float32 (rounding 6e-8 / Δ ≈ 2e-6 in each derivative).
        double worst = 0;
        for (int i = 1; i < 199; i++) {
            for (int j = 1; j < 199; j++) {
                double x = -3 + (i + 0.5) * 0.03;
                double y = -3 + (j + 0.5) * 0.03;
                double fx = a * b * Math.cos(b * x) * Math.cos(c * y);
                double fy = -a * c * Math.sin(b * x) * Math.sin(c * y);
                double exact = Math.sqrt(1 + fx * fx + fy * fy);
                worst = Math.max(worst, Math.abs(m.data()[i * 200 + j] / exact - 1));
            }
        }
        assertTrue(worst < 1e-3, "worst relative error " + worst);
        assertTrue(Files.isRegularFile(out.resolve("measure.png")));
    }

    @Test
    void shippedDecoderWithEmbeddingsLabelsAndIntermediateLayer(@TempDir Path tmp) {
        Path out = tmp.resolve("h1");
        Launcher.Run r = Launcher.run("measure", "--generator", "onnx:" + SOFTPLUS.resolve("decoder.onnx") + ",output=h1",
                "--measure", "riemannian", "--embeddings", SOFTPLUS.resolve("z.npy").toString(),
                "--labels", SOFTPLUS.resolve("labels.npy").toString(), "--grid", "60x40", "--quiet", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        NpyArray m = Npy.read(out.resolve("measure.npy"));
        assertArrayEquals(new int[] {60, 40}, m.shape());
        for (double v : m.data()) {
            assertTrue(v >= 0 && Double.isFinite(v));
        }
        // the grid covers the embeddings plus 10% per side
        NpyArray z = Npy.read(SOFTPLUS.resolve("z.npy"));
        double min0 = Double.MAX_VALUE;
        double max0 = -Double.MAX_VALUE;
        for (int i = 0; i < z.shape()[0]; i++) {
            min0 = Math.min(min0, z.data()[2 * i]);
            max0 = Math.max(max0, z.data()[2 * i]);
        }
        Map<?, ?> grid = (Map<?, ?>) Json.read(out.resolve("grid.json"));
        assertEquals(min0 - 0.1 * (max0 - min0), ((Number) ((List<?>) grid.get("lower")).get(0)).doubleValue(), 1e-9);
        // a second run into the same folder is refused without --force, and keeps the first result
        Launcher.Run again = Launcher.run("measure", "--generator", "onnx:" + SOFTPLUS.resolve("decoder.onnx"),
                "--measure", "l2", "--embeddings", SOFTPLUS.resolve("z.npy").toString(), "--grid", "20", "--out", out.toString());
        assertEquals(2, again.status());
        assertTrue(again.err().contains("--force"), again.err());
        assertArrayEquals(new int[] {60, 40}, Npy.read(out.resolve("measure.npy")).shape());
    }

    @Test
    void pluginJarFromAFolderIsListedAndUsed(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        try (var s = Files.list(Launcher.IT_PLUGINS)) {
            for (Path jar : (Iterable<Path>) s::iterator) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        Launcher.Run list = Launcher.run("plugins", "--plugins", plugins.toString());
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.contains("manhattan") && l.contains("[org.latentcartography.example.plugin]")),
                list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.contains("gradient-norm")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.contains("riemannian") && l.contains("[org.latentcartography.measures.riemannian]")));
        Launcher.Run without = Launcher.run("plugins");
        assertFalse(without.out().contains("manhattan"), "the example plugin is not built in");

        Path out = tmp.resolve("manhattan");
        Launcher.Run r = Launcher.run("measure", "--plugins", plugins.toString(), "--generator",
                "onnx:" + TESTDATA.resolve("linear2.onnx"), "--measure", "manhattan", "--bounds", "0,1,0,1", "--grid", "10",
                "--quiet", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        // linear map: every neighbour differs by A·Δ, so the mean L1 distance is known exactly
        Map<?, ?> lin = (Map<?, ?>) Json.read(TESTDATA.resolve("linear2.json"));
        List<?> rows = (List<?>) lin.get("A");
        double col0 = 0;
        double col1 = 0;
        for (Object row : rows) {
            col0 += Math.abs(((Number) ((List<?>) row).get(0)).doubleValue()) * 0.1;
            col1 += Math.abs(((Number) ((List<?>) row).get(1)).doubleValue()) * 0.1;
        }
        NpyArray m = Npy.read(out.resolve("measure.npy"));
        assertEquals((col0 + col1) / 2, m.data()[0], 1e-6, "corner cell: one neighbour along each axis");
        assertEquals((col0 + col1) / 2, m.data()[5 * 10 + 5], 1e-6, "inner cell: two along each axis");

        Path out2 = tmp.resolve("gradient");
        Launcher.Run viaEnv = Launcher.run(Map.of("CARTOGRAPHY_PLUGINS", plugins.toString()), "measure", "--generator",
                "onnx:" + TESTDATA.resolve("linear2.onnx"), "--measure", "gradient-norm", "--bounds", "0,1,0,1",
                "--grid", "10", "--quiet", "--out", out2.toString());
        assertEquals(0, viaEnv.status(), viaEnv.err());
        assertTrue(Files.isRegularFile(out2.resolve("measure.npy")));

        // the plugin's transform runs like a built-in one (its exactness on separable densities is
        // ExamplePluginTest's); it never folds a cell
        assertTrue(list.out().lines().anyMatch(l -> l.contains("marginal") && l.contains("[org.latentcartography.example.plugin]")),
                list.out());
        Path mapped = tmp.resolve("marginal");
        Launcher.Run t = Launcher.run("transform", "--plugins", plugins.toString(), "--in", out.toString(),
                "--method", "marginal", "--quiet", "--out", mapped.toString());
        assertEquals(0, t.status(), t.err());
        Map<?, ?> report = (Map<?, ?>) Json.read(mapped.resolve("report.json"));
        assertEquals("marginal", report.get("method"));
        assertEquals(0, ((Number) report.get("folded_cells")).intValue());
        assertTrue(Files.isRegularFile(mapped.resolve("map.npy")));
    }

    /** --batch 2147483647 (once a hang: the task count overflowed) gives the measure of the default batch. */
    @Test
    void largestBatchGivesTheSameMeasure(@TempDir Path tmp) {
        String dec = "onnx:" + Launcher.ROOT.resolve("models/mnist/vae-softplus/decoder.onnx");
        Launcher.Run a = Launcher.run("measure", "--generator", dec, "--measure", "riemannian", "--bounds", "-1,1,-1,1",
                "--grid", "24", "--quiet", "--out", tmp.resolve("a").toString());
        assertEquals(0, a.status(), a.err());
        Launcher.Run b = Launcher.run("measure", "--generator", dec, "--measure", "riemannian", "--bounds", "-1,1,-1,1",
                "--grid", "24", "--quiet", "--batch", "2147483647", "--out", tmp.resolve("b").toString());
        assertEquals(0, b.status(), b.err());
        assertArrayEquals(Npy.read(tmp.resolve("a/measure.npy")).data(), Npy.read(tmp.resolve("b/measure.npy")).data(), 0.0);
    }

    /** A model exported without a dynamic batch axis (a fixed batch of 3) gives the dynamic model's measure. */
    @Test
    void aModelWithAFixedBatchGivesTheSameMeasure(@TempDir Path tmp) {
        java.util.List<double[]> measures = new java.util.ArrayList<>();
        for (String[] run : new String[][] {{"linear2.onnx", null}, {"linear2_batch3.onnx", null}, {"linear2_batch3.onnx", "5"}}) {
            Path out = tmp.resolve("m" + measures.size());
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("measure", "--generator",
                    "onnx:" + Launcher.ROOT.resolve("testdata/onnx").resolve(run[0]), "--measure", "riemannian", "--bounds",
                    "0,1,0,1", "--grid", "7x5", "--quiet", "--out", out.toString()));
            if (run[1] != null) {
                args.addAll(java.util.List.of("--batch", run[1]));
            }
            Launcher.Run r = Launcher.run(args.toArray(String[]::new));
            assertEquals(0, r.status(), r.err());
            measures.add(Npy.read(out.resolve("measure.npy")).data());
        }
        assertArrayEquals(measures.get(0), measures.get(1), 0.0, "fixed batch, the model's own batch size");
        assertArrayEquals(measures.get(0), measures.get(2), 0.0, "fixed batch 3, --batch 5: padded and split calls");
    }
}
