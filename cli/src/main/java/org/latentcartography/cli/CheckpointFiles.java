package org.latentcartography.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;

/**
 * The checkpoint of a long {@code measure} run: the measure of the slabs finished so far
 * ({@code .checkpoint.npy}, with {@code .checkpoint-metric.npy}) and what the run was
 * ({@code .checkpoint.json}: a fingerprint of every input that changes the result, and the number
 * of finished slabs), written atomically every few seconds and when the run is interrupted.
 */
final class CheckpointFiles implements GridEvaluator.Checkpoint {
    static final String JSON = ".checkpoint.json";
    static final String MEASURE = ".checkpoint.npy";
    static final String METRIC = ".checkpoint-metric.npy";
    /** Seconds between checkpoint writes: 5, or the system property cartography.checkpoint.seconds. */
    private static final long INTERVAL_NANOS = (long) (1e9 * Double.parseDouble(
            System.getProperty("cartography.checkpoint.seconds", "5")));

    private final Path dir;
    private final int[] shape;
    private final int[] metricShape;
    private final Map<String, Object> fingerprint;
    private double[] measure;
    private double[] metric;
    private int done;
    private int written;
    private long lastWrite = System.nanoTime();

    CheckpointFiles(Path dir, int[] shape, int[] metricShape, Map<String, Object> fingerprint) {
        this.dir = dir;
        this.shape = shape;
        this.metricShape = metricShape;
        this.fingerprint = fingerprint;
    }

    /**
     * Everything that changes the result of a measure run; threads and batch size do not. The
     * model files are those the generator's and meaning's providers declare they read.
     */
    static Map<String, Object> fingerprint(org.latentcartography.core.plugin.Registries registries,
                                          org.latentcartography.core.pipeline.MeasureRequest request, Path embeddings,
                                          Path labels) {
        org.latentcartography.core.grid.Grid g = request.grid();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("generator", request.generatorChain() == null ? null : request.generatorChain().toString());
        f.put("meaning", request.meaning().toString());
        f.put("files", filesHash(registries.files(request.generatorChain(), request.meaning())));
        f.put("measure", request.measure().toString());
        f.put("grid", java.util.Arrays.toString(g.lower()) + " " + java.util.Arrays.toString(g.upper()) + " "
                + java.util.Arrays.toString(g.shape()));
        f.put("samples", (long) request.samples());
        f.put("seed", request.seed());
        f.put("metric", request.metric());
        f.put("embeddings", embeddings == null ? null : hash(embeddings));
        f.put("labels", labels == null ? null : hash(labels));
        return f;
    }

