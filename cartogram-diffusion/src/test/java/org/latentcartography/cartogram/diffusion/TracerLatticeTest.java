package org.latentcartography.cartogram.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TracerLatticeTest {
    private static final int N1 = 200;
    private static final int N2 = 120;
    private static final int C1 = 40;
    private static final int C2 = 30;

    /** A wall-keeping displacement (cells): x part odd across x walls and even across y walls, y part likewise. */
    private static double dx(double x, double y) {
        return 3 * Math.sin(Math.PI * x / N1) * Math.cos(2 * Math.PI * y / N2);
    }

    private static double dy(double x, double y) {
        return 2 * Math.cos(3 * Math.PI * x / N1) * Math.sin(Math.PI * y / N2);
    }

    private static TracerLattice moved() {
        TracerLattice t = new TracerLattice(C1, C2, N1, N2);
        double s1 = (double) C1 / N1;
        double s2 = (double) C2 / N2;
        for (int p = 0; p <= C1; p++) {
            for (int q = 0; q <= C2; q++) {
                int k = 2 * (p * (C2 + 1) + q);
                double x = p / s1;
                double y = q / s2;
                t.tracers[k] = p + dx(x, y) * s1;
                t.tracers[k + 1] = q + dy(x, y) * s2;
            }
        }
        return t;
    }

    @Test
    void cubicInterpolationOfASmoothMapIsWithinItsErrorBound() {
        // the shortest wave is cos(2 pi y / N2): 30 lattice spacings, amplitude 3 cells; cubic
        // interpolation errs by about 0.023 (2 pi / 30)^4 of it, 1.3e-4 cells, per axis
        double bound = 2 * (0.023 * Math.pow(2 * Math.PI / 30, 4) * 3 + 0.023 * Math.pow(2 * Math.PI / 40, 4) * 2);
        Random r = new Random(4);
        double[] points = new double[2 * 5000];
        for (int k = 0; k < points.length; k += 2) {
            points[k] = r.nextDouble() * N1;
            points[k + 1] = r.nextDouble() * N2;
        }
        double[] before = points.clone();
        try (Workers w = new Workers(2)) {
            moved().apply(points, w);
        }
        double worst = 0;
        for (int k = 0; k < points.length; k += 2) {
            double x = before[k];
            double y = before[k + 1];
            worst = Math.max(worst, Math.abs(points[k] - (x + dx(x, y))));
            worst = Math.max(worst, Math.abs(points[k + 1] - (y + dy(x, y))));
        }
        assertTrue(worst < bound, "largest error " + worst + " cells, bound " + bound);
    }

    @Test
    void pointsOnTheWallsStayOnThem() {
        Random r = new Random(5);
        double[] points = new double[2 * 400];
        for (int k = 0; k < points.length; k += 2) {
            int wall = (k / 2) % 4;
            points[k] = wall == 0 ? 0 : wall == 1 ? N1 : r.nextDouble() * N1;
            points[k + 1] = wall == 2 ? 0 : wall == 3 ? N2 : r.nextDouble() * N2;
        }
        double[] before = points.clone();
        try (Workers w = new Workers(2)) {
            moved().apply(points, w);
        }
        for (int k = 0; k < points.length; k += 2) {
            int wall = (k / 2) % 4;
            if (wall < 2) {
                assertEquals(before[k], points[k], 0.0, "x wall, point " + k / 2);
            } else {
                assertEquals(before[k + 1], points[k + 1], 0.0, "y wall, point " + k / 2);
            }
        }
    }

    @Test
    void unmovedTracersLeaveEveryPointWhereItWas() {
        Random r = new Random(6);
        double[] points = new double[2 * 1000];
        for (int k = 0; k < points.length; k += 2) {
            points[k] = r.nextDouble() * N1;
            points[k + 1] = r.nextDouble() * N2;
        }
        double[] before = points.clone();
        TracerLattice t = moved();
        t.reset();
        try (Workers w = new Workers(2)) {
            t.apply(points, w);
        }
        for (int k = 0; k < points.length; k++) {
            assertEquals(before[k], points[k], 0.0);
        }
    }

    @Test
    void splineIsExactAtTheTracersAndWithinItsBoundBetween() {
        TracerLattice t = moved();
        double s1 = (double) C1 / N1;
        double s2 = (double) C2 / N2;
        double[] atNodes = new double[2 * (C1 + 1) * (C2 + 1)];
        for (int p = 0; p <= C1; p++) {
            for (int q = 0; q <= C2; q++) {
                int k = 2 * (p * (C2 + 1) + q);
                atNodes[k] = p / s1;
                atNodes[k + 1] = q / s2;
            }
        }
        Random r = new Random(7);
        double[] points = new double[2 * 5000];
        for (int k = 0; k < points.length; k += 2) {
            points[k] = r.nextDouble() * N1;
            points[k + 1] = r.nextDouble() * N2;
        }
        double[] before = points.clone();
        try (Workers w = new Workers(2)) {
            t.apply(atNodes, w);
            t.apply(points, w);
        }
        for (int k = 0; k < atNodes.length; k += 2) {
            // the tracers' own positions, to the rounding of the tridiagonal solves
            assertEquals(t.tracers[k] / s1, atNodes[k], 1e-9, "x at tracer " + k / 2);
            assertEquals(t.tracers[k + 1] / s2, atNodes[k + 1], 1e-9, "y at tracer " + k / 2);
        }
        // the classical bound 5 h^4 max|f^(4)| / 384 per axis, for the same waves as the Lagrange bound
        double bound = 2 * (5.0 / 384 * Math.pow(2 * Math.PI / 30, 4) * 3 + 5.0 / 384 * Math.pow(2 * Math.PI / 40, 4) * 2);
        double worst = 0;
        for (int k = 0; k < points.length; k += 2) {
            double x = before[k];
            double y = before[k + 1];
            worst = Math.max(worst, Math.abs(points[k] - (x + dx(x, y))));
            worst = Math.max(worst, Math.abs(points[k + 1] - (y + dy(x, y))));
        }
        assertTrue(worst < bound, "largest error " + worst + " cells, bound " + bound);
    }

    @Test
    void lagrangeInterpolationIsWithinItsErrorBoundAndKeepsTheWalls() {
        TracerLattice t = new TracerLattice(C1, C2, N1, N2, false);
        System.arraycopy(moved().tracers, 0, t.tracers, 0, t.tracers.length);
        double bound = 2 * (0.023 * Math.pow(2 * Math.PI / 30, 4) * 3 + 0.023 * Math.pow(2 * Math.PI / 40, 4) * 2);
        Random r = new Random(8);
        double[] points = new double[2 * 5000];
        for (int k = 0; k < points.length; k += 2) {
            int wall = (k / 2) % 8;
            points[k] = wall == 0 ? 0 : wall == 1 ? N1 : r.nextDouble() * N1;
            points[k + 1] = wall == 2 ? 0 : wall == 3 ? N2 : r.nextDouble() * N2;
        }
        double[] before = points.clone();
        try (Workers w = new Workers(2)) {
            t.apply(points, w);
        }
        double worst = 0;
        for (int k = 0; k < points.length; k += 2) {
            double x = before[k];
            double y = before[k + 1];
            worst = Math.max(worst, Math.abs(points[k] - (x + dx(x, y))));
            worst = Math.max(worst, Math.abs(points[k + 1] - (y + dy(x, y))));
            int wall = (k / 2) % 8;
            if (wall < 2) {
                assertEquals(x, points[k], 0.0, "x wall, point " + k / 2);
            } else if (wall < 4) {
                assertEquals(y, points[k + 1], 0.0, "y wall, point " + k / 2);
            }
        }
        assertTrue(worst < bound, "largest error " + worst + " cells, bound " + bound);
    }
}
