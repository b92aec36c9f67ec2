package org.latentcartography.measures.jsd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.eval.MeanDissimilarityMeasure;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.SlabView;

/** The fast JSD measure against the generic mean-dissimilarity measure over the same distance. */
class JensenShannonMeasureTest {

    /** A smooth field of distributions over n words, with exact zeros where the bumps vanish. */
    static LatentFunction words(int dz, int n) {
        return LatentFunction.pointwise(dz, n, (z, o, out, oo) -> {
            for (int k = 0; k < n; k++) {
                double centre = (k % 17) / 4.0 - 2;
                double x = 0;
                for (int j = 0; j < dz; j++) {
                    x += z[o + j] * (j + 1);
                }
                double v = Math.exp(-(x - centre) * (x - centre)) * (1 + 0.5 * Math.sin(k + 3 * z[o]));
                out[oo + k] = k % 5 == 0 ? 0 : (v < 1e-3 ? 0 : v * 7) + (k % 7 == 1 ? 1e-4 : 0); // unnormalised
            }
        });
    }

    @Test
    void equalsTheGenericMeasureOn2dAnd3dGrids() {
        for (int[] shape : new int[][] {{40, 33}, {9, 7, 6}}) {
            int dz = shape.length;
            double[] lo = new double[dz];
            double[] hi = new double[dz];
            java.util.Arrays.fill(lo, -1.5);
            java.util.Arrays.fill(hi, 1.2);
            Grid grid = new Grid(lo, hi, shape);
            LatentFunction f = words(dz, 4000);
            double[] fast = new GridEvaluator(grid, f, new JensenShannonMeasure()).threads(2).run().measure();
            double[] generic = new GridEvaluator(grid, f, new MeanDissimilarityMeasure(Divergences::jensenShannon))
                    .threads(2).run().measure();
            double worst = 0;
            for (int i = 0; i < fast.length; i++) {
                worst = Math.max(worst, Math.abs(fast[i] - generic[i]));
            }
            // two algebraically equal formulas; rounding differs by ~1e-16 / distance
            assertEquals(0.0, worst, 1e-11, "largest difference on grid " + java.util.Arrays.toString(shape));
        }
    }

    /**
     * The terms and distances shared between the calls of a run are the numbers each call would
     * compute alone: a run on two threads equals, bit for bit, calls on a fresh measure per slab in
     * reverse order, each over a view of its own (nothing shared), on 2-D and 3-D grids.
     */
    @Test
    void sharedTermsGiveExactlyTheValuesOfUnsharedCalls() {
        for (int[] shape : new int[][] {{23, 17}, {7, 6, 5}}) {
            int dz = shape.length;
            double[] lo = new double[dz];
            double[] hi = new double[dz];
            java.util.Arrays.fill(lo, -1.5);
            java.util.Arrays.fill(hi, 1.2);
            Grid grid = new Grid(lo, hi, shape);
            int v = 500;
            LatentFunction f = words(dz, v);
            double[] run = new GridEvaluator(grid, f, new JensenShannonMeasure()).threads(2).batchSize(grid.slabSize())
                    .run().measure();
            int cells = grid.slabSize();
            double[] h = new double[grid.cellCount() * v];
            double[] z = new double[dz];
            for (int c = 0; c < grid.cellCount(); c++) {
                grid.centre(c, z, 0);
                f.apply(z, 1, h, c * v, new long[1]);
            }
            double[] alone = new double[grid.cellCount()];
            for (int s = grid.slabCount() - 1; s >= 0; s--) {
                new JensenShannonMeasure().compute(new SlabView() {
                    @Override
                    public Grid grid() {
                        return grid;
                    }

                    @Override
                    public int dimension() {
                        return v;
                    }

                    @Override
                    public double[] slab(int slab) {
                        return slab < 0 || slab >= grid.slabCount() ? null : h;
                    }

                    @Override
                    public int offset(int slab) {
                        return slab * cells * v;
                    }
                }, s, alone, s * cells);
            }
            assertArrayEquals(alone, run, "grid " + java.util.Arrays.toString(shape));
        }
    }

    @Test
    void identicalNeighboursGiveExactlyZeroAndDisjointOnesOne() {
        Grid grid = new Grid(new double[] {0, 0}, new double[] {4, 3}, new int[] {4, 3});
        LatentFunction constant = LatentFunction.pointwise(2, 5, (z, o, out, oo) -> {
            for (int k = 0; k < 5; k++) {
                out[oo + k] = k + 0.25;
            }
        });
        for (double v : new GridEvaluator(grid, constant, new JensenShannonMeasure()).run().measure()) {
            assertEquals(0.0, v, 0.0);
        }
        // a checkerboard of two disjoint distributions: every neighbour pair is 1 bit apart
        LatentFunction checker = LatentFunction.pointwise(2, 2, (z, o, out, oo) -> {
            int parity = ((int) Math.floor(z[o]) + (int) Math.floor(z[o + 1])) & 1;
            out[oo] = parity;
            out[oo + 1] = 1 - parity;
        });
        for (double v : new GridEvaluator(grid, checker, new JensenShannonMeasure()).run().measure()) {
            assertEquals(1.0, v, 1e-15);
        }
    }

    @Test
    void negativeEntriesAreRefused() {
        Grid grid = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {3, 3});
        LatentFunction bad = LatentFunction.pointwise(2, 2, (z, o, out, oo) -> {
            out[oo] = -1;
            out[oo + 1] = 2;
        });
        assertThrows(CartographyException.class,
                () -> new GridEvaluator(grid, bad, new JensenShannonMeasure()).run());
    }
}
