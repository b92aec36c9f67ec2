package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.map.LatentMap3D;

/** 3-D maps through the real launcher: measure on a 3-D grid of a small ONNX decoder, then transform and analyze. */
class Map3DIT {
    /** testdata/onnx/dim3.onnx: x = tanh(z W^T + b), z in R^3, four outputs. */
    static final Path DIM3 = Launcher.ROOT.resolve("testdata/onnx/dim3.onnx");
    /** The bound on the forward-inverse round trip, in cell widths (issue 18). */
    private static final double ROUND_TRIP = 1e-6;

    /** Two clusters of codes in [-1.8, 1.8]^3, labelled 0 and 1. */
    static void codes(Path z, Path labels) {
        Random rnd = new Random(5);
        int n = 400;
        double[] p = new double[3 * n];
        long[] lab = new long[n];
        double[][] centre = {{-0.8, 0, 0.5}, {0.9, 0.5, -0.6}};
        for (int i = 0; i < n; i++) {
            lab[i] = i % 2;
            for (int d = 0; d < 3; d++) {
                p[3 * i + d] = Math.max(-1.8, Math.min(1.8, centre[i % 2][d] + 0.3 * rnd.nextGaussian()));
            }
        }
        Npy.writeFloat64(z, new int[] {n, 3}, p);
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = lab[i];
        }
        Npy.writeFloat64(labels, new int[] {n}, l);
    }

    @Test
    void measureTransformAndAnalyzeOnA3DGrid(@TempDir Path tmp) {
        Path z = tmp.resolve("z.npy");
        Path labels = tmp.resolve("labels.npy");
        codes(z, labels);
        Path m = tmp.resolve("m");
        Launcher.Run r = Launcher.run("measure", "--generator", "onnx:" + DIM3, "--measure", "riemannian", "--bounds",
                "-2,2,-2,2,-2,2", "--grid", "24", "--quiet", "--out", m.toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(new int[] {24, 24, 24}, Npy.read(m.resolve("measure.npy")).shape());
        Path t = tmp.resolve("t");
        r = Launcher.run("transform", "--in", m.toString(), "--embeddings", z.toString(), "--labels", labels.toString(),
                "--out", t.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("mean volume error"), r.err());
        NpyArray map = Npy.read(t.resolve("map.npy"));
        assertArrayEquals(new int[] {25, 25, 25, 3}, map.shape());
        // the corner nodes stay in their corners: the transformed space has the grid's bounds
        assertEquals(-2, map.data()[0], 1e-9);
        assertEquals(2, map.data()[map.data().length - 1], 1e-9);
        Map<?, ?> report = (Map<?, ?>) Json.read(t.resolve("report.json"));
        for (String key : List.of("seconds", "iterations", "max_volume_error", "mean_volume_error", "folded_cells")) {
            assertTrue(report.containsKey(key), key);
        }
        assertFalse(report.containsKey("mean_area_error"), report.toString());
        assertEquals(0L, report.get("folded_cells"));
        assertTrue(((Number) report.get("mean_volume_error")).doubleValue() < 0.02, report.toString());
        NpyArray moved = Npy.read(t.resolve("embeddings.npy"));
        assertArrayEquals(new int[] {400, 3}, moved.shape());
        assertTrue(Files.isRegularFile(t.resolve("map.png")));
        // the written map inverts the written transformed embeddings back to the codes
        Grid grid = Grid.read(t.resolve("grid.json"));
        double[] back = LatentMap3D.ofLatentNodes(grid, map.data()).inverse(moved.data());
        double[] codes = Npy.read(z).data();
        for (int q = 0; q < codes.length; q++) {
            assertEquals(codes[q], back[q], ROUND_TRIP * grid.width(q % 3));
        }
        r = Launcher.run("analyze", "--map", t.toString(), "--embeddings", z.toString(), "--labels", labels.toString(),
                "--bins", "4", "--out", tmp.resolve("a").toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> a = (Map<?, ?>) Json.read(tmp.resolve("a/analysis.json"));
        double before = ((Number) a.get("entropy_before_nats")).doubleValue();
        assertTrue(before > 0 && before <= Math.log(64), a.toString());
    }

    @Test
    void flowAndRelaxAreRefusedOnA3DMeasureInOneLine(@TempDir Path tmp) {
        Path m = tmp.resolve("m");
        Launcher.Run r = Launcher.run("measure", "--generator", "onnx:" + DIM3, "--measure", "riemannian", "--bounds",
                "-2,2,-2,2,-2,2", "--grid", "8", "--quiet", "--out", m.toString());
        assertEquals(0, r.status(), r.err());
        r = Launcher.run("transform", "--in", m.toString(), "--method", "flow", "--out", tmp.resolve("f").toString());
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("2-D maps only"), r.err());
        assertFalse(Files.exists(tmp.resolve("f/map.npy")));
        Path z = tmp.resolve("z.npy");
        codes(z, tmp.resolve("labels.npy"));
        r = Launcher.run("transform", "--in", m.toString(), "--relax", "1", "--embeddings", z.toString(), "--out",
                tmp.resolve("b").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--relax works on 2-D measures"), r.err());
        assertFalse(Files.exists(tmp.resolve("b/map.npy")));
    }
}
