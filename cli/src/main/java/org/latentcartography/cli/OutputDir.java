package org.latentcartography.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;

/**
 * An output folder, owned by one run at a time.
 *
 * <ul>
 * <li>A lock file ({@value #LOCK}, holding the owner's pid) with an operating-system lock on it
 *     is held from {@link #open} to {@link #close}: a second run on the folder is refused with one
 *     line naming the owner. The system releases the lock when its process dies, so the lock file
 *     of a killed run is taken over by the next.</li>
 * <li>Results are written to a staging folder inside it ({@link #resolve}) and moved into place by
 *     {@link #commit}, which also removes the files of the command's vocabulary that this run did
 *     not write (so {@code --force} replaces the folder's results as a whole).</li>
 * <li>A run that fails, or is interrupted, removes only what it wrote: its staging folder, its lock
 *     file, and the folders it created, when they are empty (a checkpoint keeps its folder).</li>
 * </ul>
 */
public final class OutputDir implements AutoCloseable {
    static final String LOCK = ".cartography.lock";
    private static final String STAGING = ".cartography-staging-";

    private final Path dir;
    private final List<Path> created = new ArrayList<>();
    private final Set<String> vocabulary;
    private final Path staging;
    private FileChannel lockChannel;
    private FileLock lock;
    private final Set<String> written = new LinkedHashSet<>();
    private final Thread hook;
    private Runnable onInterrupt;
    private boolean committed;
    private boolean closed;

