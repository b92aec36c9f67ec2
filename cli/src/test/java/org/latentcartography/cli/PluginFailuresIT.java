package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugins folder with a good plugin beside a file that is no jar, a provider whose constructor
 * throws, and a provider that claims an id already taken: the listing and the good plugin keep
 * working; using the contested id fails with one line naming both.
 */
class PluginFailuresIT {
    @TempDir
    static Path tmp;
    static Path plugins;

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

    static Path jar(String name, String pkg, String constructor, String id) throws Exception {
        return jar(name, pkg, constructor, id, tmp, plugins);
    }

    /** Compiles a dissimilarity provider with the given constructor body and id into {@code into}/NAME.jar. */
    static Path jar(String name, String pkg, String constructor, String id, Path work, Path into) throws Exception {
        Path src = work.resolve("src-" + name).resolve(pkg.replace('.', '/'));
        Files.createDirectories(src);
        Files.writeString(src.resolve("P.java"), String.format(PROVIDER, pkg, constructor, id, id));
        Path classes = work.resolve("classes-" + name);
        Path core;
        try (var s = Files.list(Launcher.ROOT.resolve("cli/target/lib"))) {
            core = s.filter(p -> p.getFileName().toString().startsWith("core-")).findFirst().orElseThrow();
        }
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        int rc = new ProcessBuilder(javac.toString(), "-d", classes.toString(), "-cp", core.toString(),
                src.resolve("P.java").toString()).inheritIO().start().waitFor();
        assertEquals(0, rc, "compiling the test provider");
        Path jar = into.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String cls = pkg.replace('.', '/') + "/P.class";
            out.putNextEntry(new JarEntry(cls));
            out.write(Files.readAllBytes(classes.resolve(cls)));
            out.putNextEntry(new JarEntry("META-INF/services/org.latentcartography.core.spi.DissimilarityProvider"));
            out.write((pkg + ".P\n").getBytes());
            out.closeEntry();
        }
        return jar;
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
