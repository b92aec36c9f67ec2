package org.latentcartography.engine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.spi.Engine;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.eval.Progress;
import org.latentcartography.core.grid.Grid;

/**
 * Embedded Spark ({@code local[2]}): every kind of generator and meaning the local engine
 * supports gives bit for bit the local engine's measure; a task that fails once is retried and
 * the result does not change.
 */
class SparkLocalIT {
    static final Map<String, String> LOCAL2 = Map.of("master", "local[2]", "blocks", "5");

    static Engine.Outcome assertSameAsLocal(Engine.Job job) {
        GridEvaluator.Result expected = Reference.local(job);
        Engine.Outcome got = new SparkEngine().evaluate(job, Progress.NONE);
        assertArrayEquals(expected.measure(), got.measure(), 0.0, job.generator() + " / " + job.meaning()
                + " / " + job.measure() + " on " + job.grid());
        if (expected.metric() != null) {
            assertArrayEquals(expected.metric(), got.metric(), 0.0, "metric");
        }
        return got;
    }

    @Test
    void riemannianOfTheSoftplusDecoderWithMetric() {
        Engine.Job withMetric = Reference.job("onnx:" + Reference.SOFTPLUS, "output", "riemannian",
                Reference.square(64, -3, 3), null, null, 1, 0, true, LOCAL2);
        Engine.Outcome o = assertSameAsLocal(withMetric);
        assertEquals(784, o.outputDimension());
        assertEquals(0, ((Number) o.info().get("failed_tasks")).intValue());
    }

    @Test
    void jsdOfTheTinyTextDecoderGreedyAndSampled() {
        assertSameAsLocal(Reference.job("text:" + Reference.TINY_TEXT, "output", "jsd", Reference.square(32, -2, 2),
                null, null, 1, 0, LOCAL2));
        assertSameAsLocal(Reference.job("text:" + Reference.TINY_TEXT + ",decode=sample", "output", "jsd",
                Reference.square(24, -2, 2), null, null, 3, 11, LOCAL2));
    }

    @Test
    void composedGeneratorsAndA3dGrid() {
        assertSameAsLocal(Reference.job("onnx:" + Reference.LINEAR2 + ">onnx:" + Reference.DIM3, "output", "riemannian",
                Reference.square(40, -1, 1), null, null, 1, 0, LOCAL2));
        Grid g3 = new Grid(new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new int[] {12, 10, 8});
        assertSameAsLocal(Reference.job("onnx:" + Reference.DIM3, "output", "l2", g3, null, null, 2, 3, LOCAL2));
    }

    @Test
    void classifierMeaningTrainedOnEveryExecutorFromTheSameSeed() {
        assertSameAsLocal(Reference.job(null, "classifier", "jsd", Reference.square(32, -4, 4),
                Reference.embeddings(), Reference.labels(), 1, 0, LOCAL2));
    }

    @Test
    void aModelErrorOnAnExecutorEndsWithTheToolkitsOwnOneLineMessage() {
        Engine.Job j = Reference.job("onnx:" + Reference.ROOT.resolve("testdata/onnx/nan.onnx"), "output", "riemannian",
                Reference.square(16, -1, 1), null, null, 1, 0, Map.of("master", "local[2]", "blocks", "2"));
        org.latentcartography.core.CartographyException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.latentcartography.core.CartographyException.class,
                () -> new SparkEngine().evaluate(j, Progress.NONE));
        assertTrue(e.getMessage().contains("non-finite") || e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheResultIsUnchanged() {
        Engine.Job j = Reference.job("onnx:" + Reference.SOFTPLUS, "output", "riemannian", Reference.square(48, -3, 3),
                null, null, 1, 0, Map.of("master", "local[2]", "blocks", "4", "fail-once", "2"));
        Engine.Outcome o = assertSameAsLocal(j);
        assertTrue(((Number) o.info().get("failed_tasks")).intValue() >= 1, "a task failed: " + o.info());
        assertEquals(1, ((Number) o.info().get("retried_blocks")).intValue(), "block 2 came from a retry: " + o.info());
    }
}
