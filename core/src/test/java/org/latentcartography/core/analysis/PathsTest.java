package org.latentcartography.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.map.LatentMap;

class PathsTest {
    /**
     * Round trips through LatentMap's Newton inverse: it documents T(T~(z)) = z within 1e-9 cell
     * widths; cells here are 1/50 wide, so 1e-9 latent units is generous by a factor of ~50.
     */
    private static final double INVERSE_TOL = 1e-9;
    /** Identity map: the bilinear patch is affine, Newton is exact to rounding (~1e-16). */
    private static final double IDENTITY_TOL = 1e-12;
    /** Sums of a few hundred terms of order 1: rounding well below this. */
    private static final double SUM_TOL = 1e-9;

    private static final double[] LO = {0, 0};
    private static final double[] HI = {1, 1};
    private static final int N = 50;
    private static final double A = 10;

    /** f = A on the cells x in [0.4, 0.6] (cells 20..29 of 50), 1 elsewhere; g = 1. */
    private static double[] band() {
        double[] f = new double[N];
        for (int i = 0; i < N; i++) {
            f[i] = i >= 20 && i < 30 ? A : 1;
        }
        return f;
    }

    private static double[] ones() {
        double[] g = new double[N];
        Arrays.fill(g, 1);
        return g;
    }

    private static LatentMap bandMap() {
        return SeparableMaps.map(LO, HI, band(), ones());
    }

