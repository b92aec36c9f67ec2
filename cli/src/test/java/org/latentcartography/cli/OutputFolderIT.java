package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output folders through the real launcher: one run per folder at a time (a lock file naming the
 * owner's pid; a stale one taken over), a failed or interrupted run removes only what it wrote
 * (its parent folders too), and --force replaces the folder's results as a whole.
 */
class OutputFolderIT {
    static final Path RELU = Launcher.ROOT.resolve("models/mnist/vae-relu");
    static final String LINEAR = "onnx:" + Launcher.ROOT.resolve("testdata/onnx/linear2.onnx");

    static List<String> slow(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("measure", "--generator", "onnx:" + RELU.resolve("decoder.onnx"), "--measure", "riemannian", "--embeddings",
                RELU.resolve("z.npy").toString(), "--grid", "600", "--quiet", "--threads", "1", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    static Process start(List<String> args, Path log) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", Launcher.ROOT.resolve("cartography").toString()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void waitFor(Path file, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the first run ended before the test could start the second");
    }

    @Test
    void twoRunsOnOneFolder(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("shared");
        Process first = start(slow(out), tmp.resolve("first.log"));
        waitFor(out.resolve(OutputDir.LOCK), first);

        // a second run while the first holds the folder: refused, naming the owner; nothing of the first's touched
        Launcher.Run second = Launcher.run("measure", "--generator", LINEAR, "--measure", "l2", "--bounds", "0,1,0,1",
                "--grid", "8", "--force", "--out", out.toString());
        assertEquals(1, second.status(), second.err());
        assertEquals(1, second.errLines().size(), second.err());
        assertTrue(second.err().contains("in use by another cartography run (pid " + first.pid()), second.err());
        assertTrue(second.err().contains(OutputDir.LOCK), second.err());
        // a second run that fails (bad model) while the first runs does not remove the folder
        Launcher.Run failing = Launcher.run("measure", "--generator", "onnx:" + tmp.resolve("missing.onnx"), "--measure",
                "riemannian", "--bounds", "0,1,0,1", "--grid", "8", "--force", "--out", out.toString());
        assertEquals(1, failing.status(), failing.err());
        assertTrue(Files.isDirectory(out), "the failing run removed the other run's folder");

        assertTrue(first.waitFor(240, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("first.log")));
        byte[] firstResult = Files.readAllBytes(out.resolve("measure.npy"));
        assertFalse(Files.exists(out.resolve(OutputDir.LOCK)), "the lock is removed at the end");

        // after the first: without --force refused; a failing forced run leaves the first's results as they were
        Launcher.Run again = Launcher.run("measure", "--generator", LINEAR, "--measure", "l2", "--bounds", "0,1,0,1",
                "--grid", "8", "--out", out.toString());
        assertEquals(2, again.status(), again.err());
        assertTrue(again.err().contains("already holds"), again.err());
        Launcher.Run failsLater = Launcher.run("measure", "--generator", "onnx:" + Launcher.ROOT.resolve("testdata/onnx/nan.onnx"),
                "--measure", "riemannian", "--bounds", "0,1,0,1", "--grid", "8", "--force", "--out", out.toString());
        assertEquals(1, failsLater.status(), failsLater.err());
        assertArrayEquals(firstResult, Files.readAllBytes(out.resolve("measure.npy")));
        for (String f : List.of("grid.json", "measure.png", "measure.json")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        try (var s = Files.list(out)) {
            assertEquals(List.of("grid.json", "measure.json", "measure.npy", "measure.png"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "nothing else left in the folder");
        }
    }

    @Test
    void staleLockOfADeadProcessIsTakenOver(@TempDir Path tmp) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path out = Files.createDirectories(tmp.resolve("stale"));
        Files.writeString(out.resolve(OutputDir.LOCK), gone.pid() + "\n");
        Launcher.Run r = Launcher.run("measure", "--generator", LINEAR, "--measure", "l2", "--bounds", "0,1,0,1", "--grid", "8",
                "--quiet", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.exists(out.resolve("measure.npy")));
        assertFalse(Files.exists(out.resolve(OutputDir.LOCK)));
    }

    @Test
    void failedRunRemovesTheFoldersItCreated(@TempDir Path tmp) {
        Path out = tmp.resolve("a/b/c");
        Launcher.Run r = Launcher.run("measure", "--generator", "onnx:" + Launcher.ROOT.resolve("testdata/onnx/nan.onnx"),
                "--measure", "riemannian", "--bounds", "0,1,0,1", "--grid", "8", "--out", out.toString());
        assertEquals(1, r.status(), r.err());
        assertFalse(Files.exists(tmp.resolve("a")), "parent folders the run created are removed");
    }

    /** SIGTERM early: advice to resume only when slabs were saved, and then the checkpoint is there; else nothing left. */
    @Test
    void earlyInterruptGivesNoFalseAdvice(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("p/q");
        Process p = start(slow(out), tmp.resolve("log"));
        waitFor(out.resolve(OutputDir.LOCK), p);
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String said = Files.readString(tmp.resolve("log"));
        if (said.contains("--resume")) {
            assertTrue(Files.exists(out.resolve(CheckpointFiles.JSON)), said);
        } else {
            // (SIGTERM may also land before the run has anything to say: then it says nothing)
            assertFalse(said.contains("slabs are saved"), said);
            assertFalse(Files.exists(tmp.resolve("p")), "an interrupted run that saved nothing leaves nothing");
            Launcher.Run resume = Launcher.run(slow(out, "--resume").toArray(String[]::new));
            assertEquals(1, resume.status(), resume.err());
        }
    }

    @Test
    void forceReplacesTheResultsAsAWhole(@TempDir Path tmp) throws Exception {
        Path m = tmp.resolve("m");
        Launcher.Run r = Launcher.run("measure", "--generator", LINEAR, "--measure", "riemannian", "--metric", "--bounds",
                "0,1,0,1", "--grid", "8", "--quiet", "--out", m.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.exists(m.resolve("metric.npy")));
        r = Launcher.run("measure", "--generator", LINEAR, "--measure", "riemannian", "--bounds", "0,1,0,2", "--grid", "6",
                "--quiet", "--out", m.toString());
        assertEquals(2, r.status(), "without --force: refused, " + r.err());
        r = Launcher.run("measure", "--generator", LINEAR, "--measure", "riemannian", "--bounds", "0,1,0,2", "--grid", "6",
                "--quiet", "--force", "--out", m.toString());
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.exists(m.resolve("metric.npy")), "the old metric.npy is removed with the new measure");

        Path t = tmp.resolve("t");
        Path z = tmp.resolve("z.npy");
        org.latentcartography.core.io.Npy.writeFloat64(z, new int[] {3, 2}, new double[] {0.1, 0.1, 0.5, 1.0, 0.9, 1.9});
        r = Launcher.run("transform", "--in", m.toString(), "--embeddings", z.toString(), "--quiet", "--out", t.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.exists(t.resolve("embeddings.npy")) && Files.exists(t.resolve("map.png")));
        r = Launcher.run("transform", "--in", m.toString(), "--quiet", "--force", "--out", t.toString());
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.exists(t.resolve("embeddings.npy")), "stale embeddings.npy removed");
        assertFalse(Files.exists(t.resolve("map.png")), "stale map.png removed");
        assertTrue(Files.exists(t.resolve("map.npy")) && Files.exists(t.resolve("report.json")));
    }
}
