package org.latentcartography.core.spi;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A browser front end over result folders ({@code cartography serve}): an HTTP server that shows a
 * measure, its density-equalising map and the embeddings, and decodes wherever the user points.
 * The command finds an implementation with {@link java.util.ServiceLoader} (module
 * {@code org.latentcartography.explorer}, id {@code explorer}), so it depends on no server module.
 *
 * <p>Thread-safety: {@link #start} may be called from any thread; the server it returns answers
 * requests on threads of its own and calls the generator concurrently (generators are thread-safe).
 *
 * <p>Stability: experimental.
 */
public interface ExplorerProvider extends Provider {

    /**
     * What to serve and where.
     *
     * @param folders result folders ({@code measure}, {@code transform} outputs) and model folders
     *     ({@code z.npy}, {@code labels.npy}, {@code categories.json}); at least one, never null
     * @param generator the decoder behind {@code /api/decode}, or null for none; the caller keeps
     *     it and closes it after the server
     * @param host the address to bind, never null, e.g. {@code 127.0.0.1}
     * @param port the port, 0 for a free one
     * @param allowRemote true when the user asked for {@code host} explicitly; a non-loopback
     *     address is refused without it
     * @param image the shape {H, W} of one decoded image, or null to take a square from the
     *     generator's output size
     * @param embeddings the original embeddings ({@code z.npy}), or null to find them in the folders
     * @param labels their labels, or null to find them beside the embeddings or in the folders
     * @param sampler a text decoder that samples (seeded), for the few samples shown beside the
     *     generator's greedy sentence, or null; the caller keeps and closes it
     */
    record Settings(List<Path> folders, Generator generator, String host, int port, boolean allowRemote, int[] image,
                    Path embeddings, Path labels, Generator sampler) {
        /**
         * Checks the parts.
         *
         * @param folders result and model folders, at least one, never null
         * @param generator the decoder, or null
         * @param host the address to bind, never null
         * @param port the port, 0 to 65535
         * @param allowRemote whether a non-loopback host was asked for explicitly
         * @param image {H, W}, or null
         * @param embeddings the embeddings file, or null
         * @param labels the labels file, or null
         * @param sampler a sampling text decoder, or null
         */
        public Settings {
            folders = List.copyOf(Objects.requireNonNull(folders, "folders"));
            Objects.requireNonNull(host, "host");
            if (folders.isEmpty()) {
                throw new IllegalArgumentException("no folders to serve");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
            }
            image = image == null ? null : image.clone();
        }
    }

    /** A running server; closing it stops it (idempotent). */
    interface Server extends AutoCloseable {
        /** @return the page's address, e.g. {@code http://127.0.0.1:8080/}, never null */
        URI uri();

        /** Stops answering and frees the port. */
        @Override
        void close();
    }

    /**
     * Reads the folders and starts serving.
     *
     * @param settings what to serve and where, never null
     * @return the running server, never null
     * @throws org.latentcartography.core.CartographyException naming the folder or file that cannot
     *     be served, or the address that cannot be bound
     * @throws org.latentcartography.core.UsageException for a non-loopback host without
     *     {@code allowRemote}
     */
    Server start(Settings settings);
}
