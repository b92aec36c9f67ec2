import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Assembles a self-contained distribution of the cartography command (run by the distribution
 * module's build; see its pom.xml):
 * <pre>
 *   OUT/bin/cartography   launcher: runtime/bin/java -p lib -m org.latentcartography.cli/...
 *   OUT/runtime/          a Java runtime trimmed by jlink to the JDK modules the chosen jars need
 *   OUT/lib/              core, cli, the chosen plugin modules and the libraries they need
 *   OUT/plugins/          empty: drop plugin jars here
 *   OUT/models/           the shipped models, mnist and text (with every module, or models=true)
 *   OUT/modules.txt       what went in
 * </pre>
 * Arguments, as key=value: {@code lib=} folder of every runtime jar (cli's dependencies),
 * {@code cwd=} the folder a relative {@code out=} is resolved against,
 * {@code modules=} {@code all} or a comma list of artifact ids or module names (core and cli are
 * always in), {@code out=}, {@code launcher=} the launcher script, {@code models=} auto|true|false
 * and {@code modelsDir=}, {@code jdkModules=} extra JDK modules for plugins, {@code natives=}
 * {@code host} (keep only this platform's ONNX Runtime libraries: the runtime is this platform's
 * anyway) or {@code all}, {@code compress=} jlink's compression, 2 (default, zip) or 0 (faster),
 * {@code strip=} true (default) or false: whether jlink strips debug attributes (slower, smaller).
 */
public final class Assemble {
    private static final String PREFIX = "org.latentcartography.";
    private static final List<String> ALWAYS = List.of(PREFIX + "core", PREFIX + "cli");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        Path lib = Path.of(a.get("lib"));
        // a relative out= is taken from where mvn was run (cwd=), not from this module's folder
        Path out = Path.of(a.getOrDefault("cwd", ".")).resolve(a.get("out")).toAbsolutePath().normalize();
        long t0 = System.nanoTime();

        // every jar, by module name (automatic modules get their derived names)
        Map<String, Path> jarOf = new LinkedHashMap<>();
        Map<String, String> artifactOf = new LinkedHashMap<>();
        List<Path> jars;
        try (Stream<Path> s = Files.list(lib)) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
        for (Path jar : jars) {
            for (ModuleReference r : ModuleFinder.of(jar).findAll()) {
                String name = r.descriptor().name();
                jarOf.put(name, jar);
                artifactOf.put(name, jar.getFileName().toString().replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", ""));
            }
        }
        TreeSet<String> projectModules = jarOf.keySet().stream().filter(n -> n.startsWith(PREFIX) && !ALWAYS.contains(n))
                .collect(Collectors.toCollection(TreeSet::new));

        // the chosen modules, by artifact id or module name
        List<String> roots = new ArrayList<>(ALWAYS);
        String modules = a.getOrDefault("modules", "all").trim();
        boolean all = modules.isEmpty() || modules.equals("all");
        if (all) {
            roots.addAll(projectModules);
        } else {
            for (String m : modules.split(",")) {
                String want = m.trim();
                String found = projectModules.stream()
                        .filter(n -> n.equals(want) || artifactOf.get(n).equals(want) || n.equals(PREFIX + want))
                        .findFirst().orElse(null);
                if (found == null && !ALWAYS.contains(want) && !List.of("core", "cli").contains(want)) {
                    fail("unknown module '" + want + "' in dist.modules; known: "
                            + projectModules.stream().map(artifactOf::get).collect(Collectors.joining(", ")));
                }
                if (found != null && !roots.contains(found)) {
                    roots.add(found);
                }
            }
        }

        // the jars the chosen modules need: named modules through their requires; automatic
        // modules (libraries without module-info) declare nothing, so jdeps says what they use
        Map<String, List<String>> jdepsEdges = jdepsSummary(jars);
        TreeSet<String> jdk = new TreeSet<>();
        java.util.LinkedHashSet<Path> chosen = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.poll();
            Path jar = jarOf.get(name);
            if (jar == null) {
                if (ModuleFinder.ofSystem().find(name).isPresent()) {
                    jdk.add(name);
                    continue;
                }
                fail("module " + name + " is needed but neither in " + lib + " nor in the JDK");
            }
            if (!chosen.add(jar)) {
                continue;
            }
            ModuleDescriptor d = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
            if (d.isAutomatic()) {
                for (String dep : jdepsEdges.getOrDefault(jar.getFileName().toString(), List.of())) {
                    Path depJar = lib.resolve(dep);
                    if (dep.endsWith(".jar") && Files.isRegularFile(depJar)) {
                        todo.add(ModuleFinder.of(depJar).findAll().iterator().next().descriptor().name());
                    } else if (ModuleFinder.ofSystem().find(dep).isPresent()) {
                        jdk.add(dep);
                    }
                }
            } else {
                d.requires().stream().filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                        .forEach(r -> todo.add(r.name()));
            }
        }
        List<Path> chosenJars = new ArrayList<>(chosen);
        // the JDK modules the named ones need, with what they require in turn (jlink adds those too)
        Configuration cf = Configuration.resolve(ModuleFinder.ofSystem(), List.of(Configuration.empty()),
                ModuleFinder.of(chosenJars.toArray(Path[]::new)), roots);
        for (ResolvedModule m : cf.modules()) {
            if (!jarOf.containsKey(m.name())) {
                jdk.add(m.name());
            }
        }
        for (String m : a.getOrDefault("jdkModules", "").split(",")) {
            if (!m.isBlank()) {
                jdk.add(m.strip());
            }
        }

        deleteTree(out);
        Files.createDirectories(out);
        List<String> jlink = new ArrayList<>(List.of("--add-modules", String.join(",", jdk), "--output",
                out.resolve("runtime").toString(), "--no-man-pages", "--no-header-files",
                "--compress=" + a.getOrDefault("compress", "2")));
        if (!a.getOrDefault("strip", "true").equals("false")) {
            jlink.add("--strip-debug");
        }
        tool("jlink", jlink);

        Path outLib = Files.createDirectories(out.resolve("lib"));
        boolean hostNatives = !a.getOrDefault("natives", "host").equals("all");
        for (Path jar : chosenJars) {
            Path target = outLib.resolve(jar.getFileName());
            if (hostNatives && jar.getFileName().toString().startsWith("onnxruntime")) {
                keepHostNatives(jar, target, outLib.resolve("native"));
            } else {
                Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createDirectories(out.resolve("plugins"));
        Path bin = Files.createDirectories(out.resolve("bin"));
        Path launcher = bin.resolve("cartography");
        Files.copy(Path.of(a.get("launcher")), launcher, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        String models = a.getOrDefault("models", "auto");
        boolean withModels = models.equals("true") || (models.equals("auto") && all);
        if (withModels && a.containsKey("modelsDir")) {
            copyTree(Path.of(a.get("modelsDir")), out.resolve("models"));
        }

        makeClassDataArchive(launcher);

        List<String> lines = new ArrayList<>();
        lines.add("# Latent Cartography distribution: modules=" + (all ? "all" : modules));
        lines.add("project modules: " + String.join(", ", roots));
        lines.add("lib: " + chosenJars.stream().map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(", ")));
        lines.add("runtime (jlink): " + String.join(", ", jdk));
        lines.add("models: " + (withModels ? "models (mnist, text)" : "none"));
        Files.write(out.resolve("modules.txt"), lines);
        System.out.printf(Locale.ROOT, "assembled %s (%s) in %.1f s: %d jars, %d JDK modules%n", out,
                all ? "all modules" : String.join(",", roots), (System.nanoTime() - t0) / 1e9, chosenJars.size(), jdk.size());
    }

    /**
     * Makes the class-data sharing archives the launcher maps: {@code lib/cds} for its class-path
     * launch (no plugin jars) and {@code lib/cds/module-path} for its module-path launch (plugin
     * jars), each for the quick commands and in {@code full/} for the others, by running the
     * launcher once for each with {@code CARTOGRAPHY_CDS=wait}: an archive
     * must be made by the distribution's own runtime, on its own class or module path. A failure
     * only costs start-up time (the launcher makes the archive later), so it is reported and the
     * assembly goes on.
     */
    private static void makeClassDataArchive(Path launcher) throws IOException, InterruptedException {
        Path cds = launcher.getParent().getParent().resolve("lib").resolve("cds");
        for (String mode : List.of("class-path", "module-path")) {
            // --version: the quick commands' archive; measure --help: the others' (full)
            for (String command : List.of("--version", "measure")) {
                List<String> cmd = new ArrayList<>(List.of("bash", launcher.toString(), command));
                if (!command.startsWith("-")) {
                    cmd.add("--help");
                }
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                pb.environment().put("CARTOGRAPHY_CDS", "wait");
                pb.environment().put("CARTOGRAPHY_LAUNCH", mode);
                Process p = pb.start();
                String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                int rc = p.waitFor();
                Path folder = mode.equals("class-path") ? cds : cds.resolve(mode);
                Path archive = (command.startsWith("-") ? folder : folder.resolve("full")).resolve("cartography.jsa");
                if (rc != 0 || !Files.isRegularFile(archive)) {
                    System.out.println("warning: no class-data sharing archive made for the " + mode + " launch of "
                            + command + " (the launcher makes it at its first run): " + output.strip());
                }
            }
        }
    }

    /** @return for each jar of the folder, what jdeps says it depends on (jar file names and JDK modules) */
    private static Map<String, List<String>> jdepsSummary(List<Path> jars) {
        List<String> args = new ArrayList<>(List.of("-s", "--multi-release", "17", "-cp",
                jars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
        for (Path jar : jars) {
            if (ModuleFinder.of(jar).findAll().iterator().next().descriptor().isAutomatic()) {
                args.add(jar.toString());
            }
        }
        Map<String, List<String>> edges = new LinkedHashMap<>();
        if (args.size() == 5) {
            return edges;
        }
        for (String line : tool("jdeps", args).split("\\R")) {
            String[] parts = line.split(" -> ");
            if (parts.length == 2) {
                edges.computeIfAbsent(parts[0].strip(), k -> new ArrayList<>()).add(parts[1].strip());
            }
        }
        return edges;
    }

    /**
     * Copies an ONNX Runtime jar without its native libraries, and puts this platform's in
     * {@code nativeDir}.
     */
    private static void keepHostNatives(Path jar, Path target, Path nativeDir) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String platform = (os.contains("win") ? "win" : os.contains("mac") ? "osx" : "linux") + "-"
                + (arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch);
        String natives = "ai/onnxruntime/native/";
        try (ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                String n = e.getName();
                if (n.startsWith(natives) && n.length() > natives.length()) {
                    // this platform's libraries go to lib/native, where the launcher points ONNX
                    // Runtime (onnxruntime.native.path): loaded in place, never extracted
                    String mine = natives + platform + "/";
                    String file = n.startsWith(mine) ? n.substring(mine.length()) : "";
                    if (!file.isEmpty() && !e.isDirectory() && !file.contains("/")) {
                        Files.createDirectories(nativeDir);
                        try (InputStream is = in.getInputStream(e)) {
                            Files.copy(is, nativeDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                    continue;
                }
                zout.putNextEntry(new ZipEntry(n));
                try (InputStream is = in.getInputStream(e)) {
                    is.transferTo(zout);
                }
                zout.closeEntry();
            }
        }
    }

    private static String tool(String name, List<String> args) {
        ToolProvider t = ToolProvider.findFirst(name).orElseThrow(() -> new IllegalStateException(
                name + " not found: build the distribution with a full JDK 17 (JAVA_HOME)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = t.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        if (rc != 0) {
            fail(name + " failed (" + rc + "): " + err + out);
        }
        return out.toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    private static void fail(String message) {
        System.err.println("assemble: " + message);
        System.exit(1);
    }

    private Assemble() {
    }
}
