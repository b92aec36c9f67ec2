package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.io.Npy;

/**
 * A small disk, made with a size-limited tmpfs: a run that cannot fit is refused before it starts,
 * and a disk that fills during a run ends it with one line and a checkpoint that --resume
 * finishes to the uninterrupted result. Needs permission to mount a tmpfs (root on Linux);
 * elsewhere the tests are skipped, and say so.
 */
class DiskFullIT {
    static final Path RELU = Launcher.ROOT.resolve("models/mnist/vae-relu");

    @TempDir
    Path tmp;
    Path small;

    void mount(String size) throws Exception {
        small = tmp.resolve("small");
        Files.createDirectories(small);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (" + out.strip() + ")");
    }

    @AfterEach
    void unmount() throws Exception {
        if (small != null) {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    static List<String> args(Path out, String grid) {
        return new ArrayList<>(List.of("measure", "--generator", "onnx:" + RELU.resolve("decoder.onnx"),
                "--measure", "riemannian", "--embeddings", RELU.resolve("z.npy").toString(), "--grid", grid, "--quiet",
                "--threads", "1", "--out", out.toString()));
    }

    @Test
    void aRunThatCannotFitIsRefusedBeforeItStarts() throws Exception {
        mount("6m");
        Path out = small.resolve("out");
        Launcher.Run r = Launcher.run(args(out, "800").toArray(String[]::new));
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("the run needs about 13.8 MB of disk (outputs and checkpoint), but only"), r.err());
        assertFalse(Files.exists(out), "no output folder");
    }

    @Test
    void aDiskThatFillsDuringTheRunLeavesAResumableCheckpoint() throws Exception {
        Path whole = tmp.resolve("whole");
        Launcher.Run w = Launcher.run(args(whole, "600").toArray(String[]::new));
        assertEquals(0, w.status(), w.err());

        mount("16m");
        Path out = small.resolve("out");
        List<String> cmd = new ArrayList<>(List.of("bash", Launcher.ROOT.resolve("cartography").toString()));
        cmd.addAll(args(out, "600"));
        Path log = tmp.resolve("run.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("JAVA_OPTS", "-Dcartography.checkpoint.seconds=0.2"));
        Process p = pb.start();
        Path json = out.resolve(CheckpointFiles.JSON);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(json) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run ended before its first checkpoint: " + Files.readString(log));
        Path filler = small.resolve("filler");
        fill(filler);
        assertEquals(1, p.waitFor(), Files.readString(log));
        String err = Files.readString(log).strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("the disk is full") && err.contains("slabs are saved in the checkpoint there")
                && err.contains("--resume"), err);
        assertFalse(err.contains("\tat "), "no stack trace");
        assertTrue(Files.exists(json), "the checkpoint is kept");
        assertFalse(Files.exists(out.resolve("measure.npy")), "no output under its final name");

        Files.delete(filler);
        List<String> resume = args(out, "600");
        resume.add("--resume");
        Launcher.Run r = Launcher.run(resume.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(Npy.read(whole.resolve("measure.npy")).data(), Npy.read(out.resolve("measure.npy")).data(),
                "resumed after a full disk = uninterrupted, bit for bit");
    }

    /** Writes zeros until the disk is full. */
    static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream o = Files.newOutputStream(file)) {
            while (true) {
                o.write(block);
            }
        } catch (IOException full) {
            if (full.getMessage() == null || !full.getMessage().contains("No space left")) {
                throw full;
            }
        }
    }
}
