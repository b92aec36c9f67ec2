package org.latentcartography.core.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;

class LatentMapTest {
    /**
     * Round trips are solved by Newton's method to rounding; 1e-6 cell widths is the issue's
     * requirement and leaves a wide margin over double rounding at these coordinates (~1e-13).
     */
    private static final double ROUND_TRIP = 1e-6;

    private static final double[] LOWER = {-3, 1};
    private static final double[] UPPER = {5, 2.5};
    private static final int N1 = 60;
    private static final int N2 = 45;

    /** A smooth, fold-free deformation of the box onto itself: each node moves by a sine bump, walls kept. */
    static double[] warpedCellNodes(int n1, int n2) {
        double[] nodes = LatentMap.identityCellNodes(n1, n2);
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                int k = 2 * (i * (n2 + 1) + j);
                double x = (double) i / n1;
                double y = (double) j / n2;
                nodes[k] += 0.12 * n1 * Math.sin(Math.PI * x) * Math.sin(Math.PI * y) * Math.sin(Math.PI * x);
                nodes[k + 1] += 0.1 * n2 * Math.sin(Math.PI * y) * Math.sin(2 * Math.PI * x) * Math.sin(Math.PI * y);
            }
        }
        return nodes;
    }

    @Test
    void forwardIsExactAtNodesAndRoundTripsHold() {
        double[] cells = warpedCellNodes(N1, N2);
        assertEquals(0, AreaError.of(ones(N1 * N2), N1, N2, cells).foldedCells());
        LatentMap map = LatentMap.ofCellNodes(LOWER, UPPER, N1, N2, cells);
        double w1 = (UPPER[0] - LOWER[0]) / N1;
        double w2 = (UPPER[1] - LOWER[1]) / N2;
        // exact at nodes
        double[] latentNodes = map.latentNodes();
        for (int i = 0; i <= N1; i += 7) {
            for (int j = 0; j <= N2; j += 5) {
                double[] t = map.forward(new double[] {LOWER[0] + i * w1, LOWER[1] + j * w2});
                int k = 2 * (i * (N2 + 1) + j);
                assertEquals(latentNodes[k], t[0], 1e-12);
                assertEquals(latentNodes[k + 1], t[1], 1e-12);
            }
        }
        SplittableRandom r = new SplittableRandom(11);
        int m = 20_000;
        double[] z = new double[2 * m];
        for (int k = 0; k < m; k++) {
            z[2 * k] = LOWER[0] + r.nextDouble() * (UPPER[0] - LOWER[0]);
            z[2 * k + 1] = LOWER[1] + r.nextDouble() * (UPPER[1] - LOWER[1]);
        }
        // walls and corners too
        z[0] = LOWER[0];
        z[1] = LOWER[1];
        z[2] = UPPER[0];
        z[3] = 1.7;
        double[] back = map.inverse(map.forward(z));
        double[] there = map.forward(map.inverse(z));
        for (int k = 0; k < m; k++) {
            assertEquals(z[2 * k], back[2 * k], ROUND_TRIP * w1);
            assertEquals(z[2 * k + 1], back[2 * k + 1], ROUND_TRIP * w2);
            assertEquals(z[2 * k], there[2 * k], ROUND_TRIP * w1);
            assertEquals(z[2 * k + 1], there[2 * k + 1], ROUND_TRIP * w2);
        }
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    @Test
    void identityAndUnitConversions() {
        LatentMap map = LatentMap.ofCellNodes(LOWER, UPPER, N1, N2, LatentMap.identityCellNodes(N1, N2));
        double[] z = {0.3, 1.9, -2.9, 2.4};
        double[] t = map.forward(z);
        double[] s = map.inverse(z);
        for (int k = 0; k < z.length; k++) {
            assertEquals(z[k], t[k], 1e-12);
            assertEquals(z[k], s[k], 1e-12);
        }
        double[] cells = map.toCellUnits(z);
        assertEquals(N1 * (0.3 + 3) / 8, cells[0], 1e-12);
        double[] again = map.toLatent(cells);
        assertEquals(z[3], again[3], 1e-12);
        LatentMap fromLatent = LatentMap.ofLatentNodes(LOWER, UPPER, N1, N2, map.latentNodes());
        assertEquals(map.cellNodes()[101], fromLatent.cellNodes()[101], 1e-12);
    }

    @Test
    void pointsOutsideTheBoxAreRefused() {
        LatentMap map = LatentMap.ofCellNodes(LOWER, UPPER, N1, N2, warpedCellNodes(N1, N2));
        CartographyException e = assertThrows(CartographyException.class, () -> map.forward(new double[] {5.5, 2}));
        assertTrue(e.getMessage().contains("outside the map's box"), e.getMessage());
        assertThrows(CartographyException.class, () -> map.inverse(new double[] {0, 0.9}));
        // within the slack of 1e-9 cell widths: moved onto the wall
        double[] t = map.forward(new double[] {UPPER[0] + 1e-12, 2});
        assertEquals(UPPER[0], t[0], 1e-9);
    }

    @Test
    void wrongNodeCountIsRefused() {
        assertThrows(CartographyException.class, () -> LatentMap.ofCellNodes(LOWER, UPPER, N1, N2, new double[10]));
    }
}
