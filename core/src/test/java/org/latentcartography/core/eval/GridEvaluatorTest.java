package org.latentcartography.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.SlabView;
import org.junit.jupiter.api.Test;

class GridEvaluatorTest {

    static final Dissimilarity L2 = (a, ao, b, bo, n) -> {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = a[ao + i] - b[bo + i];
            s += d * d;
        }
        return Math.sqrt(s);
    };

    /** A smooth vector function of any latent dimension with several outputs. */
    static LatentFunction wavy(int dz, int dh) {
        return LatentFunction.pointwise(dz, dh, (z, zo, out, o) -> {
            for (int j = 0; j < dh; j++) {
                double v = 0;
                for (int k = 0; k < dz; k++) {
                    v += Math.sin((j + 1) * z[zo + k] + k);
                }
                out[o + j] = v;
            }
        });
    }

    /** The whole tensor H in memory, and the measure computed from it in one go. */
    static double[] direct(Grid g, LatentFunction f) {
        int dh = f.outputDimension();
        double[] h = new double[g.cellCount() * dh];
        double[] z = new double[g.dimension()];
        for (int c = 0; c < g.cellCount(); c++) {
            g.centre(c, z, 0);
            f.apply(z, 1, h, c * dh, new long[1]);
        }
        int slabValues = g.slabSize() * dh;
        SlabView all = new SlabView() {
            @Override
            public Grid grid() {
                return g;
            }

            @Override
            public int dimension() {
                return dh;
            }

            @Override
            public double[] slab(int s) {
                return s < 0 || s >= g.slabCount() ? null : h;
            }

            @Override
            public int offset(int s) {
                return s * slabValues;
            }
        };
        double[] m = new double[g.cellCount()];
        MeanDissimilarityMeasure measure = new MeanDissimilarityMeasure(L2);
        for (int s = 0; s < g.slabCount(); s++) {
            measure.compute(all, s, m, s * g.slabSize());
        }
        return m;
    }

    @Test
    void handComputedMeanDissimilarityIn1d() {
        // h = z² at centres 0.5, 1.5, 2.5 -> 0.25, 2.25, 6.25; |differences| 2 and 4
        LatentFunction sq = LatentFunction.pointwise(1, 1, (z, zo, out, o) -> out[o] = z[zo] * z[zo]);
        Grid g = new Grid(new double[] {0}, new double[] {3}, new int[] {3});
        double[] m = new GridEvaluator(g, sq, new MeanDissimilarityMeasure(L2)).run().measure();
        assertArrayEquals(new double[] {2, 3, 4}, m, 1e-12);
    }

    @Test
    void handComputedMeanDissimilarityIn2dUsesOnlyExistingNeighbours() {
        // h(cell) = 10 * i + j on a 2x3 grid: axis-0 neighbours differ by 10, axis-1 by 1.
        LatentFunction idx = LatentFunction.pointwise(2, 1,
            (z, zo, out, o) -> out[o] = 10 * Math.floor(z[zo]) + Math.floor(z[zo + 1]));
        Grid g = new Grid(new double[] {0, 0}, new double[] {2, 3}, new int[] {2, 3});
        double[] m = new GridEvaluator(g, idx, new MeanDissimilarityMeasure(L2)).run().measure();
        // corner cells: neighbours 10 and 1 -> 5.5; middle cells of the long edge: 10, 1, 1 -> 4
        assertArrayEquals(new double[] {5.5, 4, 5.5, 5.5, 4, 5.5}, m, 1e-12);
    }

    @Test
    void streamingEqualsDirectForEveryLayoutAndThreadCount() {
        for (int[] shape : new int[][] {{37}, {23, 17}, {9, 7, 5}}) {
            double[] lo = new double[shape.length];
            double[] hi = new double[shape.length];
            Arrays.fill(lo, -2);
            Arrays.fill(hi, 3);
            Grid g = new Grid(lo, hi, shape);
            LatentFunction f = wavy(shape.length, 4);
            double[] expected = direct(g, f);
            for (int threads : new int[] {1, 2, 3}) {
                for (int batch : new int[] {1, 5, 17, 64, 10_000}) {
                    double[] got = new GridEvaluator(g, f, new MeanDissimilarityMeasure(L2))
                            .threads(threads).batchSize(batch).run().measure();
                    assertArrayEquals(expected, got, 0.0, "shape " + Arrays.toString(shape) + " threads " + threads
                            + " batch " + batch);
                }
            }
        }
    }

    /** h = z + noise from the seed: a stochastic function. */
    static LatentFunction noisy() {
        return new LatentFunction() {
            @Override
            public int latentDimension() {
                return 2;
            }

            @Override
            public int outputDimension() {
                return 2;
            }

            @Override
            public boolean isStochastic() {
                return true;
            }

            @Override
            public void apply(double[] z, int count, double[] out, int off, long[] seeds) {
                for (int i = 0; i < count; i++) {
                    SplittableRandom r = new SplittableRandom(seeds[i]);
                    out[off + 2 * i] = z[2 * i] + 0.01 * r.nextGaussian();
                    out[off + 2 * i + 1] = z[2 * i + 1] + 0.01 * r.nextGaussian();
                }
            }
        };
    }

    @Test
    void samplesAreDeterministicPerSeedAndIndependentOfScheduling() {
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {20, 30});
        double[] a = new GridEvaluator(g, noisy(), new MeanDissimilarityMeasure(L2)).samples(8).seed(7).threads(1).batchSize(50).run().measure();
        double[] b = new GridEvaluator(g, noisy(), new MeanDissimilarityMeasure(L2)).samples(8).seed(7).threads(2).batchSize(1000).run().measure();
        double[] c = new GridEvaluator(g, noisy(), new MeanDissimilarityMeasure(L2)).samples(8).seed(8).threads(2).run().measure();
        assertArrayEquals(a, b, 0.0);
        assertFalse(Arrays.equals(a, c), "another seed gives other samples");
        // with 8 jittered samples, neighbouring cells still differ by about one cell width on average
        double mean = Arrays.stream(a).average().orElseThrow();
        assertTrue(mean > 0.02 && mean < 0.08, "mean " + mean);
    }

    @Test
    void nonFiniteModelOutputIsReportedWithItsCell() {
        LatentFunction nan = LatentFunction.pointwise(2, 3, (z, zo, out, o) -> {
            for (int j = 0; j < 3; j++) {
                out[o + j] = z[zo] > 0.5 && z[zo + 1] > 0.5 && j == 1 ? Double.NaN : z[zo];
            }
        });
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {10, 10});
        CartographyException e = assertThrows(CartographyException.class,
                () -> new GridEvaluator(g, nan, new MeanDissimilarityMeasure(L2)).name("nan.onnx").run());
        assertTrue(e.getMessage().startsWith("nan.onnx: output 1 is NaN at cell ["), e.getMessage());
    }

    @Test
    void badMeasureValuesAndAMissingMetricNameTheMeasure() {
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {4, 4});
        Measure negative = (view, slab, out, off) -> {
            for (int c = 0; c < 4; c++) {
                out[off + c] = slab == 2 && c == 1 ? -0.5 : 1;
            }
        };
        CartographyException e = assertThrows(CartographyException.class,
                () -> new GridEvaluator(g, wavy(2, 3), negative).measureName("my-measure").run());
        assertEquals("my-measure: value -0.5 at cell [2, 1] (z = [0.6250, 0.3750]) is negative", e.getMessage());
        Measure infinite = (view, slab, out, off) -> java.util.Arrays.fill(out, off, off + 4, Double.POSITIVE_INFINITY);
        e = assertThrows(CartographyException.class,
                () -> new GridEvaluator(g, wavy(2, 3), infinite).measureName("my-measure").run());
        assertTrue(e.getMessage().startsWith("my-measure: value Infinity at cell [0, 0]"), e.getMessage());
        UsageException u = assertThrows(UsageException.class, () -> new GridEvaluator(g, wavy(2, 3),
                new MeanDissimilarityMeasure(L2)).measureName("l2").metric(true).run());
        assertTrue(u.getMessage().startsWith("l2: has no metric tensor"), u.getMessage());
    }

    @Test
    void refusesLatentDimensionMismatchAndGridsTooLargeForMemory() {
        Grid g = new Grid(new double[] {0, 0, 0}, new double[] {1, 1, 1}, new int[] {4, 4, 4});
        CartographyException e = assertThrows(CartographyException.class,
                () -> new GridEvaluator(g, wavy(2, 3), new MeanDissimilarityMeasure(L2)).name("m.onnx").run());
        assertEquals("m.onnx: takes latent points of dimension 2, but the grid has 3 dimensions", e.getMessage());
        Grid big = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {4000, 4000});
        GridEvaluator ev = new GridEvaluator(big, wavy(2, 784), new MeanDissimilarityMeasure(L2)).memoryLimit(100_000_000);
        e = assertThrows(CartographyException.class, ev::run);
        assertTrue(e.getMessage().contains("needs about") && e.getMessage().contains("GB"), e.getMessage());
    }

    @Test
    void resumedRunsEqualUninterruptedOnesBitForBit() {
        Grid g = new Grid(new double[] {-2, -1}, new double[] {3, 2}, new int[] {41, 13});
        LatentFunction f = wavy(2, 3);
        double[] full = new GridEvaluator(g, f, new MeanDissimilarityMeasure(L2)).threads(2).batchSize(40).run().measure();
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        new GridEvaluator(g, f, new MeanDissimilarityMeasure(L2)).threads(2).batchSize(40)
                .checkpoint((m, metric, done) -> {
                    for (int c = 0; c < done * 13; c++) {
                        assertEquals(full[c], m[c], 0.0, "slabs reported as done are final");
                    }
                    seen.add(done);
                }).run();
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "the done prefix only grows");
        }
        assertEquals(41, (int) seen.get(seen.size() - 1));
        for (int done : new int[] {0, 1, 6, 7, 20, 40, 41}) {
            double[] partial = full.clone();
            Arrays.fill(partial, done * 13, partial.length, -123.0);
            for (int batch : new int[] {13, 40, 500}) {
                double[] resumed = new GridEvaluator(g, f, new MeanDissimilarityMeasure(L2)).threads(2).batchSize(batch)
                        .resume(partial, null, done).run().measure();
                assertArrayEquals(full, resumed, 0.0, "resumed after " + done + " slabs, batch " + batch);
            }
        }
    }

    /** {@code f}'s outputs rounded to float32, given through applyFloat too when {@code floats}. */
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

    /**
     * Σ over a cell's values of (h − h of the previous slab)², from float32 or double slabs alike;
     * counts the calls that were given float32 slabs.
     */
    static final class EitherSlabs implements Measure {
        final boolean readsFloats;
        final java.util.concurrent.atomic.AtomicInteger floatCalls = new java.util.concurrent.atomic.AtomicInteger();

        EitherSlabs(boolean readsFloats) {
            this.readsFloats = readsFloats;
        }

        @Override
        public boolean readsFloatSlabs() {
            return readsFloats;
        }

        @Override
        public void compute(SlabView view, int slab, double[] out, int outOffset) {
            int dh = view.dimension();
            int cells = view.grid().slabSize();
            int prev = Math.max(0, slab - 1);
            if (view.floats()) {
                floatCalls.incrementAndGet();
            }
            for (int c = 0; c < cells; c++) {
                double s = 0;
                for (int j = 0; j < dh; j++) {
                    double a = view.floats() ? view.floatSlab(slab)[view.offset(slab) + c * dh + j]
                            : view.slab(slab)[view.offset(slab) + c * dh + j];
                    double b = view.floats() ? view.floatSlab(prev)[view.offset(prev) + c * dh + j]
                            : view.slab(prev)[view.offset(prev) + c * dh + j];
                    s += (a - b) * (a - b) + a * a;
                }
                out[outOffset + c] = s;
            }
        }
    }

    @Test
    void float32SlabsOnlyWhenFunctionAndMeasureAgreeAndTheValuesAreTheSame() {
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 2}, new int[] {9, 7});
        double[] reference = new GridEvaluator(g, float32(wavy(2, 4), false), new EitherSlabs(false))
                .threads(2).batchSize(5).run().measure();
        EitherSlabs floats = new EitherSlabs(true);
        GridEvaluator ev = new GridEvaluator(g, float32(wavy(2, 4), true), floats).threads(2).batchSize(5);
        assertTrue(ev.floatSlabs());
        assertArrayEquals(reference, ev.run().measure(), 0.0);
        assertEquals(9, floats.floatCalls.get());
        // half the memory for the ring of slabs
        assertTrue(ev.estimateBytes() < new GridEvaluator(g, float32(wavy(2, 4), false), new EitherSlabs(true))
                .threads(2).batchSize(5).estimateBytes());
        assertFalse(new GridEvaluator(g, float32(wavy(2, 4), true), new EitherSlabs(false)).floatSlabs());
        assertFalse(new GridEvaluator(g, float32(wavy(2, 4), false), new EitherSlabs(true)).floatSlabs());
        assertFalse(new GridEvaluator(g, float32(wavy(2, 4), true), new EitherSlabs(true)).samples(2).floatSlabs());
        // a measure that does not read float32 slabs is given double ones
        EitherSlabs doubles = new EitherSlabs(false);
        assertArrayEquals(reference, new GridEvaluator(g, float32(wavy(2, 4), true), doubles).threads(2).batchSize(5)
                .run().measure(), 0.0);
        assertEquals(0, doubles.floatCalls.get());
    }

    @Test
    void nonFiniteModelOutputInFloat32SlabsIsReportedWithItsCell() {
        LatentFunction nan = LatentFunction.pointwise(2, 3, (z, zo, out, o) -> {
            for (int j = 0; j < 3; j++) {
                out[o + j] = z[zo] > 0.5 && z[zo + 1] > 0.5 && j == 1 ? Double.NaN : z[zo];
            }
        });
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {10, 10});
        CartographyException e = assertThrows(CartographyException.class,
                () -> new GridEvaluator(g, float32(nan, true), new EitherSlabs(true)).name("nan.onnx").run());
        assertTrue(e.getMessage().startsWith("nan.onnx: output 1 is NaN at cell ["), e.getMessage());
    }
}
