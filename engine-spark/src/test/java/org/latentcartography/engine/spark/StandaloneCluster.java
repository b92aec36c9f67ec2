package org.latentcartography.engine.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on loopback for tests: one master and one worker started as child
 * JVMs from the Maven-resolved class path, the way an installation runs them. A throw-away
 * SPARK_HOME holds Spark's jars only (what a cluster has installed); the toolkit's jars (ours,
 * ONNX Runtime, EJML, ...) are not there and must go with the job. {@link #close()} (and a
 * shutdown hook, should the test JVM die) stops the worker's executors, the worker and the master.
 */
final class StandaloneCluster implements AutoCloseable {
    /** Jars that are the toolkit's, not Spark's: they are shipped with the job, never installed. */
    static final Pattern TOOLKIT = Pattern.compile(
            ".*(/org/latentcartography/|/target/(lib/)?[^/]+\\.jar$|/onnxruntime-|/ejml-|/JTransforms-|/JLargeArrays-"
                    + "|/junit-|/opentest4j-|/apiguardian-).*");

    final String masterUrl;
    final List<String> toolkitJars;
    final Path work;
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll);

    private StandaloneCluster(String masterUrl, List<String> toolkitJars, Path work) {
        this.masterUrl = masterUrl;
        this.toolkitJars = toolkitJars;
        this.work = work;
    }

    static StandaloneCluster start(Path work, int cores) throws IOException, InterruptedException {
        Path home = work.resolve("spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        List<String> toolkit = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
                continue; // test-classes: not needed on executors
            }
            if (TOOLKIT.matcher(p.toString()).matches()) {
                if (!p.toString().contains("/junit-") && !p.toString().contains("/opentest4j-")
                        && !p.toString().contains("/apiguardian-")) {
                    toolkit.add(p.toString());
                }
            } else {
                Files.createSymbolicLink(jars.resolve(String.format("%03d-%s", n++, p.getFileName())), p);
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "spark://127.0.0.1:" + port;
        StandaloneCluster c = new StandaloneCluster(url, toolkit, work);
        Runtime.getRuntime().addShutdownHook(c.hook);
        boolean ok = false;
        try {
            Path masterLog = work.resolve("master.log");
            c.spawn(home, "org.apache.spark.deploy.master.Master", masterLog,
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0");
            c.await(masterLog, "I have been elected leader", 120);
            Path workerLog = work.resolve("worker.log");
            Files.createDirectories(work.resolve("worker"));
            c.spawn(home, "org.apache.spark.deploy.worker.Worker", workerLog, url, "--host", "127.0.0.1",
                    "--webui-port", "0", "--cores", Integer.toString(cores), "--memory", "3g",
                    "--work-dir", work.resolve("worker").toString());
            c.await(workerLog, "Successfully registered with master", 120);
            ok = true;
            return c;
        } finally {
            if (!ok) {
                c.close();
            }
        }
    }

    private void spawn(Path home, String mainClass, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(List.of(System.getProperty("spark.addOpens", "").split(" ")));
        cmd.removeIf(String::isBlank);
        cmd.add("-cp");
        cmd.add(home.resolve("jars") + File.separator + "*");
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.remove("SPARK_CONF_DIR");
        processes.add(pb.start());
    }

    private void await(Path log, String line, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a Spark daemon died; see " + log + ":\n" + tail(log));
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no '" + line + "' in " + log + " after " + seconds + " s:\n" + tail(log));
    }

    static String tail(Path log) {
        try {
            String s = Files.exists(log) ? Files.readString(log) : "";
            return s.substring(Math.max(0, s.length() - 4000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the executors' logs (stderr) under the worker's work folder */
    String executorLogs() {
        StringBuilder sb = new StringBuilder();
        try (var walk = Files.walk(work.resolve("worker"))) {
            walk.filter(p -> p.getFileName().toString().equals("stderr")).forEach(p -> sb.append(p).append(":\n")
                    .append(tail(p)).append('\n'));
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    private synchronized void stopAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
