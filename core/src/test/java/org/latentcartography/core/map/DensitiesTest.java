package org.latentcartography.core.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.latentcartography.core.CartographyException;
import org.junit.jupiter.api.Test;

class DensitiesTest {

    @Test
    void validationNamesTheFirstBadCell() {
        double[] m = {1, 2, 3, 4, 5, 6};
        Densities.validate(m, 2, 3, "m.npy");
        m[4] = Double.NaN;
        assertEquals("m.npy: value at cell (1, 1) is NaN",
                assertThrows(CartographyException.class, () -> Densities.validate(m, 2, 3, "m.npy")).getMessage());
        double[] neg = {1, -2, 3, 4};
        assertTrue(assertThrows(CartographyException.class, () -> Densities.validate(neg, 2, 2, "m")).getMessage()
                .contains("(0, 1) is negative"));
        assertTrue(assertThrows(CartographyException.class, () -> Densities.validate(new double[4], 2, 2, "m")).getMessage()
                .contains("zero everywhere"));
        double[] zero = {1, 0, 3, 4};
        ZeroDensityException z = assertThrows(ZeroDensityException.class, () -> Densities.validate(zero, 2, 2, "m"));
        assertTrue(z.getMessage().contains("add a floor"), z.getMessage());
        assertEquals(0, z.row());
        assertEquals(1, z.column());
        Densities.validate(Densities.floor(zero, 0.01), 2, 2, "m");
    }

    @Test
    void floorAddsAFractionOfTheMean() {
        double[] f = Densities.floor(new double[] {0, 2, 4, 6}, 0.5);
        assertEquals(Arrays.toString(new double[] {1.5, 3.5, 5.5, 7.5}), Arrays.toString(f));
    }

    @Test
    void blurKeepsTheTotalSmoothsAndLeavesConstantsAlone() {
        int n1 = 40;
        int n2 = 30;
        double[] m = new double[n1 * n2];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextDouble();
        }
        m[5 * n2 + 7] = 100;
        double[] b = Densities.blur(m, n1, n2, 2.5);
        assertEquals(Arrays.stream(m).sum(), Arrays.stream(b).sum(), 1e-9 * Arrays.stream(m).sum());
        assertTrue(Arrays.stream(b).max().orElseThrow() < 100.0 / (2 * Math.PI * 2.5 * 2.5) + 2);
        double[] c = new double[n1 * n2];
        Arrays.fill(c, 3.0);
        for (double v : Densities.blur(c, n1, n2, 4)) {
            assertEquals(3.0, v, 1e-12);
        }
    }

    @Test
    void distanceTransformIsExact() {
        int n1 = 23;
        int n2 = 17;
        int[] marked = {3 * n2 + 4, 20 * n2 + 15, 11 * n2 + 0};
        double w0 = 0.3;
        double w1 = 0.7;
        double[] d2 = Densities.squaredDistances(n1, n2, w0, w1, marked);
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                double best = Double.MAX_VALUE;
                for (int c : marked) {
                    double dx = (i - c / n2) * w0;
                    double dy = (j - c % n2) * w1;
                    best = Math.min(best, dx * dx + dy * dy);
                }
                assertEquals(best, d2[i * n2 + j], 1e-12);
            }
        }
    }

    @Test
    void relaxKeepsCellsWithDataAndTendsToTheMeanFarAway() {
        int n = 50;
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = 1 + (i % 7);
        }
        double mean = Densities.mean(m);
        int[] cells = {0};
        double[] r = Densities.relax(m, n, n, 0.1, 0.1, cells, 0.5);
        assertEquals(m[0], r[0], 1e-12);
        // the far corner is 49·√2·0.1 ≈ 6.9 away: w = exp(-(6.9/0.5)²) ≈ 0
        assertEquals(mean, r[n * n - 1], 1e-9);
    }
}
