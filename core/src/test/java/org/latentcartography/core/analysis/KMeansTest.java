package org.latentcartography.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;

class KMeansTest {
    /** Means of a few hundred values of order 10: rounding far below this. */
    private static final double MEAN_TOL = 1e-12;

    /** k blobs of radius 0.5 at the corners of a 10-gon of radius 10: perfectly separated. */
    private static double[] blobs(int k, int perClass, int[] labels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[2 * k * perClass];
        int p = 0;
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < k; c++) {
                double t = 2 * Math.PI * c / k;
                double rad = 0.5 * Math.sqrt(r.nextDouble());
                double phi = 2 * Math.PI * r.nextDouble();
                x[2 * p] = 10 * Math.cos(t) + rad * Math.cos(phi);
                x[2 * p + 1] = 10 * Math.sin(t) + rad * Math.sin(phi);
                labels[p] = 7 * c + 3; // arbitrary label values
                p++;
            }
        }
        return x;
    }

    @Test
    void perfectlySeparatedLabelledSetScoresOne() {
        int k = 10;
        int[] labels = new int[k * 50];
        double[] x = blobs(k, 50, labels, 1);
        KMeans.Result fit = KMeans.fit(x, 2, k, 10, 42);
        assertTrue(fit.converged());
        assertEquals(1.0, ClusterScore.macroF1(fit.labels(), labels), 0.0);
        assertEquals(1.0, ClusterScore.score(fit.labels(), labels).accuracy(), 0.0);
    }

    @Test
    void sameSeedSameResultAndMoreRestartsNeverWorse() {
        SplittableRandom r = new SplittableRandom(9);
        double[] x = new double[2 * 600];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble();
        }
        KMeans.Result a = KMeans.fit(x, 2, 7, 4, 123);
        KMeans.Result b = KMeans.fit(x, 2, 7, 4, 123);
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.centroids(), b.centroids(), 0.0);
        assertEquals(a.inertia(), b.inertia(), 0.0);
        // restart 0 is the same run in both (the first split of the same seed), so R = 8 is no worse
        assertTrue(KMeans.fit(x, 2, 7, 8, 123).inertia() <= KMeans.fit(x, 2, 7, 1, 123).inertia());
    }

    @Test
    void convergedCentroidsAreTheMeansOfTheirClusters() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 400;
        int d = 3;
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 10 * r.nextDouble();
        }
        KMeans.Result fit = KMeans.fit(x, n, d, 5, 3, 77, 1000);
        assertTrue(fit.converged());
        int[] label = fit.labels();
        double[] mu = fit.centroids();
        double inertia = 0;
        for (int c = 0; c < 5; c++) {
            double[] sum = new double[d];
            int size = 0;
            for (int i = 0; i < n; i++) {
                if (label[i] == c) {
                    size++;
                    for (int j = 0; j < d; j++) {
                        sum[j] += x[i * d + j];
                    }
                }
            }
            assertTrue(size > 0);
            for (int j = 0; j < d; j++) {
                assertEquals(sum[j] / size, mu[c * d + j], MEAN_TOL);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double t = x[i * d + j] - mu[label[i] * d + j];
                inertia += t * t;
            }
        }
        assertEquals(inertia, fit.inertia(), 1e-9);
    }

    @Test
    void duplicatePointsAndKEqualsN() {
        // two distinct points, k = 3: seeding must not fail, and the fit is exact
        double[] same = {1, 1, 1, 1, 1, 1, 2, 2};
        KMeans.Result fit = KMeans.fit(same, 2, 3, 2, 1);
        assertEquals(0.0, fit.inertia(), 0.0);
        assertTrue(fit.labels()[0] != fit.labels()[3]);
        KMeans.Result all = KMeans.fit(new Embeddings(new double[] {0, 0, 1, 0, 0, 1}, 3, 2), 3, 2, 5);
        assertEquals(0.0, all.inertia(), 0.0);
    }

    @Test
    void refusesBadInput() {
        assertThrows(UsageException.class, () -> KMeans.fit(new double[] {0, 0, 1, 1}, 2, 3, 1, 0));
        assertThrows(UsageException.class, () -> KMeans.fit(new double[] {0, 0, 1}, 2, 1, 1, 0));
        assertThrows(UsageException.class, () -> KMeans.fit(new double[] {0, Double.NaN}, 2, 1, 1, 0));
        assertThrows(UsageException.class, () -> KMeans.fit(new double[] {0, 0}, 2, 1, 0, 0));
    }
}
