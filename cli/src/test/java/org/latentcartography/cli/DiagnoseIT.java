package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;

/**
 * diagnose through the real launcher on the shipped corrupted softplus VAE (two digits repeated
 * 1,667 times each in its training set): the two plateaus ranked first hold exactly the two
 * repeated digits, with the distinct codes and with the training set's copies.
 */
class DiagnoseIT {
    static final Path DUP = Launcher.ROOT.resolve("models/mnist/vae-softplus-dup");
    static final String Z = DUP.resolve("z.npy").toString();

    @TempDir
    static Path tmp;

    static Set<Integer> repeated;

    @BeforeAll
    static void measureOfTheCorruptedDecoder() {
        Launcher.Run r = Launcher.run("measure", "--generator", "onnx:" + DUP.resolve("decoder.onnx"), "--measure",
                "riemannian", "--embeddings", Z, "--grid", "200", "--quiet", "--out", tmp.resolve("m").toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> rep = (Map<?, ?>) Json.read(DUP.resolve("repeated.json"));
        repeated = new HashSet<>();
        for (Object o : (List<?>) rep.get("indices")) {
            repeated.add(((Number) o).intValue());
        }
        assertEquals(2, repeated.size());
    }

    @Test
    void theTwoRepeatedDigitsRankFirst() {
        Path out = tmp.resolve("d");
        Launcher.Run r = Launcher.run("diagnose", "--in", tmp.resolve("m").toString(), "--embeddings", Z, "--labels",
                DUP.resolve("labels.npy").toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<?> suspects = (List<?>) ((Map<?, ?>) Json.read(out.resolve("diagnosis.json"))).get("suspects");
        Set<Integer> topTwo = new HashSet<>();
        for (Object s : suspects.subList(0, 2)) {
            Map<?, ?> region = (Map<?, ?>) s;
            assertEquals(1, ((Number) region.get("distinct_codes")).intValue(), region.toString());
            for (Object i : (List<?>) region.get("indices")) {
                topTwo.add(((Number) i).intValue());
            }
        }
        assertEquals(repeated, topTwo, suspects.toString());
        assertTrue(Files.isRegularFile(out.resolve("diagnosis.png")));
        assertTrue(r.out().contains("rank"), r.out());
    }

    @Test
    void withTheCopiesOfTheTrainingSetTheRegionsHoldOneDistinctCodeEach() throws Exception {
        double[] z = Npy.read(DUP.resolve("z.npy")).data();
        int copies = 1667;
        double[] train = Arrays.copyOf(z, z.length + 2 * copies * 2);
        int row = z.length / 2;
        for (int i : repeated) {
            for (int c = 0; c < copies; c++, row++) {
                train[2 * row] = z[2 * i];
                train[2 * row + 1] = z[2 * i + 1];
            }
        }
        Path file = tmp.resolve("train-z.npy");
        Npy.writeFloat64(file, new int[] {row, 2}, train);
        Path out = tmp.resolve("d-train");
        Launcher.Run r = Launcher.run("diagnose", "--in", tmp.resolve("m").toString(), "--embeddings", file.toString(),
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<?> suspects = (List<?>) ((Map<?, ?>) Json.read(out.resolve("diagnosis.json"))).get("suspects");
        for (Object s : suspects.subList(0, 2)) {
            Map<?, ?> region = (Map<?, ?>) s;
            assertEquals(copies + 1, ((Number) region.get("codes")).intValue(), region.toString());
            assertEquals(1, ((Number) region.get("distinct_codes")).intValue(), region.toString());
        }
    }

    @Test
    void badSettingsAreUsageErrors() {
        Launcher.Run r = Launcher.run("diagnose", "--in", tmp.resolve("m").toString(), "--embeddings", Z, "--threshold", "2",
                "--out", tmp.resolve("bad").toString());
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--threshold"), r.err());
        r = Launcher.run("diagnose", "--in", tmp.resolve("missing").toString(), "--embeddings", Z, "--out",
                tmp.resolve("bad2").toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
