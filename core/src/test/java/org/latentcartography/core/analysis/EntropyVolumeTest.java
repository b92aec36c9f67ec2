package org.latentcartography.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;

class EntropyVolumeTest {
    private static final double EXACT = 1e-12;

    /** One point in each octant of a 2 x 2 x 2 histogram: uniform, H = ln 8; all in one bin: H = 0. */
    @Test
    void octantsGiveLnEight() {
        double[] lo = {0, 0, 0};
        double[] hi = {2, 4, 6};
        double[] pts = new double[24];
        for (int c = 0; c < 8; c++) {
            pts[3 * c] = (c >> 2 & 1) == 0 ? 0.5 : 1.5;
            pts[3 * c + 1] = (c >> 1 & 1) == 0 ? 1 : 4; // 4: the upper bound goes in the last bin
            pts[3 * c + 2] = (c & 1) == 0 ? 0 : 5;
        }
        long[] counts = Entropy.histogram(pts, lo, hi, 2);
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1}, counts);
        assertEquals(Math.log(8), Entropy.nats(pts, lo, hi, 2), EXACT);
        assertEquals(0, Entropy.nats(new double[] {0.1, 0.1, 0.1, 0.2, 0.2, 0.2}, lo, hi, 2), EXACT);
    }

    /** Two of the 2-D form's points counted by the D-dimensional form give the same histogram. */
    @Test
    void agreesWithTheTwoDimensionalForm() {
        double[] xy = {0.1, 0.9, 0.7, 0.2, 0.7, 0.25, 0.99, 0.0};
        assertArrayEquals(Entropy.histogram(xy, new double[] {0, 1, 0, 1}, 4),
                Entropy.histogram(xy, new double[] {0, 0}, new double[] {1, 1}, 4));
    }

    @Test
    void pointsOutsideTheBoxAreAnError() {
        assertThrows(CartographyException.class,
                () -> Entropy.histogram(new double[] {0.5, 0.5, 1.5}, new double[3], new double[] {1, 1, 1}, 2));
    }
}
