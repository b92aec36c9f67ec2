package org.latentcartography.measures.classifier;

import org.latentcartography.measures.classifier.nn.Dense;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.MeaningProvider;

/**
 * Provides the meaning {@code classifier}: h = p(c | z) (paper 2.2.3), from
 * <ul>
 * <li>{@code classifier[,options]}: a multilayer perceptron trained here on the run's embeddings
 *     and labels, with a stratified held-out split whose accuracy, and that of 5-nearest-neighbours
 *     on the same split, go to the run's record and one line on stderr. Options: {@code hidden=100}
 *     (hidden widths, e.g. {@code 64,64}; {@code 0} for none), {@code activation=relu|tanh},
 *     {@code epochs=100}, {@code batch=200}, {@code rate=0.003} (Adam), {@code decay=0.0001} (L2),
 *     {@code holdout=0.2}, {@code seed=} (default: the run's seed);</li>
 * <li>{@code classifier:MODEL.onnx[,softmax=true][,input=][,output=]}: an ONNX model whose output
 *     is the class probabilities, or logits with {@code softmax=true}. With labels, its width must
 *     be their number of classes, and column c is the c-th smallest label id.</li>
 * </ul>
 * Both take {@code classes=A,B,...}: the meaning becomes those classes' probabilities plus one
 * bucket for all others (paper 4.1.3). Label ids may be any integers; they are mapped to classes
 * 0..K-1 in increasing order.
 */
public final class ClassifierProvider implements MeaningProvider {
    /** Asked for when first used, not when the provider is listed (which then starts no logging). */
    private static System.Logger log() {
        return System.getLogger("org.latentcartography.measures.classifier");
    }

    static final List<String> TRAINED_OPTIONS =
            List.of("classes", "hidden", "activation", "epochs", "batch", "rate", "decay", "holdout", "seed");
    static final List<String> ONNX_OPTIONS = List.of("classes", "softmax", "input", "output");

    /** Neighbours of the baseline classifier whose held-out accuracy is reported beside the network's. */
    static final int BASELINE_NEIGHBOURS = 5;

    /**
     * How far from 1 a row of an ONNX model's probabilities may sum before it is taken for logits:
     * float32 softmax outputs sum to 1 within K·2⁻²⁴ ≈ 1e-6 for K ≤ 16; 1e-3 leaves room for
     * models that compute their softmax less carefully.
     */
    static final double SUM_TOLERANCE = 1e-3;

    @Override
    public String id() {
        return "classifier";
    }

    @Override
    public String description() {
        return "class probabilities p(c|z) of an MLP trained on the embeddings and their labels, or of classifier:MODEL.onnx; "
                + "classes=A,B keeps those classes plus one 'others' bucket (paper 2.2.3, 4.1.3)";
    }

    @Override
    public boolean needsGenerator() {
        return false;
    }

    @Override
    public LatentFunction create(ComponentSpec spec, Generator generator, ComponentContext context) {
        if (spec.argument() != null) {
            return onnx(spec, context);
        }
        return trained(spec, context);
    }

    // ---- trained in-process --------------------------------------------------------------

