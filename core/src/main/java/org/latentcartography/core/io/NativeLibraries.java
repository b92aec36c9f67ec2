package org.latentcartography.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Native libraries shipped inside jars, extracted once into a cache folder instead of into a new
 * temporary folder by every process (which leaves a folder behind per run, and the libraries
 * themselves per killed run).
 *
 * <p>The cache is {@code $XDG_CACHE_HOME/latent-cartography/native} (else
 * {@code ~/.cache/latent-cartography/native}), or the folder of the system property
 * {@code cartography.nativeCache}. One sub-folder per jar (named by a hash of the jar's path,
 * size and time), filled through a temporary folder and an atomic rename, so that concurrent
 * processes share it safely.
 *
 * <p>Stability: experimental.
 */
public final class NativeLibraries {
    private NativeLibraries() {
    }

    /**
     * The platform in the naming of ONNX Runtime's jar: {@code linux-x64}, {@code linux-aarch64},
     * {@code osx-x64}, {@code osx-aarch64}, {@code win-x64}.
     *
     * @return the platform, or null when unknown
     */
    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }

    /**
     * Extracts the files of a jar's resource folder into the cache (once) and sets a system
     * property to that folder, unless the property is set already. Does nothing (and the library
     * falls back to its own loading) when the folder is not in a jar or the cache is not writable.
     *
     * @param anchor a class of the jar (not initialised by this call)
     * @param folder the resource folder, e.g. {@code ai/onnxruntime/native/linux-x64}
     * @param property the system property to set, e.g. {@code onnxruntime.native.path}
     * @return the folder the property names, or null
     */
    public static synchronized Path useCache(Class<?> anchor, String folder, String property) {
        String set = System.getProperty(property);
        if (set != null) {
            return Path.of(set);
        }
        try {
            URL url = anchor.getResource("/" + anchor.getName().replace('.', '/') + ".class");
            if (url == null || !"jar".equals(url.getProtocol())) {
                return null;
            }
            JarURLConnection c = (JarURLConnection) url.openConnection();
            c.setUseCaches(false);
            Path jar = Path.of(c.getJarFileURL().toURI());
            Path cache = cacheRoot();
            if (cache == null) {
                return null;
            }
            Path target = cache.resolve(hash(jar.toAbsolutePath() + " " + Files.size(jar) + " "
                    + Files.getLastModifiedTime(jar).toMillis() + " " + folder));
            if (!Files.isRegularFile(target.resolve(".complete"))) {
                extract(jar, folder, cache, target);
            }
            System.setProperty(property, target.toString());
            return target;
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return null;
        }
    }

    private static Path cacheRoot() {
        String explicit = System.getProperty("cartography.nativeCache");
        if (explicit != null) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home", "."), ".cache");
        return base.resolve("latent-cartography").resolve("native");
    }

    private static void extract(Path jar, String folder, Path cache, Path target) throws IOException {
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, ".extract-");
        try (JarFile jf = new JarFile(jar.toFile())) {
            String prefix = folder.endsWith("/") ? folder : folder + "/";
            int n = 0;
            for (JarEntry e : (Iterable<JarEntry>) jf.stream()::iterator) {
                String name = e.getName();
                if (e.isDirectory() || !name.startsWith(prefix) || name.substring(prefix.length()).contains("/")) {
                    continue;
                }
                try (InputStream in = jf.getInputStream(e)) {
                    Files.copy(in, tmp.resolve(name.substring(prefix.length())));
                }
                n++;
            }
            if (n == 0) {
                throw new IOException(jar + " has no files in " + folder);
            }
            Files.writeString(tmp.resolve(".complete"), jar + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException other) {
                // another process was first: its copy is as good
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } finally {
            if (Files.exists(tmp)) {
                try (var s = Files.walk(tmp)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        if (!Files.isRegularFile(target.resolve(".complete"))) {
            throw new IOException(target + " is incomplete");
        }
    }

    /**
     * Removes empty folders {@code prefix*} of the system's temporary folder older than a few
     * minutes: libraries that create a temporary folder per process (and delete it only when the
     * process ends normally) leave one per killed process.
     *
     * @param prefix the folders' name prefix, e.g. {@code onnxruntime-java}
     */
    public static void removeStaleTemporaryFolders(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long old = System.currentTimeMillis() - 10 * 60_000L;
        try (var s = Files.newDirectoryStream(tmp, prefix + "*")) {
            for (Path p : s) {
                try {
                    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p).toMillis() < old) {
                        Files.delete(p); // fails (and is left) unless empty
                    }
                } catch (IOException ignored) {
                    // not empty, not ours, or gone
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing to tidy
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
