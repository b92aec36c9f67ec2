package org.latentcartography.core.geodesic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.analysis.PathLength;
import org.latentcartography.core.grid.Grid;

/** Anisotropic distances from a metric tensor field. */
class TensorMetricTest {
    /**
     * Constant A = [[4, 1], [1, 1]] (eigenvalues 4.30 and 0.70: lengths differ 2.5-fold by
     * direction): d(s, x) = sqrt((x - s)^T A (x - s)). The factored update is exact for a constant
     * metric on the triangle it refines; the error left comes from nodes whose best closed-form
     * triangle is not the best factored one. Measured at 128²: 1.4e-4 relative; bound 5e-4.
     */
    static final double CONSTANT_RELATIVE = 5e-4;

    @Test
    void constantTensorGivesItsNorm() {
        int n = 128;
        Grid g = new Grid(new double[] {-1, -1}, new double[] {1, 1}, new int[] {n, n});
        double[] t = new double[4 * n * n];
        for (int c = 0; c < n * n; c++) {
            t[4 * c] = 4;
            t[4 * c + 1] = 1;
            t[4 * c + 2] = 1;
            t[4 * c + 3] = 1;
        }
        double[] s = {0.1, -0.05};
        DistanceField f = TensorMetric.of(g, t).distances(s);
        double[] u = f.values();
        double worst = 0;
        double[] x = new double[2];
        for (int c = 0; c < u.length; c++) {
            g.centre(c, x, 0);
            double exact = norm(x[0] - s[0], x[1] - s[1]);
            worst = Math.max(worst, Math.abs(u[c] - exact) / exact);
        }
        assertTrue(worst < CONSTANT_RELATIVE, "max relative error " + worst);
        double[] target = {-0.7, 0.8};
        Geodesic geo = f.geodesicTo(target);
        double exact = norm(target[0] - s[0], target[1] - s[1]);
        // the path is straight (A constant): its length is the norm, within the field's tolerance
        assertEquals(exact, geo.length(), exact * CONSTANT_RELATIVE);
        assertEquals(exact, geo.distance(), exact * CONSTANT_RELATIVE);
    }

    /** A = w² I is the conformal metric with length element w: both solvers agree. */
    @Test
    void isotropicTensorAgreesWithTheConformalMetric() {
        int n = 96;
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {n, n});
        double[] w = new double[n * n];
        double[] t = new double[4 * n * n];
        double[] x = new double[2];
        for (int c = 0; c < w.length; c++) {
            g.centre(c, x, 0);
            w[c] = 1 + x[0];
            t[4 * c] = w[c] * w[c];
            t[4 * c + 3] = w[c] * w[c];
        }
        double[] a = {0.1, 0.2};
        double[] b = {0.9, 0.7};
        Geodesic iso = Geodesics.shortestPath(ConformalMetric.ofWeight(g, w), a, b);
        Geodesic aniso = Geodesics.shortestPath(TensorMetric.of(g, t), a, b);
        // both first order or better in h = 1/96; bound 1 %
        assertEquals(iso.distance(), aniso.distance(), 0.01 * iso.distance());
        assertEquals(PathLength.weighted(g, w, aniso.path()), TensorMetric.of(g, t).length(aniso.path()), 1e-12);
    }

    @Test
    void badTensorsAreRefused() {
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {4, 4});
        double[] t = new double[64];
        for (int c = 0; c < 16; c++) {
            t[4 * c] = 1;
            t[4 * c + 3] = 1;
        }
        t[4 * 5 + 1] = 2;
        t[4 * 5 + 2] = 2;
        CartographyException e = assertThrows(CartographyException.class, () -> TensorMetric.of(g, t));
        assertTrue(e.getMessage().contains("at cell [1, 1] is not positive definite"), e.getMessage());
        assertThrows(UsageException.class, () -> TensorMetric.of(g, new double[16]));
        assertThrows(UsageException.class, () -> TensorMetric.of(
                new Grid(new double[] {0, 0, 0}, new double[] {1, 1, 1}, new int[] {2, 2, 2}), new double[72]));
    }

    static double norm(double dx, double dy) {
        return Math.sqrt(4 * dx * dx + 2 * dx * dy + dy * dy);
    }
}
