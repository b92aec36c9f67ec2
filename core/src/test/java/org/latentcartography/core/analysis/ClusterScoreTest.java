package org.latentcartography.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.latentcartography.core.UsageException;

class ClusterScoreTest {
    @Test
    void relabelledPerfectClusteringScoresOne() {
        int[] labels = {5, 5, 9, 9, 9, 1};
        int[] clusters = {2, 2, 0, 0, 0, 1};
        ClusterScore.Score s = ClusterScore.score(clusters, labels);
        assertEquals(1.0, s.macroF1(), 0.0);
        assertArrayEquals(new int[] {0, 1, 2}, s.clusters());
        assertArrayEquals(new int[] {9, 1, 5}, s.clusterClass());
    }

    /**
     * Labels a a a b b c, clusters 0 0 1 1 1 2. Table (rows clusters, columns a b c):
     * 0: 2 0 0; 1: 1 2 0; 2: 0 0 1. Best matching 0-a, 1-b, 2-c (agreement 5).
     * F1_a = 2*2/(2+3) = 0.8, F1_b = 2*2/(3+2) = 0.8, F1_c = 2*1/(1+1) = 1; macro = 2.6/3.
     * These equal scikit-learn's f1_score(y, y_pred, average="macro") with y_pred = a a b b b c.
     */
    @Test
    void handComputedExample() {
        int[] labels = {0, 0, 0, 1, 1, 2};
        int[] clusters = {0, 0, 1, 1, 1, 2};
        ClusterScore.Score s = ClusterScore.score(clusters, labels);
        assertArrayEquals(new double[] {0.8, 0.8, 1.0}, s.f1(), 1e-15);
        assertEquals(2.6 / 3, s.macroF1(), 1e-15);
        assertEquals(5.0 / 6, s.accuracy(), 1e-15);
    }

    @Test
    void unequalCounts() {
        // two clusters, three classes: class 2 unmatched, F1 0
        ClusterScore.Score s = ClusterScore.score(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2});
        assertArrayEquals(new double[] {1.0, 2.0 / 3, 0.0}, s.f1(), 1e-15);
    }

    @Test
    void refusesMismatchedLengths() {
        assertThrows(UsageException.class, () -> ClusterScore.score(new int[] {0, 1}, new int[] {0}));
        assertThrows(UsageException.class, () -> ClusterScore.score(new int[0], new int[0]));
    }
}
