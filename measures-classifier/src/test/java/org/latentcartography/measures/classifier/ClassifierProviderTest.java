package org.latentcartography.measures.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.LatentFunction;

/** The provider's options, outputs and errors, on small synthetic data. */
class ClassifierProviderTest {
    static final Path TESTDATA = SoftmaxLinearJsdTest.TESTDATA;

    /** Label ids that are neither 0-based nor contiguous, to check the mapping to classes 0..K-1. */
    static final int[] IDS = {-3, 5, 7, 100};

    /** Four Gaussian blobs (σ = 0.5) at the corners of a square of side 4, 60 points each. */
    static ComponentContext blobs(long seed) {
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 240;
        double[] z = new double[2 * n];
        int[] labels = new int[n];
        double[][] centres = {{-2, -2}, {2, -2}, {-2, 2}, {2, 2}};
        for (int i = 0; i < n; i++) {
            int c = i % 4;
            labels[i] = IDS[c];
            z[2 * i] = centres[c][0] + 0.5 * gaussian(rnd);
            z[2 * i + 1] = centres[c][1] + 0.5 * gaussian(rnd);
        }
        return Registries.discover(null).context(new Embeddings(z, n, 2), labels, seed, 1);
    }

    static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    static ComponentContext withLabels(ComponentContext c, int[] labels) {
        return new ComponentContext(c.embeddings(), labels, c.seed(), c.threads(), c.generators());
    }

    static LatentFunction create(String spec, ComponentContext ctx) {
        return new ClassifierProvider().create(ComponentSpec.parse(spec), null, ctx);
    }

    static double[] evaluate(LatentFunction f) {
        int n = 101;
        double[] z = new double[2 * n];
        for (int i = 0; i < n; i++) {
            z[2 * i] = -4 + 8.0 * i / (n - 1);
            z[2 * i + 1] = 3 - 6.0 * i / (n - 1);
        }
        double[] out = new double[n * f.outputDimension() + 3];
        f.apply(z, n, out, 3, new long[n]);
        return Arrays.copyOfRange(out, 3, out.length);
    }

    /** Small and quick: 12 mini-batches per epoch over the 192 training points. */
    static final String FAST = "classifier,epochs=50,batch=16,hidden=16";

    @Test
    void providerIsFoundAndNeedsNoGenerator() {
        var p = Registries.discover(null).meanings().get("classifier");
        assertFalse(p.needsGenerator());
    }

    @Test
    void trainsOnBlobsAndReportsAccuracy() {
        try (LatentFunction f = create(FAST, blobs(7))) {
            assertEquals(4, f.outputDimension());
            assertEquals(2, f.latentDimension());
            Map<String, Object> r = f.report();
            assertEquals(List.of(-3, 5, 7, 100), r.get("classes"));
            assertEquals(48, r.get("holdout_points"));
            assertEquals(192, r.get("train_points"));
            assertEquals(7L, r.get("seed"));
            assertEquals(1.0, (Double) r.get("holdout_accuracy"), 0.03);
            // class order is the ids' order: near (2, 2) the class is id 100, the fourth
            double[] out = new double[4];
            f.apply(new double[] {2, 2}, 1, out, 0, new long[1]);
            assertTrue(out[3] > 0.9, Arrays.toString(out));
        }
    }

    @Test
    void probabilitiesSumToOne() {
        try (LatentFunction f = create(FAST, blobs(7))) {
            double[] p = evaluate(f);
            for (int r = 0; r < p.length / 4; r++) {
                double s = 0;
                for (int j = 0; j < 4; j++) {
                    assertTrue(p[4 * r + j] >= 0);
                    s += p[4 * r + j];
                }
                // a sum of four doubles each rounded once: within a few ulps of 1
                assertEquals(1.0, s, 1e-15);
            }
        }
    }

    @Test
    void highlightedClassesGiveThoseProbabilitiesPlusOthersSummingToOne() {
        ComponentContext ctx = blobs(7);
        try (LatentFunction all = create(FAST, ctx); LatentFunction some = create(FAST + ",classes=100,5", ctx)) {
            assertEquals(3, some.outputDimension());
            assertEquals(List.of(100, 5), some.report().get("highlight"));
            double[] p = evaluate(all);
            double[] h = evaluate(some);
            for (int r = 0; r < p.length / 4; r++) {
                assertEquals(p[4 * r + 3], h[3 * r], 0.0);
                assertEquals(p[4 * r + 1], h[3 * r + 1], 0.0);
                assertEquals(p[4 * r] + p[4 * r + 2], h[3 * r + 2], 0.0);
                assertEquals(1.0, h[3 * r] + h[3 * r + 1] + h[3 * r + 2], 1e-15);
            }
        }
    }

