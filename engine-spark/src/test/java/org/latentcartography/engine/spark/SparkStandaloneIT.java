package org.latentcartography.engine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.spi.Engine;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.eval.Progress;

/**
 * A Spark standalone master and worker on loopback, started from the Maven-resolved jars: the
 * Riemannian measure of the softplus decoder and the JSD measure of the tiny text decoder (a
 * folder of files, shipped as an archive) computed there equal the local engine's bit for bit.
 */
class SparkStandaloneIT {
    @TempDir
    static Path work;
    static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(work, 2);
        System.setProperty(SparkEngine.JARS_PROPERTY, String.join(",", cluster.toolkitJars));
    }

    @AfterAll
    static void stopCluster() {
        System.clearProperty(SparkEngine.JARS_PROPERTY);
        if (cluster != null) {
            cluster.close();
        }
    }

    static Map<String, String> options() {
        return Map.of("master", cluster.masterUrl, "blocks", "6",
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                "spark.executor.memory", "1g", "spark.executor.cores", "2");
    }

    @Test
    void executorsWhoseTempFolderIsNotWritableStillLoadOnnxRuntime() {
        Map<String, String> o = new java.util.HashMap<>(options());
        o.put("spark.executor.extraJavaOptions", "-Djava.io.tmpdir=/nonexistent-cartography-tmp");
        assertSameAsLocal(Reference.job("onnx:" + Reference.SOFTPLUS, "output", "riemannian",
                Reference.square(32, -3, 3), null, null, 1, 0, o));
    }

    static void assertSameAsLocal(Engine.Job job) {
        GridEvaluator.Result expected = Reference.local(job);
        Engine.Outcome got;
        try {
            got = new SparkEngine().evaluate(job, Progress.NONE);
        } catch (RuntimeException e) {
            throw new AssertionError("spark run failed; executors said:\n" + cluster.executorLogs(), e);
        }
        assertArrayEquals(expected.measure(), got.measure(), 0.0, job.generator() + " " + job.measure());
        @SuppressWarnings("unchecked")
        List<String> executors = (List<String>) got.info().get("executors");
        assertTrue(!executors.isEmpty() && !executors.contains("driver"), "ran on the cluster's executors: " + got.info());
        assertEquals(0, ((Number) got.info().get("failed_tasks")).intValue(), cluster.executorLogs());
    }

    @Test
    void riemannianOfTheSoftplusDecoderEqualsTheLocalEngine() {
        assertSameAsLocal(Reference.job("onnx:" + Reference.SOFTPLUS, "output", "riemannian",
                Reference.square(64, -3, 3), null, null, 1, 0, options()));
    }

    @Test
    void jsdOfTheTinyTextDecoderEqualsTheLocalEngine() {
        assertSameAsLocal(Reference.job("text:" + Reference.TINY_TEXT, "output", "jsd", Reference.square(64, -2, 2),
                null, null, 1, 0, options()));
    }
}
