package org.latentcartography.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;

class EntropyTest {
    private static final double[] BOX = {-2, 2, 0, 1};
    private static final int B = 16;

    @Test
    void evenLatticeHasTheMaximumEntropyExactly() {
        // 4 points in every bin, at the centres of a 32 x 32 lattice: H = ln(B^2) to rounding
        int n = 2 * B;
        double[] xy = new double[2 * n * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                xy[k++] = -2 + 4 * (i + 0.5) / n;
                xy[k++] = (j + 0.5) / n;
            }
        }
        assertEquals(Math.log(B * B), Entropy.nats(xy, BOX, B), 1e-12);
        assertEquals(2 * Math.log(B) / Math.log(2), Entropy.bits(xy, BOX, B), 1e-12);
    }

    /**
     * A uniform sample of n = 100 000 points in 256 bins: the plug-in estimate is biased low by
     * about (B^2 - 1) / (2n) = 0.0013 nats (Miller 1955) and its spread is of order 1e-4, so it lies
     * within 0.01 of ln(256) = 5.545.
     */
    @Test
    void uniformSampleIsNearLogOfTheBinCount() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 100_000;
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = -2 + 4 * r.nextDouble();
            xy[2 * i + 1] = r.nextDouble();
        }
        double h = Entropy.nats(xy, BOX, B);
        assertEquals(Math.log(B * B), h, 0.01);
        assertTrue(h < Math.log(B * B));
    }

    /**
     * Gaussian with sigma_x = 0.2, sigma_y = 0.05, i.e. 0.8 bin widths on each axis (bins are
     * 0.25 x 0.0625). A binned Gaussian has H close to ln(2 pi e) + ln(sigma_x / dx) +
     * ln(sigma_y / dy) = 2.84 - 0.45 = 2.4 nats, far below ln(256) = 5.5; we ask only for 2 nats
     * below. A sample inside a single bin gives 0 exactly.
     */
    @Test
    void concentratedSampleIsFarBelow() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 20_000;
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = 0.2 * gauss(r);
            xy[2 * i + 1] = 0.5 + 0.05 * gauss(r);
        }
        double h = Entropy.nats(xy, BOX, B);
        assertTrue(h < Math.log(B * B) - 2, "entropy " + h);
        double[] one = {0.1, 0.1, 0.11, 0.12, 0.105, 0.1};
        assertEquals(0.0, Entropy.nats(one, BOX, B), 0.0);
    }

    @Test
    void upperBoundsGoInTheLastBin() {
        long[] counts = Entropy.histogram(new double[] {2, 1, -2, 0, 2, 0}, BOX, 2);
        assertArrayEquals(new long[] {1, 0, 1, 1}, counts);
    }

    @Test
    void countsFormula() {
        assertEquals(Math.log(2), Entropy.ofCounts(new long[] {5, 0, 5}), 1e-15);
        // p = (1/2, 1/4, 1/4): H = 1.5 bits
        assertEquals(1.5 * Math.log(2), Entropy.ofCounts(new long[] {2, 1, 1}), 1e-15);
    }

    @Test
    void refusesBadInput() {
        assertThrows(CartographyException.class, () -> Entropy.nats(new double[] {2.1, 0.5}, BOX, 4));
        assertThrows(CartographyException.class, () -> Entropy.nats(new double[] {Double.NaN, 0.5}, BOX, 4));
        assertThrows(UsageException.class, () -> Entropy.nats(new double[] {0, 0.5}, new double[] {1, 0, 0, 1}, 4));
        assertThrows(UsageException.class, () -> Entropy.nats(new double[] {0, 0.5}, BOX, 0));
        assertThrows(UsageException.class, () -> Entropy.nats(new double[0], BOX, 4));
    }

    private static double gauss(SplittableRandom r) {
        // Box-Muller
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
