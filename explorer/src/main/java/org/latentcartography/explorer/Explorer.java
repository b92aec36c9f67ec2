package org.latentcartography.explorer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.ExplorerProvider;

/**
 * The explorer (id {@code explorer}): serves result folders and a bundled page over HTTP/1.1
 * ({@link Http1Server}, handing {@code jdk.httpserver} exchanges to {@link Api}). Found by
 * {@code cartography serve} through the core SPI.
 */
public final class Explorer implements ExplorerProvider {
    /**
     * Connections served at once, a thread each (a decoding request waits for its batch on it);
     * more are answered 503.
     */
    static final int MAX_CONNECTIONS = 128;

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
        Http1Server http;
        try {
            http = new Http1Server(address, settings.port(), api, MAX_CONNECTIONS);
        } catch (IOException e) {
            if (decoder != null) {
                decoder.close();
            }
            throw new CartographyException("cannot listen on " + settings.host() + ":" + settings.port() + " ("
                    + e.getMessage() + ")", e);
        }
        int port = http.port();
        api.port(port);
        http.start();
        String h = address.getHostAddress();
        URI uri = URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + "/");
        return new Running(uri, http, decoder);
    }

    private static final class Running implements Server {
        private final URI uri;
        private final Http1Server http;
        private final Decoder decoder;
        private final AtomicBoolean closed = new AtomicBoolean();

        Running(URI uri, Http1Server http, Decoder decoder) {
            this.uri = uri;
            this.http = http;
            this.decoder = decoder;
        }

        @Override
        public URI uri() {
            return uri;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                http.close();
                if (decoder != null) {
                    decoder.close();
                }
            }
        }
    }
}
