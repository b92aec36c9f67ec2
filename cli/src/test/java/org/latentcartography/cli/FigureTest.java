package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The figures' colour scale: quantiles by selection are the values sorting gives, bit for bit. */
class FigureTest {

    /** The reference: sort everything, take the element. */
    private static double sorted(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
    }

    @Test
    void quantilesAreTheSortedValues() {
        Random r = new Random(11);
        double[] qs = {0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.995, 1};
        for (int n : new int[] {1, 2, 3, 33, 100, 1000, 40_000}) {
            for (int kind = 0; kind < 4; kind++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (kind) {
                        case 0 -> r.nextDouble();                       // distinct
                        case 1 -> r.nextInt(5);                         // long runs of equal values
                        case 2 -> r.nextBoolean() ? 0.0 : -0.0;         // signed zeros: -0.0 sorts first
                        default -> r.nextInt(20) == 0 ? Double.NaN      // NaN sorts last
                                : r.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : r.nextGaussian();
                    };
                }
                double[] before = v.clone();
                for (double q : qs) {
                    double want = sorted(v, q);
                    double got = Figure.quantile(v, q);
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                            "n " + n + ", kind " + kind + ", q " + q + ": " + got + " instead of " + want);
                }
                // the values themselves are left as they were
                assertEquals(Arrays.toString(before), Arrays.toString(v));
            }
        }
    }

    @Test
    void sortedInputsAreSelectedToo() {
        double[] up = new double[10_000];
        for (int i = 0; i < up.length; i++) {
            up[i] = i;
        }
        double[] down = new double[up.length];
        for (int i = 0; i < up.length; i++) {
            down[i] = up.length - 1 - i;
        }
        for (double q : new double[] {0, 0.3, 0.99, 1}) {
            assertEquals(sorted(up, q), Figure.quantile(up, q));
            assertEquals(sorted(down, q), Figure.quantile(down, q));
        }
    }
}