    private static LatentFunction trained(ComponentSpec spec, ComponentContext context) {
        spec.requireOnly(TRAINED_OPTIONS);
        MlpTrainer.Settings settings = new MlpTrainer.Settings(
                hidden(spec), activation(spec),
                positive(spec, "epochs", 100), positive(spec, "batch", 200),
                spec.number("rate", 3e-3), spec.number("decay", 1e-4));
        if (!(settings.rate() > 0)) {
            throw new UsageException("classifier: rate=" + spec.string("rate", "") + " must be positive");
        }
        if (!(settings.decay() >= 0)) {
            throw new UsageException("classifier: decay=" + spec.string("decay", "") + " must be at least 0");
        }
        double holdout = spec.number("holdout", 0.2);
        if (!(holdout >= 0 && holdout < 1)) {
            throw new UsageException("classifier: holdout=" + spec.string("holdout", "") + " must be in [0, 1)");
        }
        long seed = seed(spec, context.seed());
        Embeddings emb = context.embeddings();
        int[] rawLabels = context.labels();
        if (emb == null || rawLabels == null) {
            throw new UsageException("classifier needs the embeddings and their labels to train on (or an ONNX classifier: classifier:MODEL.onnx)");
        }
        if (rawLabels.length != emb.count()) {
            throw new CartographyException("classifier: " + rawLabels.length + " labels for "
                    + emb.count() + " embeddings");
        }
        ClassLabels labels = ClassLabels.of(rawLabels);
        int[] highlight = highlight(spec, labels, labels.classCount());

        long start = System.nanoTime();
        double[] x = emb.toArray();
        int d = emb.dimension();
        int[] y = labels.indices();
        int k = labels.classCount();
        HoldOut split = HoldOut.stratified(labels, holdout, seed);
        boolean[] reused = new boolean[1];
        MlpTrainer.Outcome outcome = Trained.get(x, d, y, k, split.train(), settings, seed, reused);
        Mlp mlp = outcome.mlp();
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = accuracy(mlp, x, d, y, split.test());
        double knn = NearestNeighbours.accuracy(x, d, y, k, BASELINE_NEIGHBOURS, split.train(), split.test());

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("classifier", "mlp");
        report.put("layers", boxed(mlp.sizes()));
        report.put("activation", settings.activation().name().toLowerCase(Locale.ROOT));
        report.put("epochs", settings.epochs());
        report.put("seed", seed);
        report.put("classes", boxed(labels.ids()));
        if (highlight != null) {
            report.put("highlight", highlightIds(highlight, labels));
        }
        report.put("train_points", split.train().length);
        report.put("holdout_points", split.test().length);
        report.put("train_loss", outcome.loss());
        report.put("train_seconds", seconds);
        if (split.test().length > 0) {
            report.put("holdout_accuracy", accuracy);
            report.put("knn" + BASELINE_NEIGHBOURS + "_holdout_accuracy", knn);
        }
        log().log(System.Logger.Level.INFO, (reused[0]
                ? String.format(Locale.ROOT, "classifier: MLP %s (%s) trained on %d points before, reused; ",
                        join(mlp.sizes(), "-"), report.get("activation"), split.train().length)
                : String.format(Locale.ROOT, "classifier: MLP %s (%s) trained on %d points in %.1f s; ",
                        join(mlp.sizes(), "-"), report.get("activation"), split.train().length, seconds))
                + (split.test().length == 0 ? "no held-out points (holdout=0)"
                : String.format(Locale.ROOT, "held-out accuracy %.4f, %d-NN %.4f, on %d points",
                        accuracy, BASELINE_NEIGHBOURS, knn, split.test().length)));
        return new ClassifierFunction(new MlpSource(mlp), highlight, report);
    }