    private OutputDir(Path dir, Set<String> vocabulary) {
        this.dir = dir;
        this.vocabulary = vocabulary;
        this.staging = dir.resolve(STAGING + ProcessHandle.current().pid());
        this.hook = new Thread(this::interrupted, "cartography-out-cleanup");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            throw new CartographyException("--out " + dir + ": interrupted");
        }
    }

    /**
     * @param dir the folder
     * @param outputs every file the command may write there (its vocabulary): refused without
     *     force when one exists; with force, those this run does not write are removed on commit
     * @param force overwrite existing outputs
     * @return the open folder, locked by this run
     */
    public static OutputDir open(Path dir, List<String> outputs, boolean force) {
        if (dir.toString().isEmpty()) {
            throw new UsageException("--out: the folder name is empty");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out " + dir + ": exists and is not a folder");
        }
        OutputDir od = new OutputDir(dir, new LinkedHashSet<>(outputs));
        try {
            od.acquire();
            if (!force) {
                for (String o : outputs) {
                    if (Files.exists(dir.resolve(o))) {
                        throw new UsageException("--out " + dir + ": already holds " + o + "; use --force to overwrite");
                    }
                }
            }
            od.removeStaleStaging();
        } catch (RuntimeException e) {
            od.close();
            throw e;
        }
        return od;
    }

    /** Creates the folder (recording which folders it made, so that a failure removes them) and locks it. */
    private synchronized void acquire() {
        if (closed) {
            throw new CartographyException("--out " + dir + ": interrupted");
        }
        createDirectories();
        Path lockFile = dir.resolve(LOCK);
        String pid = Long.toString(ProcessHandle.current().pid());
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = null;
            try {
                ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l == null) {
                    throw inUse(dir);
                }
                ch.truncate(0);
                ch.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(false);
                // the lock is ours if the file under that name is the one we locked: its owner may
                // have removed it (and another run made a new one) between our open and our lock
                String there;
                try {
                    there = Files.readString(lockFile).strip();
                } catch (NoSuchFileException e) {
                    there = "";
                }
                if (there.equals(pid)) {
                    lockChannel = ch;
                    lock = l;
                    return;
                }
                l.release();
                closeQuietly(ch);
                if (attempt >= 3) {
                    throw inUse(dir);
                }
            } catch (IOException e) {
                closeQuietly(ch);
                throw new CartographyException("--out " + dir + ": cannot lock (" + e.getMessage() + ")", e);
            } catch (RuntimeException e) {
                closeQuietly(ch);
                throw e;
            }
        }
    }

    /**
     * Refuses a folder whose lock file names a live process other than this one; a cheap check
     * (it takes no lock) for commands that look into the folder before opening it.
     */
    static void refuseIfInUse(Path dir) {
        String pid;
        try {
            pid = Files.readString(dir.resolve(LOCK)).strip();
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (!pid.matches("\\d{1,18}") || Long.parseLong(pid) == ProcessHandle.current().pid()) {
            return;
        }
        boolean live = ProcessHandle.of(Long.parseLong(pid))
                .filter(ProcessHandle::isAlive)
                .map(h -> h.info().command().map(c -> c.contains("java")).orElse(true))
                .orElse(false);
        if (live) {
            throw inUse(dir);
        }
    }

    private static CartographyException inUse(Path dir) {
        String pid;
        try {
            pid = Files.readString(dir.resolve(LOCK)).strip();
        } catch (IOException | RuntimeException e) {
            pid = "";
        }
        return new CartographyException("--out " + dir + ": in use by another cartography run ("
                + (pid.matches("\\d{1,19}") ? "pid " + pid + ", " : "") + "lock file " + dir.resolve(LOCK)
                + "); wait for it to end or choose another folder");
    }

    /** Creates the folder and its missing parents, recording those it made, outermost first. */
    private void createDirectories() {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        try {
            for (Path p : missing) {
                try {
                    Files.createDirectory(p);
                    created.add(p);
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(p)) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new CartographyException("--out " + dir + ": cannot create (" + e.getMessage() + ")", e);
        }
    }

    /** Removes the folders a run created, innermost first, as long as they are empty. */
    private static void removeCreated(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing releases the lock
            }
        }
    }

    /** Staging folders of killed runs: this run holds the lock, so no other run uses them. */
    private void removeStaleStaging() {
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().startsWith(STAGING)) {
                    deleteTree(p);
                }
            }
        } catch (IOException ignored) {
            // they are hidden and harmless
        }
    }

    /** @return where to write the result file {@code name}; it is moved into the folder by {@link #commit} */
    public synchronized Path resolve(String name) {
        if (closed) {
            throw new CartographyException("--out " + dir + ": interrupted");
        }
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new CartographyException("--out " + dir + ": cannot write (" + e.getMessage() + ")", e);
        }
        written.add(name);
        return staging.resolve(name);
    }

    /** @return the output folder (results appear there on {@link #commit}) */
    public Path path() {
        return dir;
    }

    /**
     * For writers that write several files into one folder (e.g. {@code MeasureResult.write}).
     *
     * @param names the files the writer will write there
     * @return the folder to write them into; they are moved into the output folder by {@link #commit}
     */
    public synchronized Path stage(List<String> names) {
        Path folder = null;
        for (String name : names) {
            folder = resolve(name).getParent();
        }
        return folder != null ? folder : staging;
    }

    /** Runs {@code action} (e.g. saving a checkpoint) if the run is interrupted before commit, before cleaning up. */
    synchronized void onInterrupt(Runnable action) {
        this.onInterrupt = action;
    }

    /**
     * Marks the run as successful: moves its results into the folder and removes the files of the
     * command's vocabulary that it did not write.
     */
    public synchronized void commit() {
        if (closed) {
            throw new CartographyException("--out " + dir + ": interrupted");
        }
        try {
            for (String name : written) {
                Path from = staging.resolve(name);
                if (!Files.exists(from)) {
                    continue;
                }
                try {
                    Files.move(from, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(from, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String name : vocabulary) {
                if (!written.contains(name)) {
                    Files.deleteIfExists(dir.resolve(name));
                }
            }
            deleteTree(staging);
        } catch (IOException e) {
            throw new CartographyException("--out " + dir + ": cannot move the results into place (" + e.getMessage() + ")", e);
        }
        committed = true;
    }

    private synchronized void interrupted() {
        if (closed) {
            return;
        }
        if (!committed && onInterrupt != null) {
            onInterrupt.run();
        }
        release();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook cleans up
        }
        release();
    }

    /** Removes what a failed run wrote (its staging folder, its empty folders), and the lock. */
    private void release() {
        closed = true;
        if (!committed) {
            deleteTree(staging);
        }
        if (lock != null) {
            try {
                Files.deleteIfExists(dir.resolve(LOCK));
            } catch (IOException ignored) {
                // a lock file without a lock is taken over by the next run
            }
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(lockChannel);
        }
        if (!committed) {
            removeCreated(created);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort: hidden, removed by the next run on the folder
        }
    }
}
