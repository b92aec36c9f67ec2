package org.latentcartography.cartogram.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.spi.DensityTransform;

/**
 * The failure seen on decoder measures: a grid whose size is not a power of two (96, as the CLI
 * test uses), a density pale along the walls and high in the middle with 100:1 contrast, sharp
 * ridges and cell-scale roughness. JTransforms' unscaled DCTs are wrong for such sizes, which made
 * the series vanish, the velocity explode near the walls and the grid collapse onto them.
 */
class RealMeasureShapeTest {
    /**
     * Regression bounds on the mean area error (the broken transforms gave over 100%). The ridges
     * here are about one cell wide at 96 and the walls fall to 1/100 of the peak, harsher than the
     * decoder measures (the 96 x 96 softplus measure reaches 0.08% by diffusion and 0.9% by flow):
     * the error then sits in cells compressed well below one cell of the transformed grid, which
     * neither the velocity lattice nor the correction passes resolve. Measured: diffusion 0.92%
     * (96 x 96) and 1.13% (100 x 72), flow 0.95% and 1.16% (2.2% at 96 x 96 before its blur ladder).
     */
    private static final double DIFFUSION_MEAN_ERROR = 0.015;
    private static final double FLOW_MEAN_ERROR = 0.015;

    static double[] paleWallsWithRidges(int n1, int n2, long seed) {
        Random r = new Random(seed);
        double[] rho = new double[n1 * n2];
        for (int i = 0; i < n1; i++) {
            double x = (i + 0.5) / n1;
            for (int j = 0; j < n2; j++) {
                double y = (j + 0.5) / n2;
                double body = Math.sin(Math.PI * x) * Math.sin(Math.PI * y);
                double ridge = Math.exp(-Math.pow((x - 0.6 * y - 0.25) / 0.01, 2))
                        + Math.exp(-Math.pow((x + y - 1.1) / 0.008, 2));
                rho[i * n2 + j] = body * body * (1 + 2 * ridge) * (1 + 0.1 * r.nextDouble());
            }
        }
        return TestDensities.stretch(rho, 100);
    }

    @Test
    void cosineSeriesReproducesCellsOnAnyGridSize() {
        for (int[] size : new int[][] {{96, 96}, {12, 20}, {100, 64}}) {
            int n1 = size[0];
            int n2 = size[1];
            double[] v = paleWallsWithRidges(n1, n2, 3);
            try (Workers w = new Workers(2)) {
                CosineField c = new CosineField(n1, n2, w);
                double[] f = new double[n1 * n2];
                c.synthesize(c.coefficients(v), null, null, f, new double[n1 * n2], new double[n1 * n2], null);
                for (int k = 0; k < f.length; k++) {
                    assertEquals(v[k], f[k], 1e-9 * 100, n1 + "x" + n2 + " cell " + k);
                }
            }
        }
    }

    @Test
    void diffusionEqualisesPaleWalls() {
        check(new DiffusionCartogram(DiffusionCartogram.Options.defaults()), 96, 96, DIFFUSION_MEAN_ERROR);
        check(new DiffusionCartogram(DiffusionCartogram.Options.defaults()), 100, 72, DIFFUSION_MEAN_ERROR);
    }

    @Test
    void flowEqualisesPaleWalls() {
        check(new FlowCartogram(FlowCartogram.Options.defaults()), 96, 96, FLOW_MEAN_ERROR);
        check(new FlowCartogram(FlowCartogram.Options.defaults()), 100, 72, FLOW_MEAN_ERROR);
    }

    private static void check(DensityTransform t, int n1, int n2, double bound) {
        double[] rho = paleWallsWithRidges(n1, n2, 1);
        DensityTransform.Result r = t.transform(rho, n1, n2, (i, e) -> { });
        AreaError e = AreaError.of(rho, n1, n2, r.nodes());
        assertEquals(0, e.foldedCells(), e.toString());
        assertTrue(e.mean() < bound, e.toString());
        DiffusionCartogramTest.assertWallsKept(r.nodes(), n1, n2);
        // corners stay
        assertEquals(0.0, r.nodes()[0], 0.0);
        assertEquals(0.0, r.nodes()[1], 0.0);
        int last = 2 * ((n1 + 1) * (n2 + 1) - 1);
        assertEquals(n1, r.nodes()[last], 0.0);
        assertEquals(n2, r.nodes()[last + 1], 0.0);
    }
}
