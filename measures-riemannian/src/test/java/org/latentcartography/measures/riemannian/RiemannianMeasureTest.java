package org.latentcartography.measures.riemannian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.LatentFunction;
import org.junit.jupiter.api.Test;

/**
 * The finite-difference volume element against exact ones: graph surfaces h = (z, f(z)) have
 * volume element sqrt(1 + |∇f|²) (the Gram determinant of [I; ∇fᵀ] is 1 + |∇f|², by the matrix
 * determinant lemma).
 */
class RiemannianMeasureTest {

    /**
     * Relative tolerance for interior cells. Central differences err by f'''Δ²/6 per derivative:
     * for the 2-D surface below, |f'''| ≤ a·b³ ≈ 1.54 and Δ = 6/400 give ≤ 6e-5; for the 3-D one,
     * |f'''| ≤ 0.5 and Δ = 4/64 give ≤ 3.3e-4. The bound 1e-3 covers both with room.
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
    void graphSurfaceIn2dMatchesTheAnalyticVolumeElement() {
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
        for (int i = 1; i < n - 1; i++) {
            for (int j = 1; j < n - 1; j++) {
                for (int k = 1; k < n - 1; k++) {
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
        for (int i = 1; i < 2999; i++) {
            assertEquals(Math.sqrt(5), m[i], 1e-5);
        }
    }
}
