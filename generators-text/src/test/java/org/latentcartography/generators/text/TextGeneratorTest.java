package org.latentcartography.generators.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.TextDecoder;

/**
 * Text decoders against the greedy decodes and word distributions that the training scripts
 * computed in PyTorch (reference.json beside each model).
 */
class TextGeneratorTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path TESTDATA = ROOT.resolve("testdata/text");
    static final Path MODELS = ROOT.resolve("models/text");

    /**
     * Tolerance of the average word distribution against PyTorch: both run the same float32
     * network, in another order of operations; probabilities then differ by a few float32 ulps
     * (about 1e-7 of their value), far below this bound.
     */
    static final double WORDS_TOLERANCE = 2e-6;

    static Generator open(String spec) {
        return new TextGeneratorProvider().open(ComponentSpec.parse(spec), ComponentContext.empty());
    }

    record Reference(double[] z, int rows, int dz, int[][] greedy, int[][] greedyNoUnk, double[][] words) {
    }

    static Reference reference(Path file) {
        Map<?, ?> m = (Map<?, ?>) Json.read(file);
        List<?> z = (List<?>) m.get("z");
        int dz = ((List<?>) z.get(0)).size();
        double[] flat = new double[z.size() * dz];
        for (int i = 0; i < z.size(); i++) {
            List<?> row = (List<?>) z.get(i);
            for (int j = 0; j < dz; j++) {
                flat[i * dz + j] = ((Number) row.get(j)).doubleValue();
            }
        }
        return new Reference(flat, z.size(), dz, ints(m.get("greedy")), ints(m.get("greedy_no_unk")), doubles(m.get("words")));
    }

    static int[][] ints(Object o) {
        if (o == null) {
            return null;
        }
        List<?> rows = (List<?>) o;
        int[][] out = new int[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((List<?>) rows.get(i)).stream().mapToInt(x -> ((Number) x).intValue()).toArray();
        }
        return out;
    }

    static double[][] doubles(Object o) {
        if (o == null) {
            return null;
        }
        List<?> rows = (List<?>) o;
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((List<?>) rows.get(i)).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
        return out;
    }

    /** Greedy decodes, token for token, and the average word distributions of Eq. 1. */
    @ParameterizedTest
    @CsvSource({"testdata/text/tiny-step,step", "testdata/text/tiny-prefix,prefix", "models/text/fortunes-2d,step",
        "models/text/fortunes-2d,prefix", "models/text/fortunes-32d,step"})
    void reproducesTheReferenceDecodes(String folder, String decoder) {
        Path dir = ROOT.resolve(folder);
        Reference ref = reference(dir.resolve("reference.json"));
        try (Generator g = open("text:" + dir + ",decoder=" + decoder + ",batch=5")) {
            TextDecoder text = g.capability(TextDecoder.class).orElseThrow();
            assertEquals(ref.dz, g.latentDimension());
            int[][] greedy = text.decode(ref.z, ref.rows, new long[ref.rows], false);
            int[][] noUnk = text.decode(ref.z, ref.rows, new long[ref.rows], true);
            for (int i = 0; i < ref.rows; i++) {
                assertArrayEquals(ref.greedy[i], greedy[i], folder + " row " + i);
                assertArrayEquals(ref.greedyNoUnk[i], noUnk[i], folder + " row " + i + " with <unk> blocked");
            }
            int v = g.outputDimension();
            double[] h = new double[ref.rows * v];
            g.apply(ref.z, ref.rows, h, 0, new long[ref.rows]);
            for (int i = 0; i < ref.rows; i++) {
                double sum = 0;
                double worst = 0;
                for (int k = 0; k < v; k++) {
                    sum += h[i * v + k];
                    worst = Math.max(worst, Math.abs(h[i * v + k] - ref.words[i][k]));
                }
                assertEquals(1.0, sum, 1e-12, "row " + i + " sums to 1");
                assertEquals(0.0, worst, WORDS_TOLERANCE, folder + " row " + i + ": largest difference from PyTorch");
            }
        }
    }

    @Test
    void stepAndPrefixDecodersOfOneModelAgree() {
        Path dir = MODELS.resolve("fortunes-2d");
        Reference ref = reference(dir.resolve("reference.json"));
        try (Generator step = open("text:" + dir + ",decoder=step"); Generator prefix = open("text:" + dir + ",decoder=prefix")) {
            int v = step.outputDimension();
            double[] a = new double[ref.rows * v];
            double[] b = new double[ref.rows * v];
            step.apply(ref.z, ref.rows, a, 0, new long[ref.rows]);
            prefix.apply(ref.z, ref.rows, b, 0, new long[ref.rows]);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], WORDS_TOLERANCE);
            }
        }
    }

    @Test
    void composedGeneratorEqualsTheTwoAppliedByHand() {
        Path d32 = MODELS.resolve("fortunes-32d");
        Path c = d32.resolve("compress");
        Map<?, ?> m = (Map<?, ?>) Json.read(c.resolve("reference.json"));
        Reference ref = reference(c.resolve("reference.json"));
        Registries reg = Registries.discover(null);
        ComponentContext ctx = reg.context(null, null, 0, 1);
        String first = "onnx:" + c.resolve("decoder.onnx") + ",output=z32";
        try (Generator composed = reg.openGenerator(first + ">text:" + d32, ctx);
             Generator compress = reg.openGenerator(first, ctx);
             Generator text = reg.openGenerator("text:" + d32, ctx)) {
            assertEquals(2, composed.latentDimension());
            int n = ref.rows;
            double[] z32 = new double[n * 32];
            compress.apply(ref.z, n, z32, 0, new long[n]);
            double[][] refZ32 = doubles(m.get("z32"));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 32; j++) {
                    assertEquals(refZ32[i][j], z32[i * 32 + j], 1e-5, "compression decoder against PyTorch");
                }
            }
            int v = text.outputDimension();
            double[] byHand = new double[n * v];
            text.apply(z32, n, byHand, 0, new long[n]);
            double[] together = new double[n * v];
            composed.apply(ref.z, n, together, 0, new long[n]);
            assertArrayEquals(byHand, together, "composition = text(compress(z)), bit for bit");
            int[][] tokens = composed.capability(TextDecoder.class).orElseThrow().decode(ref.z, n, new long[n], false);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(ref.greedy[i], tokens[i], "composed greedy decode, row " + i);
            }
        }
    }

    @Test
    void samplingIsSeededAndTopOneSamplingIsGreedy() {
        Path dir = TESTDATA.resolve("tiny-step");
        Reference ref = reference(dir.resolve("reference.json"));
        int n = ref.rows;
        long[] seeds = new long[n];
        long[] others = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = 1000 + i;
            others[i] = 5000 + 7 * i;
        }
        try (Generator s = open("text:" + dir + ",decode=sample,temperature=1.5");
             Generator top1 = open("text:" + dir + ",decode=sample,top-k=1")) {
            assertTrue(s.isStochastic());
            TextDecoder t = s.capability(TextDecoder.class).orElseThrow();
            int[][] a = t.decode(ref.z, n, seeds, false);
            int[][] b = t.decode(ref.z, n, seeds, false);
            int[][] c = t.decode(ref.z, n, others, false);
            int differ = 0;
            for (int i = 0; i < n; i++) {
                assertArrayEquals(a[i], b[i], "same seed, same sentence");
                differ += java.util.Arrays.equals(a[i], c[i]) ? 0 : 1;
            }
            assertTrue(differ > n / 2, "other seeds give other sentences (" + differ + " of " + n + ")");
            int[][] g = top1.capability(TextDecoder.class).orElseThrow().decode(ref.z, n, others, false);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(ref.greedy[i], g[i], "top-1 sampling is greedy decoding, row " + i);
            }
            double[] h1 = new double[n * s.outputDimension()];
            double[] h2 = new double[n * s.outputDimension()];
            s.apply(ref.z, n, h1, 0, seeds);
            s.apply(ref.z, n, h2, 0, seeds);
            assertArrayEquals(h1, h2);
        }
    }

    @Test
    void afterEosPaddingCountsTheEndTokenUntilT() {
        Path dir = TESTDATA.resolve("tiny-step");
        Reference ref = reference(dir.resolve("reference.json"));
        try (Generator stop = open("text:" + dir); Generator pad = open("text:" + dir + ",after-eos=eos")) {
            TextDecoder t = stop.capability(TextDecoder.class).orElseThrow();
            int v = stop.outputDimension();
            int n = ref.rows;
            double[] a = new double[n * v];
            double[] b = new double[n * v];
            stop.apply(ref.z, n, a, 0, new long[n]);
            pad.apply(ref.z, n, b, 0, new long[n]);
            int eos = t.endToken();
            int tMax = t.maxLength();
            for (int i = 0; i < n; i++) {
                int steps = ref.greedy[i].length;
                for (int k = 0; k < v; k++) {
                    // pad: (steps * a + (T - steps) * onehot(eos)) / T. Exact for steps whose
                    // probabilities sum to 1; the model's float32 ones sum to 1 within ~1e-7 each,
                    // and each variant renormalises its own total, hence the tolerance.
                    double expected = (steps * a[i * v + k] + (k == eos ? tMax - steps : 0)) / tMax;
                    assertEquals(expected, b[i * v + k], 1e-7);
                }
            }
        }
    }

    /**
     * Rows leave the batch when they emit the end token; what a row gets must not depend on the
     * rows decoded with it: a batch of points whose sentences end at different steps gives, bit
     * for bit, the values of each point decoded alone (greedy and sampled, step and prefix models).
     */
    @ParameterizedTest
    @CsvSource({"decoder=step", "decoder=prefix", "decode=sample,temperature=0.9", "after-eos=eos,block-unk=true"})
    void eachRowGetsWhatItGetsAlone(String options) {
        Path dir = MODELS.resolve("fortunes-2d");
        int n = 24;
        double[] z = new double[2 * n];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            z[2 * i] = -3 + 6.0 * i / (n - 1);
            z[2 * i + 1] = 2.5 * Math.sin(i);
            seeds[i] = 1000 + i;
        }
        try (Generator g = open("text:" + dir + "," + options)) {
            int v = g.outputDimension();
            TextDecoder text = g.capability(TextDecoder.class).orElseThrow();
            java.util.Set<Integer> lengths = new java.util.TreeSet<>();
            for (int[] t : text.decode(z, n, seeds, false)) {
                lengths.add(t.length);
            }
            assertTrue(lengths.size() >= 3, "sentences of several lengths: " + lengths);
            double[] batch = new double[n * v];
            g.apply(z, n, batch, 0, seeds);
            double[] alone = new double[n * v];
            for (int i = 0; i < n; i++) {
                g.apply(new double[] {z[2 * i], z[2 * i + 1]}, 1, alone, i * v, new long[] {seeds[i]});
            }
            assertArrayEquals(alone, batch, options);
        }
    }

    @Test
    void concurrentCallsEqualSequentialOnes() throws Exception {
        Path dir = TESTDATA.resolve("tiny-prefix");
        Reference ref = reference(dir.resolve("reference.json"));
        try (Generator g = open("text:" + dir + ",batch=4")) {
            int v = g.outputDimension();
            double[] expected = new double[ref.rows * v];
            g.apply(ref.z, ref.rows, expected, 0, new long[ref.rows]);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<double[]>> futures = new ArrayList<>();
                for (int r = 0; r < 6; r++) {
                    futures.add(pool.submit(() -> {
                        double[] out = new double[ref.rows * v];
                        g.apply(ref.z, ref.rows, out, 0, new long[ref.rows]);
                        return out;
                    }));
                }
                for (Future<double[]> f : futures) {
                    assertArrayEquals(expected, f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    // ---- bad input: one clear message each ----

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    @Test
    void vocabularyOfTheWrongSizeIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = copy(TESTDATA.resolve("tiny-step"), tmp.resolve("m"));
        List<String> words = Files.readAllLines(dir.resolve("vocab.txt"));
        Files.write(dir.resolve("vocab.txt"), words.subList(0, words.size() - 3));
        CartographyException e = assertThrows(CartographyException.class, () -> open("text:" + dir));
        assertTrue(e.getMessage().contains("vocabulary has " + (words.size() - 3) + " words"), e.getMessage());
    }

    @Test
    void tokenIdsOutsideTheVocabularyAreRefused(@TempDir Path tmp) throws IOException {
        Path dir = copy(TESTDATA.resolve("tiny-step"), tmp.resolve("m"));
        String manifest = Files.readString(dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("manifest.json"), manifest.replaceFirst("\"eos\"\\s*:\\s*\\d+", "\"eos\": 4000"));
        CartographyException e = assertThrows(CartographyException.class, () -> open("text:" + dir));
        assertTrue(e.getMessage().contains("eos = 4000 is outside the vocabulary"), e.getMessage());
    }

    @Test
    void manifestMissingAFieldIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = copy(TESTDATA.resolve("tiny-step"), tmp.resolve("m"));
        String manifest = Files.readString(dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("manifest.json"), manifest.replaceFirst("\"max_length\"", "\"max_len\""));
        CartographyException e = assertThrows(CartographyException.class, () -> open("text:" + dir));
        assertTrue(e.getMessage().contains("'max_length' is missing"), e.getMessage());
    }

    /** Found by a 10-minute fuzz run: a NUL in a file name escaped as InvalidPathException. */
    @Test
    void fileNamesThatAreNoPathsAreRefused(@TempDir Path tmp) throws IOException {
        Path dir = copy(TESTDATA.resolve("tiny-step"), tmp.resolve("m"));
        String manifest = Files.readString(dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("manifest.json"), manifest.replace("\"vocab.txt\"", "\"voc\\u0000b.txt\""));
        CartographyException e = assertThrows(CartographyException.class, () -> open("text:" + dir));
        assertTrue(e.getMessage().contains("'vocabulary' is not a valid file name"), e.getMessage());
        Files.writeString(dir.resolve("manifest.json"), manifest.replace("\"step.onnx\"", "\"st\\u0000ep.onnx\""));
        e = assertThrows(CartographyException.class, () -> open("text:" + dir));
        assertTrue(e.getMessage().contains("'model' is not a valid file name"), e.getMessage());
    }

    @Test
    void stepModelWhoseStateShapesDisagreeIsRefused() {
        CartographyException e = assertThrows(CartographyException.class,
                () -> open("text:" + TESTDATA.resolve("bad-state")));
        assertTrue(e.getMessage().contains("they must agree"), e.getMessage());
    }

    @Test
    void badOptionsAreUsageErrors() {
        String dir = TESTDATA.resolve("tiny-step").toString();
        assertThrows(UsageException.class, () -> open("text:" + dir + ",decode=beam"));
        assertThrows(UsageException.class, () -> open("text:" + dir + ",temperature=0.5"));
        assertThrows(UsageException.class, () -> open("text:" + dir + ",decode=sample,temperature=0"));
        assertThrows(UsageException.class, () -> open("text:" + dir + ",decoder=prefix"));
        assertThrows(UsageException.class, () -> open("text:" + dir + ",beam=3"));
        CartographyException e = assertThrows(CartographyException.class, () -> open("text:" + TESTDATA.resolve("nope")));
        assertTrue(e.getMessage().contains("no such model folder"), e.getMessage());
    }

    @Test
    void kthLargestSelectsLikeSorting() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int t = 0; t < 200; t++) {
            int n = 1 + r.nextInt(60);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(10) / 3.0;
            }
            double[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            int k = 1 + r.nextInt(n);
            assertEquals(sorted[n - k], TextGenerator.kthLargest(a.clone(), n, k));
        }
        assertEquals(-1, TextGenerator.argmax(new double[] {Double.NaN, Double.NaN}, 2, -1), "no finite probability");
        assertEquals(1, TextGenerator.argmax(new double[] {0.1, 0.5, 0.5}, 3, -1), "ties go to the lowest id");
        assertEquals(2, TextGenerator.argmax(new double[] {0.1, 0.5, 0.5}, 3, 1), "a blocked token is never chosen");
    }

    /**
     * The greedy step's float search picks what the plain search over the same values as doubles
     * picks, on rows full of ties (few distinct values), with NaN, negative infinity, signed zeros
     * and a blocked token, of every length from 1 (the four interleaved searches and their tail).
     */
    @Test
    void greedyStepPicksAsArgmaxAndAddsEveryProbability() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        float[] special = {Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, 1e-30f, 0.25f, 0.5f};
        for (int t = 0; t < 5000; t++) {
            int n = 1 + r.nextInt(23);
            float[] f = new float[n];
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = special[r.nextInt(special.length)];
                d[i] = f[i];
            }
            int blocked = r.nextInt(n + 2) - 1; // -1 (none) .. n
            double[] out = new double[n + 2];
            java.util.Arrays.fill(out, 1.0);
            int expected = TextGenerator.argmax(d, n, blocked);
            assertEquals(expected, TextGenerator.greedyStep(f, n, out, 1, blocked), java.util.Arrays.toString(f) + " blocked " + blocked);
            assertEquals(1.0, out[0]);
            assertEquals(1.0, out[n + 1]);
            for (int i = 0; i < n; i++) {
                assertEquals(1.0 + d[i], out[1 + i]);
            }
        }
    }
}
