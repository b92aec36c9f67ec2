package org.latentcartography.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Grid;

class PathLengthTest {
    /** Relative rounding of sums of a few thousand terms of order 1: far below this. */
    private static final double REL_TOL = 1e-12;

    private static final Grid GRID = new Grid(new double[] {-1, 2}, new double[] {3, 5}, new int[] {40, 30});

    private static double[] randomPath(SplittableRandom r, int n) {
        double[] p = new double[2 * n];
        for (int i = 0; i < n; i++) {
            p[2 * i] = -1 + 4 * r.nextDouble();
            p[2 * i + 1] = 2 + 3 * r.nextDouble();
        }
        return p;
    }

    @Test
    void constantMeasureGivesConstantTimesEuclideanLength() {
        double c = 2.75;
        double[] m = new double[GRID.cellCount()];
        Arrays.fill(m, c);
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 20; t++) {
            double[] p = randomPath(r, 2 + t);
            double l = PathLength.euclidean(p);
            assertEquals(c * l, PathLength.measure(GRID, m, p), REL_TOL * c * l);
            assertEquals(Math.sqrt(c) * l, PathLength.sqrtMeasure(GRID, m, p), REL_TOL * c * l);
        }
    }

    @Test
    void euclideanLengthOfAKnownPolyline() {
        assertEquals(5 + 1, PathLength.euclidean(new double[] {0, 0, 3, 4, 3, 5}), 0.0);
        assertEquals(0, PathLength.euclidean(new double[] {1, 1}), 0.0);
        assertEquals(Math.sqrt(3), PathLength.euclidean(new double[] {0, 0, 0, 1, 1, 1}, 3), 1e-15);
    }

    /**
     * m = i + 1 on column i of a 4 x 1 grid over [0, 4] x [0, 1]. The segment from (0.5, 0.5) to
     * (3.5, 0.5) has lengths 0.5, 1, 1, 0.5 in the columns: L_m = 0.5 + 2 + 3 + 2 = 7.5. A diagonal
     * from (0, 0) to (4, 1) has length sqrt(17)/4 per column: L_m = 10 sqrt(17)/4,
     * L_sqrt = (1 + sqrt 2 + sqrt 3 + 2) sqrt(17)/4.
     */
    @Test
    void steppedMeasureIsIntegratedExactly() {
        Grid g = new Grid(new double[] {0, 0}, new double[] {4, 1}, new int[] {4, 1});
        double[] m = {1, 2, 3, 4};
        assertEquals(7.5, PathLength.measure(g, m, new double[] {0.5, 0.5, 3.5, 0.5}), 1e-14);
        double q = Math.sqrt(17) / 4;
        assertEquals(10 * q, PathLength.measure(g, m, new double[] {0, 0, 4, 1}), 1e-14);
        assertEquals((1 + Math.sqrt(2) + Math.sqrt(3) + 2) * q, PathLength.sqrtMeasure(g, m, new double[] {0, 0, 4, 1}),
                1e-14);
        // backwards gives the same
        assertEquals(10 * q, PathLength.measure(g, m, new double[] {4, 1, 0, 0}), 1e-14);
    }

    @Test
    void resultDoesNotDependOnHowFinelyThePathIsSampled() {
        SplittableRandom r = new SplittableRandom(3);
        double[] m = new double[GRID.cellCount()];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextDouble() * 5;
        }
        double[] a = {-0.9, 2.1};
        double[] b = {2.8, 4.7};
        double coarse = PathLength.measure(GRID, m, new double[] {a[0], a[1], b[0], b[1]});
        double fine = PathLength.measure(GRID, m, Paths.straight(a, b, 1001));
        assertEquals(coarse, fine, REL_TOL * coarse * 10);
    }

    @Test
    void worksInThreeDimensions() {
        Grid g = new Grid(new double[] {0, 0, 0}, new double[] {1, 1, 1}, new int[] {5, 6, 7});
        double[] m = new double[g.cellCount()];
        Arrays.fill(m, 4);
        double[] p = {0, 0, 0, 1, 1, 1, 0.2, 0.9, 0.3};
        assertEquals(4 * PathLength.euclidean(p, 3), PathLength.measure(g, m, p), 1e-13);
        assertEquals(2 * PathLength.euclidean(p, 3), PathLength.sqrtMeasure(g, m, p), 1e-13);
    }

    @Test
    void refusesBadInput() {
        double[] m = new double[GRID.cellCount()];
        assertThrows(CartographyException.class, () -> PathLength.measure(GRID, m, new double[] {0, 3, 3.5, 3}));
        assertThrows(UsageException.class, () -> PathLength.measure(GRID, new double[3], new double[] {0, 3, 1, 3}));
        assertThrows(UsageException.class, () -> PathLength.euclidean(new double[] {0, 3, 1}));
        double[] negative = new double[GRID.cellCount()];
        Arrays.fill(negative, -1);
        assertThrows(CartographyException.class, () -> PathLength.sqrtMeasure(GRID, negative, new double[] {0, 3, 1, 3}));
    }
}
