package org.latentcartography.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;

/**
 * An output folder: refuses to overwrite earlier results unless forced, and removes itself again
 * when it was created by a run that failed, so that a failed run leaves nothing behind.
 */
public final class OutputDir implements AutoCloseable {
    private final Path dir;
    private final boolean created;
    private boolean committed;

    private OutputDir(Path dir, boolean created) {
        this.dir = dir;
        this.created = created;
    }

    /**
     * @param dir the folder
     * @param outputs the files the command writes there
     * @param force overwrite existing outputs
     * @return the open folder
     */
    public static OutputDir open(Path dir, List<String> outputs, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out " + dir + ": exists and is not a folder");
        }
        boolean created = !Files.exists(dir);
        if (!created && !force) {
            for (String o : outputs) {
                if (Files.exists(dir.resolve(o))) {
                    throw new UsageException("--out " + dir + ": already holds " + o + "; use --force to overwrite");
                }
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CartographyException("--out " + dir + ": cannot create (" + e.getMessage() + ")", e);
        }
        return new OutputDir(dir, created);
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    public Path path() {
        return dir;
    }

    /** Marks the run as successful: the folder stays. */
    public void commit() {
        committed = true;
    }

    @Override
    public void close() {
        // a failed run that saved a checkpoint keeps it (and its folder) for --resume
        if (!committed && created && !CheckpointFiles.exists(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // best effort cleanup after a failure
            }
        }
    }
}