    /**
     * Networks trained in this process, by everything their training reads (points, labels, rows,
     * settings, seed): training is deterministic, so a second classifier on the same data (e.g. the
     * same classifier with other classes highlighted) reuses the network instead of training the
     * same one again. Holds the last {@value #SIZE}; {@link Mlp} is immutable.
     */
    static final class Trained {
        static final int SIZE = 4;
        private static final Map<Key, MlpTrainer.Outcome> CACHE = new java.util.LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, MlpTrainer.Outcome> eldest) {
                return size() > SIZE;
            }
        };

        private Trained() {
        }

        /** SHA-256 of everything the training reads: a few bytes per entry, whatever the data's size. */
        private record Key(String digest) {
            static Key of(double[] x, int d, int[] y, int k, int[] rows, MlpTrainer.Settings s, long seed) {
                java.security.MessageDigest md;
                try {
                    md = java.security.MessageDigest.getInstance("SHA-256");
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e); // every Java platform has SHA-256
                }
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8192);
                java.util.function.LongConsumer put = v -> {
                    if (b.remaining() < Long.BYTES) {
                        md.update(b.flip());
                        b.clear();
                    }
                    b.putLong(v);
                };
                put.accept(x.length);
                for (double v : x) {
                    put.accept(Double.doubleToLongBits(v));
                }
                put.accept(y.length);
                for (int v : y) {
                    put.accept(v);
                }
                put.accept(rows.length);
                for (int v : rows) {
                    put.accept(v);
                }
                put.accept(s.hidden().length);
                for (int v : s.hidden()) {
                    put.accept(v);
                }
                put.accept(d);
                put.accept(k);
                put.accept(s.activation().ordinal());
                put.accept(s.epochs());
                put.accept(s.batch());
                put.accept(Double.doubleToLongBits(s.rate()));
                put.accept(Double.doubleToLongBits(s.decay()));
                put.accept(seed);
                md.update(b.flip());
                return new Key(java.util.HexFormat.of().formatHex(md.digest()));
            }
        }

        /** {@link MlpTrainer#train}, or the network it gave for the same arguments before. */
        static MlpTrainer.Outcome get(double[] x, int d, int[] y, int k, int[] rows, MlpTrainer.Settings s, long seed) {
            return get(x, d, y, k, rows, s, seed, new boolean[1]);
        }

        /** The same; {@code reused[0]} says whether the network was trained before. */
        static MlpTrainer.Outcome get(double[] x, int d, int[] y, int k, int[] rows, MlpTrainer.Settings s, long seed,
                                      boolean[] reused) {
            Key key = Key.of(x, d, y, k, rows, s, seed);
            synchronized (CACHE) {
                MlpTrainer.Outcome o = CACHE.get(key);
                if (o != null) {
                    reused[0] = true;
                    return o;
                }
            }
            MlpTrainer.Outcome o = MlpTrainer.train(x, d, y, k, rows, s, seed);
            synchronized (CACHE) {
                CACHE.put(key, o);
            }
            return o;
        }
    }

    /** Share of the points {@code rows} whose most probable class is their label. */
    static double accuracy(Mlp mlp, double[] x, int d, int[] y, int[] rows) {
        if (rows.length == 0) {
            return Double.NaN;
        }
        double[] z = new double[rows.length * d];
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(x, rows[t] * d, z, t * d, d);
        }
        int k = mlp.classCount();
        double[] p = new double[rows.length * k];
        mlp.probabilities(z, rows.length, p, 0);
        return accuracy(p, k, y, rows);
    }

    private static double accuracy(double[] p, int k, int[] y, int[] rows) {
        int correct = 0;
        for (int t = 0; t < rows.length; t++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (p[t * k + c] > p[t * k + best]) {
                    best = c;
                }
            }
            if (best == y[rows[t]]) {
                correct++;
            }
        }
        return (double) correct / rows.length;
    }

    /** The network as a probability source. */
    static final class MlpSource implements ClassifierFunction.Source {
        private final Mlp mlp;

        MlpSource(Mlp mlp) {
            this.mlp = mlp;
        }

        @Override
        public int latentDimension() {
            return mlp.inputDimension();
        }

        @Override
        public int classCount() {
            return mlp.classCount();
        }

        @Override
        public int preferredBatchSize() {
            return 1024;
        }

        @Override
        public void probabilities(double[] z, int count, double[] out, int outOffset, long[] seeds) {
            mlp.probabilities(z, count, out, outOffset);
        }

        @Override
        public void close() {
        }
    }

    // ---- ONNX ----------------------------------------------------------------------------

    private static LatentFunction onnx(ComponentSpec spec, ComponentContext context) {
        spec.requireOnly(ONNX_OPTIONS);
        String path = spec.requireArgument("model path");
        boolean softmax = spec.flag("softmax", false);
        String name = "classifier:" + path;
        int[] rawLabels = context.labels();
        ClassLabels labels = rawLabels == null ? null : ClassLabels.of(rawLabels);
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : List.of("input", "output")) {
            if (spec.options().containsKey(key)) {
                options.put(key, spec.options().get(key));
            }
        }
        Generator g = context.generators().open(new ComponentSpec("onnx", path, options), context);
        try {
            int width = g.outputDimension();
            if (labels != null && width != labels.classCount()) {
                throw new CartographyException(name + ": the model gives " + width + " value"
                        + (width == 1 ? "" : "s") + " per point, but the labels have "
                        + labels.classCount() + " classes");
            }
            if (width < 2) {
                throw new CartographyException(name + ": the model gives " + width
                        + " value per point; a classifier needs at least two classes");
            }
            int[] highlight = highlight(spec, labels, width);
            OnnxSource source = new OnnxSource(name, g, softmax);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("classifier", "onnx");
            report.put("model", path);
            report.put("softmax", softmax);
            if (labels != null) {
                report.put("classes", boxed(labels.ids()));
            }
            if (highlight != null) {
                report.put("highlight", highlightIds(highlight, labels));
            }
            Embeddings emb = context.embeddings();
            if (labels != null && emb != null && rawLabels.length == emb.count()
                    && (g.latentDimension() == -1 || g.latentDimension() == emb.dimension())) {
                int n = emb.count();
                double[] p = new double[n * width];
                int[] rows = new int[n];
                Arrays.setAll(rows, i -> i);
                double[] z = emb.toArray();
                int step = Math.max(1, source.preferredBatchSize());
                int d = emb.dimension();
                for (int from = 0; from < n; from += step) {
                    int count = Math.min(step, n - from);
                    source.probabilities(Arrays.copyOfRange(z, from * d, (from + count) * d), count, p, from * width,
                            new long[count]);
                }
                double acc = accuracy(p, width, labels.indices(), rows);
                report.put("accuracy_on_embeddings", acc);
                log().log(System.Logger.Level.INFO, String.format(Locale.ROOT, "classifier: %s: accuracy %.4f on the %d labelled embeddings",
                        path, acc, n));
            }
            return new ClassifierFunction(source, highlight, report);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    /** An ONNX generator as a probability source: softmax applied, or the output checked. */
    static final class OnnxSource implements ClassifierFunction.Source {
        private final String name;
        private final Generator generator;
        private final boolean softmax;

        OnnxSource(String name, Generator generator, boolean softmax) {
            this.name = name;
            this.generator = generator;
            this.softmax = softmax;
        }

        @Override
        public int latentDimension() {
            return generator.latentDimension();
        }

        @Override
        public int classCount() {
            return generator.outputDimension();
        }

        @Override
        public int preferredBatchSize() {
            return generator.preferredBatchSize();
        }

        @Override
        public void probabilities(double[] z, int count, double[] out, int outOffset, long[] seeds) {
            generator.apply(z, count, out, outOffset, seeds);
            int k = classCount();
            int d = Math.max(1, generator.latentDimension());
            for (int r = 0; r < count; r++) {
                int o = outOffset + r * k;
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    double v = out[o + j];
                    if (!Double.isFinite(v)) {
                        throw new CartographyException(name + ": output " + j + " is " + v + " at z = "
                                + point(z, r, d) + "; the model gives non-finite values there");
                    }
                    if (!softmax && v < 0) {
                        throw new CartographyException(name + ": output " + j + " is " + v + " at z = "
                                + point(z, r, d) + ", not a probability; if the model gives logits, "
                                + "add softmax=true");
                    }
                    sum += v;
                }
                if (softmax) {
                    Mlp.softmaxRows(out, o, 1, k, out, o);
                } else if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                    throw new CartographyException(name + ": the outputs at z = " + point(z, r, d)
                            + " sum to " + sum + ", not 1; if the model gives logits, add softmax=true");
                }
            }
        }

        @Override
        public void close() {
            generator.close();
        }
    }

    private static String point(double[] z, int r, int d) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < d; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", z[r * d + i]));
        }
        return sb.append(']').toString();
    }

    // ---- options -------------------------------------------------------------------------

    /**
     * Parses {@code classes=}: label ids (or, without labels, output columns) to highlight.
     *
     * @return class indices in the order given, or null when the option is absent
     */
    static int[] highlight(ComponentSpec spec, ClassLabels labels, int width) {
        String text = spec.string("classes", null);
        if (text == null) {
            return null;
        }
        String[] parts = text.split(",", -1);
        int[] out = new int[parts.length];
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            int id;
            try {
                id = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new UsageException("classifier: classes=" + text + ": '" + part + "' is not an integer");
            }
            if (seen.contains(id)) {
                throw new UsageException("classifier: class " + id + " is given twice in classes=" + text);
            }
            seen.add(id);
            if (labels != null) {
                int c = labels.indexOf(id);
                if (c < 0) {
                    throw new UsageException("classifier: class " + id + " in classes=" + text
                            + " does not occur in the labels (they have " + describe(labels.ids()) + ")");
                }
                out[i] = c;
            } else {
                if (id < 0 || id >= width) {
                    throw new UsageException("classifier: class " + id + " in classes=" + text
                            + " is not an output of the model (without labels, classes are its columns 0 to "
                            + (width - 1) + ")");
                }
                out[i] = id;
            }
        }
        return out;
    }

    private static String describe(int[] ids) {
        if (ids.length <= 12) {
            return "classes " + join(ids, ", ");
        }
        return ids.length + " classes, " + ids[0] + " to " + ids[ids.length - 1];
    }

    private static List<Integer> highlightIds(int[] highlight, ClassLabels labels) {
        List<Integer> ids = new ArrayList<>();
        for (int c : highlight) {
            ids.add(labels == null ? c : labels.id(c));
        }
        return ids;
    }

    private static int[] hidden(ComponentSpec spec) {
        String text = spec.string("hidden", "100");
        if (text.strip().equals("0")) {
            return new int[0];
        }
        String[] parts = text.split(",", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                out[i] = -1;
            }
            if (out[i] < 1) {
                throw new UsageException("classifier: hidden=" + text + ": '" + parts[i].strip()
                        + "' is not a positive integer (hidden layer widths, e.g. hidden=64,64; hidden=0 for none)");
            }
        }
        return out;
    }

    private static Dense.Activation activation(ComponentSpec spec) {
        String a = spec.string("activation", "relu");
        switch (a.toLowerCase(Locale.ROOT)) {
            case "relu":
                return Dense.Activation.RELU;
            case "tanh":
                return Dense.Activation.TANH;
            default:
                throw new UsageException("classifier: activation=" + a + " is not one of relu, tanh");
        }
    }

    private static int positive(ComponentSpec spec, String key, int fallback) {
        int v = spec.integer(key, fallback);
        if (v < 1) {
            throw new UsageException("classifier: " + key + "=" + v + " must be at least 1");
        }
        return v;
    }

    private static long seed(ComponentSpec spec, long fallback) {
        String s = spec.string("seed", null);
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("classifier: seed=" + s + " is not an integer");
        }
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    private static String join(int[] values, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : sep).append(values[i]);
        }
        return sb.toString();
    }
    /** An ONNX classifier's model file ({@code classifier:MODEL.onnx}); none for the MLP trained in-process. */
    @Override
    public List<java.nio.file.Path> files(ComponentSpec spec) {
        return spec.argument() == null || spec.argument().isBlank() ? List.of() : List.of(java.nio.file.Path.of(spec.argument()));
    }

}
