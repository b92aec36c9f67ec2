package org.latentcartography.measures.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Label ids to classes, the stratified split and the nearest-neighbour baseline on tiny inputs. */
class ClassLabelsTest {

    @Test
    void idsMapToClassesInIncreasingOrder() {
        ClassLabels l = ClassLabels.of(new int[] {9, -2, 9, 40, -2});
        assertArrayEquals(new int[] {-2, 9, 40}, l.ids());
        assertArrayEquals(new int[] {1, 0, 1, 2, 0}, l.indices());
        assertEquals(-1, l.indexOf(3));
        assertEquals(2, l.indexOf(40));
    }

    @Test
    void holdOutIsStratifiedAndSeeded() {
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            y[i] = i < 80 ? 0 : 1;
        }
        ClassLabels l = ClassLabels.of(y);
        HoldOut h = HoldOut.stratified(l, 0.25, 5);
        assertEquals(25, h.test().length);
        assertEquals(75, h.train().length);
        assertEquals(5, java.util.Arrays.stream(h.test()).filter(i -> i >= 80).count());
        assertEquals(h, HoldOut.stratified(l, 0.25, 5));
    }

    @Test
    void nearestNeighbourVoteBreaksTiesByTheNearest() {
        // points on a line: 0 at x=0 (class 0), 1 at x=1 (class 1), 2 at x=3 (class 0), 3 at x=-1.5 (class 1);
        // query 4 at x=0.4 (class 1): 2-NN are 0 (0.4) and 1 (0.6), a tie, the nearest (class 0) wins
        double[] x = {0, 1, 3, -1.5, 0.4};
        int[] y = {0, 1, 0, 1, 1};
        assertEquals(0.0, NearestNeighbours.accuracy(x, 1, y, 2, 2, new int[] {0, 1, 2, 3}, new int[] {4}));
        // 3-NN: 0, 1 and 3 (1.9): classes 0, 1, 1: class 1 wins
        assertEquals(1.0, NearestNeighbours.accuracy(x, 1, y, 2, 3, new int[] {0, 1, 2, 3}, new int[] {4}));
    }
}
