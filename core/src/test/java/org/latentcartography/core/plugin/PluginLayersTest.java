package org.latentcartography.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.DissimilarityProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin jars compiled at test time, each loaded into a layer of its own on top of the boot layer
 * (here the JDK's modules play the toolkit's part: core itself runs on the class path in unit
 * tests, and automatic modules, which read the class path, implement its services). Every bad jar
 * is named with its reason and the good ones load.
 */
class PluginLayersTest {
    static final String SERVICE = DissimilarityProvider.class.getName();

    @TempDir
    static Path tmp;
    static Path work;
    static Path plugins;

    /** A dissimilarity provider class whose {@code between} is the L1 distance times {@code scale}. */
    static String provider(String pkg, String id, double scale, String constructor) {
        return "package " + pkg + ";\n"
                + "import org.latentcartography.core.ComponentSpec;\n"
                + "import org.latentcartography.core.spi.*;\n"
                + "public final class P implements DissimilarityProvider {\n"
                + "    public P() { " + constructor + " }\n"
                + "    public String id() { return \"" + id + "\"; }\n"
                + "    public String description() { return \"test provider " + id + "\"; }\n"
                + "    public Dissimilarity create(ComponentSpec s, ComponentContext c) {\n"
                + "        return (a, ao, b, bo, n) -> { double d = 0; for (int i = 0; i < n; i++) d += Math.abs(a[ao + i] - b[bo + i]);"
                + " return " + scale + " * d; };\n"
                + "    }\n"
                + "}\n";
    }

