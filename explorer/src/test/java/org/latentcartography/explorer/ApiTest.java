package org.latentcartography.explorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.analysis.PathLength;
import org.latentcartography.core.analysis.Paths;
import org.latentcartography.core.geodesic.ConformalMetric;
import org.latentcartography.core.geodesic.Geodesic;
import org.latentcartography.core.geodesic.Geodesics;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.spi.ExplorerProvider;
import org.latentcartography.core.spi.Generator;

/** The endpoints over loopback with java.net.http, on the softplus VAE's measure and map. */
class ApiTest {
    static Generator generator;
    static ExplorerProvider.Server server;
    static URI base;
    static MeasureResult measure;
    static MapResult map;
    static Path served;
    static Path outside;

    @BeforeAll
    static void start() throws Exception {
        Path[] f = Fixtures.mnist();
        measure = MeasureResult.read(f[0]);
        map = MapResult.read(f[1], null);
        // a served folder with a symlink that leads out of it, and a secret outside
        served = Files.createDirectories(Fixtures.WORK.resolve("served-with-links"));
        outside = Files.writeString(Fixtures.WORK.resolve("secret.txt"), "secret");
        Files.writeString(served.resolve("notes.txt"), "notes");
        Files.deleteIfExists(served.resolve("link.txt"));
        Files.createSymbolicLink(served.resolve("link.txt"), outside);
        Files.deleteIfExists(served.resolve("up"));
        Files.createSymbolicLink(served.resolve("up"), Fixtures.WORK);
        generator = Fixtures.open(Fixtures.MNIST_DECODER);
        server = new Explorer().start(new ExplorerProvider.Settings(List.of(f[0], f[1], Fixtures.MNIST, served), generator,
                "127.0.0.1", 0, false, null, null, null, null));
        base = server.uri();
    }

    @AfterAll
    static void stop() {
        server.close();
        server.close(); // idempotent
        generator.close();
    }

    static Map<?, ?> json(HttpResponse<byte[]> r) {
        return (Map<?, ?>) Json.parse(Fixtures.text(r), "response");
    }

