package org.latentcartography.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.latentcartography.core.CartographyException;

/**
 * Writes files so that no reader ever sees a half-written one: the content goes to a temporary
 * file in the same folder, which is then renamed over the final name.
 *
 * <p>Stability: stable.
 */
public final class AtomicFiles {

    /** Writes content to a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream, buffered; do not close it
         * @throws IOException on failure
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * @param path the final name, never null
     * @param content writes the content
     * @throws CartographyException naming the file when writing fails; nothing is left behind
     */
    public static void write(Path path, Content content) {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // createFile (not createTempFile) so that the file gets the user's usual permissions
            tmp = dir.resolve("." + path.getFileName() + "." + Long.toHexString(System.nanoTime())
                    + Long.toHexString(Thread.currentThread().getId()) + ".tmp");
            Files.createFile(tmp);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new CartographyException(path + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary name is hidden and ends in .tmp
                }
            }
        }
    }

    /**
     * @param path the final name
     * @param text the text, written as UTF-8
     */
    public static void writeString(Path path, String text) {
        write(path, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
