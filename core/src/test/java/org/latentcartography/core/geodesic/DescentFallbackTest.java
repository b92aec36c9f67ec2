package org.latentcartography.core.geodesic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.grid.Grid;

/** The path through cell centres that {@link DistanceField#geodesicTo} falls back on. */
class DescentFallbackTest {

    /**
     * Constant measure: u is the Euclidean distance, and a walk through centres to the neighbour of
     * least u is no shorter than the straight line and no longer than the eight-direction walk's
     * worst case, 1/cos(22.5°) times it, plus the last partial steps (two cell widths).
     */
    @Test
    void constantMeasureNodeWalkIsWithinTheEightDirectionBound() {
        int n = 128;
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {n, n});
        double[] m = new double[n * n];
        Arrays.fill(m, 1.0);
        double[] source = {0.1, 0.2};
        DistanceField f = ConformalMetric.ofMeasure(g, m).distances(source);
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 20; t++) {
            double[] target = {0.02 + 0.96 * r.nextDouble(), 0.02 + 0.96 * r.nextDouble()};
            Geodesic geo = f.alongNodes(target);
            double straight = Math.hypot(target[0] - source[0], target[1] - source[1]);
            double[] p = geo.path();
            assertArrayEquals(source, Arrays.copyOfRange(p, 0, 2), 0.0, "starts at the source");
            assertArrayEquals(target, Arrays.copyOfRange(p, p.length - 2, p.length), 0.0, "ends at the target");
            assertTrue(geo.length() >= straight - 1e-12, geo.length() + " < straight " + straight);
            assertTrue(geo.length() <= straight / Math.cos(Math.PI / 8) + 2.0 / n,
                    geo.length() + " against straight " + straight);
        }
    }

    /**
     * White noise of 10^4:1 per cell: every target gets a path from the source to it whose steps
     * are at most a cell's diagonal apart (the smooth descent or the walk through centres) and
     * whose length is finite; the smooth descent is trapped for some of these targets (a warning is
     * logged) and falls back on the walk.
     */
    @Test
    void roughMeasureAlwaysGivesAPath() {
        int n = 96;
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {n, n});
        SplittableRandom r = new SplittableRandom(11);
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.pow(10, 4 * r.nextDouble());
        }
        double[] source = {0.5, 0.5};
        DistanceField f = ConformalMetric.ofMeasure(g, m).distances(source);
        for (int t = 0; t < 30; t++) {
            double[] target = {0.01 + 0.98 * r.nextDouble(), 0.01 + 0.98 * r.nextDouble()};
            for (Geodesic geo : new Geodesic[] {f.geodesicTo(target), f.alongNodes(target)}) {
                double[] p = geo.path();
                assertEquals(0, p.length % 2);
                assertArrayEquals(source, Arrays.copyOfRange(p, 0, 2), 0.0);
                assertArrayEquals(target, Arrays.copyOfRange(p, p.length - 2, p.length), 0.0);
                assertTrue(Double.isFinite(geo.length()) && geo.length() > 0, "length " + geo.length());
                for (int i = 2; i < p.length; i += 2) {
                    assertTrue(Math.hypot(p[i] - p[i - 2], p[i + 1] - p[i - 1]) <= Math.sqrt(2) / n + 1e-12,
                            "step " + i / 2 + " longer than a cell's diagonal");
                }
            }
        }
    }
}
