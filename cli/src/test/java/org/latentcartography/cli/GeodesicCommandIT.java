package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;

/** geodesic through the real launcher, on a small measure (with its metric tensor) of the softplus decoder. */
class GeodesicCommandIT {
    static final Path SOFTPLUS = Launcher.ROOT.resolve("models/mnist/vae-softplus");
    static final String Z = SOFTPLUS.resolve("z.npy").toString();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void measureAndMap() {
        Launcher.Run r = Launcher.run("measure", "--generator", "onnx:" + SOFTPLUS.resolve("decoder.onnx"), "--measure",
                "riemannian", "--embeddings", Z, "--grid", "64", "--metric", "--quiet", "--out", tmp.resolve("m").toString());
        assertEquals(0, r.status(), r.err());
        r = Launcher.run("transform", "--in", tmp.resolve("m").toString(), "--blur", "1", "--quiet", "--out",
                tmp.resolve("t").toString());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void pathBetweenTwoEmbeddingsIsNoLongerThanTheStraightPathOrThePseudoGeodesic() throws Exception {
        double[] z = Npy.read(SOFTPLUS.resolve("z.npy")).data();
        for (boolean tensor : new boolean[] {false, true}) {
            Path out = tmp.resolve(tensor ? "pair-tensor" : "pair");
            List<String> args = new java.util.ArrayList<>(List.of("geodesic", "--in", tmp.resolve("m").toString(),
                    "--embeddings", Z, "--from-index", "3", "--to-index", "9000", "--map", tmp.resolve("t").toString(),
                    "--out", out.toString()));
            if (tensor) {
                args.add("--metric");
            }
            Launcher.Run r = Launcher.run(args.toArray(String[]::new));
            assertEquals(0, r.status(), r.err());
            Map<?, ?> json = (Map<?, ?>) Json.read(out.resolve("geodesic.json"));
            List<?> path = (List<?>) json.get("path");
            assertTrue(path.size() > 10, json.toString());
            assertEquals(z[6], ((Number) ((List<?>) path.get(0)).get(0)).doubleValue(), 0.0);
            assertEquals(z[18001], ((Number) ((List<?>) path.get(path.size() - 1)).get(1)).doubleValue(), 0.0);
            double length = ((Number) json.get("length")).doubleValue();
            assertTrue(length > 0);
            assertTrue(length <= ((Number) json.get("straight_length")).doubleValue(), json.toString());
            assertTrue(length <= ((Number) json.get("pseudo_geodesic_length")).doubleValue(), json.toString());
            assertTrue(Files.size(out.resolve("geodesic.png")) > 10_000);
        }
    }

    @Test
    void interpolationsAlongThePathsWithAnImageDecoder() throws Exception {
        Path out = tmp.resolve("strips");
        Launcher.Run r = Launcher.run("geodesic", "--in", tmp.resolve("m").toString(), "--embeddings", Z, "--from-index",
                "3", "--to-index", "9000", "--map", tmp.resolve("t").toString(), "--generator",
                "onnx:" + SOFTPLUS.resolve("decoder.onnx") + ",output=x", "--steps", "6", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.resolve("interpolation.png").toFile());
        assertTrue(img.getWidth() >= 6 * 28 && img.getHeight() > 3 * 28, img.getWidth() + "x" + img.getHeight());
        Launcher.Run bad = Launcher.run("geodesic", "--in", tmp.resolve("m").toString(), "--from", "0,0", "--to", "1,1",
                "--generator", "onnx:" + SOFTPLUS.resolve("decoder.onnx") + ",output=x", "--image", "10x10", "--out",
                tmp.resolve("strips-bad").toString());
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("--image 10x10: 100 pixels, but the decoder gives 784 values"), bad.err());
        assertTrue(!Files.exists(tmp.resolve("strips-bad")), "no output left");
    }

    @Test
    void distanceFieldFromOnePointAndAMatrixAmongEmbeddings() {
        Path field = tmp.resolve("field");
        Launcher.Run r = Launcher.run("geodesic", "--in", tmp.resolve("m").toString(), "--from", "0,0", "--out",
                field.toString());
        assertEquals(0, r.status(), r.err());
        NpyArray u = Npy.read(field.resolve("distance.npy"));
        assertArrayEquals(new int[] {64, 64}, u.shape());
        assertTrue(Files.isRegularFile(field.resolve("distance.png")));

        Path matrix = tmp.resolve("matrix");
        r = Launcher.run("geodesic", "--in", tmp.resolve("m").toString(), "--embeddings", Z, "--indices", "3,9000,17,42",
                "--out", matrix.toString());
        assertEquals(0, r.status(), r.err());
        NpyArray d = Npy.read(matrix.resolve("distances.npy"));
        assertArrayEquals(new int[] {4, 4}, d.shape());
        // entry (0, 1) is the pair's field distance (the same march, read at the same point)
        Map<?, ?> pair = (Map<?, ?>) Json.read(pairCheck());
        assertEquals(((Number) pair.get("field_distance")).doubleValue(), d.data()[1], 1e-12);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, d.data()[5 * i], 0.0);
            for (int j = 0; j < 4; j++) {
                assertEquals(d.data()[4 * i + j], d.data()[4 * j + i], 0.0);
            }
        }
    }

    private static Path pairCheck() {
        Path out = tmp.resolve("pair-check");
        Launcher.Run r = Launcher.run("geodesic", "--in", tmp.resolve("m").toString(), "--embeddings", Z, "--from-index", "3",
                "--to-index", "9000", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        return out.resolve("geodesic.json");
    }

    @Test
    void badInputEndsWithOneLineAndNoOutput() throws Exception {
        Files.createDirectories(tmp.resolve("plain"));
        for (String f : new String[] {"measure.npy", "grid.json"}) {
            Files.copy(tmp.resolve("m").resolve(f), tmp.resolve("plain").resolve(f),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String m = tmp.resolve("m").toString();
        String[][] cases = {
            {"lies outside the grid", "1", "geodesic", "--in", m, "--from", "100,0", "--to", "0,0"},
            {"give 2 coordinates", "2", "geodesic", "--in", m, "--from", "1,2,3", "--to", "0,0"},
            {"is past the 10000 embeddings", "2", "geodesic", "--in", m, "--embeddings", Z, "--from-index", "0", "--to-index",
                "10000"},
            {"needs --embeddings", "2", "geodesic", "--in", m, "--indices", "1,2"},
            {"no metric.npy", "2", "geodesic", "--in", tmp.resolve("plain").toString(), "--metric", "--from", "0,0"},
            {"grid.json", "1", "geodesic", "--in", tmp.resolve("nothing").toString(), "--from", "0,0"},
        };
        int n = 0;
        for (String[] c : cases) {
            Path out = tmp.resolve("bad-" + n++);
            String[] args = new String[c.length];
            System.arraycopy(c, 2, args, 0, c.length - 2);
            args[c.length - 2] = "--out";
            args[c.length - 1] = out.toString();
            Launcher.Run r = Launcher.run(args);
            assertEquals(Integer.parseInt(c[1]), r.status(), c[0] + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains(c[0]), c[0] + ": " + r.err());
            assertFalse(Files.exists(out), c[0]);
        }
    }
}
