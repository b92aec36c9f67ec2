package org.latentcartography.measures.jsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.latentcartography.core.CartographyException;
import org.junit.jupiter.api.Test;

class DivergencesTest {
    static double jsd(double[] p, double[] q) {
        return Divergences.jensenShannon(p, 0, q, 0, p.length);
    }

    @Test
    void handComputedJensenShannonValues() {
        assertEquals(1.0, jsd(new double[] {1, 0}, new double[] {0, 1}), 1e-15, "disjoint supports: 1 bit");
        assertEquals(0.0, jsd(new double[] {0.2, 0.8}, new double[] {0.2, 0.8}), 0.0);
        // p = (1/2, 1/2), q = (1, 0), m = (3/4, 1/4):
        // KL(p||m) = ½ log2(2/3) + ½ log2(2) = 0.207518749639422; KL(q||m) = log2(4/3) = 0.415037499278844
        // JS = ½ (0.207518749639422 + 0.415037499278844) = 0.311278124459133, JSD = 0.557923045284144 (Python: sqrt of it)
        assertEquals(0.557923045284144, jsd(new double[] {0.5, 0.5}, new double[] {1, 0}), 1e-14);
        // unnormalised inputs are normalised first
        assertEquals(0.557923045284144, jsd(new double[] {3, 3}, new double[] {7, 0}), 1e-14);
    }

    @Test
    void hellingerAndTotalVariationByHand() {
        double[] p = {0.5, 0.5};
        double[] q = {1, 0};
        // Bhattacharyya coefficient sqrt(½) => H = sqrt(1 - 0.707106781186548) = 0.541196100146197
        assertEquals(0.541196100146197, Divergences.hellinger(p, 0, q, 0, 2), 1e-14);
        assertEquals(0.5, Divergences.totalVariation(p, 0, q, 0, 2), 1e-15);
        assertEquals(1.0, Divergences.hellinger(new double[] {1, 0}, 0, new double[] {0, 1}, 0, 2), 1e-15);
    }

    @Test
    void metricPropertiesOnRandomDistributionsWithOffsets() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 4000;
        double[] buf = new double[3 * n + 5];
        for (int t = 0; t < 50; t++) {
            for (int i = 0; i < buf.length; i++) {
                buf[i] = r.nextDouble() < 0.3 ? 0 : r.nextDouble();
            }
            double ab = Divergences.jensenShannon(buf, 5, buf, 5 + n, n);
            double ba = Divergences.jensenShannon(buf, 5 + n, buf, 5, n);
            double ac = Divergences.jensenShannon(buf, 5, buf, 5 + 2 * n, n);
            double cb = Divergences.jensenShannon(buf, 5 + 2 * n, buf, 5 + n, n);
            assertEquals(ab, ba, 1e-12);
            assertTrue(ab >= 0 && ab <= 1);
            assertTrue(ab <= ac + cb + 1e-12, "triangle inequality");
        }
    }

    @Test
    void negativeOrEmptyDistributionsAreRefused() {
        assertThrows(CartographyException.class, () -> jsd(new double[] {-0.1, 1.1}, new double[] {0.5, 0.5}));
        assertThrows(CartographyException.class, () -> jsd(new double[] {0, 0}, new double[] {0.5, 0.5}));
    }
}
