package org.latentcartography.measures.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.Measure;

/**
 * The classifier meaning fed to the {@code jsd} measure, against exact values: for the fixed
 * softmax-of-linear classifier p = softmax(W z + b) the measure of a cell must be the mean
 * Jensen–Shannon distance (base 2) between the exact class probabilities at its centre and at its
 * face neighbours' centres (paper Eq. 2), computed here independently.
 */
class SoftmaxLinearJsdTest {
    static final Path TESTDATA = Path.of("..").toAbsolutePath().normalize().resolve("testdata/onnx");

    /** W and b of testdata/onnx/softmax_linear.onnx and logits_linear.onnx (see softmax_linear.json). */
    static final double[][] W = {{1.5, -0.5}, {-1.0, 1.2}, {0.3, 0.8}, {-0.8, -1.4}};
    static final double[] B = {0.1, -0.2, 0.05, 0.0};

    /**
     * The classifier in code computes in double precision, like the reference, but sums in
     * another order (softmax normalisation, the measure's accumulation): differences are a few
     * ulps of values of order 1, amplified where the distance, a square root, is near zero
     * (measured: 5e-14). 1e-9 is the bound.
     */
    static final double EXACT_TOLERANCE = 1e-9;

    /**
     * The ONNX model computes in float32: z is rounded to float32 (relative error 2⁻²⁴ ≈ 6e-8),
     * the logits (|Wz + b| ≤ 6.5 on this grid) carry an absolute error of a few times
     * 6.5 · 6e-8 ≈ 4e-7, and so each probability a relative error of about 1e-6 (a float32
     * softmax adds a few ulps more). A relative error ε in every probability moves the
     * Jensen–Shannon distance by at most about ε (the distance is the square root of a sum of
     * p·(relative difference)² terms), so the measure may differ by about 1e-6; 1e-5 allows a
     * factor of ten. (Measured: 3.4e-8.)
     */
    static final double FLOAT32_TOLERANCE = 1e-5;

    static final Grid GRID = new Grid(new double[] {-3, -2.5}, new double[] {3, 2.5}, new int[] {61, 47});

    static double[] exactP(double x, double y, int[] group) {
        double[] l = new double[4];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 4; c++) {
            l[c] = W[c][0] * x + W[c][1] * y + B[c];
            max = Math.max(max, l[c]);
        }
        double s = 0;
        for (int c = 0; c < 4; c++) {
            l[c] = Math.exp(l[c] - max);
            s += l[c];
        }
        for (int c = 0; c < 4; c++) {
            l[c] /= s;
        }
        if (group == null) {
            return l;
        }
        double[] g = new double[group.length + 1];
        double others = 1;
        for (int j = 0; j < group.length; j++) {
            g[j] = l[group[j]];
            others -= l[group[j]];
        }
        g[group.length] = others;
        return g;
    }

    /** sqrt(½ KL(p‖m) + ½ KL(q‖m)) in bits, m = (p + q)/2. */
    static double jsd(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) {
                s += 0.5 * p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                s += 0.5 * q[i] * Math.log(q[i] / m);
            }
        }
        s /= Math.log(2);
        return s > 0 ? Math.sqrt(s) : 0;
    }

    /** The expected measure: per cell, the mean JSD to its 2·D face neighbours inside the grid. */
    static double[] expected(Grid g, int[] group) {
        int nx = g.size(0);
        int ny = g.size(1);
        double[] out = new double[nx * ny];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double[] p = exactP(g.centre(0, i), g.centre(1, j), group);
                double sum = 0;
                int n = 0;
                int[][] nb = {{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}};
                for (int[] c : nb) {
                    if (c[0] >= 0 && c[0] < nx && c[1] >= 0 && c[1] < ny) {
                        sum += jsd(p, exactP(g.centre(0, c[0]), g.centre(1, c[1]), group));
                        n++;
                    }
                }
                out[i * ny + j] = sum / n;
            }
        }
        return out;
    }

    static double[] measure(LatentFunction f, ComponentContext ctx) {
        Measure m = Registries.discover(null).measure(ComponentSpec.parse("jsd"), ctx);
        return new GridEvaluator(GRID, f, m).threads(3).batchSize(200).run().measure();
    }

    static double maxDifference(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static ComponentContext context() {
        return Registries.discover(null).context(null, null, 0, 1);
    }

    @Test
    void classifierInCodeGivesTheExactMeanJensenShannonDistance() {
        LatentFunction f = new ClassifierFunction(new ClassifierProvider.MlpSource(Mlp.softmaxLinear(W, B)), null, Map.of());
        double[] want = expected(GRID, null);
        double[] got = measure(f, context());
        double diff = maxDifference(want, got);
        assertTrue(diff <= EXACT_TOLERANCE, "max difference " + diff);
        // the boundary is in the picture: values are far from constant
        double max = java.util.Arrays.stream(want).max().getAsDouble();
        double min = java.util.Arrays.stream(want).min().getAsDouble();
        assertTrue(max > 10 * min, "max " + max + ", min " + min);
    }

    @Test
    void highlightedClassesGiveTheExactMeasureOfTheGroupedProbabilities() {
        int[] group = {2, 0};
        LatentFunction f = new ClassifierFunction(new ClassifierProvider.MlpSource(Mlp.softmaxLinear(W, B)), group,
                Map.of());
        double diff = maxDifference(expected(GRID, group), measure(f, context()));
        assertTrue(diff <= EXACT_TOLERANCE, "max difference " + diff);
    }

    @Test
    void onnxProbabilitiesGiveTheMeasureToFloat32Precision() {
        ComponentContext ctx = context();
        try (LatentFunction f = new ClassifierProvider().create(
                ComponentSpec.parse("classifier:" + TESTDATA.resolve("softmax_linear.onnx")), null, ctx)) {
            assertEquals(4, f.outputDimension());
            double diff = maxDifference(expected(GRID, null), measure(f, ctx));
            assertTrue(diff <= FLOAT32_TOLERANCE, "max difference " + diff);
        }
    }

    @Test
    void onnxLogitsWithSoftmaxGiveTheMeasureToFloat32Precision() {
        ComponentContext ctx = context();
        try (LatentFunction f = new ClassifierProvider().create(
                ComponentSpec.parse("classifier:" + TESTDATA.resolve("logits_linear.onnx") + ",softmax=true"), null, ctx)) {
            double diff = maxDifference(expected(GRID, null), measure(f, ctx));
            assertTrue(diff <= FLOAT32_TOLERANCE, "max difference " + diff);
        }
    }

    @Test
    void onnxHighlightedColumnsWithoutLabels() {
        ComponentContext ctx = context();
        try (LatentFunction f = new ClassifierProvider().create(
                ComponentSpec.parse("classifier:" + TESTDATA.resolve("softmax_linear.onnx") + ",classes=2,0"), null, ctx)) {
            assertEquals(3, f.outputDimension());
            double diff = maxDifference(expected(GRID, new int[] {2, 0}), measure(f, ctx));
            assertTrue(diff <= FLOAT32_TOLERANCE, "max difference " + diff);
        }
    }
}
