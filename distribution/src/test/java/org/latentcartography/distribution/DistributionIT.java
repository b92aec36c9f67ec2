package org.latentcartography.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;

/**
 * Through the real launcher of a distribution assembled by this module's build with only the
 * Riemannian measure and the ONNX generator (target/it-dist, see pom.xml): it runs on its own
 * runtime, lists exactly those providers (plus core's built-ins), and the example plugin's jar
 * dropped into its plugins/ adds the plugin's ids, removed removes them; the plugin's measure and
 * generator give their closed-form values through the command line.
 */
class DistributionIT {
    static final Path DIST = Path.of(System.getProperty("cartography.itDist", "target/it-dist")).toAbsolutePath();
    static final Path IT_PLUGINS = Path.of(System.getProperty("cartography.itPlugins", "target/it-plugins")).toAbsolutePath();
    static final String EXAMPLE_MODULE = "org.latentcartography.example.plugin";

    /** A folder whose {@code java} fails: the launcher must not use a JDK from PATH or JAVA_HOME. */
    @TempDir
    static Path noJdk;

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void fakeJava() throws IOException {
        Path java = noJdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'not this java' >&2\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Run run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(DIST.resolve("bin/cartography").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(DIST.toFile());
        pb.environment().remove("CARTOGRAPHY_PLUGINS");
        pb.environment().put("JAVA_HOME", noJdk.toString());
        pb.environment().put("PATH", noJdk + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        try {
            Path err = Files.createTempFile("dist-it", ".err");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cartography " + String.join(" ", args) + " did not finish in 120 s");
            }
            String e = Files.readString(err);
            Files.delete(err);
            return new Run(p.exitValue(), out, e);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return kind heading → ids, from the listing of {@code cartography plugins} */
    static Map<String, Set<String>> providers(Run r) {
        assertEquals(0, r.status(), r.err());
        Map<String, Set<String>> ids = new TreeMap<>();
        String kind = null;
        for (String line : r.out().split("\n")) {
            if (!line.startsWith(" ") && line.endsWith(")")) {
                kind = line.substring(0, line.indexOf(' '));
                ids.put(kind, new TreeSet<>());
            } else if (line.startsWith("  ") && kind != null) {
                ids.get(kind).add(line.strip().split("\\s+")[0]);
            }
        }
        return ids;
    }

    static Path exampleJar() throws IOException {
        try (Stream<Path> s = Files.list(IT_PLUGINS)) {
            return s.filter(p -> p.getFileName().toString().startsWith("example-plugin")).findFirst().orElseThrow();
        }
    }

    static final Map<String, Set<String>> MINIMAL = Map.of(
            "Generators", Set.of("onnx"),
            "Engines", Set.of("local"),
            "Meaning", Set.of("output"),
            "Dissimilarities", Set.of("l2", "cosine"),
            "Measures", Set.of("riemannian"));

    @Test
    void theMinimalDistributionIsSelfContainedAndTrimmed() throws Exception {
        assertTrue(Files.isDirectory(DIST.resolve("plugins")));
        try (Stream<Path> s = Files.list(DIST.resolve("lib"))) {
            Set<String> jars = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar"))
                    .map(n -> n.replaceFirst("-\\d.*$", "")).collect(Collectors.toSet());
            assertEquals(Set.of("core", "cli", "measures-riemannian", "generators-onnx", "onnxruntime", "ejml-core",
                    "ejml-ddense", "picocli", "org.jfree.svg"), jars);
        }
        // ONNX Runtime's native libraries lie in lib/native (loaded in place, not extracted), not in its jar
        assertTrue(Files.isRegularFile(DIST.resolve("lib/native/" + System.mapLibraryName("onnxruntime"))));
        try (Stream<Path> s = Files.list(DIST.resolve("lib"));
             java.util.zip.ZipFile ort = new java.util.zip.ZipFile(s.filter(p -> p.getFileName().toString()
                     .startsWith("onnxruntime")).findFirst().orElseThrow().toFile())) {
            assertTrue(ort.stream().noneMatch(e -> e.getName().startsWith("ai/onnxruntime/native/") && !e.isDirectory()));
        }
        // the assembly made the class-data sharing archive the launcher maps
        assertTrue(Files.isRegularFile(DIST.resolve("lib/cds/cartography.jsa")));
        assertTrue(Files.isRegularFile(DIST.resolve("lib/cds/stamp")));
        Set<String> jdk = ModuleFinder.of(DIST.resolve("runtime/jmods")).findAll().isEmpty()
                ? runtimeModules() : Set.of();
        assertTrue(jdk.contains("java.base") && jdk.contains("java.desktop"), jdk.toString());
        assertFalse(jdk.contains("jdk.compiler") || jdk.contains("jdk.jlink") || jdk.contains("java.sql"),
                "the runtime is trimmed: " + jdk);
        // a command of a module the distribution leaves out says so in one line
        Run compress = run("compress", "--embeddings", "nowhere.npy", "--out", "nowhere");
        assertEquals(2, compress.status(), compress.err());
        assertTrue(compress.err().contains("'compress' needs the module compression"), compress.err());
        assertEquals(1, compress.err().strip().lines().count(), compress.err());
    }

    private static Set<String> runtimeModules() throws Exception {
        Process p = new ProcessBuilder(DIST.resolve("runtime/bin/java").toString(), "--list-modules").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().map(l -> l.replaceFirst("@.*", "")).collect(Collectors.toSet());
    }

    @Test
    void itListsExactlyItsProvidersAndAPluginJarAddsAndRemovesIds() throws Exception {
        assertEquals(MINIMAL, providers(run("plugins")), "without plugins: only the chosen modules and core's built-ins");

        Path dropped = DIST.resolve("plugins").resolve(exampleJar().getFileName());
        Files.copy(exampleJar(), dropped, StandardCopyOption.REPLACE_EXISTING);
        try {
            Run with = run("plugins");
            Map<String, Set<String>> ids = providers(with);
            assertEquals(Set.of("onnx", "analytic"), ids.get("Generators"), with.out());
            assertEquals(Set.of("l2", "cosine", "manhattan"), ids.get("Dissimilarities"), with.out());
            assertEquals(Set.of("riemannian", "gradient-norm"), ids.get("Measures"), with.out());
            assertTrue(with.out().lines().anyMatch(l -> l.contains("analytic") && l.contains("[" + EXAMPLE_MODULE + "]")),
                    with.out());
            assertTrue(with.err().isBlank(), with.err());
        } finally {
            Files.delete(dropped);
        }
        assertEquals(MINIMAL, providers(run("plugins")), "the jar removed, its ids are gone");
    }

    @Test
    void theExamplePluginIsBuiltAgainstCoreAlone() throws Exception {
        ModuleDescriptor d = ModuleFinder.of(exampleJar()).findAll().iterator().next().descriptor();
        assertEquals(EXAMPLE_MODULE, d.name());
        assertEquals(Set.of("java.base", "org.latentcartography.core"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertTrue(d.exports().isEmpty(), "a plugin exports nothing");
    }

    @Test
    void theExamplePluginsGeneratorAndMeasuresGiveTheirClosedFormsThroughTheCommandLine() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(exampleJar(), plugins.resolve("example.jar"));
        double a = 2;
        double b = -1;
        String plane = "analytic:plane,a=" + a + ",b=" + b;
        int n = 6;

        // gradient-norm (the plugin's measure) of the plane: sqrt(trace JᵀJ) = sqrt(2 + a² + b²) in every cell
        NpyArray g = measure(plugins, plane, "gradient-norm", n, "gradient");
        for (double v : g.data()) {
            assertEquals(Math.sqrt(2 + a * a + b * b), v, 1e-12);
        }
        // manhattan (the plugin's dissimilarity) as a measure: each neighbour along axis 0 differs by
        // Δ(1, 0, a), along axis 1 by Δ(0, 1, b): L1 distances Δ(1 + |a|) and Δ(1 + |b|), averaged
        // over the cell's face neighbours (four inside, fewer at the border)
        double delta = 2.0 / n;
        NpyArray m = measure(plugins, plane, "manhattan", n, "manhattan");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int n0 = (i > 0 ? 1 : 0) + (i < n - 1 ? 1 : 0);
                int n1 = (j > 0 ? 1 : 0) + (j < n - 1 ? 1 : 0);
                double expected = delta * (n0 * (1 + Math.abs(a)) + n1 * (1 + Math.abs(b))) / (n0 + n1);
                assertEquals(expected, m.data()[i * n + j], 1e-12, "cell " + i + "," + j);
            }
        }
        // the shipped riemannian measure on the plugin's paraboloid: central differences are exact
        // on a quadratic, so inner cells have sqrt(1 + 4c²(x² + y²)) at their centres
        double c = 0.5;
        NpyArray r = measure(plugins, "analytic:paraboloid,c=" + c, "riemannian", n, "paraboloid");
        for (int i = 1; i < n - 1; i++) {
            for (int j = 1; j < n - 1; j++) {
                double x = -1 + (i + 0.5) * delta;
                double y = -1 + (j + 0.5) * delta;
                assertEquals(Math.sqrt(1 + 4 * c * c * (x * x + y * y)), r.data()[i * n + j], 1e-12, "cell " + i + "," + j);
            }
        }
        // a bad spec is a usage error, one line
        Run bad = run("measure", "--plugins", plugins.toString(), "--generator", "analytic:torus", "--measure", "riemannian",
                "--bounds", "-1,1,-1,1", "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.status(), bad.err());
        assertEquals("cartography: analytic: unknown surface 'torus'; known: plane, paraboloid", bad.err().strip());
    }

    private NpyArray measure(Path plugins, String generator, String measure, int n, String name) {
        Path out = tmp.resolve(name);
        Run r = run("measure", "--plugins", plugins.toString(), "--generator", generator, "--measure", measure,
                "--bounds", "-1,1,-1,1", "--grid", String.valueOf(n), "--quiet", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        NpyArray arr = Npy.read(out.resolve("measure.npy"));
        assertEquals(n * n, arr.data().length);
        return arr;
    }
}
