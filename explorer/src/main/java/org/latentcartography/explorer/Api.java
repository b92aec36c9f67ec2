package org.latentcartography.explorer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.analysis.PathLength;
import org.latentcartography.core.analysis.Paths;
import org.latentcartography.core.geodesic.ConformalMetric;
import org.latentcartography.core.geodesic.Geodesic;
import org.latentcartography.core.geodesic.Geodesics;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.Json;

/**
 * The explorer's HTTP endpoints (one handler for every path, so that nothing is served that is not
 * named here): the bundled page, {@code /api/...} and {@code /files/K/NAME} (a file of served folder
 * K). Every refusal is a 4xx status with a one-line JSON body {@code {"error": "..."}}.
 */
final class Api implements HttpHandler {
    /** Most points in one decode request. */
    static final int MAX_DECODE_POINTS = 64;
    /** Most points in one forward or inverse request. */
    static final int MAX_MAP_POINTS = 100_000;
    /** Most bytes of a request body. */
    static final int MAX_BODY = 1 << 20;
    /** Most characters of a request's path and query. */
    static final int MAX_URI = 16_384;
    /** Most points along a path's decoded strip. */
    static final int MAX_STEPS = 64;
    /** Points of the polylines drawn and measured for a path. */
    static final int DENSE = 129;

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?");
    private static final Map<String, String[]> PAGE = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "/style.css", new String[] {"style.css", "text/css; charset=utf-8"});

    private final Workspace ws;
    private final Decoder decoder;
    private final boolean loopbackOnly;
    private volatile int port;
    private final Map<String, byte[]> cache = new HashMap<>();
    private ConformalMetric metric;

    Api(Workspace ws, Decoder decoder, boolean loopbackOnly) {
        this.ws = ws;
        this.decoder = decoder;
        this.loopbackOnly = loopbackOnly;
    }

    void port(int p) {
        this.port = p;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                route(ex);
            } catch (HttpError e) {
                error(ex, e.status, e.getMessage());
            } catch (CartographyException e) {
                error(ex, 422, e.getMessage());
            } catch (RuntimeException e) {
                error(ex, 500, "internal error: " + e);
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String raw = ex.getRequestURI().getRawPath();
        String rawQuery = ex.getRequestURI().getRawQuery();
        if (raw.length() + (rawQuery == null ? 0 : rawQuery.length()) > MAX_URI) {
            throw new HttpError(414, "the address is longer than " + MAX_URI + " characters");
        }
        checkHost(ex);
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        if (path.startsWith("/files/")) {
            requireGet(method);
            file(ex, raw);
            return;
        }
        String[] page = PAGE.get(raw);
        if (page != null) {
            requireGet(method);
            send(ex, 200, page[1], resource(page[0]));
            return;
        }
        Map<String, String> q = query(rawQuery);
        switch (raw) {
            case "/api/info" -> {
                requireGet(method);
                json(ex, info());
            }
            case "/api/measure.bin" -> {
                requireGet(method);
                send(ex, 200, "application/octet-stream", cached("measure.bin", () -> floats(ws.measure())));
            }
            case "/api/measure.png" -> {
                requireGet(method);
                send(ex, 200, "image/png", measurePng());
            }
            case "/api/map.bin" -> {
                requireGet(method);
                requireMap();
                if (q.containsKey("step")) {
                    int step = wholeNumber(q.get("step"), "step", 1, Math.max(ws.grid().size(0), ws.grid().size(1)));
                    send(ex, 200, "application/octet-stream", cached("map.bin?step=" + step, () -> floats(coarseNodes(step))));
                } else {
                    send(ex, 200, "application/octet-stream", cached("map.bin", () -> floats(ws.map().latentNodes())));
                }
            }
            case "/api/embeddings" -> {
                requireGet(method);
                send(ex, 200, "application/json", embeddingsJson());
            }
            case "/api/decode" -> {
                requireGet(method);
                decode(ex, q);
            }
            case "/api/forward", "/api/inverse" -> {
                double[] p = mapPoints(ex, method, q);
                json(ex, Map.of("points", pairs(raw.equals("/api/forward") ? forward(p) : inverse(p))));
            }
            case "/api/path" -> {
                requireGet(method);
                json(ex, path(q));
            }
            default -> throw new HttpError(404, "no such page: " + raw);
        }
    }

    // ---- endpoints ----

    private Map<String, Object> info() {
        Grid g = ws.grid();
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("lower", g.lower());
        grid.put("upper", g.upper());
        grid.put("shape", g.shape());
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : ws.measure()) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grid", grid);
        m.put("measure", Map.of("name", ws.measureName(), "min", lo, "max", hi));
        m.put("map", ws.map() != null);
        m.put("embeddings", ws.points().length / 2);
        m.put("labels", ws.labels() != null);
        m.put("categories", ws.categories());
        List<Object> folders = new ArrayList<>();
        for (int k = 0; k < ws.folders().size(); k++) {
            Path f = ws.folders().get(k);
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", String.valueOf(f.getFileName()));
            String prefix = "/files/" + k + "/";
            fm.put("files", listing(f).stream().map(n -> prefix + n).toList());
            folders.add(fm);
        }
        m.put("folders", folders);
        Map<String, Object> dec = new LinkedHashMap<>();
        if (decoder != null) {
            dec.put("kind", decoder.isText() ? "text" : "image");
            dec.put("name", decoder.name());
            if (!decoder.isText()) {
                dec.put("image", decoder.image());
            }
        }
        m.put("decoder", decoder == null ? null : dec);
        m.put("limits", Map.of("decode_points", MAX_DECODE_POINTS, "map_points", MAX_MAP_POINTS, "body_bytes", MAX_BODY,
                "steps", MAX_STEPS));
        return m;
    }

    private static List<String> listing(Path f) {
        try (Stream<Path> s = Files.list(f)) {
            return s.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The map's nodes at indices {0, s, 2s, ...} below N and N itself on each axis (the page's coarse
     * mesh), flat [I, J, 2].
     */
    private double[] coarseNodes(int step) {
        int n1 = ws.grid().size(0);
        int n2 = ws.grid().size(1);
        int[] is = meshIndices(n1, step);
        int[] js = meshIndices(n2, step);
        double[] all = ws.map().latentNodes();
        double[] out = new double[2 * is.length * js.length];
        for (int a = 0; a < is.length; a++) {
            for (int b = 0; b < js.length; b++) {
                int k = 2 * (is[a] * (n2 + 1) + js[b]);
                out[2 * (a * js.length + b)] = all[k];
                out[2 * (a * js.length + b) + 1] = all[k + 1];
            }
        }
        return out;
    }

    static int[] meshIndices(int n, int step) {
        int count = (n + step - 1) / step + 1;
        int[] out = new int[count];
        for (int i = 0; i < count - 1; i++) {
            out[i] = i * step;
        }
        out[count - 1] = n;
        return out;
    }

    private static int wholeNumber(String text, String what, int min, int max) {
        double v = number(text, what);
        if (v != Math.rint(v) || v < min || v > max) {
            throw new HttpError(400, what + " " + text + ": give a whole number from " + min + " to " + max);
        }
        return (int) v;
    }

    /** The bytes of an answer that never changes, made at the first request. */
    private byte[] cached(String key, java.util.function.Supplier<byte[]> make) {
        synchronized (cache) {
            return cache.computeIfAbsent(key, k -> make.get());
        }
    }

    private byte[] embeddingsJson() {
        synchronized (cache) {
            return cache.computeIfAbsent("embeddings", k -> Json.write(embeddings()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private Map<String, Object> embeddings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", ws.points().length / 2);
        m.put("points", ws.points());
        m.put("moved", ws.moved());
        m.put("labels", ws.labels());
        m.put("categories", ws.categories());
        return m;
    }

    private byte[] measurePng() {
        synchronized (cache) {
            return measurePngLocked();
        }
    }

    private byte[] measurePngLocked() {
        return cache.computeIfAbsent("measure.png", k -> {
            Grid g = ws.grid();
            int n1 = g.size(0);
            int n2 = g.size(1);
            double[] v = ws.measure();
            double hi = 0;
            for (double x : v) {
                if (Double.isFinite(x) && x > hi) {
                    hi = x;
                }
            }
            double s = hi > 0 ? Math.sqrt(hi) : 1;
            double[] px = new double[n1 * n2];
            for (int i = 0; i < n1; i++) {
                for (int j = 0; j < n2; j++) {
                    double x = v[i * n2 + j];
                    // row 0 of the image is the top: the largest y; darker = larger measure
                    px[(n2 - 1 - j) * n1 + i] = 1 - (x > 0 ? Math.sqrt(x) / s : 0);
                }
            }
            return Png.grey(px, n1, n2);
        });
    }

    private void decode(HttpExchange ex, Map<String, String> q) throws IOException {
        if (decoder == null) {
            throw new HttpError(409, "no generator is served; start the server with a generator to decode");
        }
        double[] z = points(required(q, "z"), MAX_DECODE_POINTS, "z");
        requireInGrid(z, "z");
        int n = z.length / 2;
        if (decoder.isText()) {
            List<String> sentences = decoder.sentences(z, n);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sentence", sentences.get(0));
            if (n == 1) {
                m.put("samples", decoder.samples(z));
            } else {
                m.put("sentences", sentences);
            }
            json(ex, m);
        } else {
            send(ex, 200, "image/png", decoder.strip(z, n));
        }
    }

    private double[] forward(double[] p) {
        requireInGrid(p, "points");
        return requireMap().forward(p);
    }

    private double[] inverse(double[] p) {
        requireInGrid(p, "points");
        double[] out = new double[p.length];
        requireMap().inverse(p, 0, p.length / 2, out, true);
        return out;
    }

    private Map<String, Object> path(Map<String, String> q) {
        double[] a = points(required(q, "from"), 1, "from");
        double[] b = points(required(q, "to"), 1, "to");
        requireInGrid(a, "from");
        requireInGrid(b, "to");
        int steps = 10;
        if (q.containsKey("steps")) {
            steps = (int) number(q.get("steps"), "steps");
            if (steps < 2 || steps > MAX_STEPS || steps != Double.parseDouble(q.get("steps"))) {
                throw new HttpError(400, "steps " + q.get("steps") + ": give a whole number from 2 to " + MAX_STEPS);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        double[] sd = Paths.straight(a, b, DENSE);
        m.put("straight", Paths.straight(a, b, steps));
        m.put("straight_line", sd);
        Map<String, Object> len = new LinkedHashMap<>();
        len.put("straight_sqrt_measure", PathLength.sqrtMeasure(ws.grid(), ws.measure(), sd));
        len.put("straight_euclidean", PathLength.euclidean(sd));
        if (ws.map() != null) {
            double[] gd = Paths.pseudoGeodesic(ws.map(), a, b, DENSE);
            m.put("pseudo_geodesic", Paths.pseudoGeodesic(ws.map(), a, b, steps));
            m.put("pseudo_geodesic_line", gd);
            m.put("straight_line_moved", ws.map().forward(sd));
            m.put("pseudo_geodesic_line_moved", ws.map().forward(gd));
            len.put("geodesic_sqrt_measure", PathLength.sqrtMeasure(ws.grid(), ws.measure(), gd));
            len.put("geodesic_euclidean", PathLength.euclidean(gd));
            len.put("straight_transformed", PathLength.transformed(ws.map(), sd));
            len.put("geodesic_transformed", PathLength.transformed(ws.map(), gd));
        }
        trueGeodesic(a, b, steps, m, len);
        m.put("lengths", len);
        return m;
    }

    /**
     * Adds the true geodesic under the conformal metric {@code sqrt(m) |dz|} (fast marching on the
     * measure's grid, {@link Geodesics#shortestPath}): {@code true_geodesic} (K points equally
     * spaced along it, for the decoded strip), {@code true_geodesic_line} (the dense polyline),
     * its image under the map, and its lengths measured as the other paths' are.
     */
    private void trueGeodesic(double[] a, double[] b, int steps, Map<String, Object> m, Map<String, Object> len) {
        Geodesic g = Geodesics.shortestPath(metric(), a, b);
        double[] line = g.path();
        if (line.length < 4) {
            line = new double[] {a[0], a[1], b[0], b[1]};
        }
        double[] dense = Paths.resample(line, DENSE);
        m.put("true_geodesic", Paths.resample(line, steps));
        m.put("true_geodesic_line", dense);
        len.put("true_geodesic_sqrt_measure", PathLength.sqrtMeasure(ws.grid(), ws.measure(), line));
        len.put("true_geodesic_euclidean", PathLength.euclidean(line));
        len.put("true_geodesic_distance", g.distance());
        if (ws.map() != null) {
            m.put("true_geodesic_line_moved", ws.map().forward(dense));
            len.put("true_geodesic_transformed", PathLength.transformed(ws.map(), line));
        }
    }

    /** The conformal metric of the served measure, made at the first path request. */
    private ConformalMetric metric() {
        synchronized (cache) {
            if (metric == null) {
                metric = ConformalMetric.ofMeasure(ws.grid(), ws.measure());
            }
            return metric;
        }
    }

    private void file(HttpExchange ex, String raw) throws IOException {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
            throw new HttpError(400, "encoded separators are not allowed in file paths");
        }
        String[] parts = ex.getRequestURI().getPath().substring("/files/".length()).split("/", -1);
        if (parts.length < 2) {
            throw new HttpError(404, "give /files/FOLDER/NAME");
        }
        for (String s : parts) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0) {
                throw new HttpError(400, "path " + ex.getRequestURI().getPath() + " leaves the served folder");
            }
        }
        int k;
        try {
            k = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new HttpError(404, "no served folder " + parts[0]);
        }
        if (k < 0 || k >= ws.folders().size()) {
            throw new HttpError(404, "no served folder " + parts[0]);
        }
        Path root = ws.folders().get(k);
        Path p = root.resolve(String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length))).normalize();
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new HttpError(404, "no such file in served folder " + k);
        }
        if (!p.startsWith(root) || !real.startsWith(root)) {
            throw new HttpError(403, "path leaves the served folder " + k);
        }
        if (!Files.isRegularFile(real)) {
            throw new HttpError(404, "no such file in served folder " + k);
        }
        String name = real.getFileName().toString();
        String type = name.endsWith(".json") ? "application/json" : name.endsWith(".png") ? "image/png"
                : name.endsWith(".txt") ? "text/plain; charset=utf-8" : "application/octet-stream";
        send(ex, 200, type, Files.readAllBytes(real));
    }

    // ---- parsing and validation ----

    private void checkHost(HttpExchange ex) {
        if (!loopbackOnly) {
            return;
        }
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (!(h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port) || h.equals("[::1]:" + port))) {
            throw new HttpError(421, "unexpected Host header " + host + " (the explorer answers loopback names only)");
        }
    }

    private static void requireGet(String method) {
        if (!method.equals("GET")) {
            throw new HttpError(405, "method " + method + " not allowed here; use GET");
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            try {
                k = URLDecoder.decode(k, StandardCharsets.UTF_8);
                v = URLDecoder.decode(v, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "malformed query: " + e.getMessage());
            }
            if (q.putIfAbsent(k, v) != null) {
                throw new HttpError(400, "parameter " + k + " given twice");
            }
        }
        return q;
    }

    private static String required(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v == null || v.isBlank()) {
            throw new HttpError(400, "missing parameter " + key);
        }
        return v;
    }

    static double number(String s, String what) {
        String t = s.strip();
        if (!NUMBER.matcher(t).matches()) {
            throw new HttpError(400, what + ": '" + abbreviate(s) + "' is not a number");
        }
        double v = Double.parseDouble(t);
        if (!Double.isFinite(v)) {
            throw new HttpError(400, what + ": '" + abbreviate(s) + "' is not a finite number");
        }
        return v;
    }

    /** Parses {@code X1,Y1;X2,Y2;...} (a comma may also separate points: an even count of numbers). */
    static double[] points(String text, int max, String what) {
        String[] parts = text.split("[,;]", -1);
        if (parts.length % 2 != 0) {
            throw new HttpError(400, what + ": give points as X,Y pairs (got " + parts.length + " numbers)");
        }
        if (parts.length / 2 > max) {
            throw new HttpError(400, what + ": " + parts.length / 2 + " points; at most " + max + " per request");
        }
        double[] p = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            p[i] = number(parts[i], what);
        }
        return p;
    }

    private void requireInGrid(double[] p, String what) {
        Grid g = ws.grid();
        double[] pt = new double[2];
        for (int i = 0; i < p.length / 2; i++) {
            pt[0] = p[2 * i];
            pt[1] = p[2 * i + 1];
            if (!g.contains(pt)) {
                throw new HttpError(400, String.format(Locale.ROOT, "%s: point %d (%s, %s) lies outside the grid %s", what, i,
                        pt[0], pt[1], g));
            }
        }
    }

    private org.latentcartography.core.map.LatentMap requireMap() {
        if (ws.map() == null) {
            throw new HttpError(409, "no map is served; serve a folder that 'cartography transform' wrote");
        }
        return ws.map();
    }

    private double[] mapPoints(HttpExchange ex, String method, Map<String, String> q) throws IOException {
        if (method.equals("GET")) {
            return points(required(q, "points"), MAX_MAP_POINTS, "points");
        }
        if (!method.equals("POST")) {
            throw new HttpError(405, "method " + method + " not allowed here; use GET or POST");
        }
        String text = new String(body(ex), StandardCharsets.UTF_8);
        Object v;
        try {
            v = Json.parse(text, "request body");
        } catch (CartographyException e) {
            throw new HttpError(400, "request body is not JSON: " + abbreviate(e.getMessage()));
        }
        if (v instanceof Map<?, ?> m) {
            v = m.get("points");
        }
        if (!(v instanceof List<?> list)) {
            throw new HttpError(400, "request body: give {\"points\": [[x, y], ...]}");
        }
        if (list.size() > MAX_MAP_POINTS) {
            throw new HttpError(400, "points: " + list.size() + " points; at most " + MAX_MAP_POINTS + " per request");
        }
        double[] p = new double[2 * list.size()];
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof List<?> xy) || xy.size() != 2 || !(xy.get(0) instanceof Number x)
                    || !(xy.get(1) instanceof Number y) || !Double.isFinite(x.doubleValue())
                    || !Double.isFinite(y.doubleValue())) {
                throw new HttpError(400, "points[" + i + "]: give [x, y] with two finite numbers");
            }
            p[2 * i] = x.doubleValue();
            p[2 * i + 1] = y.doubleValue();
        }
        return p;
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (cl != null) {
            try {
                declared = Long.parseLong(cl.strip());
            } catch (NumberFormatException e) {
                throw new HttpError(400, "malformed Content-Length " + abbreviate(cl));
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            if (declared > MAX_BODY) {
                drain(in);
                throw new HttpError(413, "request body of " + declared + " bytes; at most " + MAX_BODY);
            }
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                drain(in);
                throw new HttpError(413, "request body over " + MAX_BODY + " bytes");
            }
            return b;
        }
    }

    /**
     * Reads and drops a refused body (up to a bound), so that the client, still sending, reads the
     * refusal instead of a reset connection.
     */
    private static void drain(InputStream in) throws IOException {
        long left = 16L * MAX_BODY;
        byte[] buf = new byte[65536];
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            left -= n;
        }
    }

    private static List<Object> pairs(double[] p) {
        List<Object> out = new ArrayList<>(p.length / 2);
        for (int i = 0; i < p.length / 2; i++) {
            out.add(new double[] {p[2 * i], p[2 * i + 1]});
        }
        return out;
    }

    private static String abbreviate(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    // ---- responses ----

    private byte[] resource(String name) {
        synchronized (cache) {
            return cache.computeIfAbsent("web/" + name, k -> {
                try (InputStream in = Api.class.getResourceAsStream("web/" + name)) {
                    if (in == null) {
                        throw new CartographyException("the explorer's jar lacks web/" + name);
                    }
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new CartographyException("cannot read web/" + name + ": " + e.getMessage(), e);
                }
            });
        }
    }

    private static byte[] floats(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putFloat((float) x);
        }
        return b.array();
    }

    private static void json(HttpExchange ex, Object value) throws IOException {
        send(ex, 200, "application/json", Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, "application/json", errorBody(message));
    }

    /** @return {@code {"error": "MESSAGE"}} and a newline, the message on one line, UTF-8 */
    static byte[] errorBody(String message) {
        String one = message == null ? "(no message)" : message.replaceAll("\\s+", " ").strip();
        StringBuilder sb = new StringBuilder("{\"error\": \"");
        for (char c : one.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append("\"}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }
}
