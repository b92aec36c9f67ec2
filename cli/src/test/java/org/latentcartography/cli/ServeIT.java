package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cartography serve} through the real launcher: the explorer found by service binding. */
class ServeIT {
    static final String DECODER = "onnx:models/mnist/vae-softplus/decoder.onnx,output=x";

    @TempDir
    static Path tmp;
    static Path measure;
    static Path map;

    @BeforeAll
    static void folders() {
        measure = tmp.resolve("m");
        map = tmp.resolve("t");
        Launcher.Run m = Launcher.run("measure", "--generator", DECODER, "--measure", "riemannian", "--embeddings",
                "models/mnist/vae-softplus/z.npy", "--grid", "16", "--out", measure.toString());
        assertEquals(0, m.status(), m.err());
        Launcher.Run t = Launcher.run("transform", "--in", measure.toString(), "--out", map.toString());
        assertEquals(0, t.status(), t.err());
    }

    /** Starts serve, returns the first stdout line and the process (the caller stops it). */
    static Object[] serve(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Launcher.ROOT.resolve("cartography").toString(), "serve",
                measure.toString(), map.toString(), "models/mnist/vae-softplus", "--generator", DECODER, "--port", "0"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).directory(Launcher.ROOT.toFile())
                .redirectError(tmp.resolve("serve-err-" + extra.length + ".txt").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        return new Object[] {first, p};
    }

    @Test
    void firstLineIsTheUrlAndTheApiAnswers() throws Exception {
        Object[] s = serve();
        Process p = (Process) s[1];
        try {
            String url = (String) s[0];
            assertTrue(url != null && url.matches("http://127\\.0\\.0\\.1:\\d+/"), "first line: " + url);
            HttpURLConnection r = (HttpURLConnection) URI.create(url + "api/decode?z=0,0").toURL().openConnection();
            assertEquals(200, r.getResponseCode());
            assertEquals("image/png", r.getContentType());
            r.getInputStream().readAllBytes();
            HttpURLConnection bad = (HttpURLConnection) URI.create(url + "api/decode?z=99,0").toURL().openConnection();
            assertEquals(400, bad.getResponseCode());
            String body = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.startsWith("{\"error\": ") && body.strip().lines().count() == 1, body);
        } finally {
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void anotherHostWarns() throws Exception {
        Object[] s = serve("--host", "0.0.0.0");
        Process p = (Process) s[1];
        try {
            assertTrue(((String) s[0]).startsWith("http://0.0.0.0:"), (String) s[0]);
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
        String err = Files.readString(tmp.resolve("serve-err-2.txt"));
        assertTrue(err.contains("warning") && err.contains("other machines"), err);
    }

    @Test
    void badArgumentsEndWithOneLine() {
        Launcher.Run r = Launcher.run("serve", measure.toString(), "--port", "70000");
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        Launcher.Run missing = Launcher.run("serve", tmp.resolve("nothing").toString(), "--port", "0");
        assertEquals(1, missing.status(), missing.err());
        assertEquals(List.of("cartography: " + tmp.resolve("nothing") + ": no such folder"), missing.errLines());
    }

    static final String PLUGIN_EXPLORER = """
            package echo.explorer;
            import java.net.URI;
            import org.latentcartography.core.spi.ExplorerProvider;
            public final class EchoExplorer implements ExplorerProvider {
                public String id() { return "echo"; }
                public String description() { return "test explorer: serves nothing, names its folders"; }
                public Server start(Settings s) {
                    URI uri = URI.create("http://echo.invalid/" + s.folders().size() + "-folders/");
                    return new Server() {
                        public URI uri() { return uri; }
                        public void close() { }
                    };
                }
            }
            """;

    /** An explorer compiled at test time into a plugin jar: listed, chosen with --explorer, started by serve. */
    @Test
    void anExplorerInAPluginJarIsFoundLikeEveryProvider() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("explorer-plugins"));
        Path src = Files.createDirectories(tmp.resolve("explorer-src/echo/explorer"));
        Files.writeString(src.resolve("EchoExplorer.java"), PLUGIN_EXPLORER);
        Path classes = tmp.resolve("explorer-classes");
        Path core;
        try (var s = Files.list(Launcher.ROOT.resolve("cli/target/lib"))) {
            core = s.filter(p -> p.getFileName().toString().startsWith("core-")).findFirst().orElseThrow();
        }
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        int rc = new ProcessBuilder(javac.toString(), "-d", classes.toString(), "-cp", core.toString(),
                src.resolve("EchoExplorer.java").toString()).inheritIO().start().waitFor();
        assertEquals(0, rc, "compiling the test explorer");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
                Files.newOutputStream(plugins.resolve("echo-explorer.jar")))) {
            try (var files = Files.list(classes.resolve("echo/explorer"))) { // the class and its anonymous server
                for (Path f : files.sorted().toList()) {
                    out.putNextEntry(new java.util.jar.JarEntry("echo/explorer/" + f.getFileName()));
                    out.write(Files.readAllBytes(f));
                }
            }
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/org.latentcartography.core.spi.ExplorerProvider"));
            out.write("echo.explorer.EchoExplorer\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Launcher.Run list = Launcher.run("plugins", "--plugins", plugins.toString());
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.contains("echo") && l.contains("test explorer")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.strip().startsWith("explorer ")), "the built-in one too: " + list.out());

        Object[] s = serve("--plugins", plugins.toString(), "--explorer", "echo");
        Process p = (Process) s[1];
        try {
            assertEquals("http://echo.invalid/3-folders/", s[0], () -> "the plugin's server started: "
                    + readQuietly(tmp.resolve("serve-err-4.txt")));
        } finally {
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        }
        // the built-in explorer stays the default beside a plugin's
        Object[] d = serve("--plugins", plugins.toString());
        Process q = (Process) d[1];
        try {
            assertTrue(((String) d[0]).matches("http://127\\.0\\.0\\.1:\\d+/"), "first line: " + d[0]);
        } finally {
            q.destroy();
            assertTrue(q.waitFor(20, TimeUnit.SECONDS));
        }
        Launcher.Run unknown = Launcher.run("serve", measure.toString(), "--port", "0", "--explorer", "nope");
        assertEquals(2, unknown.status(), unknown.err());
        assertEquals(List.of("cartography: --explorer nope: unknown explorer; known: explorer"), unknown.errLines());
    }

    static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(no " + p + ")";
        }
    }
}
