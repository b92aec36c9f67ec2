package org.latentcartography.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.SlabView;

/**
 * Blocks of slabs evaluated alone ({@link GridEvaluator#runSlabs}), as a cluster engine does,
 * assemble to exactly what {@link GridEvaluator#run()} gives: 2-D and 3-D grids, blocks at the
 * grid's borders, halos of one and two slabs, stochastic functions, and a function whose values
 * depend on how many points one call carries (so a block cut into other calls would differ).
 */
class GridEvaluatorBlocksTest {

    /** Smooth, stochastic (uses the seeds) and dependent on the batch size in the last bits. */
    static LatentFunction batchSensitive(int dz, int dh) {
        return new LatentFunction() {
            @Override
            public int latentDimension() {
                return dz;
            }

            @Override
            public int outputDimension() {
                return dh;
            }

            @Override
            public int preferredBatchSize() {
                return 64;
            }

            @Override
            public boolean isStochastic() {
                return true;
            }

            @Override
            public void apply(double[] z, int count, double[] out, int off, long[] seeds) {
                for (int p = 0; p < count; p++) {
                    double noise = new SplittableRandom(seeds[p]).nextDouble() * 1e-3;
                    for (int j = 0; j < dh; j++) {
                        double v = noise + count * 1e-13;
                        for (int k = 0; k < dz; k++) {
                            v += Math.sin((j + 1) * z[p * dz + k] + k);
                        }
                        out[off + p * dh + j] = v;
                    }
                }
            }
        };
    }

    /** Mean squared difference to the cells two slabs before and after along axis 0: halo 2. */
    static final Measure WIDE = new Measure() {
        @Override
        public int halo() {
            return 2;
        }

        @Override
        public void compute(SlabView view, int slab, double[] out, int offset) {
            int dh = view.dimension();
            int cells = view.grid().slabSize();
            double[] mid = view.slab(slab);
            int mo = view.offset(slab);
            for (int c = 0; c < cells; c++) {
                double s = 0;
                int n = 0;
                for (int d : new int[] {-2, 2}) {
                    double[] o = view.slab(slab + d);
                    if (o == null) {
                        continue;
                    }
                    int oo = view.offset(slab + d);
                    for (int j = 0; j < dh; j++) {
                        double diff = mid[mo + c * dh + j] - o[oo + c * dh + j];
                        s += diff * diff;
                    }
                    n++;
                }
                out[offset + c] = n == 0 ? 0 : s / n;
            }
        }
    };

    static void assertBlocksEqualRun(Grid g, Measure m, int dh, int samples, int batch, int threads) {
        LatentFunction f = batchSensitive(g.dimension(), dh);
        double[] whole = new GridEvaluator(g, f, m).samples(samples).seed(7).threads(threads).batchSize(batch)
                .run().measure();
        GridEvaluator ev = new GridEvaluator(g, f, m).samples(samples).seed(7).threads(threads).batchSize(batch);
        int groups = (g.slabCount() + ev.slabsPerGroup() - 1) / ev.slabsPerGroup();
        for (int blocks : new int[] {1, 2, 3, groups, groups + 2}) {
            double[] assembled = new double[g.cellCount()];
            int expectFrom = 0;
            for (int b = 0; b < blocks; b++) {
                int[] r = new GridEvaluator(g, f, m).samples(samples).seed(7).threads(threads).batchSize(batch)
                        .blockSlabs(b, blocks);
                assertEquals(expectFrom, r[0], "blocks are contiguous");
                expectFrom = r[1];
                GridEvaluator one = new GridEvaluator(g, f, m).samples(samples).seed(7).threads(threads)
                        .batchSize(batch);
                double[] part = one.runSlabs(r[0], r[1]).measure();
                assertEquals((r[1] - r[0]) * g.slabSize(), part.length);
                System.arraycopy(part, 0, assembled, r[0] * g.slabSize(), part.length);
            }
            assertEquals(g.slabCount(), expectFrom, "blocks cover the grid");
            assertArrayEquals(whole, assembled, 0.0, g + " in " + blocks + " blocks, batch " + batch
                    + ", samples " + samples + ", halo " + m.halo());
        }
    }

    @Test
    void blocksOf2dGridsEqualTheWholeRunBitForBit() {
        Grid g = new Grid(new double[] {-1, -2}, new double[] {2, 1}, new int[] {23, 17});
        Measure l2 = new MeanDissimilarityMeasure(GridEvaluatorTest.L2);
        for (int batch : new int[] {1, 17, 40, 64, 1000}) {
            assertBlocksEqualRun(g, l2, 3, 1, batch, 2);
            assertBlocksEqualRun(g, WIDE, 2, 1, batch, 1);
        }
        assertBlocksEqualRun(g, l2, 3, 3, 60, 2);
    }

    @Test
    void blocksOf3dGridsEqualTheWholeRunBitForBit() {
        Grid g = new Grid(new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new int[] {9, 5, 4});
        Measure l2 = new MeanDissimilarityMeasure(GridEvaluatorTest.L2);
        for (int batch : new int[] {1, 20, 45, 500}) {
            assertBlocksEqualRun(g, l2, 2, 1, batch, 2);
            assertBlocksEqualRun(g, WIDE, 2, 2, batch, 2);
        }
    }

    @Test
    void blocksMustStartAndEndOnGroups() {
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {10, 10});
        GridEvaluator ev = new GridEvaluator(g, batchSensitive(2, 1), new MeanDissimilarityMeasure(GridEvaluatorTest.L2))
                .batchSize(30);
        assertEquals(3, ev.slabsPerGroup());
        assertThrows(IllegalArgumentException.class, () -> ev.runSlabs(1, 3));
        assertThrows(IllegalArgumentException.class, () -> ev.runSlabs(3, 5));
        assertEquals(10, ev.runSlabs(9, 10).measure().length, "the last block may end at the grid's end");
        assertEquals(0, ev.runSlabs(3, 3).measure().length);
    }
}
