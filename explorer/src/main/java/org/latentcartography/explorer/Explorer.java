package org.latentcartography.explorer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.ExplorerProvider;

/**
 * The explorer (id {@code explorer}): serves result folders and a bundled page with the JDK's
 * {@link HttpServer}. Found by {@code cartography serve} through the core SPI.
 */
public final class Explorer implements ExplorerProvider {
    /** Threads answering requests (decoding requests wait for their batch on them). */
    static final int REQUEST_THREADS = 32;

    /** For the service loader. */
    public Explorer() {
    }

    @Override
    public String id() {
        return "explorer";
    }

    @Override
    public String description() {
        return "the browser explorer of cartography serve: measure, map, embeddings, decoding and paths over HTTP";
    }

    @Override
    public Server start(Settings settings) {
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.host());
        } catch (UnknownHostException e) {
            throw new UsageException("host " + settings.host() + ": unknown address");
        }
        boolean loopback = address.isLoopbackAddress();
        if (!loopback && !settings.allowRemote()) {
            throw new UsageException("refusing to bind " + settings.host() + ": not a loopback address, and other "
                    + "machines were not explicitly allowed to connect");
        }
        Workspace ws = Workspace.read(settings);
        Decoder decoder = settings.generator() == null ? null
                : new Decoder(settings.generator(), settings.sampler(), settings.image(), ws.grid().dimension());
        Api api = new Api(ws, decoder, loopback);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(address, settings.port()), 64);
        } catch (IOException e) {
            if (decoder != null) {
                decoder.close();
            }
            throw new CartographyException("cannot listen on " + settings.host() + ":" + settings.port() + " ("
                    + e.getMessage() + ")", e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(REQUEST_THREADS, r -> {
            Thread t = new Thread(r, "explorer-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        http.createContext("/", api);
        int port = http.getAddress().getPort();
        api.port(port);
        http.start();
        String h = address.getHostAddress();
        URI uri = URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + "/");
        return new Running(uri, http, pool, decoder);
    }

    private static final class Running implements Server {
        private final URI uri;
        private final HttpServer http;
        private final ExecutorService pool;
        private final Decoder decoder;
        private final AtomicBoolean closed = new AtomicBoolean();

        Running(URI uri, HttpServer http, ExecutorService pool, Decoder decoder) {
            this.uri = uri;
            this.http = http;
            this.pool = pool;
            this.decoder = decoder;
        }

        @Override
        public URI uri() {
            return uri;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                http.stop(0);
                if (decoder != null) {
                    decoder.close();
                }
                pool.shutdownNow();
            }
        }
    }
}
