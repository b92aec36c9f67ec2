package org.latentcartography.explorer;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 server (one thread per connection, keep-alive, fixed-length bodies) that hands
 * each request to an {@link HttpHandler} as an {@link HttpExchange}, the types of the JDK's
 * {@code jdk.httpserver}.
 *
 * <p>Why not the JDK's {@code HttpServer} itself: it answers a request whose target is not a URI
 * ({@code GET /%zz}), a malformed request line and a few other framing errors with an HTML page of
 * its own before any handler runs, and has no hook to change that. Here every such request gets a
 * 4xx (or 5xx) status and the one-line JSON body of every other refusal, and the connection is
 * closed: a malformed request line, a target that is not an origin-form URI (400), headers over
 * {@value #MAX_HEADER_BYTES} bytes or {@value #MAX_HEADERS} lines (431), a request line over
 * {@link Api#MAX_URI} characters (414), a body without a Content-Length (411), an unsupported HTTP
 * version (505), more connections than {@code maxConnections} (503).
 */
final class Http1Server implements Closeable {
    /** Most bytes of the header lines of one request. */
    static final int MAX_HEADER_BYTES = 32 * 1024;
    /** Most header lines of one request. */
    static final int MAX_HEADERS = 100;
    /** An idle keep-alive connection, or a client that stops sending mid-request, is closed after this. */
    static final int IDLE_MILLIS = 30_000;
    /** Unread request body bytes skipped to keep a connection alive; more and it is closed. */
    static final long DRAIN_LIMIT = 64 * 1024;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(400, "Bad Request"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(409, "Conflict"), Map.entry(411, "Length Required"), Map.entry(413, "Content Too Large"),
            Map.entry(414, "URI Too Long"), Map.entry(421, "Misdirected Request"), Map.entry(422, "Unprocessable Content"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    private final ServerSocket socket;
    private final HttpHandler handler;
    private final ThreadPoolExecutor pool;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Binds (but does not yet accept).
     *
     * @param address the address, never null
     * @param port the port, 0 for a free one
     * @param handler answers every request
     * @param maxConnections most connections served at once; more are answered 503 and closed
     * @throws IOException when the address cannot be bound
     */
    Http1Server(InetAddress address, int port, HttpHandler handler, int maxConnections) throws IOException {
        this.handler = handler;
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address, port), 128);
        this.pool = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "explorer-http");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "explorer-accept");
        acceptor.setDaemon(true);
    }

    /** @return the bound port */
    int port() {
        return socket.getLocalPort();
    }

    /** Starts accepting connections. */
    void start() {
        acceptor.start();
    }

    /** Stops accepting, closes every connection (idempotent). */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            quietly(s);
        }
        pool.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            open.add(s);
            try {
                pool.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                try {
                    s.setSoTimeout(1000);
                    OutputStream out = s.getOutputStream();
                    refuse(out, 503, "too many connections at once; try again");
                    out.flush();
                } catch (IOException ignored) {
                    // the client is gone
                } finally {
                    open.remove(s);
                    quietly(s);
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(IDLE_MILLIS);
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16384);
            while (!closed && exchange(s, in, out)) {
                // next request on this connection
            }
            out.flush();
            lingeringClose(s, in);
        } catch (SocketTimeoutException | SocketException e) {
            // idle or gone
        } catch (IOException e) {
            // the client went away mid-request
        } finally {
            open.remove(s);
        }
    }

    /** Reads and answers one request; false when the connection is to be closed. */
    private boolean exchange(Socket s, InputStream in, OutputStream out) throws IOException {
        String line;
        try {
            line = readLine(in, Api.MAX_URI + 64, true);
            if (line != null && line.isEmpty()) {
                line = readLine(in, Api.MAX_URI + 64, true); // one empty line may precede a request
            }
        } catch (TooLong e) {
            refuse(out, 414, "the request line is longer than " + Api.MAX_URI + " characters");
            return false;
        }
        if (line == null) {
            return false;
        }
        String[] part = line.split(" ", -1);
        if (part.length != 3 || !TOKEN.matcher(part[0]).matches() || part[1].isEmpty()) {
            refuse(out, 400, "malformed request line '" + printable(line) + "'; give METHOD /PATH HTTP/1.1");
            return false;
        }
        String method = part[0];
        String target = part[1];
        String version = part[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            refuse(out, version.startsWith("HTTP/") ? 505 : 400, "unsupported protocol '" + printable(version)
                    + "'; speak HTTP/1.1");
            return false;
        }
        Headers headers = new Headers();
        int bytes = 0;
        int count = 0;
        while (true) {
            String h;
            try {
                h = readLine(in, MAX_HEADER_BYTES - bytes, false);
            } catch (TooLong e) {
                refuse(out, 431, "request headers over " + MAX_HEADER_BYTES + " bytes");
                return false;
            }
            if (h == null) {
                return false;
            }
            if (h.isEmpty()) {
                break;
            }
            bytes += h.length() + 2;
            if (++count > MAX_HEADERS) {
                refuse(out, 431, "more than " + MAX_HEADERS + " request headers");
                return false;
            }
            int colon = h.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(h.substring(0, colon)).matches()) {
                refuse(out, 400, "malformed request header '" + printable(h) + "'");
                return false;
            }
            headers.add(h.substring(0, colon), h.substring(colon + 1).strip());
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            refuse(out, 400, "the request target '" + printable(target) + "' is not a valid URI (" + e.getReason()
                    + " at index " + e.getIndex() + ")");
            return false;
        }
        if (!target.startsWith("/") || uri.getRawPath() == null) {
            refuse(out, 400, "the request target '" + printable(target) + "' is not a path; give /PATH?QUERY");
            return false;
        }
        if (headers.containsKey("Transfer-Encoding")) {
            refuse(out, 411, "chunked or encoded request bodies are not accepted; send a Content-Length");
            return false;
        }
        long length = 0;
        List<String> cl = headers.get("Content-Length");
        if (cl != null) {
            if (cl.size() != 1 || !cl.get(0).matches("\\d{1,18}")) {
                refuse(out, 400, "malformed Content-Length " + printable(String.join(", ", cl)));
                return false;
            }
            length = Long.parseLong(cl.get(0));
        }
        String connection = String.valueOf(headers.getFirst("Connection")).toLowerCase(Locale.ROOT);
        boolean keepAlive = version.equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
        Exchange ex = new Exchange(s, method, uri, version, headers, new BoundedInput(in, length), out);
        try {
            handler.handle(ex);
        } catch (RuntimeException e) {
            if (!ex.sent) {
                ex.abort(500, "internal error: " + e);
            }
            return false;
        }
        if (!ex.sent) {
            ex.abort(500, "internal error: no response");
            return false;
        }
        ex.finish();
        if (!keepAlive || ex.closeAfter) {
            return false;
        }
        long left = ex.body.remaining();
        if (left > DRAIN_LIMIT) {
            return false;
        }
        return ex.body.skipRest();
    }

    /**
     * One line without its CR LF, ISO-8859-1; null at the end of the stream before any byte.
     *
     * @throws TooLong over {@code max} characters
     */
    private static String readLine(InputStream in, int max, boolean first) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(first ? 128 : 64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.size();
                byte[] a = b.toByteArray();
                return new String(a, 0, n > 0 && a[n - 1] == '\r' ? n - 1 : n, StandardCharsets.ISO_8859_1);
            }
            if (b.size() >= max) {
                throw new TooLong();
            }
            b.write(c);
        }
        if (b.size() == 0) {
            return null;
        }
        throw new SocketException("connection closed mid-line");
    }

    private static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? '?' : c);
            if (b.length() > 60) {
                return b.substring(0, 57) + "...";
            }
        }
        return b.toString();
    }

    /** Writes a one-line JSON refusal that closes the connection. */
    private static void refuse(OutputStream out, int status, String message) throws IOException {
        byte[] body = Api.errorBody(message);
        String head = "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Error") + "\r\n"
                + "Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n"
                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /**
     * Ends the connection gently: our side is finished (FIN), and what the client still sends is
     * read and dropped for a moment, so that closing with unread bytes (a refused request's rest)
     * does not reset the connection before the client has read the answer.
     */
    private static void lingeringClose(Socket s, InputStream in) {
        try {
            s.shutdownOutput();
            s.setSoTimeout(1000);
            byte[] buf = new byte[8192];
            long left = 1 << 20;
            int n;
            while (left > 0 && (n = in.read(buf)) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client closed or went quiet: close anyway
        }
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** The request body: exactly Content-Length bytes of the connection's stream. */
    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        long remaining() {
            return left;
        }

        /** Skips what the handler did not read; false when the stream ended first. */
        boolean skipRest() throws IOException {
            byte[] buf = new byte[8192];
            while (left > 0) {
                if (read(buf, 0, buf.length) < 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                left--;
            } else {
                left = 0;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                left = 0;
                return -1;
            }
            left -= n;
            return n;
        }

        @Override
        public void close() {
            // the connection stays open; the rest is skipped after the response
        }
    }

    private static final class Exchange extends HttpExchange {
        private final Socket socket;
        private final String method;
        private final URI uri;
        private final String protocol;
        private final Headers request;
        private final Headers response = new Headers();
        final BoundedInput body;
        private final OutputStream out;
        private final Map<String, Object> attributes = new HashMap<>();
        private InputStream bodyIn;
        private OutputStream bodyOut;
        private int code = -1;
        boolean sent;
        boolean closeAfter;
        private long declared;
        private long written;

        Exchange(Socket socket, String method, URI uri, String protocol, Headers request, BoundedInput body,
                 OutputStream out) {
            this.socket = socket;
            this.method = method;
            this.uri = uri;
            this.protocol = protocol;
            this.request = request;
            this.body = body;
            this.bodyIn = body;
            this.out = out;
            this.bodyOut = new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    if (checkWrite(1)) {
                        out.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (checkWrite(len)) {
                        out.write(b, off, len);
                    }
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        /** True when n more body bytes are to be written (false: a HEAD request's body, dropped). */
        private boolean checkWrite(int n) throws IOException {
            if (!sent) {
                throw new IOException("response body written before sendResponseHeaders");
            }
            if (method.equals("HEAD")) {
                return false;
            }
            if (written + n > declared) {
                throw new IOException("response body longer than the declared " + declared + " bytes");
            }
            written += n;
            return true;
        }

        @Override
        public Headers getRequestHeaders() {
            return request;
        }

        @Override
        public Headers getResponseHeaders() {
            return response;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
            try {
                bodyOut.close();
            } catch (IOException e) {
                closeAfter = true;
            }
        }

        @Override
        public InputStream getRequestBody() {
            return bodyIn;
        }

        @Override
        public OutputStream getResponseBody() {
            return bodyOut;
        }

        /**
         * Sends the status line and headers; {@code length} is the body's length, -1 for none (0,
         * a body of unknown length, is not supported here: every answer of the explorer has a
         * known length).
         */
        @Override
        public void sendResponseHeaders(int rCode, long length) throws IOException {
            if (sent) {
                throw new IOException("response headers already sent");
            }
            if (length == 0) {
                throw new IOException("bodies of unknown length are not supported; give the length");
            }
            sent = true;
            code = rCode;
            declared = length < 0 ? 0 : length;
            StringBuilder h = new StringBuilder(256);
            h.append(protocol.equals("HTTP/1.0") ? "HTTP/1.0 " : "HTTP/1.1 ").append(rCode).append(' ')
                    .append(REASONS.getOrDefault(rCode, "Status")).append("\r\n");
            response.remove("Content-Length");
            response.remove("Transfer-Encoding");
            String conn = response.getFirst("Connection");
            if (conn != null && conn.toLowerCase(Locale.ROOT).contains("close")) {
                closeAfter = true;
            }
            if (rCode >= 400 && body.remaining() > DRAIN_LIMIT) {
                response.set("Connection", "close");
                closeAfter = true;
            }
            for (Map.Entry<String, List<String>> e : response.entrySet()) {
                for (String v : e.getValue()) {
                    h.append(e.getKey()).append(": ").append(v).append("\r\n");
                }
            }
            h.append("Content-Length: ").append(declared).append("\r\n\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (method.equals("HEAD")) {
                declared = 0;
            }
        }

        /** After the handler: flushes; a body shorter than declared closes the connection. */
        void finish() throws IOException {
            out.flush();
            if (written != declared) {
                closeAfter = true;
            }
        }

        /** Answers a failed handler, if nothing was sent yet. */
        void abort(int status, String message) throws IOException {
            sent = true;
            refuse(out, status, message);
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return (InetSocketAddress) socket.getRemoteSocketAddress();
        }

        @Override
        public int getResponseCode() {
            return code;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public String getProtocol() {
            return protocol;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            if (i != null) {
                bodyIn = i;
            }
            if (o != null) {
                bodyOut = o;
            }
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