    /**
     * Hashes the files components read: a file with the files beside it whose names start with
     * its name (external weights), a folder with every file inside it.
     */
    private static String filesHash(List<Path> paths) {
        List<String> hashes = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                Path parent = p.toAbsolutePath().getParent();
                String name = p.getFileName().toString();
                try (var files = Files.list(parent)) {
                    for (Path f : files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith(name))
                            .sorted().toList()) {
                        hashes.add(f.getFileName() + ":" + hash(f));
                    }
                } catch (IOException e) {
                    throw new CartographyException(parent + ": cannot list (" + e.getMessage() + ")", e);
                }
            } else if (Files.isDirectory(p)) {
                try (var files = Files.walk(p)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        hashes.add(p.relativize(f) + ":" + hash(f));
                    }
                } catch (IOException e) {
                    throw new CartographyException(p + ": cannot list (" + e.getMessage() + ")", e);
                }
            }
        }
        return hashes.isEmpty() ? null : String.join(" ", hashes);
    }

    private static String hash(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new CartographyException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static boolean exists(Path dir) {
        return Files.exists(dir.resolve(JSON));
    }

    /** The state a run resumes from. */
    record State(double[] measure, double[] metric, int doneSlabs) {
    }

    /**
     * Reads the checkpoint and checks it was made by the same run and is intact: its fingerprint
     * equals this run's, its arrays have this run's shapes, and the checksum of the finished
     * slabs' values (with the fingerprint and the number of slabs) equals the one written with them.
     *
     * @param slabs the grid's slab count
     * @return the state to resume from
     * @throws CartographyException naming what differs or is damaged, saying to start over with --force
     */
    State read(int slabs) {
        Path json = dir.resolve(JSON);
        if (!Files.exists(json)) {
            throw new CartographyException("--resume: " + dir + " holds no checkpoint to resume");
        }
        Object o;
        try {
            o = Json.read(json);
        } catch (CartographyException e) {
            throw damaged(e.getMessage());
        }
        if (!(o instanceof Map<?, ?> m) || !(m.get("fingerprint") instanceof Map<?, ?> was)) {
            throw damaged(json + " is not a checkpoint of this program");
        }
        List<String> differs = new ArrayList<>();
        for (Map.Entry<String, Object> e : fingerprint.entrySet()) {
            Object before = was.get(e.getKey());
            Object now = e.getValue();
            boolean same = now instanceof Number && before instanceof Number
                    ? ((Number) now).doubleValue() == ((Number) before).doubleValue()
                    : Objects.equals(String.valueOf(now), String.valueOf(before));
            if (!same) {
                differs.add(e.getKey().replace('_', ' ') + " (was " + shorten(before) + ", now " + shorten(now) + ")");
            }
        }
        if (!differs.isEmpty()) {
            throw new CartographyException("--resume: the checkpoint in " + dir + " is of another run: "
                    + String.join("; ", differs) + "; run with --force to start over");
        }
        if (!(m.get("done_slabs") instanceof Number n) || !(m.get("checksum") instanceof String sum)) {
            throw damaged(json + " lacks done_slabs or checksum");
        }
        double d = n.doubleValue();
        if (!(d >= 0 && d <= slabs && d == Math.rint(d))) {
            throw damaged(json + ": done_slabs " + n + " does not fit the grid's " + slabs + " slabs");
        }
        int done = (int) d;
        double[] values = array(dir.resolve(MEASURE), shape);
        double[] t = metricShape == null ? null : array(dir.resolve(METRIC), metricShape);
        if (!sum.equals(checksum(fingerprint, shape, done, values, t))) {
            throw damaged(json + ": the checksum does not match the saved values");
        }
        long cells = cellsBefore(shape, done);
        for (int i = 0; i < cells; i++) {
            if (!Double.isFinite(values[i])) {
                throw damaged(dir.resolve(MEASURE) + ": non-finite value at cell " + i);
            }
        }
        return new State(values, t, done);
    }

    private CartographyException damaged(String what) {
        return new CartographyException("--resume: the checkpoint in " + dir + " is damaged (" + Main.oneLine(what)
                + "); run with --force to start over");
    }

    /** Reads a saved float64 array and checks its shape. */
    private double[] array(Path file, int[] shape) {
        org.latentcartography.core.io.NpyArray a;
        try {
            a = Npy.read(file);
        } catch (CartographyException e) {
            throw damaged(e.getMessage());
        }
        if (!java.util.Arrays.equals(a.shape(), shape) || !"<f8".equals(a.dtype())) {
            throw damaged(file + ": shape " + java.util.Arrays.toString(a.shape()) + " of " + a.dtype()
                    + ", expected " + java.util.Arrays.toString(shape) + " of <f8");
        }
        return a.data();
    }

    /** Cells (or values, for the metric's shape) in the first {@code slabs} slabs of an array of that shape. */
    private static long cellsBefore(int[] shape, int slabs) {
        long perSlab = 1;
        for (int k = 1; k < shape.length; k++) {
            perSlab *= shape[k];
        }
        return perSlab * slabs;
    }

    /**
     * SHA-256 over the fingerprint, the shape, the number of finished slabs and the bits of the
     * finished slabs' values (the values after them are still being computed when a checkpoint is
     * written, and are recomputed on resume).
     */
    static String checksum(Map<String, Object> fingerprint, int[] shape, int done, double[] measure, double[] metric) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((Json.write(fingerprint) + java.util.Arrays.toString(shape) + " done_slabs=" + done)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest(md, measure, cellsBefore(shape, done));
            if (metric != null) {
                digest(md, metric, metric.length / Math.max(1, measure.length) * cellsBefore(shape, done));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void digest(MessageDigest md, double[] values, long count) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(8 << 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            if (!bb.hasRemaining()) {
                md.update(bb.array(), 0, bb.position());
                bb.clear();
            }
            bb.putLong(Double.doubleToRawLongBits(values[i]));
        }
        md.update(bb.array(), 0, bb.position());
    }

    private static String shorten(Object o) {
        String s = String.valueOf(o);
        return s.length() > 24 ? s.substring(0, 12) + "…" : s;
    }

    @Override
    public synchronized void update(double[] measure, double[] metric, int doneSlabs) {
        this.measure = measure;
        this.metric = metric;
        this.done = doneSlabs;
        long now = System.nanoTime();
        if (now - lastWrite >= INTERVAL_NANOS) {
            flush();
            lastWrite = now;
        }
    }

    /** Writes the latest state if it holds more than the last one written. @return slabs saved */
    synchronized int flush() {
        if (measure != null && done > written) {
            Npy.writeFloat64(dir.resolve(MEASURE), shape, measure);
            if (metric != null) {
                Npy.writeFloat64(dir.resolve(METRIC), metricShape, metric);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fingerprint", fingerprint);
            m.put("done_slabs", (long) done);
            m.put("checksum", checksum(fingerprint, shape, done, measure, metric));
            AtomicFiles.writeString(dir.resolve(JSON), Json.write(m));
            written = done;
        }
        return written;
    }

    /** @return the number of slabs the checkpoint on disk holds */
    synchronized int saved() {
        return written;
    }

    /** Removes the checkpoint after a finished run. */
    static void delete(Path dir) {
        for (String f : List.of(JSON, MEASURE, METRIC)) {
            try {
                Files.deleteIfExists(dir.resolve(f));
            } catch (IOException ignored) {
                // a stale checkpoint is harmless: its fingerprint guards it
            }
        }
    }
}