    /** A refusal: the status, and a body that is one line of JSON with an "error" string. */
    static String refused(HttpResponse<byte[]> r, int status) {
        String body = Fixtures.text(r);
        assertEquals(status, r.statusCode(), body);
        assertEquals(1, Fixtures.lines(body).size(), body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return (String) ((Map<?, ?>) Json.parse(body, "error")).get("error");
    }

    @Test
    void infoDescribesGridMapEmbeddingsAndDecoder() throws Exception {
        HttpResponse<byte[]> r = Fixtures.get(base, "/api/info");
        assertEquals(200, r.statusCode());
        Map<?, ?> info = json(r);
        Map<?, ?> grid = (Map<?, ?>) info.get("grid");
        assertEquals(List.of(48L, 48L), ((List<?>) grid.get("shape")).stream().map(o -> ((Number) o).longValue()).toList());
        assertEquals(true, info.get("map"));
        assertEquals(10000L, ((Number) info.get("embeddings")).longValue());
        Map<?, ?> dec = (Map<?, ?>) info.get("decoder");
        assertEquals("image", dec.get("kind"));
        assertEquals(4, ((List<?>) info.get("folders")).size());
    }

    @Test
    void decodeAnswersThePngOfTheGeneratorsOutput() throws Exception {
        double[] z = {0.25, -0.5};
        HttpResponse<byte[]> r = Fixtures.get(base, "/api/decode?z=0.25,-0.5");
        assertEquals(200, r.statusCode());
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElseThrow());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(28, img.getWidth());
        assertEquals(28, img.getHeight());
        double[] out = new double[784];
        generator.apply(z, 1, out, 0, new long[1]);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int want = (int) Math.round(Math.max(0, Math.min(1, out[y * 28 + x])) * 255);
                assertEquals(want, img.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
            }
        }
        BufferedImage strip = ImageIO.read(new ByteArrayInputStream(Fixtures.get(base, "/api/decode?z=0,0;1,1;-1,2").body()));
        assertEquals(84, strip.getWidth());
        assertEquals(28, strip.getHeight());
    }

    @Test
    void concurrentDecodesAreAllRightAndShareBatches() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<byte[]>>> fs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                double x = -2 + i * 0.05;
                fs.add(pool.submit(() -> Fixtures.get(base, "/api/decode?z=" + x + ",0.5")));
            }
            for (int i = 0; i < fs.size(); i++) {
                HttpResponse<byte[]> r = fs.get(i).get();
                assertEquals(200, r.statusCode());
                double[] out = new double[784];
                generator.apply(new double[] {-2 + i * 0.05, 0.5}, 1, out, 0, new long[1]);
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
                assertEquals((int) Math.round(Math.max(0, Math.min(1, out[14 * 28 + 14])) * 255),
                        img.getRaster().getSample(14, 14, 0), "request " + i + " got another request's image");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void measureAndMapAreServedAsFloat32() throws Exception {
        byte[] b = Fixtures.get(base, "/api/measure.bin").body();
        assertEquals(4 * 48 * 48, b.length);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 48 * 48; k += 97) {
            assertEquals((float) measure.values()[k], bb.getFloat(4 * k));
        }
        byte[] nodes = Fixtures.get(base, "/api/map.bin").body();
        assertEquals(4 * 49 * 49 * 2, nodes.length);
        // the coarse mesh: node indices 0, 5, ..., 45 and 48 on each axis
        byte[] coarse = Fixtures.get(base, "/api/map.bin?step=5").body();
        assertEquals(4 * 11 * 11 * 2, coarse.length);
        ByteBuffer nb = ByteBuffer.wrap(nodes).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer cb = ByteBuffer.wrap(coarse).order(ByteOrder.LITTLE_ENDIAN);
        int[][] pairs = {{0, 0, 0, 0}, {10, 1, 48, 5}, {3, 10, 15, 48}, {10, 10, 48, 48}};
        for (int[] p : pairs) {
            for (int c = 0; c < 2; c++) {
                assertEquals(nb.getFloat(4 * (2 * (p[2] * 49 + p[3]) + c)), cb.getFloat(4 * (2 * (p[0] * 11 + p[1]) + c)));
            }
        }
        refused(Fixtures.get(base, "/api/map.bin?step=0"), 400);
        refused(Fixtures.get(base, "/api/map.bin?step=2.5"), 400);
        HttpResponse<byte[]> png = Fixtures.get(base, "/api/measure.png");
        assertEquals(48, ImageIO.read(new ByteArrayInputStream(png.body())).getWidth());
    }

    @Test
    void forwardAndInverseAgreeWithTheMapByGetAndPost() throws Exception {
        double[] p = {0.5, -1.0, -2.0, 1.5};
        double[] want = map.map().forward(p.clone());
        List<?> got = (List<?>) json(Fixtures.get(base, "/api/forward?points=0.5,-1;-2,1.5")).get("points");
        List<?> posted = (List<?>) json(Fixtures.post(base, "/api/forward",
                "{\"points\": [[0.5, -1], [-2, 1.5]]}".getBytes(StandardCharsets.UTF_8))).get("points");
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(want[2 * i + k], ((Number) ((List<?>) got.get(i)).get(k)).doubleValue(), 1e-12);
                assertEquals(want[2 * i + k], ((Number) ((List<?>) posted.get(i)).get(k)).doubleValue(), 1e-12);
            }
        }
        List<?> back = (List<?>) json(Fixtures.get(base, "/api/inverse?points=" + want[0] + "," + want[1])).get("points");
        assertEquals(0.5, ((Number) ((List<?>) back.get(0)).get(0)).doubleValue(), 1e-7);
        assertEquals(-1.0, ((Number) ((List<?>) back.get(0)).get(1)).doubleValue(), 1e-7);
    }

    @Test
    void pathHasBothCurvesAndTheirLengthsUnderSqrtMeasure() throws Exception {
        Map<?, ?> j = json(Fixtures.get(base, "/api/path?from=-1.5,-2&to=1.5,2&steps=7"));
        assertEquals(14, ((List<?>) j.get("straight")).size());
        List<?> g = (List<?>) j.get("pseudo_geodesic");
        assertEquals(14, g.size());
        assertEquals(-1.5, ((Number) g.get(0)).doubleValue());
        assertEquals(2.0, ((Number) g.get(13)).doubleValue());
        double[] a = {-1.5, -2};
        double[] b = {1.5, 2};
        Map<?, ?> len = (Map<?, ?>) j.get("lengths");
        assertEquals(PathLength.sqrtMeasure(measure.grid(), measure.values(), Paths.straight(a, b, Api.DENSE)),
                ((Number) len.get("straight_sqrt_measure")).doubleValue(), 1e-9);
        assertEquals(PathLength.sqrtMeasure(measure.grid(), measure.values(), Paths.pseudoGeodesic(map.map(), a, b, Api.DENSE)),
                ((Number) len.get("geodesic_sqrt_measure")).doubleValue(), 1e-9);
        // the pseudo-geodesic is straight in the transformed space: no longer there than the straight path
        assertTrue(((Number) len.get("geodesic_transformed")).doubleValue()
                <= ((Number) len.get("straight_transformed")).doubleValue() + 1e-9);
    }

    static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    @Test
    void pathHasTheTrueGeodesicUnderTheMeasureWithItsStripAndLengths() throws Exception {
        Map<?, ?> j = json(Fixtures.get(base, "/api/path?from=-1.5,-2&to=1.5,2&steps=7"));
        double[] a = {-1.5, -2};
        double[] b = {1.5, 2};
        // the same shortest path as the library's, under the conformal metric sqrt(m)|dz| of the served measure
        Geodesic want = Geodesics.shortestPath(ConformalMetric.ofMeasure(measure.grid(), measure.values()), a, b);
        double[] strip = doubles(j.get("true_geodesic"));
        assertArrayEquals(Paths.resample(want.path(), 7), strip, 0.0);
        assertArrayEquals(new double[] {-1.5, -2}, java.util.Arrays.copyOfRange(strip, 0, 2), 0.0);
        assertArrayEquals(new double[] {1.5, 2}, java.util.Arrays.copyOfRange(strip, 12, 14), 0.0);
        double[] line = doubles(j.get("true_geodesic_line"));
        assertArrayEquals(Paths.resample(want.path(), Api.DENSE), line, 0.0);
        assertArrayEquals(map.map().forward(line), doubles(j.get("true_geodesic_line_moved")), 1e-12);
        Map<?, ?> len = (Map<?, ?>) j.get("lengths");
        double trueLength = ((Number) len.get("true_geodesic_sqrt_measure")).doubleValue();
        assertEquals(PathLength.sqrtMeasure(measure.grid(), measure.values(), want.path()), trueLength, 1e-12);
        assertEquals(want.distance(), ((Number) len.get("true_geodesic_distance")).doubleValue(), 1e-12);
        assertEquals(PathLength.transformed(map.map(), want.path()),
                ((Number) len.get("true_geodesic_transformed")).doubleValue(), 1e-12);
        // the shortest path under the measure: shorter there than the straight path and the pseudo-geodesic
        assertTrue(trueLength < ((Number) len.get("straight_sqrt_measure")).doubleValue(), len.toString());
        assertTrue(trueLength < ((Number) len.get("geodesic_sqrt_measure")).doubleValue(), len.toString());
        // between one point and itself: a path of length 0
        Map<?, ?> same = (Map<?, ?>) json(Fixtures.get(base, "/api/path?from=0.5,0.5&to=0.5,0.5")).get("lengths");
        assertEquals(0.0, ((Number) same.get("true_geodesic_sqrt_measure")).doubleValue(), 1e-12);
    }

    @Test
    void badInputGetsFourHundredsWithOneLineOfJson() throws Exception {
        assertTrue(refused(Fixtures.get(base, "/api/decode?z=100,0"), 400).contains("outside the grid"));
        assertTrue(refused(Fixtures.get(base, "/api/decode?z=abc,0"), 400).contains("'abc' is not a number"));
        refused(Fixtures.get(base, "/api/decode?z=1e999,0"), 400);
        refused(Fixtures.get(base, "/api/decode?z=NaN,0"), 400);
        refused(Fixtures.get(base, "/api/decode?z=0x10,0"), 400);
        refused(Fixtures.get(base, "/api/decode?z=1,2,3"), 400);
        refused(Fixtures.get(base, "/api/decode"), 400);
        refused(Fixtures.get(base, "/api/decode?z=0,0&z=1,1"), 400);
        StringBuilder many = new StringBuilder("0,0");
        for (int i = 0; i < Api.MAX_DECODE_POINTS; i++) {
            many.append(";0,0");
        }
        assertTrue(refused(Fixtures.get(base, "/api/decode?z=" + many), 400).contains("at most " + Api.MAX_DECODE_POINTS));
        refused(Fixtures.get(base, "/api/path?from=0,0&to=0,1&steps=1000"), 400);
        refused(Fixtures.get(base, "/api/path?from=0,0&to=0,1&steps=2.5"), 400);
        refused(Fixtures.get(base, "/api/path?from=0,0&to=50,1"), 400);
        refused(Fixtures.post(base, "/api/forward", "{\"points\": [[0, 0], [1]]}".getBytes(StandardCharsets.UTF_8)), 400);
        refused(Fixtures.post(base, "/api/forward", "not json".getBytes(StandardCharsets.UTF_8)), 400);
        refused(Fixtures.post(base, "/api/forward", new byte[Api.MAX_BODY + 10]), 413);
        refused(Fixtures.post(base, "/api/decode", "{}".getBytes(StandardCharsets.UTF_8)), 405);
        refused(Fixtures.get(base, "/api/nothing"), 404);
        refused(Fixtures.get(base, "/api/inverse?points=" + "1,".repeat(9000) + "1"), 414);
    }

    /** A raw answer: the status, and a body that is one line of JSON with an "error" string. */
    static String refusedRaw(String[] r, int status) {
        assertTrue(r[0].startsWith("HTTP/1.1 " + status + " "), r[0] + " / " + r[1]);
        assertEquals(1, Fixtures.lines(r[1]).size(), r[1]);
        return (String) ((Map<?, ?>) Json.parse(r[1], "error")).get("error");
    }

    @Test
    void requestsThatAreNotHttpOrNotAUriGetOneLineOfJsonToo() throws Exception {
        String host = "Host: 127.0.0.1:" + base.getPort() + "\r\n";
        // request targets that are not URIs, on an endpoint and on the page
        for (String target : List.of("/api/decode?z=%zz", "/%zz", "/api/path?from=0,0&to=1,1%", "/files/0/a b",
                "/api/info#a#b")) {
            String e = refusedRaw(Fixtures.rawRequest(base, "GET " + target + " HTTP/1.1\r\n" + host + "\r\n"), 400);
            assertTrue(e.contains("not a valid URI") || e.contains("malformed request line"), target + ": " + e);
        }
        assertTrue(refusedRaw(Fixtures.rawRequest(base, "GET http://127.0.0.1/ HTTP/1.1\r\n" + host + "\r\n"), 400)
                .contains("not a path"));
        assertTrue(refusedRaw(Fixtures.rawRequest(base, "GARBAGE\r\n\r\n"), 400).contains("malformed request line"));
        refusedRaw(Fixtures.rawRequest(base, "GET / HTTP/2.0\r\n" + host + "\r\n"), 505);
        refusedRaw(Fixtures.rawRequest(base, "GET / FTP/1.0\r\n" + host + "\r\n"), 400);
        refusedRaw(Fixtures.rawRequest(base, "GET / HTTP/1.1\r\n" + host + "no colon here\r\n\r\n"), 400);
        refusedRaw(Fixtures.rawRequest(base, "GET / HTTP/1.1\r\n" + host + ("X-Pad: " + "a".repeat(1000) + "\r\n")
                .repeat(40) + "\r\n"), 431);
        refusedRaw(Fixtures.rawRequest(base, "GET /" + "a".repeat(Api.MAX_URI + 100) + " HTTP/1.1\r\n" + host + "\r\n"), 414);
        refusedRaw(Fixtures.rawRequest(base, "POST /api/forward HTTP/1.1\r\n" + host
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 411);
        refusedRaw(Fixtures.rawRequest(base, "POST /api/forward HTTP/1.1\r\n" + host + "Content-Length: -5\r\n\r\n"), 400);
        // keep-alive: two requests on one connection, both answered, the bad one after a good one too
        String[] two = Fixtures.rawRequest(base, "GET /api/decode?z=0,0 HTTP/1.1\r\n" + host + "\r\n"
                + "GET /%zz HTTP/1.1\r\n" + host + "\r\n");
        assertTrue(two[0].startsWith("HTTP/1.1 200 "), two[0]);
        assertTrue(two[1].contains("HTTP/1.1 400 ") && two[1].contains("not a valid URI"), "second answer: " + two[1]);
        // a HEAD request is answered without a body
        String[] head = Fixtures.rawRequest(base, "HEAD /api/info HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
        assertTrue(head[0].startsWith("HTTP/1.1 405 "), head[0]);
        assertEquals("", head[1]);
    }

    @Test
    void nothingOutsideTheServedFoldersIsReadable() throws Exception {
        String host = "127.0.0.1:" + base.getPort();
        int k = 3; // the folder with the links
        assertEquals("notes", Fixtures.text(Fixtures.get(base, "/files/" + k + "/notes.txt")));
        for (String target : List.of("/files/" + k + "/../secret.txt", "/files/" + k + "/%2e%2e/secret.txt",
                "/files/" + k + "/%2E%2E/%2E%2E/%2E%2E/etc/passwd", "/files/" + k + "/..%2fsecret.txt",
                "/files/" + k + "/%2e%2e%2fsecret.txt", "/files/0/../../../../etc/passwd", "/files/" + k + "/./notes.txt",
                "/files/" + k + "/..\\secret.txt", "/%2e%2e/%2e%2e/etc/passwd", "/files/../../etc/passwd",
                "/files//etc/passwd", "/files/9/x", "/files/-1/x", "/index.html/../../etc/passwd")) {
            String[] r = Fixtures.raw(base, target, host);
            int status = Integer.parseInt(r[0].split(" ")[1]);
            assertTrue(status >= 400 && status < 500, target + " -> " + r[0]);
            assertFalse(r[1].contains("secret") && !r[1].contains("error"), target + " leaked: " + r[1]);
            assertFalse(r[1].contains("root:"), target + " leaked /etc/passwd");
            assertEquals(1, Fixtures.lines(r[1]).size(), target + ": " + r[1]);
        }
        // a symlink out of a served folder, to a file and to a folder
        assertTrue(refused(Fixtures.get(base, "/files/" + k + "/link.txt"), 403).contains("leaves the served folder"));
        refused(Fixtures.get(base, "/files/" + k + "/up/secret.txt"), 403);
        // and the listing does not offer the link
        assertFalse(Fixtures.text(Fixtures.get(base, "/api/info")).contains("link.txt"));
    }

    @Test
    void anotherHostNameIsRefused() throws Exception {
        String[] r = Fixtures.raw(base, "/api/info", "attacker.example:" + base.getPort());
        assertTrue(r[0].contains(" 421 "), r[0]);
        assertTrue(Fixtures.raw(base, "/api/info", "localhost:" + base.getPort())[0].contains(" 200 "));
    }

    @Test
    void thePageAndItsScriptsComeFromTheJar() throws Exception {
        HttpResponse<byte[]> r = Fixtures.get(base, "/");
        assertEquals(200, r.statusCode());
        assertTrue(Fixtures.text(r).contains("<script src=\"/app.js\">"));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertTrue(Fixtures.text(Fixtures.get(base, "/app.js")).contains("window.explorer"));
        refused(Fixtures.get(base, "/web/app.js"), 404);
        refused(Fixtures.get(base, "/org/latentcartography/explorer/Api.class"), 404);
    }

    @Test
    void aNonLoopbackAddressIsRefusedUnlessAskedForExplicitly() throws Exception {
        Path[] f = Fixtures.mnist();
        UsageException e = assertThrows(UsageException.class, () -> new Explorer().start(new ExplorerProvider.Settings(
                List.of(f[0]), null, "0.0.0.0", 0, false, null, null, null, null)));
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
    }

    @Test
    void withoutAMapOrGeneratorTheRestStillWorks() throws Exception {
        Path[] f = Fixtures.mnist();
        try (ExplorerProvider.Server s = new Explorer().start(new ExplorerProvider.Settings(List.of(f[0]), null,
                "127.0.0.1", 0, false, null, Fixtures.MNIST.resolve("z.npy"), null, null))) {
            Map<?, ?> info = json(Fixtures.get(s.uri(), "/api/info"));
            assertEquals(false, info.get("map"));
            assertTrue(refused(Fixtures.get(s.uri(), "/api/decode?z=0,0"), 409).contains("no generator"));
            refused(Fixtures.get(s.uri(), "/api/forward?points=0,0"), 409);
            Map<?, ?> path = json(Fixtures.get(s.uri(), "/api/path?from=0,0&to=1,1"));
            assertTrue(path.containsKey("straight"));
            assertFalse(path.containsKey("pseudo_geodesic"));
        }
    }

    @Test
    void aFolderWithoutAMeasureIsNamed() {
        Exception e = assertThrows(org.latentcartography.core.CartographyException.class, () -> new Explorer().start(
                new ExplorerProvider.Settings(List.of(Fixtures.MNIST), null, "127.0.0.1", 0, false, null, null, null, null)));
        assertTrue(e.getMessage().contains("no measure"), e.getMessage());
        assertArrayEquals(new int[0], new int[0]);
    }
}