    @Test
    void sameSeedGivesABitIdenticalClassifier() {
        try (LatentFunction a = create(FAST, blobs(11)); LatentFunction b = create(FAST, blobs(11));
             LatentFunction c = create(FAST + ",seed=11", blobs(99)); LatentFunction d = create(FAST, blobs(12))) {
            assertArrayEquals(evaluate(a), evaluate(b));
            assertArrayEquals(evaluate(a), evaluate(c));
            assertFalse(Arrays.equals(evaluate(a), evaluate(d)));
        }
    }

    @Test
    void outputsDoNotDependOnTheBatching() {
        try (LatentFunction f = create(FAST, blobs(7))) {
            double[] whole = evaluate(f);
            double[] z = new double[2];
            double[] one = new double[4];
            z[0] = -4 + 8.0 * 37 / 100;
            z[1] = 3 - 6.0 * 37 / 100;
            f.apply(z, 1, one, 0, new long[1]);
            assertArrayEquals(Arrays.copyOfRange(whole, 4 * 37, 4 * 38), one);
        }
    }

    // ---- bad input -----------------------------------------------------------------------

    @Test
    void trainingWithoutEmbeddingsOrLabelsIsRefused() {
        ComponentContext noLabels = withLabels(blobs(1), null);
        UsageException e = assertThrows(UsageException.class, () -> create("classifier", noLabels));
        assertEquals("classifier needs the embeddings and their labels to train on (or an ONNX classifier: classifier:MODEL.onnx)", e.getMessage());
        ComponentContext empty = Registries.discover(null).context(null, null, 0, 1);
        e = assertThrows(UsageException.class, () -> create("classifier", empty));
        assertEquals("classifier needs the embeddings and their labels to train on (or an ONNX classifier: classifier:MODEL.onnx)", e.getMessage());
    }

    @Test
    void fewerThanTwoClassesIsRefused() {
        ComponentContext one = withLabels(blobs(1), new int[240]);
        Arrays.fill(one.labels(), 7);
        CartographyException e = assertThrows(CartographyException.class, () -> create("classifier", one));
        assertEquals("classifier: the labels hold only one class (7); a classifier needs at least two", e.getMessage());
        // also for an ONNX classifier given labels
        e = assertThrows(CartographyException.class,
                () -> create("classifier:" + TESTDATA.resolve("softmax_linear.onnx"), one));
        assertEquals("classifier: the labels hold only one class (7); a classifier needs at least two", e.getMessage());
    }

    @Test
    void labelCountMustMatchEmbeddings() {
        ComponentContext c = withLabels(blobs(1), new int[] {1, 2, 3});
        CartographyException e = assertThrows(CartographyException.class, () -> create("classifier", c));
        assertEquals("classifier: 3 labels for 240 embeddings", e.getMessage());
    }

    @Test
    void highlightingAClassThatDoesNotOccurIsRefused() {
        UsageException e = assertThrows(UsageException.class, () -> create("classifier,classes=5,6", blobs(1)));
        assertEquals("classifier: class 6 in classes=5,6 does not occur in the labels (they have classes -3, 5, 7, 100)",
                e.getMessage());
        e = assertThrows(UsageException.class, () -> create("classifier,classes=5,x", blobs(1)));
        assertEquals("classifier: classes=5,x: 'x' is not an integer", e.getMessage());
        e = assertThrows(UsageException.class, () -> create("classifier,classes=5,5", blobs(1)));
        assertEquals("classifier: class 5 is given twice in classes=5,5", e.getMessage());
        ComponentContext none = Registries.discover(null).context(null, null, 0, 1);
        e = assertThrows(UsageException.class,
                () -> create("classifier:" + TESTDATA.resolve("softmax_linear.onnx") + ",classes=4", none));
        assertEquals("classifier: class 4 in classes=4 is not an output of the model (without labels, classes are "
                + "its columns 0 to 3)", e.getMessage());
    }

