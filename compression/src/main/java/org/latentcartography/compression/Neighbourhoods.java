package org.latentcartography.compression;

import java.util.Arrays;

/**
 * Nearest neighbours of codes (Euclidean, brute force: O(queries · n · D)): how well neighbourhoods
 * survive a reduction ({@code keptShare}: for each query point, the share of its k nearest
 * neighbours in the original space, itself excluded, that are also among its k nearest neighbours in
 * the reduced space; 1 means every neighbourhood is kept), and how well the neighbours predict a
 * label ({@link #labelAccuracy}).
 */
public final class Neighbourhoods {
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

    /**
     * Leave-one-out k-nearest-neighbour accuracy of the labels: every {@code stride}-th point is
     * classified by the majority label of its k nearest other points (Euclidean, ties of distance
     * broken by index; a tied vote goes to the tied label with the nearest neighbour).
     *
     * @param x n × d values, row-major; not modified
     * @param d dimension
     * @param n number of points
     * @param labels n labels, 0 or more; not modified
     * @param k neighbours, 1 or more
     * @param stride every stride-th point is a query (1: all)
     * @return the share of queries whose label is predicted
     */
    public static double labelAccuracy(double[] x, int d, int n, int[] labels, int k, int stride) {
        int classes = Arrays.stream(labels).max().orElse(0) + 1;
        int correct = 0;
        int queries = 0;
        for (int q = 0; q < n; q += stride) {
            int[] near = nearest(x, d, n, q, k);
            int[] votes = new int[classes];
            int top = 0;
            for (int j = 0; j < k && near[j] < n; j++) {
                top = Math.max(top, ++votes[labels[near[j]]]);
            }
            for (int j = 0; j < k && near[j] < n; j++) {
                if (votes[labels[near[j]]] == top) {
                    correct += labels[near[j]] == labels[q] ? 1 : 0;
                    break;
                }
            }
            queries++;
        }
        return correct / (double) queries;
    }
}
