package org.latentcartography.measures.classifier;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A stratified, seeded split into training and held-out points: of each class's n_c points,
 * round(fraction · n_c) are held out (but at least one when fraction &gt; 0 and n_c ≥ 2, and never
 * all), chosen by a seeded shuffle of the class's points.
 *
 * @param train indices of the training points, increasing
 * @param test indices of the held-out points, increasing
 */
record HoldOut(int[] train, int[] test) {

    /**
     * @param labels the class of every point
     * @param fraction the share of each class to hold out, in [0, 1)
     * @param seed the seed of the shuffle
     * @return the split
     */
    static HoldOut stratified(ClassLabels labels, double fraction, long seed) {
        int k = labels.classCount();
        int n = labels.size();
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            count[labels.classOf(i)]++;
        }
        int[][] members = new int[k][];
        for (int c = 0; c < k; c++) {
            members[c] = new int[count[c]];
        }
        int[] fill = new int[k];
        for (int i = 0; i < n; i++) {
            int c = labels.classOf(i);
            members[c][fill[c]++] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] held = new boolean[n];
        int heldCount = 0;
        for (int c = 0; c < k; c++) {
            int[] mc = members[c];
            for (int i = mc.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = mc[i];
                mc[i] = mc[j];
                mc[j] = t;
            }
            int h = (int) Math.round(fraction * mc.length);
            if (fraction > 0 && mc.length >= 2) {
                h = Math.max(1, h);
            }
            h = Math.min(h, mc.length - 1);
            for (int i = 0; i < h; i++) {
                held[mc[i]] = true;
            }
            heldCount += h;
        }
        int[] train = new int[n - heldCount];
        int[] test = new int[heldCount];
        int a = 0;
        int t = 0;
        for (int i = 0; i < n; i++) {
            if (held[i]) {
                test[t++] = i;
            } else {
                train[a++] = i;
            }
        }
        return new HoldOut(train, test);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HoldOut h && Arrays.equals(train, h.train) && Arrays.equals(test, h.test);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "HoldOut[" + train.length + " train, " + test.length + " held out]";
    }
}
