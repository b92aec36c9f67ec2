package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's native libraries are extracted once into the user's cache folder and loaded
 * from there: a run leaves no {@code onnxruntime-java*} folder in the temporary folder, and a
 * killed run leaves no copy of the libraries.
 */
class NativeLibrariesIT {
    static final String DECODER = "onnx:" + Launcher.ROOT.resolve("models/mnist/vae-softplus/decoder.onnx");

    static List<Path> ortFolders(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("onnxruntime-java")).toList();
        }
    }

    @Test
    void librariesComeFromOneCacheFolder(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_OPTS", "-Djava.io.tmpdir=" + temp);
        for (int run = 0; run < 2; run++) {
            Launcher.Run r = Launcher.run(env, "measure", "--generator", DECODER, "--measure", "riemannian", "--bounds",
                    "-1,1,-1,1", "--grid", "8", "--quiet", "--out", tmp.resolve("out" + run).toString());
            assertEquals(0, r.status(), r.err());
            assertEquals(List.of(), ortFolders(temp), "run " + run + " left a temporary folder");
        }
        Path nat = cache.resolve("latent-cartography/native");
        try (var s = Files.list(nat)) {
            List<Path> copies = s.toList();
            assertEquals(1, copies.size(), "one extracted copy, shared by the runs: " + copies);
            assertTrue(Files.exists(copies.get(0).resolve(System.mapLibraryName("onnxruntime"))));
        }

        // a killed run: at most an empty folder, which a later run removes once it is old
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", Launcher.ROOT.resolve("cartography").toString(),
                "measure", "--generator", DECODER, "--measure", "riemannian", "--bounds", "-1,1,-1,1", "--grid", "600",
                "--quiet", "--out", tmp.resolve("killed").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ortFolders(temp).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        for (Path f : ortFolders(temp)) {
            try (var s = Files.list(f)) {
                assertEquals(0, s.count(), f + " holds libraries");
            }
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
        Launcher.Run r = Launcher.run(env, "measure", "--generator", DECODER, "--measure", "riemannian", "--bounds",
                "-1,1,-1,1", "--grid", "8", "--quiet", "--out", tmp.resolve("after").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(), ortFolders(temp), "stale empty folders are tidied");
    }
}
