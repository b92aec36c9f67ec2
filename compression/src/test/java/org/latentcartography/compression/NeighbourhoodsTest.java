package org.latentcartography.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NeighbourhoodsTest {
    /**
     * Points on a line, worked by hand with k = 3:
     * 0 (label 0), 1 (0), 2 (0), 10 (1), 11 (1), 12 (1), 30 (0).
     * Leave-one-out: point 0 → {1, 2, 10}: 0,0,1 → 0 ✓;
     * 1 → {0, 2, 10}: ✓; 2 → {1, 0, 10}: ✓; 10 → {11, 12, 2}: 1,1,0 → 1 ✓; 11 → {10, 12, 2}: ✓;
     * 12 → {11, 10, 2}: ✓; 30 → {12, 11, 10}: 1,1,1 → 1 ✗. So 6 of 7; with stride 2 the queries are
     * 0, 2, 11, 30: 3 of 4.
     */
    @Test
    void leaveOneOutAccuracyByHand() {
        double[] x = {0, 1, 2, 10, 11, 12, 30};
        int[] labels = {0, 0, 0, 1, 1, 1, 0};
        assertEquals(6 / 7.0, Neighbourhoods.labelAccuracy(x, 1, 7, labels, 3, 1), 0.0);
        assertEquals(3 / 4.0, Neighbourhoods.labelAccuracy(x, 1, 7, labels, 3, 2), 0.0);
    }

    /** A tied vote goes to the tied label whose neighbour is nearest: k = 2, one of each label. */
    @Test
    void aTiedVoteGoesToTheNearestNeighboursLabel() {
        double[] x = {0, 1, 3};
        int[] labels = {0, 0, 1};
        // point 0: neighbours 1 (label 0, distance 1) and 2 (label 1, distance 3): a tie, the nearest wins: 0 ✓
        // point 1: neighbours 0 (0, distance 1) and 2 (1, distance 2): 0 ✓
        // point 2: neighbours 1 (0, distance 2) and 0 (0, distance 3): 0 ✗
        assertEquals(2 / 3.0, Neighbourhoods.labelAccuracy(x, 1, 3, labels, 2, 1), 0.0);
    }
}
