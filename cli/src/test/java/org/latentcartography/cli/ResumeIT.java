package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.latentcartography.core.io.Npy;
import org.junit.jupiter.api.io.TempDir;

/** A measure run killed part-way and resumed gives the uninterrupted result bit for bit. */
class ResumeIT {
    static final Path RELU = Launcher.ROOT.resolve("models/mnist/vae-relu");

    @TempDir
    static Path shared;
    static Path whole;

    @org.junit.jupiter.api.BeforeAll
    static void uninterruptedRun() {
        whole = shared.resolve("whole");
        Launcher.Run r = Launcher.run(args(whole).toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
    }

    static List<String> args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("measure", "--generator", "onnx:" + RELU.resolve("decoder.onnx"),
                "--measure", "riemannian", "--embeddings", RELU.resolve("z.npy").toString(), "--grid", "700", "--quiet",
                "--threads", "1", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"SIGTERM", "SIGKILL seed 1", "SIGKILL seed 2", "SIGKILL seed 3"})
    void killedRunResumesToTheSameMeasure(String signal, @TempDir Path tmp) throws Exception {
        Map<String, String> fast = Map.of("JAVA_OPTS", "-Dcartography.checkpoint.seconds=0.3");

        Path out = tmp.resolve("interrupted");
        List<String> cmd = new ArrayList<>(List.of("bash", Launcher.ROOT.resolve("cartography").toString()));
        cmd.addAll(args(out));
        Path log = tmp.resolve("interrupted.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(fast);
        Process p = pb.start();
        Path json = out.resolve(CheckpointFiles.JSON);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(json) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the run ended before its first checkpoint; make the grid larger");
        if (signal.equals("SIGTERM")) {
            p.destroy(); // the shutdown hook saves the latest slabs and says how to resume
        } else {
            // SIGKILL at a random moment after the first checkpoint, so at whatever slab the run reached
            long seed = Long.parseLong(signal.substring(signal.lastIndexOf(' ') + 1));
            Thread.sleep(new java.util.SplittableRandom(seed).nextInt(50, 700));
            assertTrue(p.isAlive(), "the run ended before it was killed; make the grid larger");
            p.destroyForcibly();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String said = Files.readString(log);
        if (signal.equals("SIGTERM")) {
            assertTrue(said.contains("--resume"), said);
        }
        assertTrue(Files.exists(json));
        assertFalse(Files.exists(out.resolve("measure.npy")), "no result under its final name");

        Launcher.Run without = Launcher.run(args(out).toArray(String[]::new));
        assertEquals(2, without.status(), without.err());
        assertTrue(without.err().contains("--resume"), without.err());
        Launcher.Run other = Launcher.run(args(out, "--seed", "9", "--resume").toArray(String[]::new));
        assertEquals(1, other.status(), other.err());
        assertTrue(other.err().contains("seed (was 0, now 9)"), other.err());

        Launcher.Run resumed = Launcher.run(fast, args(out, "--resume").toArray(String[]::new));
        assertEquals(0, resumed.status(), resumed.err());
        assertArrayEquals(Npy.read(whole.resolve("measure.npy")).data(), Npy.read(out.resolve("measure.npy")).data(), 0.0);
        assertFalse(Files.exists(json), "the checkpoint is removed once the run is complete");
    }

    /** Starts a run, stops it with SIGTERM after its first checkpoint, and returns its folder. */
    static Path interrupted(Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Launcher.ROOT.resolve("cartography").toString()));
        cmd.addAll(args(out));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("JAVA_OPTS", "-Dcartography.checkpoint.seconds=0.3");
        Process p = pb.start();
        Path json = out.resolve(CheckpointFiles.JSON);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(json) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the run ended before its first checkpoint; make the grid larger");
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(json));
        return out;
    }

    /**
     * A checkpoint changed after it was written (its slab count, one byte of its values, a NaN, an
     * array of another shape) is refused with one line that says to start over with --force, and
     * nothing is written; --force then starts over and gives the uninterrupted result.
     */
    @org.junit.jupiter.api.Test
    void tamperedCheckpointIsRefused(@TempDir Path tmp) throws Exception {
        Path out = interrupted(tmp.resolve("tampered"));
        Path json = out.resolve(CheckpointFiles.JSON);
        Path npy = out.resolve(CheckpointFiles.MEASURE);
        String text = Files.readString(json);
        byte[] values = Files.readAllBytes(npy);
        int done = ((Number) ((Map<?, ?>) org.latentcartography.core.io.Json.parse(text, "cp")).get("done_slabs")).intValue();
        assertTrue(done > 0, text);

        List<Runnable> tamper = List.of(
            () -> write(json, text.replaceFirst("\"done_slabs\"\\s*:\\s*\\d+", "\"done_slabs\": " + (done + 50))),
            () -> write(json, text.replaceFirst("\"done_slabs\"\\s*:\\s*\\d+", "\"done_slabs\": 1e300")),
            () -> {
                byte[] b = values.clone();
                b[128 + 8 * 6 + 3] ^= 0x10; // one byte of a value in the first slab
                write(npy, b);
            },
            () -> {
                byte[] b = values.clone();
                java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(128 + 8 * 5, Double.NaN);
                write(npy, b);
            },
            () -> Npy.writeFloat64(npy, new int[] {700, 699}, new double[700 * 699]));
        for (int k = 0; k < tamper.size(); k++) {
            tamper.get(k).run();
            Launcher.Run r = Launcher.run(args(out, "--resume").toArray(String[]::new));
            assertEquals(1, r.status(), "tampering " + k + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains("--force"), "tampering " + k + ": " + r.err());
            assertFalse(Files.exists(out.resolve("measure.npy")), "tampering " + k + ": nothing written");
            write(json, text);
            write(npy, values);
        }
        Launcher.Run forced = Launcher.run(args(out, "--force").toArray(String[]::new));
        assertEquals(0, forced.status(), forced.err());
        assertArrayEquals(Npy.read(whole.resolve("measure.npy")).data(), Npy.read(out.resolve("measure.npy")).data(), 0.0);
    }

    static void write(Path file, String text) {
        write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
