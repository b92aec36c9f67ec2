package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transform command through the real launcher. */
class TransformCommandIT {
    static final Path SOFTPLUS = Launcher.ROOT.resolve("models/mnist/vae-softplus");

    static void measureDir(Path dir, int[] shape, double[] values) throws Exception {
        Files.createDirectories(dir);
        Npy.writeFloat64(dir.resolve("measure.npy"), shape, values);
        Files.writeString(dir.resolve("grid.json"), "{\"lower\": [0, 0], \"upper\": [1, 2], \"shape\": [" + shape[0] + ", "
                + (shape.length > 1 ? shape[1] : 1) + "]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"diffusion", "flow"})
    void mapOfADecoderMeasureWithEmbeddings(String method, @TempDir Path tmp) {
        Path m = tmp.resolve("m");
        Launcher.Run r = Launcher.run("measure", "--generator", "onnx:" + SOFTPLUS.resolve("decoder.onnx"), "--measure",
                "riemannian", "--embeddings", SOFTPLUS.resolve("z.npy").toString(), "--grid", "96", "--quiet", "--out", m.toString());
        assertEquals(0, r.status(), r.err());
        Path t = tmp.resolve("t");
        r = Launcher.run("transform", "--in", m.toString(), "--method", method, "--embeddings", SOFTPLUS.resolve("z.npy").toString(),
                "--labels", SOFTPLUS.resolve("labels.npy").toString(), "--out", t.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("mean area error"), r.err());
        NpyArray map = Npy.read(t.resolve("map.npy"));
        assertArrayEquals(new int[] {97, 97, 2}, map.shape());
        Map<?, ?> grid = (Map<?, ?>) Json.read(m.resolve("grid.json"));
        double lo0 = ((Number) ((List<?>) grid.get("lower")).get(0)).doubleValue();
        double lo1 = ((Number) ((List<?>) grid.get("lower")).get(1)).doubleValue();
        // the corner node stays in the corner: the transformed space has the grid's bounds
        assertEquals(lo0, map.data()[0], 1e-9);
        assertEquals(lo1, map.data()[1], 1e-9);
        Map<?, ?> report = (Map<?, ?>) Json.read(t.resolve("report.json"));
        assertEquals(method, report.get("method"));
        for (String key : List.of("seconds", "iterations", "max_area_error", "mean_area_error", "folded_cells")) {
            assertTrue(report.containsKey(key), key);
        }
        assertEquals(0L, report.get("folded_cells"));
        assertTrue(((Number) report.get("mean_area_error")).doubleValue() < 0.01, report.toString());
        assertArrayEquals(new int[] {10000, 2}, Npy.read(t.resolve("embeddings.npy")).shape());
        assertTrue(Files.isRegularFile(t.resolve("map.png")));
    }

    @Test
    void uniformMeasureGivesTheIdentityMap(@TempDir Path tmp) throws Exception {
        double[] ones = new double[32 * 24];
        Arrays.fill(ones, 2.5);
        measureDir(tmp.resolve("m"), new int[] {32, 24}, ones);
        Launcher.Run r = Launcher.run("transform", "--in", tmp.resolve("m").toString(), "--quiet", "--out", tmp.resolve("t").toString());
        assertEquals(0, r.status(), r.err());
        double[] nodes = Npy.read(tmp.resolve("t/map.npy")).data();
        for (int i = 0; i <= 32; i++) {
            for (int j = 0; j <= 24; j++) {
                assertEquals(i / 32.0, nodes[2 * (i * 25 + j)], 1e-9);
                assertEquals(j * 2 / 24.0, nodes[2 * (i * 25 + j) + 1], 1e-9);
            }
        }
    }
    // bad measures (NaN, negative, all zero, grid mismatch, missing) are cases of BadInputIT

    /**
     * A density with one cell 10^8 times the rest cannot be equalised on this grid: the map is
     * written, but stderr says so even with --quiet (with what to do) and report.json records that
     * the tolerance was not met; a tame density meets it silently. The limit is an option.
     */
    @Test
    void mapFarAboveItsToleranceIsReported(@TempDir Path tmp) throws Exception {
        double[] spike = new double[16 * 16];
        java.util.Arrays.fill(spike, 1);
        spike[5 * 16 + 7] = 1e8;
        measureDir(tmp.resolve("spike"), new int[] {16, 16}, spike);
        Launcher.Run r = Launcher.run("transform", "--in", tmp.resolve("spike").toString(), "--quiet", "--out",
                tmp.resolve("t").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("does not equalise the measure") && r.err().contains("--blur")
                && r.err().contains("--floor"), r.err());
        Map<?, ?> report = (Map<?, ?>) Json.read(tmp.resolve("t/report.json"));
        assertEquals(Boolean.FALSE, report.get("tolerance_met"));
        assertEquals(0.05, ((Number) report.get("area_error_tolerance")).doubleValue());
        assertTrue(((Number) report.get("mean_area_error")).doubleValue() > 0.05);
        for (String kept : List.of("method", "seconds", "iterations", "max_area_error", "mean_area_error", "folded_cells")) {
            assertTrue(report.containsKey(kept), kept);
        }

        double[] tame = new double[16 * 16];
        for (int k = 0; k < tame.length; k++) {
            tame[k] = 1 + (k % 16) / 16.0;
        }
        measureDir(tmp.resolve("tame"), new int[] {16, 16}, tame);
        r = Launcher.run("transform", "--in", tmp.resolve("tame").toString(), "--quiet", "--out", tmp.resolve("u").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err().strip());
        assertEquals(Boolean.TRUE, ((Map<?, ?>) Json.read(tmp.resolve("u/report.json"))).get("tolerance_met"));
        // a limit below what the map reaches: warned; a limit that is no number above 0: exit 2
        r = Launcher.run("transform", "--in", tmp.resolve("tame").toString(), "--quiet", "--max-area-error", "1e-12", "--out",
                tmp.resolve("v").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("above the limit"), r.err());
        r = Launcher.run("transform", "--in", tmp.resolve("tame").toString(), "--max-area-error", "0", "--out",
                tmp.resolve("w").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--max-area-error 0.0: must be a number above 0"), r.err());
    }
}
