package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugins folder with two good plugins (the example plugin, and one compiled here that shares a
 * package name with another jar) beside a file that is no jar, a provider whose constructor
 * throws, a provider that claims an id already taken, a jar that bundles a package of core, and a
 * module whose requirement is nowhere: the listing names each bad jar and why, the good plugins
 * keep working; using the contested id fails with one line naming both. A second folder holds two
 * versions of one module: both are named, neither is used.
 */
class PluginFailuresIT {
    @TempDir
    static Path tmp;
    static Path plugins;
    static Path versions;

    static final String PROVIDER = """
            package %s;
            import org.latentcartography.core.ComponentSpec;
            import org.latentcartography.core.spi.*;
            public final class P implements DissimilarityProvider {
                public P() { %s }
                public String id() { return "%s"; }
                public String description() { return "test provider %s"; }
                public Dissimilarity create(ComponentSpec s, ComponentContext c) { return (a, ao, b, bo, n) -> 0; }
            }
            """;

    /** A dissimilarity provider whose {@code between} is the Chebyshev distance max_i |a_i - b_i|. */
    static final String CHEBYSHEV = """
            package %s;
            import org.latentcartography.core.ComponentSpec;
            import org.latentcartography.core.spi.*;
            public final class P implements DissimilarityProvider {
                public P() { %s }
                public String id() { return "%s"; }
                public String description() { return "test provider %s"; }
                public Dissimilarity create(ComponentSpec s, ComponentContext c) {
                    return (a, ao, b, bo, n) -> {
                        double d = 0;
                        for (int i = 0; i < n; i++) d = Math.max(d, Math.abs(a[ao + i] - b[bo + i]));
                        return d;
                    };
                }
            }
            """;

    static Path jar(String name, String pkg, String constructor, String id) throws Exception {
        return jar(name, pkg, constructor, id, tmp, plugins);
    }

    /** Compiles a dissimilarity provider with the given constructor body and id into {@code into}/NAME.jar. */
    static Path jar(String name, String pkg, String constructor, String id, Path work, Path into) throws Exception {
        return jar(name, PROVIDER, pkg, constructor, id, work, into, Map.of());
    }

