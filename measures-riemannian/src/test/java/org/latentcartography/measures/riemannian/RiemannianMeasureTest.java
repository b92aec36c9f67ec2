package org.latentcartography.measures.riemannian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MetricTensor;
import org.latentcartography.core.spi.TextDecoder;
import org.junit.jupiter.api.Test;

/**
 * The finite-difference volume element against exact ones: graph surfaces h = (z, f(z)) have
 * volume element sqrt(1 + |∇f|²) (the Gram determinant of [I; ∇fᵀ] is 1 + |∇f|², by the matrix
 * determinant lemma).
 */
class RiemannianMeasureTest {

    /**
     * Relative tolerance, border cells included. Central differences err by f'''Δ²/6 per
     * derivative, the one-sided three-point rule of the border by f'''Δ²/3: for the 2-D surface
     * below, |f'''| ≤ a·b³ ≈ 1.54 and Δ = 6/400 give ≤ 1.2e-4 (interior 6e-5); for the 3-D one,
     * |(f_xxx, f_yyy, f_www)| ≤ 0.57 and Δ = 4/64 give ≤ 7.4e-4. The bound 1e-3 covers both.
     */
    private static final double TOLERANCE = 1e-3;

    private static final double A = 0.7;
    private static final double B = 1.3;
    private static final double C = 0.9;

    /** (z1, z2) -> (z1, z2, a sin(b z1) cos(c z2)). */
    static final LatentFunction SURFACE_2 = LatentFunction.pointwise(2, 3, (z, zo, out, o) -> {
        out[o] = z[zo];
        out[o + 1] = z[zo + 1];
        out[o + 2] = A * Math.sin(B * z[zo]) * Math.cos(C * z[zo + 1]);
    });

    static double exact2(double x, double y) {
        double fx = A * B * Math.cos(B * x) * Math.cos(C * y);
        double fy = -A * C * Math.sin(B * x) * Math.sin(C * y);
        return Math.sqrt(1 + fx * fx + fy * fy);
    }

    @Test
    void graphSurfaceIn2dMatchesTheAnalyticVolumeElementInTheInterior() {
        Grid grid = new Grid(new double[] {-3, -3}, new double[] {3, 3}, new int[] {400, 400});
        double[] m = new GridEvaluator(grid, SURFACE_2, new RiemannianMeasure()).threads(2).batchSize(1000).run().measure();
        double worst = 0;
        for (int i = 1; i < 399; i++) {
            for (int j = 1; j < 399; j++) {
                double e = exact2(grid.centre(0, i), grid.centre(1, j));
                worst = Math.max(worst, Math.abs(m[i * 400 + j] / e - 1));
            }
        }
        assertTrue(worst < TOLERANCE, "worst relative error " + worst);
        // and the error is really second order: it is far below the tolerance here
        assertTrue(worst < 1e-4, "central differences should be O(Δ²): " + worst);
    }

