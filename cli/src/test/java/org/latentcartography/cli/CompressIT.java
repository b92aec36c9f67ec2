package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;

/** compress and project through the real launcher, and their outputs composed in measure. */
class CompressIT {
    /** 400 points near a curved 2-D surface in R^12. */
    static Path codes(Path dir) {
        SplittableRandom r = new SplittableRandom(3);
        double[] z = new double[400 * 12];
        for (int i = 0; i < 400; i++) {
            double u = 2 * r.nextDouble() - 1;
            double v = 2 * r.nextDouble() - 1;
            for (int k = 0; k < 12; k++) {
                z[i * 12 + k] = Math.cos(u * (k + 1)) + v * (k % 3) + 0.01 * r.nextGaussian();
            }
        }
        Path f = dir.resolve("z12.npy");
        Npy.writeFloat64(f, new int[] {400, 12}, z);
        return f;
    }

    @Test
    void compressWritesADecoderThatMeasureComposes(@TempDir Path tmp) {
        Path z = codes(tmp);
        Path c = tmp.resolve("c");
        Launcher.Run r = Launcher.run("compress", "--embeddings", z.toString(), "--epochs", "10", "--seed", "5", "--out", c.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("compress: epoch 10/10"), r.err());
        assertArrayEquals(new int[] {400, 2}, Npy.read(c.resolve("z.npy")).shape());
        Map<?, ?> report = (Map<?, ?>) Json.read(c.resolve("report.json"));
        for (String key : List.of("held_out_relative_error", "kept_neighbours", "kept_neighbours_pca", "pca_relative_error")) {
            assertTrue(report.get(key) instanceof Number, key + " in " + report);
        }
        // the decoder opens in the onnx generator and measures over the codes
        Path m = tmp.resolve("m");
        r = Launcher.run("measure", "--generator", "onnx:" + c.resolve("decoder.onnx"), "--measure", "riemannian",
                "--embeddings", c.resolve("z.npy").toString(), "--grid", "12", "--quiet", "--out", m.toString());
        assertEquals(0, r.status(), r.err());
        for (double v : Npy.read(m.resolve("measure.npy")).data()) {
            assertTrue(v > 0 && Double.isFinite(v), "volume element " + v);
        }
    }

    @Test
    void projectWritesThePlaneAndMeasureUsesIt(@TempDir Path tmp) {
        Path z = codes(tmp);
        Path p = tmp.resolve("p");
        Launcher.Run r = Launcher.run("project", "--embeddings", z.toString(), "--out", p.toString());
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(new int[] {3, 12}, Npy.read(p.resolve("plane.npy")).shape());
        assertArrayEquals(new int[] {400, 2}, Npy.read(p.resolve("z.npy")).shape());
        assertArrayEquals(new int[] {400}, Npy.read(p.resolve("residuals.npy")).shape());
        Path m = tmp.resolve("m");
        r = Launcher.run("measure", "--generator", "plane,matrix=" + p.resolve("plane.npy"), "--measure", "riemannian",
                "--embeddings", p.resolve("z.npy").toString(), "--grid", "8", "--quiet", "--out", m.toString());
        assertEquals(0, r.status(), r.err());
        // the plane alone is affine with axes of lengths σ₁, σ₂ orthogonal: one volume element everywhere
        double[] v = Npy.read(m.resolve("measure.npy")).data();
        for (double x : v) {
            assertEquals(v[0], x, 1e-9 * v[0]);
        }
    }

    @Test
    void badOptionsEndWithOneLineAndNoOutput(@TempDir Path tmp) {
        Path z = codes(tmp);
        Path c = tmp.resolve("c");
        Launcher.Run r = Launcher.run("compress", "--embeddings", z.toString(), "--dims", "4", "--out", c.toString());
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(c));
        r = Launcher.run("project", "--embeddings", z.toString(), "--plane", "points=1,1,2", "--out", c.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("collinear"), r.err());
        assertFalse(Files.exists(c));
    }
}
