package org.latentcartography.measures.classifier;

/**
 * The k-nearest-neighbour classifier by brute force, as the baseline a trained classifier's
 * held-out accuracy is compared with. Distances are Euclidean in the raw latent coordinates;
 * equal distances are ordered by training index. The class with most votes among the k nearest
 * wins; a tie between classes goes to the one whose member is nearest.
 */
final class NearestNeighbours {
    private NearestNeighbours() {
    }

    /**
     * @param x all points, row-major, {@code d} values each
     * @param d the dimension
     * @param y the class index of every point
     * @param k the number of classes
     * @param neighbours the number of neighbours that vote, at least 1
     * @param train the indices of the reference points, increasing
     * @param test the indices of the points to classify
     * @return the share of {@code test} points whose class the vote gives, or NaN when
     *     {@code test} is empty
     */
    static double accuracy(double[] x, int d, int[] y, int k, int neighbours, int[] train, int[] test) {
        if (test.length == 0) {
            return Double.NaN;
        }
        int kk = Math.min(neighbours, train.length);
        double[] bestD = new double[kk];
        int[] bestI = new int[kk];
        int[] votes = new int[k];
        int correct = 0;
        for (int q : test) {
            int found = 0;
            for (int r : train) {
                double dist = 0;
                for (int i = 0; i < d; i++) {
                    double v = x[q * d + i] - x[r * d + i];
                    dist += v * v;
                }
                if (found == kk && !(dist < bestD[kk - 1])) {
                    continue;
                }
                // insertion into the sorted list; strict '<' keeps equal distances in index order
                int pos = found == kk ? kk - 1 : found++;
                while (pos > 0 && dist < bestD[pos - 1]) {
                    bestD[pos] = bestD[pos - 1];
                    bestI[pos] = bestI[pos - 1];
                    pos--;
                }
                bestD[pos] = dist;
                bestI[pos] = r;
            }
            java.util.Arrays.fill(votes, 0);
            int winner = -1;
            for (int j = 0; j < found; j++) {
                votes[y[bestI[j]]]++;
            }
            int most = -1;
            for (int j = 0; j < found; j++) {
                int c = y[bestI[j]];
                if (votes[c] > most) {
                    most = votes[c];
                    winner = c;
                }
            }
            if (winner == y[q]) {
                correct++;
            }
        }
        return (double) correct / test.length;
    }
}
