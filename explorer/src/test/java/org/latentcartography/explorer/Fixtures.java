package org.latentcartography.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.GeneratorChain;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Labels;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MapRequest;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Generator;

/**
 * Result folders made once per test JVM through core's pipeline from the shipped models (the
 * softplus MNIST VAE, the 2-D fortunes text VAE), and small HTTP helpers.
 */
final class Fixtures {
    static final Path ROOT = Path.of(System.getProperty("cartography.root", "..")).toAbsolutePath().normalize();
    static final Path MNIST = ROOT.resolve("models/mnist/vae-softplus");
    static final String MNIST_DECODER = "onnx:" + MNIST.resolve("decoder.onnx") + ",output=x";
    static final Path TEXT = ROOT.resolve("models/text/fortunes-2d");
    static final String TEXT_DECODER = "text:" + TEXT;
    static final Path WORK = Path.of("target", "explorer-fixtures").toAbsolutePath();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Cartography CARTOGRAPHY = new Cartography(Registries.discover(null));
    private static Path[] mnist;
    private static Path[] text;

    private Fixtures() {
    }

    static Registries registries() {
        return CARTOGRAPHY.registries();
    }

    /** @return {measure folder, map folder} of the softplus VAE's Riemannian measure on a 48² grid */
    static synchronized Path[] mnist() throws IOException {
        if (mnist == null) {
            mnist = make("mnist", MNIST_DECODER, "riemannian", "output", MNIST.resolve("z.npy"), 48, 0);
        }
        return mnist;
    }

    /** @return {measure folder, map folder} of the fortunes VAE's JSD measure on a 24² grid */
    static synchronized Path[] text() throws IOException {
        if (text == null) {
            text = make("text", TEXT_DECODER, "jsd", "words", TEXT.resolve("z.npy"), 24, 2);
        }
        return text;
    }

    private static Path[] make(String name, String generator, String measure, String meaning, Path z, int grid, double blur)
            throws IOException {
        Path m = WORK.resolve(name + "-measure");
        Path t = WORK.resolve(name + "-map");
        if (Files.isRegularFile(t.resolve("map.npy")) && Files.isRegularFile(m.resolve("measure.npy"))) {
            return new Path[] {m, t};
        }
        Files.createDirectories(m);
        Files.createDirectories(t);
        Embeddings emb = Embeddings.read(z);
        int[] lab = Labels.read(z.resolveSibling("labels.npy"), emb.count());
        MeasureResult mr = CARTOGRAPHY.measure(MeasureRequest.builder(measure).generator(generator).meaning(meaning)
                .embeddings(emb).labels(lab).shape(grid).threads(2).build());
        mr.write(m);
        MapResult tr = CARTOGRAPHY.map(MapRequest.builder(mr).name(name).method("diffusion").blur(blur).embeddings(emb)
                .threads(2).build());
        tr.write(t, Map.of("input", m.toString()));
        return new Path[] {m, t};
    }

    static Generator open(String spec) {
        Registries r = registries();
        return r.openGenerator(GeneratorChain.parse(spec), r.context(null, null, 0, 2));
    }

    static HttpResponse<byte[]> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> post(URI base, String path, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Sends a request line and headers exactly as given (no client-side normalisation of the path).
     *
     * @return the status line and the body, as text
     */
    static String[] raw(URI base, String requestTarget, String host) throws IOException {
        return rawRequest(base, "GET " + requestTarget + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    /**
     * Sends the bytes of a whole request exactly as given (ISO-8859-1) and reads until the server
     * closes the connection.
     *
     * @return the status line and the body, as text
     */
    static String[] rawRequest(URI base, String request) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int eol = all.indexOf("\r\n");
            int body = all.indexOf("\r\n\r\n");
            return new String[] {all.substring(0, eol), body < 0 ? "" : all.substring(body + 4)};
        }
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static List<String> lines(String s) {
        return s.strip().lines().toList();
    }
}
