package org.latentcartography.compression;

import java.util.Arrays;

/**
 * How well neighbourhoods survive a reduction: for each query point, the share of its k nearest
 * neighbours in the original space (Euclidean, itself excluded) that are also among its k nearest
 * neighbours in the reduced space; averaged over the queries. 1 means every neighbourhood is kept.
 * Brute force: O(queries · n · D).
 */
final class Neighbourhoods {
    private Neighbourhoods() {
    }

    /**
     * @param high n × dh values; not modified
     * @param dh original dimension
     * @param low n × dl values; not modified
     * @param dl reduced dimension
     * @param n number of points
     * @param k neighbours, below n
     * @param queries the points to score; not modified
     * @return the mean share of kept neighbours
     */
    static double keptShare(double[] high, int dh, double[] low, int dl, int n, int k, int[] queries) {
        double sum = 0;
        for (int q : queries) {
            int[] a = nearest(high, dh, n, q, k);
            int[] b = nearest(low, dl, n, q, k);
            Arrays.sort(b);
            int kept = 0;
            for (int i : a) {
                if (Arrays.binarySearch(b, i) >= 0) {
                    kept++;
                }
            }
            sum += kept / (double) k;
        }
        return sum / queries.length;
    }

    /** The k nearest points to point q (itself excluded), ties broken by index. */
    static int[] nearest(double[] x, int d, int n, int q, int k) {
        double[] dist = new double[k];
        int[] idx = new int[k];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        Arrays.fill(idx, Integer.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            if (i == q) {
                continue;
            }
            double s = 0;
            for (int c = 0; c < d; c++) {
                double e = x[i * d + c] - x[q * d + c];
                s += e * e;
            }
            if (s < dist[k - 1]) {
                int j = k - 1;
                while (j > 0 && dist[j - 1] > s) {
                    dist[j] = dist[j - 1];
                    idx[j] = idx[j - 1];
                    j--;
                }
                dist[j] = s;
                idx[j] = i;
            }
        }
        return idx;
    }
}
