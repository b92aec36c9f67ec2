package org.latentcartography.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.UsageException;

class HungarianTest {
    /** Totals of at most 7 entries in [-5, 5): rounding of order 1e-15. */
    private static final double TOTAL_TOL = 1e-12;

    @Test
    void matchesBruteForceOnRandomSmallMatrices() {
        SplittableRandom r = new SplittableRandom(2024);
        for (int t = 0; t < 300; t++) {
            int n = 1 + r.nextInt(6);
            int m = 1 + r.nextInt(6);
            double[][] c = new double[n][m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    // integers in half the cases, to exercise ties
                    c[i][j] = t % 2 == 0 ? r.nextInt(4) : 10 * r.nextDouble() - 5;
                }
            }
            int[] a = Hungarian.minimise(c);
            assertValid(a, n, m);
            assertEquals(bruteForceMin(c), Hungarian.total(c, a), TOTAL_TOL, "trial " + t + " " + n + "x" + m);
            int[] b = Hungarian.maximise(c);
            assertValid(b, n, m);
            assertEquals(-bruteForceMin(negate(c)), Hungarian.total(c, b), TOTAL_TOL);
        }
    }

    @Test
    void knownExample() {
        // the classic 3x3: optimum 0->1, 1->0, 2->2, cost 1 + 2 + 2 = 5
        double[][] c = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        assertArrayEquals(new int[] {1, 0, 2}, Hungarian.minimise(c));
        assertEquals(5.0, Hungarian.total(c, Hungarian.minimise(c)), 0.0);
    }

    @Test
    void fiftyByFiftyIsAPermutationNoWorseThanTheDiagonal() {
        SplittableRandom r = new SplittableRandom(50);
        double[][] c = new double[50][50];
        double diag = 0;
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                c[i][j] = r.nextDouble();
            }
            diag += c[i][i];
        }
        int[] a = Hungarian.minimise(c);
        assertValid(a, 50, 50);
        // expected optimum for uniform costs is about zeta(2) = 1.64 (Aldous 2001)
        assertTrue(Hungarian.total(c, a) < 3 && Hungarian.total(c, a) < diag);
    }

    @Test
    void refusesBadInput() {
        assertThrows(UsageException.class, () -> Hungarian.minimise(new double[0][0]));
        assertThrows(UsageException.class, () -> Hungarian.minimise(new double[][] {{1, 2}, {3}}));
        assertThrows(UsageException.class, () -> Hungarian.minimise(new double[][] {{Double.NaN}}));
    }

    private static void assertValid(int[] a, int n, int m) {
        assertEquals(n, a.length);
        boolean[] used = new boolean[m];
        int assigned = 0;
        for (int j : a) {
            if (j >= 0) {
                assertTrue(!used[j], "column used twice");
                used[j] = true;
                assigned++;
            }
        }
        assertEquals(Math.min(n, m), assigned);
    }

    private static double[][] negate(double[][] c) {
        double[][] o = new double[c.length][];
        for (int i = 0; i < c.length; i++) {
            o[i] = new double[c[i].length];
            for (int j = 0; j < c[i].length; j++) {
                o[i][j] = -c[i][j];
            }
        }
        return o;
    }

    /** Minimum over all injective maps of the smaller side into the larger. */
    private static double bruteForceMin(double[][] c) {
        int n = c.length;
        int m = c[0].length;
        if (n > m) {
            double[][] t = new double[m][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    t[j][i] = c[i][j];
                }
            }
            return bruteForceMin(t);
        }
        return search(c, 0, new boolean[m]);
    }

    private static double search(double[][] c, int row, boolean[] used) {
        if (row == c.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, c[row][j] + search(c, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }
}