    /**
     * Runs the JDK's compiler in this JVM (javax.tools, reached reflectively: the tests run on the
     * class path, but they are compiled as part of core's module, which does not read java.compiler).
     */
    static int compile(String[] args) {
        try {
            Object javac = Class.forName("javax.tools.ToolProvider").getMethod("getSystemJavaCompiler").invoke(null);
            return (Integer) Class.forName("javax.tools.Tool").getMethod("run", java.io.InputStream.class,
                    java.io.OutputStream.class, java.io.OutputStream.class, String[].class)
                    .invoke(javac, null, null, null, args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no Java compiler in this JVM", e);
        }
    }

    /**
     * Compiles {@code sources} (path → text) and jars the classes plus {@code extra} entries into
     * {@code into/name}; {@code modulePath} non-null compiles as a module against it.
     */
    static Path jar(Path into, String name, Map<String, String> sources, Map<String, String> extra, Path modulePath)
            throws IOException {
        Path src = work.resolve("src-" + name);
        Path classes = work.resolve("classes-" + name);
        // the compiler in this JVM: a javac process per jar cost seconds each on a loaded machine
        List<String> args = new ArrayList<>(List.of("-d", classes.toString()));
        if (modulePath != null) {
            args.addAll(List.of("--module-path", modulePath.toString()));
        } else {
            args.addAll(List.of("-cp", System.getProperty("java.class.path")));
        }
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        assertEquals(0, compile(args.toArray(String[]::new)), "compiling " + name);
        Path jar = into.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
            }
            for (var e : extra.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    static Path automatic(String name, String pkg, String id, double scale, String constructor) throws IOException {
        return jar(plugins, name, Map.of(pkg.replace('.', '/') + "/P.java", provider(pkg, id, scale, constructor)),
                Map.of("META-INF/services/" + SERVICE, pkg + ".P\n"), null);
    }

    @BeforeAll
    static void folder() throws IOException {
        work = tmp.resolve("work");
        plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        Path stubs = tmp.resolve("stubs");
        Files.createDirectories(stubs);
        // two good jars that share a package name (and a class name): each has its own loader
        automatic("one.jar", "shared.pkg", "one", 1, "");
        automatic("two.jar", "shared.pkg", "two", 2, "");
        // a provider whose constructor throws, and a service listing naming a class the jar lacks
        automatic("throwing.jar", "thr.pkg", "throws", 1, "throw new IllegalStateException(\"boom\");");
        jar(plugins, "missing-provider.jar", Map.of("mc/pkg/Other.java", "package mc.pkg; public class Other {}"),
                Map.of("META-INF/services/" + SERVICE, "mc.pkg.Missing\n"), null);
        // a service listing naming a class in a package the jar does not hold
        jar(plugins, "broken-services.jar", Map.of("bs/pkg/Other.java", "package bs.pkg; public class Other {}"),
                Map.of("META-INF/services/" + SERVICE, "elsewhere.Missing\n"), null);
        // no zip at all
        try (OutputStream o = Files.newOutputStream(plugins.resolve("not-a-jar.jar"))) {
            o.write("this is not a zip file".getBytes(StandardCharsets.UTF_8));
        }
        // a package that a module of the host (java.xml) exports: automatic modules read the host's modules
        // (javac will not compile into a JDK package; resolution fails before any class is read)
        jar(plugins, "host-clash.jar", Map.of("hc/Ok.java", "package hc; public class Ok {}"),
                Map.of("javax/xml/parsers/Mine.class", "never loaded"), null);
        // an explicit module whose requirement is nowhere
        jar(stubs, "absent.jar", Map.of("module-info.java", "module com.example.absent { exports com.example.absent; }",
                "com/example/absent/A.java", "package com.example.absent; public class A {}"), Map.of(), null);
        jar(plugins, "needs-absent.jar", Map.of("module-info.java", "module needs.absent { requires com.example.absent; }",
                "na/N.java", "package na; public class N { com.example.absent.A a; }"), Map.of(), stubs);
        // lib.a exports a.api; uses.a requires lib.a and holds a.api too (compiled against a stub lib.a
        // exporting another package); good.b requires lib.a and loads on top of lib.a's layer
        Path libA = jar(plugins, "lib-a.jar", Map.of("module-info.java", "module lib.a { exports a.api; }",
                "a/api/Api.java", "package a.api; public class Api { public static int answer() { return 42; } }"), Map.of(), null);
        Path stubA = tmp.resolve("stub-a");
        Files.createDirectories(stubA);
        jar(stubA, "lib-a.jar", Map.of("module-info.java", "module lib.a { exports a.stub; }",
                "a/stub/S.java", "package a.stub; public class S {}"), Map.of(), null);
        jar(plugins, "uses-a.jar", Map.of("module-info.java", "module uses.a { requires lib.a; }",
                "a/api/Mine.java", "package a.api; public class Mine {}"), Map.of(), stubA);
        jar(plugins, "good-b.jar", Map.of("module-info.java", "module good.b { requires lib.a; exports b; }",
                "b/B.java", "package b; public class B { public static int answer() { return a.api.Api.answer(); } }"),
                Map.of(), libA.getParent().resolve("lib-a.jar"));
        // two versions of one module (automatic names drop the version), and a module that requires it
        automatic("dup-1.0.jar", "dup.one", "dup-one", 1, "");
        automatic("dup-2.0.jar", "dup.two", "dup-two", 1, "");
        Path stubDup = tmp.resolve("stub-dup");
        Files.createDirectories(stubDup);
        jar(stubDup, "dup.jar", Map.of("module-info.java", "module dup { exports d; }", "d/D.java", "package d; public class D {}"),
                Map.of(), null);
        jar(plugins, "needs-dup.jar", Map.of("module-info.java", "module needs.dup { requires dup; }",
                "nd/N.java", "package nd; public class N { d.D x; }"), Map.of(), stubDup);
    }

    static List<Path> jars() throws IOException {
        try (Stream<Path> s = Files.list(plugins)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    static PluginLayers.Result load() throws IOException {
        return PluginLayers.load(ModuleLayer.boot(), jars(), PluginLayersTest.class.getClassLoader());
    }

    static String problemFor(PluginLayers.Result r, String jar) {
        List<String> lines = r.problems().stream().filter(p -> p.contains(jar)).collect(Collectors.toList());
        assertEquals(1, lines.size(), jar + " in " + r.problems());
        return lines.get(0);
    }

    @Test
    void eachBadJarIsNamedWithItsReasonAndTheOthersLoad() throws IOException {
        PluginLayers.Result r = load();
        List<String> loaded = r.loaded().stream().map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        assertEquals(List.of("good-b.jar", "lib-a.jar", "missing-provider.jar", "one.jar", "throwing.jar", "two.jar"), loaded,
                r.problems().toString());
        assertEquals(r.loaded().size(), r.layers().size());
        String notZip = problemFor(r, "not-a-jar.jar");
        assertTrue(notZip.startsWith("plugin not-a-jar.jar is skipped: Error reading not-a-jar.jar: "), notZip);
        assertTrue(problemFor(r, "broken-services.jar").contains("elsewhere.Missing"), r.problems().toString());
        String host = problemFor(r, "host-clash.jar");
        assertTrue(host.contains("javax.xml.parsers") && host.contains("java.xml"), host);
        String absent = problemFor(r, "needs-absent.jar");
        assertTrue(absent.contains("com.example.absent") && absent.contains("not found"), absent);
        String clash = problemFor(r, "uses-a.jar");
        assertTrue(clash.contains("a.api") && clash.contains("lib.a"), clash);
        String dup = problemFor(r, "dup-1.0.jar");
        assertEquals("module dup is in dup-1.0.jar (version 1.0) and dup-2.0.jar (version 2.0); none of them is loaded: keep one", dup);
        String needsDup = problemFor(r, "needs-dup.jar");
        assertTrue(needsDup.contains("requires module dup, which is not loaded"), needsDup);
        assertEquals(7, r.problems().size(), r.problems().toString());
    }

    @Test
    void aModuleThatRequiresAnotherPluginSitsOnItsLayerAndReadsIt() throws Exception {
        PluginLayers.Result r = load();
        ModuleLayer a = r.layers().get(r.loaded().indexOf(plugins.resolve("lib-a.jar")));
        ModuleLayer b = r.layers().get(r.loaded().indexOf(plugins.resolve("good-b.jar")));
        assertEquals(List.of(a), b.parents());
        assertTrue(b.findModule("lib.a").isPresent(), "lib.a is visible from good.b's layer");
        assertTrue(b.modules().stream().map(Module::getName).collect(Collectors.toSet()).equals(java.util.Set.of("good.b")),
                "lib.a is defined once, in its own layer");
        Class<?> bClass = b.findLoader("good.b").loadClass("b.B");
        assertEquals(42, bClass.getMethod("answer").invoke(null));
    }

    @Test
    void providersOfEveryLayerAreFoundAndFailuresNameTheJar() throws IOException {
        PluginLayers.Result r = load();
        List<ModuleLayer> layers = new ArrayList<>(List.of(ModuleLayer.boot()));
        layers.addAll(r.layers());
        Registry<DissimilarityProvider> reg = Registry.load("dissimilarity", DissimilarityProvider.class, layers, null);
        assertEquals(List.of("one", "two"), reg.ids().stream().sorted().collect(Collectors.toList()));
        // the two classes shared.pkg.P are distinct and each works
        double[] v = {0, 0, 3, 4};
        assertEquals(7.0, reg.get("one").create(ComponentSpec.parse("one"), ComponentContext.empty()).between(v, 0, v, 2, 2), 0.0);
        assertEquals(14.0, reg.get("two").create(ComponentSpec.parse("two"), ComponentContext.empty()).between(v, 0, v, 2, 2), 0.0);
        assertNotSame(reg.get("one").getClass(), reg.get("two").getClass());
        assertEquals(2, reg.problems().size(), reg.problems().toString());
        String thrown = reg.problems().stream().filter(p -> p.contains("boom")).findFirst().orElseThrow();
        assertTrue(thrown.contains("module throwing in throwing.jar"), thrown);
        String missing = reg.problems().stream().filter(p -> p.contains("mc.pkg.Missing")).findFirst().orElseThrow();
        assertTrue(missing.startsWith("dissimilarity provider in module missing.provider in missing-provider.jar could not be loaded"),
                missing);
    }

    @Test
    void noJarsNoLayers() {
        PluginLayers.Result r = PluginLayers.load(ModuleLayer.boot(), List.of(), getClass().getClassLoader());
        assertTrue(r.layers().isEmpty() && r.loaded().isEmpty() && r.problems().isEmpty());
    }

    @Test
    void thePluginsFolderIsTheExplicitOneElseTheEnvironmentsElseTheHomes() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        assertSame(plugins, Registries.pluginsFolder(plugins, other.toString(), "/opt/cartography"));
        assertEquals(other, Registries.pluginsFolder(null, other.toString(), "/opt/cartography"));
        assertEquals(Path.of("/opt/cartography", "plugins"), Registries.pluginsFolder(null, " ", "/opt/cartography"));
        assertNull(Registries.pluginsFolder(null, null, null));
        UsageException e = assertThrows(UsageException.class,
                () -> Registries.pluginsFolder(tmp.resolve("nope"), null, null));
        assertEquals("plugins folder " + tmp.resolve("nope") + ": no such folder", e.getMessage());
        e = assertThrows(UsageException.class, () -> Registries.pluginsFolder(null, tmp.resolve("nope").toString(), null));
        assertEquals("CARTOGRAPHY_PLUGINS=" + tmp.resolve("nope") + ": no such folder", e.getMessage());
    }
}