    /** An L of legs 3 and 1 (length 4), unevenly traced, resampled at 5 points: one unit apart, by hand. */
    @Test
    void resampleSpacesPointsEquallyAlongThePolyline() {
        double[] l = {0, 0, 0.5, 0, 3, 0, 3, 0.25, 3, 1};
        double[] r = Paths.resample(l, 5);
        double[] want = {0, 0, 1, 0, 2, 0, 3, 0, 3, 1};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], r[i], 1e-15, "coordinate " + i);
        }
        // a repeated point (a zero-length piece) changes nothing
        assertEquals(Arrays.toString(r), Arrays.toString(Paths.resample(new double[] {0, 0, 0, 0, 3, 0, 3, 1}, 5)));
        assertThrows(UsageException.class, () -> Paths.resample(new double[] {1, 1}, 5));
        assertThrows(UsageException.class, () -> Paths.resample(l, 1));
    }

    @Test
    void straightPathIsEquallySpacedWithExactEnds() {
        double[] a = {0.1, 0.7};
        double[] b = {0.3, -0.2};
        double[] p = Paths.straight(a, b, 7);
        assertEquals(14, p.length);
        assertEquals(a[0], p[0], 0.0);
        assertEquals(a[1], p[1], 0.0);
        assertEquals(b[0], p[12], 0.0);
        assertEquals(b[1], p[13], 0.0);
        double step = Math.hypot(b[0] - a[0], b[1] - a[1]) / 6;
        for (int i = 0; i < 6; i++) {
            assertEquals(step, Math.hypot(p[2 * i + 2] - p[2 * i], p[2 * i + 3] - p[2 * i + 1]), 1e-15);
        }
    }

    @Test
    void pseudoGeodesicEndpointsAreExact() {
        LatentMap map = bandMap();
        double[] a = {0.1 + 1e-3 / 3, 0.2 + 1 / 7.0};
        double[] b = {0.9 - 1 / 13.0, 0.8 - 1 / 11.0};
        double[] q = Paths.pseudoGeodesic(map, a, b, 33);
        assertEquals(66, q.length);
        assertEquals(a[0], q[0], 0.0);
        assertEquals(a[1], q[1], 0.0);
        assertEquals(b[0], q[64], 0.0);
        assertEquals(b[1], q[65], 0.0);
    }

    @Test
    void underTheIdentityThePseudoGeodesicIsTheStraightLine() {
        Grid grid = new Grid(new double[] {-2, 1}, new double[] {3, 4}, new int[] {40, 30});
        LatentMap id = LatentMap.identity(grid);
        double[] a = {-1.7, 3.9};
        double[] b = {2.95, 1.05};
        double[] s = Paths.straight(a, b, 101);
        double[] q = Paths.pseudoGeodesic(id, a, b, 101);
        for (int k = 0; k < s.length; k++) {
            assertEquals(s[k], q[k], IDENTITY_TOL, "coordinate " + k);
        }
    }

    @Test
    void pseudoGeodesicIsEquallySpacedOnTheTransformedLine() {
        LatentMap map = bandMap();
        double[] a = {0.1, 0.2};
        double[] b = {0.9, 0.8};
        int k = 41;
        double[] image = map.forward(Paths.pseudoGeodesic(map, a, b, k));
        double[] line = Paths.straight(map.forward(a), map.forward(b), k);
        for (int i = 0; i < line.length; i++) {
            assertEquals(line[i], image[i], INVERSE_TOL, "coordinate " + i);
        }
    }

    /**
     * The band of the brief, with exact closed forms. m = 10 on x in [0.4, 0.6], 1 elsewhere;
     * T(x, y) = (F(x), y), F piecewise linear with total mass 0.8 + 10 * 0.2 = 2.8, so
     * F(0.1) = 0.1/2.8, F(0.4) = 0.4/2.8, F(0.6) = 2.4/2.8, F(0.9) = 2.7/2.8. From a = (0.1, 0.2) to
     * b = (0.9, 0.8):
     *
     * <ul>
     *   <li>straight: slope 0.75, length 1; in the band 0.2 * 1.25 = 0.25. L_m = 0.75 + 10 * 0.25 =
     *       3.25, L_sqrt = 0.75 + sqrt(10) * 0.25.
     *   <li>pseudo-geodesic: y is linear in F, total dF = 2.6/2.8, so it rises 0.6 * 0.3/2.6 on
     *       each outer piece (dx = 0.3) and 0.6 * 2/2.6 in the band (dx = 0.2): piecewise linear
     *       with kinks at t = 3/26 and 23/26 of the transformed line. With K - 1 = 104 samples the
     *       kinks are samples (and 104 = lcm(8, 26) puts x = 0.4, 0.6 on samples of the straight
     *       path too), so the polylines are the exact paths.
     * </ul>
     *
     * <p>The pseudo-geodesic is <em>longer</em> under m and under sqrt(m): the map stretches only
     * across the band, so the straight line of the transformed space does more of its climbing
     * inside the band. It is shorter only in the transformed space, which is what it minimises.
     */
    @Test
    void bandLengthsMatchClosedFormsAndThePseudoGeodesicWinsOnlyInTheTransformedSpace() {
        LatentMap map = bandMap();
        Grid grid = new Grid(LO, HI, new int[] {N, N});
        double[] m = SeparableMaps.measure(band(), ones());
        double[] a = {0.1, 0.2};
        double[] b = {0.9, 0.8};
        double[] s = Paths.straight(a, b, 105);
        double[] q = Paths.pseudoGeodesic(map, a, b, 105);

        double outer = Math.hypot(0.3, 0.6 * 0.3 / 2.6);
        double inner = Math.hypot(0.2, 0.6 * 2 / 2.6);
        assertEquals(1.0, PathLength.euclidean(s), SUM_TOL);
        assertEquals(3.25, PathLength.measure(grid, m, s), SUM_TOL);
        assertEquals(0.75 + Math.sqrt(A) * 0.25, PathLength.sqrtMeasure(grid, m, s), SUM_TOL);
        assertEquals(2 * outer + inner, PathLength.euclidean(q), SUM_TOL);
        assertEquals(2 * outer + A * inner, PathLength.measure(grid, m, q), SUM_TOL);
        assertEquals(2 * outer + Math.sqrt(A) * inner, PathLength.sqrtMeasure(grid, m, q), SUM_TOL);

        // transformed space: the pseudo-geodesic's image is the segment T(a)T(b), of length
        // hypot(2.6/2.8, 0.6); the straight path's image bends at x = 0.4 and 0.6, so it is
        // strictly longer (triangle inequality)
        double lq = PathLength.transformed(map, q);
        double ls = PathLength.transformed(map, s);
        assertEquals(Math.hypot(2.6 / 2.8, 0.6), lq, SUM_TOL);
        // straight image: outer pieces dx = 0.3 -> dF = 0.3/2.8, dy = 0.225; band dx = 0.2 -> dF = 2/2.8,
        // dy = 0.15. x = 0.4 and 0.6 are samples 39 and 65 of 104, so the chords are exact.
        double lsExact = 2 * Math.hypot(0.3 / 2.8, 0.225) + Math.hypot(2 / 2.8, 0.15);
        assertEquals(lsExact, ls, SUM_TOL);
        assertTrue(lq < ls - 0.05, "pseudo-geodesic " + lq + " vs straight " + ls + " in the transformed space");
        assertTrue(PathLength.measure(grid, m, q) > PathLength.measure(grid, m, s));
        assertTrue(PathLength.sqrtMeasure(grid, m, q) > PathLength.sqrtMeasure(grid, m, s));
    }

    @Test
    void circleInsideTheBoxIsOneClosedPiece() {
        Grid grid = new Grid(LO, HI, new int[] {N, N});
        LatentMap id = LatentMap.identity(grid);
        double[] a = {0.5, 0.4};
        EquidistanceLine line = Paths.equidistanceLine(id, a, 0.2, 64);
        assertTrue(line.closed());
        assertEquals(1, line.transformed().size());
        double[] p = line.latent().get(0);
        assertEquals(2 * 65, p.length);
        for (int k = 0; k < p.length; k += 2) {
            assertEquals(0.2, Math.hypot(p[k] - a[0], p[k + 1] - a[1]), IDENTITY_TOL);
        }
    }

    @Test
    void circleLeavingTheBoxIsSplitAtExactCrossings() {
        Grid grid = new Grid(LO, HI, new int[] {N, N});
        LatentMap id = LatentMap.identity(grid);
        double[] a = {0.5, 0.5};
        double r = 0.6;
        // crosses all four sides; inside arcs are the four around the diagonals
        EquidistanceLine line = Paths.equidistanceLine(id, a, r, 360);
        List<double[]> pieces = line.transformed();
        assertEquals(4, pieces.size());
        double covered = 0;
        for (double[] p : pieces) {
            int n = p.length / 2;
            assertTrue(onBoundary(p[0], p[1]) && onBoundary(p[2 * n - 2], p[2 * n - 1]), "ends on the box");
            for (int k = 0; k < p.length; k += 2) {
                assertTrue(p[k] >= 0 && p[k] <= 1 && p[k + 1] >= 0 && p[k + 1] <= 1);
                assertEquals(r, Math.hypot(p[k] - 0.5, p[k + 1] - 0.5), 1e-12);
            }
            covered += Math.atan2(p[2 * n - 1] - 0.5, p[2 * n - 2] - 0.5) - Math.atan2(p[1] - 0.5, p[0] - 0.5);
        }
        // each inside arc spans asin(0.5/0.6) - acos(0.5/0.6) radians
        double arc = Math.asin(0.5 / 0.6) - Math.acos(0.5 / 0.6);
        assertEquals(4 * arc, covered, 1e-12);
    }

    @Test
    void circleAroundACornerAndEnclosingCircles() {
        Grid grid = new Grid(LO, HI, new int[] {N, N});
        LatentMap id = LatentMap.identity(grid);
        EquidistanceLine corner = Paths.equidistanceLine(id, new double[] {0.1, 0.1}, 0.3, 100);
        assertEquals(1, corner.transformed().size());
        double[] p = corner.transformed().get(0);
        int n = p.length / 2;
        // from the side y = 0 round to the side x = 0, counter-clockwise
        assertEquals(0.0, p[1], 0.0);
        assertEquals(0.0, p[2 * n - 2], 0.0);
        assertEquals(0.1 + Math.sqrt(0.09 - 0.01), p[0], 1e-12);
        assertEquals(0.1 + Math.sqrt(0.09 - 0.01), p[2 * n - 1], 1e-12);
        assertTrue(Paths.equidistanceLine(id, new double[] {0.5, 0.5}, 0.75, 100).transformed().isEmpty());
    }

    @Test
    void equidistanceLineMapsBackThroughTheInverse() {
        LatentMap map = bandMap();
        double[] a = {0.3, 0.5};
        for (EquidistanceLine line : Paths.equidistanceLines(map, a, new double[] {0.1, 0.3, 0.45}, 200)) {
            List<double[]> tz = line.transformed();
            List<double[]> z = line.latent();
            assertEquals(tz.size(), z.size());
            for (int i = 0; i < tz.size(); i++) {
                double[] back = map.forward(z.get(i));
                for (int k = 0; k < back.length; k++) {
                    assertEquals(tz.get(i)[k], back[k], INVERSE_TOL);
                }
            }
        }
    }

    @Test
    void refusesBadInput() {
        LatentMap map = bandMap();
        assertThrows(UsageException.class, () -> Paths.straight(new double[] {0, 0}, new double[] {1, 1}, 1));
        assertThrows(UsageException.class, () -> Paths.straight(new double[] {0}, new double[] {1, 1}, 5));
        assertThrows(CartographyException.class,
                () -> Paths.pseudoGeodesic(map, new double[] {0.5, 0.5}, new double[] {1.5, 0.5}, 5));
        assertThrows(UsageException.class, () -> Paths.equidistanceLine(map, new double[] {0.5, 0.5}, -1, 10));
        assertThrows(UsageException.class, () -> Paths.equidistanceLine(map, new double[] {0.5, 0.5}, 0.1, 2));
    }

    private static boolean onBoundary(double x, double y) {
        return x == 0 || x == 1 || y == 0 || y == 1;
    }
}
