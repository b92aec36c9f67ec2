package org.latentcartography.measures.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latentcartography.measures.classifier.nn.Dense;

/** A network trained once is reused for the same training inputs, and only for those. */
class TrainedCacheTest {
    private static final int N = 300;

    private static double[] points(long seed) {
        Random r = new Random(seed);
        double[] x = new double[2 * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    private static int[] labels(double[] x) {
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = x[2 * i] > 0 ? 1 : 0;
        }
        return y;
    }

    @Test
    void theSameInputsGiveTheSameNetworkOnceTrained() {
        double[] x = points(3);
        int[] y = labels(x);
        int[] rows = java.util.stream.IntStream.range(0, N).toArray();
        MlpTrainer.Settings s = new MlpTrainer.Settings(new int[] {8}, Dense.Activation.RELU, 3, 50, 3e-3, 1e-4);
        MlpTrainer.Outcome first = ClassifierProvider.Trained.get(x, 2, y, 2, rows, s, 7);
        // equal arrays, not the same ones: the key compares contents
        MlpTrainer.Outcome again = ClassifierProvider.Trained.get(x.clone(), 2, y.clone(), 2, rows.clone(),
                new MlpTrainer.Settings(new int[] {8}, Dense.Activation.RELU, 3, 50, 3e-3, 1e-4), 7);
        assertSame(first, again);
        // and it is what training gives: the same probabilities, bit for bit
        MlpTrainer.Outcome fresh = MlpTrainer.train(x, 2, y, 2, rows, s, 7);
        double[] p = new double[2 * N];
        double[] q = new double[2 * N];
        first.mlp().probabilities(x, N, p, 0);
        fresh.mlp().probabilities(x, N, q, 0);
        assertArrayEquals(q, p);
        assertEquals(fresh.loss(), first.loss());
        // another seed, or other points, train anew
        assertNotSame(first, ClassifierProvider.Trained.get(x, 2, y, 2, rows, s, 8));
        double[] moved = x.clone();
        moved[0] += 1e-9;
        assertNotSame(first, ClassifierProvider.Trained.get(moved, 2, y, 2, rows, s, 7));
    }
}
