package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;

/**
 * Engines are providers like any other: an engine compiled at test time and dropped into a
 * plugins folder is listed by {@code cartography plugins}, chosen by {@code --engine ID}, given the
 * files its job reads, and gives the local engine's values; an unknown engine is one line, exit 2.
 */
class EnginePluginIT {
    @TempDir
    static Path tmp;
    static Path plugins;

    static final String ENGINE = """
            package inline.engine;
            import org.latentcartography.core.eval.Progress;
            import org.latentcartography.core.pipeline.Cartography;
            import org.latentcartography.core.pipeline.MeasureRequest;
            import org.latentcartography.core.pipeline.MeasureResult;
            import org.latentcartography.core.plugin.Registries;
            import org.latentcartography.core.spi.Engine;
            public final class InlineEngine implements Engine {
                public String id() { return "inline"; }
                public String description() { return "test engine: the local evaluation behind the engine SPI"; }
                public Outcome evaluate(Job job, Progress progress) {
                    if (!job.engine().options().keySet().stream().allMatch("tag"::equals)) {
                        throw new org.latentcartography.core.UsageException("engine inline: only tag= is known");
                    }
                    MeasureRequest r = MeasureRequest.builder(job.measure()).generator(job.generator())
                            .meaning(job.meaning()).grid(job.grid()).embeddings(job.embeddings()).labels(job.labels())
                            .samples(job.samples()).seed(job.seed()).threads(1).metric(job.metric()).build();
                    MeasureResult m = new Cartography(Registries.discover(null)).measure(r);
                    return new Outcome(m.values(), m.metric(), m.evaluations(), m.seconds(), m.functionName(),
                            m.outputDimension(), java.util.Map.of(), java.util.Map.of("job_files", job.files().toString(),
                            "tag", job.engine().options().getOrDefault("tag", "")));
                }
            }
            """;

    @BeforeAll
    static void engineJar() throws Exception {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path src = Files.createDirectories(tmp.resolve("src/inline/engine"));
        Files.writeString(src.resolve("InlineEngine.java"), ENGINE);
        Path classes = tmp.resolve("classes");
        Path core;
        try (var s = Files.list(Launcher.ROOT.resolve("cli/target/lib"))) {
            core = s.filter(p -> p.getFileName().toString().startsWith("core-")).findFirst().orElseThrow();
        }
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        int rc = new ProcessBuilder(javac.toString(), "-d", classes.toString(), "-cp", core.toString(),
                src.resolve("InlineEngine.java").toString()).inheritIO().start().waitFor();
        assertEquals(0, rc, "compiling the test engine");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plugins.resolve("inline-engine.jar")))) {
            String cls = "inline/engine/InlineEngine.class";
            out.putNextEntry(new JarEntry(cls));
            out.write(Files.readAllBytes(classes.resolve(cls)));
            out.putNextEntry(new JarEntry("META-INF/services/org.latentcartography.core.spi.Engine"));
            out.write("inline.engine.InlineEngine\n".getBytes());
            out.closeEntry();
        }
    }

    @Test
    void anEngineInThePluginsFolderIsListedAndGivesTheLocalValues() {
        Launcher.Run list = Launcher.run("plugins", "--plugins", plugins.toString());
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.contains("inline") && l.contains("test engine")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.strip().startsWith("local ")), "the built-in engine is listed too: "
                + list.out());

        Path model = Launcher.ROOT.resolve("testdata/onnx/linear2.onnx");
        List<String> common = List.of("--plugins", plugins.toString(), "--generator", "onnx:" + model, "--measure",
                "riemannian", "--bounds", "0,1,0,1", "--grid", "8", "--quiet");
        Path local = tmp.resolve("local");
        Path inline = tmp.resolve("inline");
        Launcher.Run r = Launcher.run(PluginFailuresIT.concat(List.of("measure", "--out", local.toString()), common));
        assertEquals(0, r.status(), r.err());
        r = Launcher.run(PluginFailuresIT.concat(List.of("measure", "--engine", "inline,tag=x", "--out", inline.toString()),
                common));
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(Npy.read(local.resolve("measure.npy")).data(), Npy.read(inline.resolve("measure.npy")).data(), 0.0);
        Map<?, ?> info = (Map<?, ?>) Json.read(inline.resolve("measure.json"));
        assertEquals("inline", info.get("engine"));
        assertEquals("x", info.get("tag"), "the engine's options travel in its spec");
        assertTrue(String.valueOf(info.get("job_files")).contains("linear2.onnx"),
                "the job names the files the generator's provider declares: " + info);
    }

    @Test
    void anUnknownEngineIsOneLineListingTheKnownOnes() {
        Launcher.Run r = Launcher.run("measure", "--plugins", plugins.toString(), "--engine", "flink", "--generator",
                "onnx:" + Launcher.ROOT.resolve("testdata/onnx/linear2.onnx"), "--measure", "riemannian", "--bounds",
                "0,1,0,1", "--grid", "8", "--quiet", "--out", tmp.resolve("flink").toString());
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("unknown engine 'flink'") && r.err().contains("local, inline"), r.err());
        assertTrue(!Files.exists(tmp.resolve("flink")), "no output folder left");
    }
}