    /**
     * Compiles the provider {@code template} (package, constructor body, id, id) against core on the
     * class path into the automatic module {@code into}/NAME.jar, with its service listing and the
     * {@code extra} entries (name → bytes).
     */
    static Path jar(String name, String template, String pkg, String constructor, String id, Path work, Path into,
                    Map<String, byte[]> extra) throws Exception {
        Path src = work.resolve("src-" + name).resolve(pkg.replace('.', '/'));
        Files.createDirectories(src);
        Files.writeString(src.resolve("P.java"), String.format(template, pkg, constructor, id, id));
        Path classes = work.resolve("classes-" + name);
        javac("-d", classes.toString(), "-cp", core().toString(), src.resolve("P.java").toString());
        Path jar = into.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String cls = pkg.replace('.', '/') + "/P.class";
            out.putNextEntry(new JarEntry(cls));
            out.write(Files.readAllBytes(classes.resolve(cls)));
            out.putNextEntry(new JarEntry("META-INF/services/org.latentcartography.core.spi.DissimilarityProvider"));
            out.write((pkg + ".P\n").getBytes());
            for (var e : extra.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
            }
            out.closeEntry();
        }
        return jar;
    }

    /** @return core's jar in the launcher's lib folder */
    static Path core() throws Exception {
        try (var s = Files.list(Launcher.ROOT.resolve("cli/target/lib"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("core-")).findFirst().orElseThrow();
        }
    }

    static void javac(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString()));
        cmd.addAll(List.of(args));
        assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), "javac " + String.join(" ", args));
    }

    /** Jars a folder of classes (and module-info.class) into {@code jar}. */
    static void jarFolder(Path classes, Path jar) throws Exception {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             var files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
            }
        }
    }

    /**
     * An explicit module {@code needs.absent} that provides a dissimilarity and requires core and
     * {@code com.example.absent}, a module present when it was compiled and absent from the plugins folder.
     */
    static void moduleWithAMissingRequirement(Path into) throws Exception {
        Path absentSrc = tmp.resolve("src-absent");
        Files.createDirectories(absentSrc.resolve("com/example/absent"));
        Files.writeString(absentSrc.resolve("module-info.java"), "module com.example.absent { exports com.example.absent; }");
        Files.writeString(absentSrc.resolve("com/example/absent/A.java"), "package com.example.absent; public class A {}");
        Path absentClasses = tmp.resolve("classes-absent");
        javac("-d", absentClasses.toString(), absentSrc.resolve("module-info.java").toString(),
                absentSrc.resolve("com/example/absent/A.java").toString());
        Path src = tmp.resolve("src-needs-absent");
        Files.createDirectories(src.resolve("needs/absent"));
        Files.writeString(src.resolve("module-info.java"), "module needs.absent { requires org.latentcartography.core;"
                + " requires com.example.absent; provides org.latentcartography.core.spi.DissimilarityProvider with needs.absent.P; }");
        Files.writeString(src.resolve("needs/absent/P.java"), String.format(CHEBYSHEV, "needs.absent", "new com.example.absent.A();",
                "needs-absent", "needs-absent"));
        Path classes = tmp.resolve("classes-needs-absent");
        javac("-d", classes.toString(), "--module-path", core() + java.io.File.pathSeparator + absentClasses,
                src.resolve("module-info.java").toString(), src.resolve("needs/absent/P.java").toString());
        jarFolder(classes, into.resolve("needs-absent.jar"));
    }

    @BeforeAll
    static void pluginsFolder() throws Exception {
        plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        try (var s = Files.list(Launcher.IT_PLUGINS)) {
            for (Path jar : (Iterable<Path>) s::iterator) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        try (OutputStream o = Files.newOutputStream(plugins.resolve("not-a-jar.jar"))) {
            o.write("this is not a zip file".getBytes());
        }
        jar("throwing", "bad.plugin", "throw new IllegalStateException(\"boom\");", "throws");
        jar("duplicate", "dup.plugin", "", "manhattan");
        // a good plugin whose package name is also throwing.jar's: each jar has its own layer and loader
        jar("chebyshev", CHEBYSHEV, "bad.plugin", "", "chebyshev", tmp, plugins, Map.of());
        // a plugin that bundles a class of core: its package clashes with the toolkit's
        byte[] provider;
        try (var core = new java.util.jar.JarFile(core().toFile())) {
            provider = core.getInputStream(core.getEntry("org/latentcartography/core/spi/Provider.class")).readAllBytes();
        }
        jar("bundles-core", CHEBYSHEV, "bundles.core", "", "bundled", tmp, plugins,
                Map.of("org/latentcartography/core/spi/Provider.class", provider));
        moduleWithAMissingRequirement(plugins);
        // two versions of the example plugin's module, alone in a folder
        versions = tmp.resolve("versions");
        Files.createDirectories(versions);
        try (var s = Files.list(Launcher.IT_PLUGINS)) {
            Path example = s.filter(p -> p.getFileName().toString().startsWith("example-plugin")).findFirst().orElseThrow();
            Files.copy(example, versions.resolve(example.getFileName()));
            Files.copy(example, versions.resolve("example-plugin-9.9.jar"));
        }
    }

    @Test
    void listingReportsEachProblemAndKeepsTheRest() {
        Launcher.Run r = Launcher.run("plugins", "--plugins", plugins.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("gradient-norm"), r.out());
        assertTrue(r.out().contains("riemannian"), r.out());
        assertTrue(r.err().contains("not-a-jar.jar"), r.err());
        assertTrue(r.err().contains("boom"), r.err());
        assertTrue(r.err().contains("two dissimilarity providers have the id 'manhattan'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        // each bad jar is named with its reason; the good ones are listed with their modules
        assertTrue(r.out().contains("chebyshev") && r.out().contains("[chebyshev]"), r.out());
        assertTrue(r.out().contains("[org.latentcartography.example.plugin]"), r.out());
        assertTrue(r.err().contains("warning: plugin bundles-core.jar is skipped: Module bundles.core contains package "
                + "org.latentcartography.core.spi, module org.latentcartography.core exports package"), r.err());
        assertTrue(r.err().contains("warning: plugin needs-absent.jar is skipped: Module com.example.absent not found, "
                + "required by needs.absent"), r.err());
        assertTrue(r.err().contains("warning: plugin not-a-jar.jar is skipped: "), r.err());
        assertFalse(r.out().contains("bundled") || r.out().contains("needs-absent"), r.out());
        assertTrue(r.out().contains("Plugin jars: 4 of 7 loaded in " + plugins), r.out());
        // the environment variable gives the same listing
        Launcher.Run env = Launcher.run(Map.of("CARTOGRAPHY_PLUGINS", plugins.toString()), "plugins");
        assertEquals(0, env.status(), env.err());
        assertEquals(r.out(), env.out());
        assertEquals(r.err(), env.err());
    }

    @Test
    void theGoodPluginsIdsWorkBesideTheBadJars() throws Exception {
        Path out = tmp.resolve("chebyshev-out");
        Launcher.Run r = Launcher.run("measure", "--plugins", plugins.toString(), "--generator",
                "onnx:" + Launcher.ROOT.resolve("testdata/onnx/linear2.onnx"), "--measure", "chebyshev",
                "--bounds", "0,1,0,1", "--grid", "8", "--quiet", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().isBlank(), r.err());
        // x = A z + b with A's columns (1, -0.25, 0.75) and (0.5, 2, -1): neighbours one cell (1/8) apart
        // along axis 0 differ by max|A[:,0]|/8 = 0.125, along axis 1 by max|A[:,1]|/8 = 0.25; an interior
        // cell's mean over its four face neighbours is 0.1875. The model computes in float32: 1e-6.
        NpyArray m = Npy.read(out.resolve("measure.npy"));
        assertArrayEquals(new int[] {8, 8}, m.shape());
        for (int i = 1; i < 7; i++) {
            for (int j = 1; j < 7; j++) {
                assertEquals(0.1875, m.data()[i * 8 + j], 1e-6, "cell " + i + "," + j);
            }
        }
    }

    @Test
    void twoVersionsOfOneModuleAreBothNamedAndNeitherIsUsed() {
        Launcher.Run r = Launcher.run("plugins", "--plugins", versions.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("warning: module org.latentcartography.example.plugin is in example-plugin-")
                && r.err().contains(" and example-plugin-9.9.jar") && r.err().contains("none of them is loaded: keep one"), r.err());
        assertFalse(r.out().contains("gradient-norm"), r.out());
        Launcher.Run m = Launcher.run("measure", "--plugins", versions.toString(), "--generator",
                "onnx:" + Launcher.ROOT.resolve("testdata/onnx/linear2.onnx"), "--measure", "gradient-norm",
                "--bounds", "0,1,0,1", "--grid", "8", "--quiet", "--out", tmp.resolve("versions-out").toString());
        assertEquals(2, m.status(), m.err());
        assertTrue(m.err().contains("unknown measure 'gradient-norm'") && m.err().contains("1 plugin problem"), m.err());
    }

    @Test
    void goodPluginsStillWorkAndTheContestedIdFailsWithOneLine() {
        Path ok = tmp.resolve("ok");
        List<String> common = List.of("--plugins", plugins.toString(), "--generator",
                "onnx:" + Launcher.ROOT.resolve("testdata/onnx/linear2.onnx"), "--bounds", "0,1,0,1", "--grid", "8", "--quiet");
        Launcher.Run r = Launcher.run(concat(List.of("measure", "--measure", "gradient-norm", "--out", ok.toString()), common));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().isBlank(), "no warnings outside 'plugins': " + r.err());
        Path bad = tmp.resolve("bad");
        r = Launcher.run(concat(List.of("measure", "--measure", "manhattan", "--out", bad.toString()), common));
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("two dissimilarity providers have the id 'manhattan'"), r.err());
        assertFalse(Files.exists(bad));
        r = Launcher.run(concat(List.of("measure", "--measure", "throws", "--out", bad.toString()), common));
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("unknown measure 'throws'") && r.err().contains("plugin problems: see 'cartography plugins'"),
                r.err());
    }

    static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
