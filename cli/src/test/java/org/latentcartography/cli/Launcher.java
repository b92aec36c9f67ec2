package org.latentcartography.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code cartography} launcher at the repository root, as a user would. */
final class Launcher {
    static final Path ROOT = Path.of(System.getProperty("cartography.root", "..")).toAbsolutePath().normalize();
    static final Path IT_PLUGINS = Path.of(System.getProperty("cartography.itPlugins", "target/it-plugins")).toAbsolutePath();

    record Run(int status, String out, String err) {
        /** @return the standard error's lines */
        List<String> errLines() {
            return err.isBlank() ? List.of() : List.of(err.strip().split("\n"));
        }
    }

    private Launcher() {
    }

    static Run run(String... args) {
        return run(Map.of(), args);
    }

    static Run run(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(ROOT.resolve("cartography").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().remove("CARTOGRAPHY_PLUGINS");
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            var out = p.getInputStream();
            var err = p.getErrorStream();
            // read both streams fully; the outputs are small
            StringBuilder eb = new StringBuilder();
            Thread t = new Thread(() -> {
                try {
                    eb.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            t.start();
            String o = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cartography " + String.join(" ", args) + " did not finish in 300 s");
            }
            t.join();
            return new Run(p.exitValue(), o, eb.toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