    @Test
    void graphSurfaceIn3dMatchesTheAnalyticVolumeElement() {
        int n = 64;
        Grid grid = new Grid(new double[] {-2, -2, -2}, new double[] {2, 2, 2}, new int[] {n, n, n});
        LatentFunction f = LatentFunction.pointwise(3, 4, (z, zo, out, o) -> {
            out[o] = z[zo];
            out[o + 1] = z[zo + 1];
            out[o + 2] = z[zo + 2];
            out[o + 3] = 0.5 * Math.sin(z[zo]) * Math.cos(0.8 * z[zo + 1]) * Math.sin(0.6 * z[zo + 2]);
        });
        double[] m = new GridEvaluator(grid, f, new RiemannianMeasure()).threads(2).run().measure();
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    double x = grid.centre(0, i);
                    double y = grid.centre(1, j);
                    double w = grid.centre(2, k);
                    double fx = 0.5 * Math.cos(x) * Math.cos(0.8 * y) * Math.sin(0.6 * w);
                    double fy = -0.4 * Math.sin(x) * Math.sin(0.8 * y) * Math.sin(0.6 * w);
                    double fw = 0.3 * Math.sin(x) * Math.cos(0.8 * y) * Math.cos(0.6 * w);
                    double e = Math.sqrt(1 + fx * fx + fy * fy + fw * fw);
                    worst = Math.max(worst, Math.abs(m[(i * n + j) * n + k] / e - 1));
                }
            }
        }
        assertTrue(worst < TOLERANCE, "worst relative error " + worst);
    }

    @Test
    void linearMapHasConstantVolumeElementEverywhereIncludingTheBorder() {
        // h = A z with A = [[1, 2], [0, 1], [3, -1]]: JᵀJ = [[10, -1], [-1, 6]], det = 59.
        // One-sided differences are exact for linear maps, so the border is exact too.
        LatentFunction lin = LatentFunction.pointwise(2, 3, (z, zo, out, o) -> {
            out[o] = z[zo] + 2 * z[zo + 1];
            out[o + 1] = z[zo + 1];
            out[o + 2] = 3 * z[zo] - z[zo + 1];
        });
        Grid grid = new Grid(new double[] {-1, 0}, new double[] {1, 5}, new int[] {7, 11});
        GridEvaluator.Result r = new GridEvaluator(grid, lin, new RiemannianMeasure()).metric(true).run();
        for (double v : r.measure()) {
            assertEquals(Math.sqrt(59), v, 1e-9);
        }
        double[] metric = r.metric();
        assertEquals(7 * 11 * 4, metric.length);
        for (int c = 0; c < 77; c++) {
            assertEquals(10, metric[4 * c], 1e-9);
            assertEquals(-1, metric[4 * c + 1], 1e-9);
            assertEquals(-1, metric[4 * c + 2], 1e-9);
            assertEquals(6, metric[4 * c + 3], 1e-9);
        }
    }

    @Test
    void oneDimensionalCurveHasArcLengthElement() {
        // h = (cos t, sin t, 2t): |h'| = sqrt(5)
        LatentFunction helix = LatentFunction.pointwise(1, 3, (z, zo, out, o) -> {
            out[o] = Math.cos(z[zo]);
            out[o + 1] = Math.sin(z[zo]);
            out[o + 2] = 2 * z[zo];
        });
        Grid grid = new Grid(new double[] {0}, new double[] {6}, new int[] {3000});
        double[] m = new GridEvaluator(grid, helix, new RiemannianMeasure()).run().measure();
        for (int i = 0; i < 3000; i++) {
            // border cells included: |h'''| = 1 and Δ = 0.002 give at most 2e-6 there
            assertEquals(Math.sqrt(5), m[i], 1e-5, "cell " + i);
        }
    }

    /**
     * Both difference rules (central inside, one-sided three-point at the border) are exact for
     * polynomials of degree 2, so on a quadratic graph only rounding remains: values |h| &#8804;
     * 2.2 and weights &#8804; 2/Δ = 100 give errors near 1e-13 per derivative (measured: 5e-14 in
     * the measure). 1e-9 leaves four orders of magnitude for other platforms' rounding and is far
     * inside the bound of 1e-3; the former first-order border rule was 0.032 off here.
     */
    private static final double QUADRATIC_EXACT = 1e-9;

    @Test
    void quadraticGraphIsExactInEveryCellIncludingTheBorder() {
        // h = (z1, z2, a z1² + b z2²): J = [I; ∇fᵀ], ∇f = (2a z1, 2b z2), so
        // JᵀJ = [[1 + 4a²z1², 4ab z1 z2], [4ab z1 z2, 1 + 4b²z2²]] and m = sqrt(1 + 4a²z1² + 4b²z2²).
        double a = 1.5;
        double b = -0.7;
        LatentFunction quadratic = LatentFunction.pointwise(2, 3, (z, zo, out, o) -> {
            out[o] = z[zo];
            out[o + 1] = z[zo + 1];
            out[o + 2] = a * z[zo] * z[zo] + b * z[zo + 1] * z[zo + 1];
        });
        int n = 100;
        Grid grid = new Grid(new double[] {-1, -1}, new double[] {1, 1}, new int[] {n, n});
        GridEvaluator.Result r = new GridEvaluator(grid, quadratic, new RiemannianMeasure()).threads(2).metric(true).run();
        double[] m = r.measure();
        double[] g = r.metric();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = grid.centre(0, i);
                double y = grid.centre(1, j);
                int c = i * n + j;
                String at = "cell (" + i + ", " + j + ")";
                assertEquals(Math.sqrt(1 + 4 * a * a * x * x + 4 * b * b * y * y), m[c], QUADRATIC_EXACT, at);
                assertEquals(1 + 4 * a * a * x * x, g[4 * c], QUADRATIC_EXACT, at);
                assertEquals(4 * a * b * x * y, g[4 * c + 1], QUADRATIC_EXACT, at);
                assertEquals(4 * a * b * x * y, g[4 * c + 2], QUADRATIC_EXACT, at);
                assertEquals(1 + 4 * b * b * y * y, g[4 * c + 3], QUADRATIC_EXACT, at);
            }
        }
    }

    /**
     * The border is second order on a surface that is not polynomial. Per derivative, the central
     * rule errs by at most Δ²·max|f'''|/6 and the one-sided one by Δ²·max|f'''|/3; the first two
     * coordinates of h are linear (exact), and m = sqrt(1 + |∇f|²) is 1-Lipschitz in ∇f, so every
     * cell's error is at most (Δ²/3)·|(max|f_xxx|, max|f_yyy|)| = (Δ²/3)·|(A·B³, A·C³)|: 1.9e-3
     * at 100², 1.2e-4 at 400² (measured at the border: 8.2e-4, 4.8e-5; interior: 6.2e-4, 3.9e-5).
     * Halving Δ divides the border's error by 4.2 and 4.1 (a first-order rule would give 2): the
     * test asks for more than 3.5 of the asymptotic 4.
     */
    @Test
    void borderIsSecondOrderOnASmoothSurface() {
        double previous = Double.NaN;
        for (int n : new int[] {100, 200, 400}) {
            Grid grid = new Grid(new double[] {-3, -3}, new double[] {3, 3}, new int[] {n, n});
            double[] m = new GridEvaluator(grid, SURFACE_2, new RiemannianMeasure()).threads(2).run().measure();
            double delta = 6.0 / n;
            double bound = delta * delta / 3 * Math.hypot(A * B * B * B, A * C * C * C);
            double border = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double err = Math.abs(m[i * n + j] - exact2(grid.centre(0, i), grid.centre(1, j)));
                    assertTrue(err <= bound, n + "²: cell (" + i + ", " + j + ") off by " + err + " > " + bound);
                    if (i == 0 || j == 0 || i == n - 1 || j == n - 1) {
                        border = Math.max(border, err);
                    }
                }
            }
            if (!Double.isNaN(previous)) {
                assertTrue(previous / border > 3.5, n + "²: border error fell only by " + previous / border);
            }
            previous = border;
        }
    }

    @Test
    void stencilsAreTheDocumentedRules() {
        int[] steps = new int[3];
        double[] w = new double[3];
        assertEquals(0, RiemannianMeasure.stencil(0, 1, 0.5, steps, w));
        assertEquals(2, RiemannianMeasure.stencil(1, 2, 0.5, steps, w));
        assertArrayEquals(new int[] {-1, 0}, new int[] {steps[0], steps[1]});
        assertArrayEquals(new double[] {-2, 2}, new double[] {w[0], w[1]});
        assertEquals(3, RiemannianMeasure.stencil(0, 5, 0.5, steps, w));
        assertArrayEquals(new int[] {0, 1, 2}, steps);
        assertArrayEquals(new double[] {-3, 4, -1}, w);
        assertEquals(3, RiemannianMeasure.stencil(4, 5, 0.5, steps, w));
        assertArrayEquals(new int[] {0, -1, -2}, steps);
        assertArrayEquals(new double[] {3, -4, 1}, w);
        assertEquals(2, RiemannianMeasure.stencil(2, 5, 0.5, steps, w));
        assertArrayEquals(new int[] {-1, 1}, new int[] {steps[0], steps[1]});
        assertArrayEquals(new double[] {-1, 1}, new double[] {w[0], w[1]});
    }

    @Test
    void metricTensorIsACapabilityAndTheSpecTakesNoArgument() {
        RiemannianProvider p = new RiemannianProvider();
        Measure m = p.create(ComponentSpec.parse("riemannian"), null);
        assertTrue(m.capability(MetricTensor.class).isPresent());
        assertTrue(m.capability(TextDecoder.class).isEmpty());
        UsageException e = assertThrows(UsageException.class, () -> p.create(ComponentSpec.parse("riemannian:x"), null));
        assertTrue(e.getMessage().startsWith("'riemannian' takes no argument"), e.getMessage());
    }

    /** (z1, z2) rounded to float32, as a float32 decoder's outputs are: the identity, volume element 1. */
    static final LatentFunction FLOAT32_IDENTITY = LatentFunction.pointwise(2, 2, (z, zo, out, o) -> {
        out[o] = (float) z[zo];
        out[o + 1] = (float) z[zo + 1];
    });

    /** A grid of n² cells of width k float32 ulps of 1 on [1, 1 + n k ulp]². */
    static Grid ulpGrid(int n, int k) {
        double u = Math.ulp(1f);
        return new Grid(new double[] {1, 1}, new double[] {1 + n * k * u, 1 + n * k * u}, new int[] {n, n});
    }

    @Test
    void differencesWellAboveTheOutputsRoundingAreMeasuredExactly() {
        // cells 64 ulps wide: centres at 1 + (i + 1/2) 64 ulp are float32 values, so every difference is exact
        // and the identity's volume element is exactly 1, border cells included
        double[] m = new GridEvaluator(ulpGrid(16, 64), FLOAT32_IDENTITY, new RiemannianMeasure()).threads(1).run().measure();
        for (double v : m) {
            assertEquals(1.0, v, 0.0);
        }
    }

    @Test
    void differencesWithinAFewUlpsOfTheOutputsAreRefusedNamingTheWidthThatResolves() {
        // cells 8 ulps wide: every difference (h+ - h-)/2 is exactly 8 ulp(1), the rounding scale of the two
        // float32 outputs near 1 is sqrt(2) ulp(1); a difference must reach 16 times that, so the width that
        // resolves is 16 sqrt(2) ulp(1) = 2.697e-06 (for any cell width below it)
        Exception e = assertThrows(org.latentcartography.core.CartographyException.class,
                () -> new GridEvaluator(ulpGrid(16, 8), FLOAT32_IDENTITY, new RiemannianMeasure()).threads(1).run());
        double resolves = 16 * Math.sqrt(2) * Math.ulp(1f);
        assertEquals("2.70e-06", String.format(java.util.Locale.ROOT, "%.3g", resolves));
        assertTrue(e.getMessage().contains("differ by at most 16 units in the last place of their type (float32) in 16 of "
                + "16 cells"), e.getMessage());
        assertTrue(e.getMessage().contains("cells must be at least 2.70e-06 wide to resolve them, but they are 9.54e-07 wide"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        // the same grid in double precision resolves: the check follows the type the values are stored in (the
        // identity shifted by 1/3, so that the outputs are not float32 values as the cell centres are)
        double[] m = new GridEvaluator(ulpGrid(16, 8), LatentFunction.pointwise(2, 2, (z, zo, out, o) -> {
            out[o] = z[zo] + 1.0 / 3;
            out[o + 1] = z[zo + 1] + 1.0 / 3;
        }), new RiemannianMeasure()).threads(1).run().measure();
        for (double v : m) {
            assertEquals(1.0, v, 1e-6);
        }
    }

    @Test
    void theRoundingScaleIsThatOfTheValuesType() {
        assertEquals(Math.pow(Math.ulp(1f), 2) + Math.pow(Math.ulp(0.25f), 2),
                RiemannianMeasure.roundingScale2(new double[] {1, 0.25}, 0, 2), 0.0);
        assertEquals(Math.pow(Math.ulp(0.1), 2) + Math.pow(Math.ulp(1.0), 2),
                RiemannianMeasure.roundingScale2(new double[] {0.1, 1}, 0, 2), 0.0);
    }

    /**
     * {@code f}'s outputs rounded to float32; with {@code floats} it also says so and gives them only
     * through applyFloat (apply fails), so a test passes only if the evaluator held float32 slabs.
     */
    static LatentFunction float32(LatentFunction f, boolean floats) {
        return new LatentFunction() {
            @Override
            public int latentDimension() {
                return f.latentDimension();
            }

            @Override
            public int outputDimension() {
                return f.outputDimension();
            }

            @Override
            public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
                if (floats) {
                    throw new AssertionError("the evaluator was to hold float32 slabs and call applyFloat");
                }
                f.apply(z, count, out, outOffset, seeds);
                for (int i = outOffset; i < outOffset + count * f.outputDimension(); i++) {
                    out[i] = (float) out[i];
                }
            }

            @Override
            public boolean floatOutputs() {
                return floats;
            }

            @Override
            public void applyFloat(double[] z, int count, float[] out, int outOffset, long[] seeds) {
                double[] d = new double[count * f.outputDimension()];
                f.apply(z, count, d, 0, seeds);
                for (int i = 0; i < d.length; i++) {
                    out[outOffset + i] = (float) d[i];
                }
            }
        };
    }

    @Test
    void float32SlabsGiveTheSameMeasureAndMetricBitForBit() {
        LatentFunction wavy3 = LatentFunction.pointwise(3, 5, (z, zo, out, o) -> {
            out[o] = z[zo];
            out[o + 1] = Math.sin(z[zo + 1]);
            out[o + 2] = z[zo + 2] * z[zo];
            out[o + 3] = Math.cos(z[zo] + 2 * z[zo + 2]);
            out[o + 4] = 0.1 * z[zo + 1] * z[zo + 1];
        });
        int[][] shapes2 = {{1, 5}, {2, 7}, {3, 3}, {5, 2}, {6, 1}, {9, 12}, {17, 33}};
        for (int[] shape : shapes2) {
            Grid grid = new Grid(new double[] {-3, -2}, new double[] {3, 2.5}, shape);
            for (boolean metric : new boolean[] {false, true}) {
                GridEvaluator.Result d = new GridEvaluator(grid, float32(SURFACE_2, false), new RiemannianMeasure())
                        .threads(2).batchSize(7).metric(metric).run();
                GridEvaluator.Result f = new GridEvaluator(grid, float32(SURFACE_2, true), new RiemannianMeasure())
                        .threads(2).batchSize(7).metric(metric).run();
                assertArrayEquals(d.measure(), f.measure(), 0.0, java.util.Arrays.toString(shape));
                if (metric) {
                    assertArrayEquals(d.metric(), f.metric(), 0.0, java.util.Arrays.toString(shape));
                }
            }
        }
        Grid grid3 = new Grid(new double[] {-1, -1, -1}, new double[] {1, 2, 1}, new int[] {5, 4, 3});
        for (boolean metric : new boolean[] {false, true}) {
            GridEvaluator.Result d = new GridEvaluator(grid3, float32(wavy3, false), new RiemannianMeasure())
                    .threads(2).batchSize(11).metric(metric).run();
            GridEvaluator.Result f = new GridEvaluator(grid3, float32(wavy3, true), new RiemannianMeasure())
                    .threads(2).batchSize(11).metric(metric).run();
            assertArrayEquals(d.measure(), f.measure(), 0.0);
            if (metric) {
                assertArrayEquals(d.metric(), f.metric(), 0.0);
            }
        }
    }

    @Test
    void float32SlabsRefuseUnresolvedDifferencesWithTheSameMessage() {
        Exception d = assertThrows(org.latentcartography.core.CartographyException.class,
                () -> new GridEvaluator(ulpGrid(16, 8), float32(FLOAT32_IDENTITY, false), new RiemannianMeasure()).threads(1).run());
        Exception f = assertThrows(org.latentcartography.core.CartographyException.class,
                () -> new GridEvaluator(ulpGrid(16, 8), float32(FLOAT32_IDENTITY, true), new RiemannianMeasure()).threads(1).run());
        assertEquals(d.getMessage(), f.getMessage());
        // float32 values widened to double have float32's rounding scale, as float32 values do
        float[] values = {1, 0.25f, -3e-40f, 7e30f, Float.NaN};
        double[] widened = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            widened[i] = values[i];
        }
        assertEquals(RiemannianMeasure.roundingScale2(widened, 0, 4), RiemannianMeasure.roundingScale2(values, 0, 4), 0.0);
        assertEquals(RiemannianMeasure.roundingScale2(widened, 0, 5), RiemannianMeasure.roundingScale2(values, 0, 5), 0.0);
    }
}
