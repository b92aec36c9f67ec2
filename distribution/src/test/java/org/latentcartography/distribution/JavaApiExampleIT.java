package org.latentcartography.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API example (examples/java-api/CartographyExample.java) runs as the README says, on the
 * built jars, with the ONNX backend and, one argument changed, with the example plugin's backend.
 */
class JavaApiExampleIT {
    static final Path ROOT = Path.of(System.getProperty("cartography.root", "..")).toAbsolutePath().normalize();
    static final Path LIB = Path.of(System.getProperty("cartography.allLib", "target/all-lib")).toAbsolutePath();

    static String run(String modulePath, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-p", modulePath,
                "--add-modules", "ALL-MODULE-PATH", "examples/java-api/CartographyExample.java"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** Runs the repository's {@code cartography} launcher; returns its output, asserting exit status 0. */
    static String cartography(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(ROOT.resolve("cartography").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        assertEquals(0, p.exitValue(), String.join(" ", args) + "\n" + out);
        return out;
    }

    @Test
    void theExampleMeasuresMapsAndFollowsPathsWithEitherBackend(@TempDir Path tmp) throws Exception {
        Path folders = tmp.resolve("example");
        String out = run(LIB.toString(), "models/mnist/vae-softplus", "onnx:models/mnist/vae-softplus/decoder.onnx",
                folders.toString());
        assertTrue(out.contains("riemannian of decoder.onnx: 4096 evaluations"), out);
        // the folders it wrote are what the command line reads
        cartography("transform", "--in", folders.resolve("measure").toString(), "--quiet", "--out",
                tmp.resolve("t").toString());
        assertTrue(Files.isRegularFile(tmp.resolve("t/map.npy")));
        cartography("path", "--map", folders.resolve("map").toString(), "--from", "0,0", "--to", "1,1", "--out",
                tmp.resolve("p").toString());
        assertTrue(Files.isRegularFile(tmp.resolve("p/path.json")), "path.json written");
        assertTrue(out.contains("in the transformed space"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("sqrt(measure) length: straight ")), out);

        Path plugin;
        try (Stream<Path> s = Files.list(DistributionIT.IT_PLUGINS)) {
            plugin = s.filter(p -> p.getFileName().toString().startsWith("example-plugin")).findFirst().orElseThrow();
        }
        String analytic = run(LIB + File.pathSeparator + plugin, "models/mnist/vae-softplus", "analytic:paraboloid,c=0.5",
                tmp.resolve("analytic").toString());
        assertTrue(analytic.contains("riemannian of analytic:paraboloid: 4096 evaluations"), analytic);
        assertTrue(analytic.lines().filter(l -> l.startsWith("sqrt(measure) length")).collect(Collectors.toList()).size() == 1,
                analytic);
    }
}