    @Test
    void onnxClassifierWhoseWidthDisagreesWithTheLabelsIsRefused() {
        ComponentContext three = withLabels(blobs(1), new int[240]);
        for (int i = 0; i < 240; i++) {
            three.labels()[i] = i % 3;
        }
        Path model = TESTDATA.resolve("softmax_linear.onnx");
        CartographyException e = assertThrows(CartographyException.class, () -> create("classifier:" + model, three));
        assertEquals("classifier:" + model + ": the model gives 4 values per point, but the labels have 3 classes",
                e.getMessage());
    }

    @Test
    void onnxClassifierWithMatchingLabelsReportsItsAccuracy() {
        // labels = the model's own most probable class, so its accuracy on them is 1
        ComponentContext ctx = blobs(1);
        int[] labels = new int[240];
        double[] z = ctx.embeddings().toArray();
        for (int i = 0; i < 240; i++) {
            double[] p = SoftmaxLinearJsdTest.exactP(z[2 * i], z[2 * i + 1], null);
            int best = 0;
            for (int c = 1; c < 4; c++) {
                best = p[c] > p[best] ? c : best;
            }
            labels[i] = IDS[best];
        }
        // every class must occur for the width check to pass
        assertEquals(4, Arrays.stream(labels).distinct().count());
        try (LatentFunction f = create("classifier:" + TESTDATA.resolve("softmax_linear.onnx") + ",classes=7",
                withLabels(ctx, labels))) {
            assertEquals(1.0, (Double) f.report().get("accuracy_on_embeddings"), 0.0);
            assertEquals(List.of(7), f.report().get("highlight"));
            assertEquals(2, f.outputDimension());
        }
    }

    @Test
    void onnxLogitsWithoutSoftmaxAreRefusedWithAHint() {
        ComponentContext none = Registries.discover(null).context(null, null, 0, 1);
        try (LatentFunction f = create("classifier:" + TESTDATA.resolve("logits_linear.onnx"), none)) {
            CartographyException e = assertThrows(CartographyException.class,
                    () -> f.apply(new double[] {1, 1}, 1, new double[4], 0, new long[1]));
            assertTrue(e.getMessage().endsWith("if the model gives logits, add softmax=true"), e.getMessage());
        }
    }

    @Test
    void optionsOfTheOtherSourceAreRefused() {
        UsageException e = assertThrows(UsageException.class, () -> create("classifier,softmax=true", blobs(1)));
        assertEquals("'classifier' has no option 'softmax'; known: activation, batch, classes, decay, epochs, hidden, "
                + "holdout, rate, seed", e.getMessage());
        ComponentContext none = Registries.discover(null).context(null, null, 0, 1);
        e = assertThrows(UsageException.class,
                () -> create("classifier:" + TESTDATA.resolve("softmax_linear.onnx") + ",epochs=3", none));
        assertEquals("'classifier' has no option 'epochs'; known: classes, input, output, softmax", e.getMessage());
    }

    @Test
    void badTrainingOptionsAreRefused() {
        assertEquals("classifier: hidden=64,x: 'x' is not a positive integer (hidden layer widths, e.g. hidden=64,64; "
                        + "hidden=0 for none)",
                assertThrows(UsageException.class, () -> create("classifier,hidden=64,x", blobs(1))).getMessage());
        assertEquals("classifier: holdout=1 must be in [0, 1)",
                assertThrows(UsageException.class, () -> create("classifier,holdout=1", blobs(1))).getMessage());
        assertEquals("classifier: activation=gelu is not one of relu, tanh",
                assertThrows(UsageException.class, () -> create("classifier,activation=gelu", blobs(1))).getMessage());
        assertEquals("classifier: epochs=0 must be at least 1",
                assertThrows(UsageException.class, () -> create("classifier,epochs=0", blobs(1))).getMessage());
    }

    @Test
    void noHoldoutAndNoHiddenLayerWork() {
        try (LatentFunction f = create("classifier,hidden=0,holdout=0,epochs=20,activation=tanh", blobs(3))) {
            assertEquals(0, f.report().get("holdout_points"));
            assertFalse(f.report().containsKey("holdout_accuracy"));
            assertEquals(List.of(2, 4), f.report().get("layers"));
        }
    }
}
