package org.latentcartography.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Generator;

class CompressorTest {

    /**
     * n points on a curved 2-D surface in R^16: (u, v) uniform on [−1, 1]², mapped to
     * (cos(1.5πu), sin(1.5πu), v) (three quarters of a cylinder of radius 1) and rotated into R^16 by
     * a random orthonormal 3-frame. Its two principal components lie in the arc's plane and lose v.
     */
    static Embeddings cylinder(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] frame = new double[3][16];
        for (int a = 0; a < 3; a++) {
            for (int k = 0; k < 16; k++) {
                frame[a][k] = r.nextGaussian();
            }
            for (int b = 0; b < a; b++) {
                double dot = 0;
                for (int k = 0; k < 16; k++) {
                    dot += frame[a][k] * frame[b][k];
                }
                for (int k = 0; k < 16; k++) {
                    frame[a][k] -= dot * frame[b][k];
                }
            }
            double norm = Math.sqrt(Arrays.stream(frame[a]).map(x -> x * x).sum());
            for (int k = 0; k < 16; k++) {
                frame[a][k] /= norm;
            }
        }
        double[] z = new double[n * 16];
        for (int i = 0; i < n; i++) {
            double u = 2 * r.nextDouble() - 1;
            double v = 2 * r.nextDouble() - 1;
            double[] c = {Math.cos(1.5 * Math.PI * u), Math.sin(1.5 * Math.PI * u), v};
            for (int k = 0; k < 16; k++) {
                z[i * 16 + k] = c[0] * frame[0][k] + c[1] * frame[1][k] + c[2] * frame[2][k] + 3;
            }
        }
        return new Embeddings(z, n, 16);
    }

    @Test
    void keepsMoreNeighboursThanPcaOnACurvedSurface() {
        Embeddings emb = cylinder(1200, 7);
        Compression c = Compressor.train(emb, Compressor.Settings.defaults().withEpochs(150), 1, (e, n, l, h) -> { });
        Compression.Report r = c.report();
        System.out.println("cylinder in R^16: " + r);
        // measured (seed 1): the VAE keeps 0.70 of each point's 10 nearest neighbours, PCA 0.24; held-out
        // relative error 0.065 against PCA's 0.22
        assertTrue(r.keptNeighbours() > 0.6, "kept " + r.keptNeighbours());
        assertTrue(r.keptNeighbours() > r.keptNeighboursPca() + 0.2, r.toString());
        assertTrue(r.heldOutError() < r.pcaError(), r.toString());
        assertEquals(1200 * 2, c.codes().length);
    }

    @Test
    void theSameSeedGivesTheSameDecoderBitForBit() {
        Embeddings emb = cylinder(200, 3);
        Compressor.Settings s = Compressor.Settings.defaults().withEpochs(5);
        byte[] a = Compressor.train(emb, s, 42, (e, n, l, h) -> { }).vae().onnx();
        byte[] b = Compressor.train(emb, s, 42, (e, n, l, h) -> { }).vae().onnx();
        byte[] other = Compressor.train(emb, s, 43, (e, n, l, h) -> { }).vae().onnx();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, other));
    }

    @Test
    void theOnnxDecoderEqualsTheInProcessDecoder(@TempDir Path dir) throws Exception {
        Embeddings emb = cylinder(300, 5);
        Compression c = Compressor.train(emb, Compressor.Settings.defaults().withEpochs(20).withDims(3), 9,
                (e, n, l, h) -> { });
        c.write(dir);
        assertTrue(Files.size(dir.resolve("decoder.onnx")) > 0);
        int count = 50;
        double[] u = new double[count * 3];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < u.length; i++) {
            u[i] = 4 * r.nextDouble() - 2;
        }
        double[] expected = c.vae().decode(u, count);
        Registries reg = Registries.discover(null);
        try (Generator onnx = reg.openGenerator("onnx:" + dir.resolve("decoder.onnx"), reg.context(null, null, 0, 1))) {
            assertEquals(3, onnx.latentDimension());
            assertEquals(16, onnx.outputDimension());
            double[] got = new double[count * 16];
            onnx.apply(u, count, got, 0, new long[count]);
            double worst = 0;
            for (int i = 0; i < got.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - expected[i]) / (1 + Math.abs(expected[i])));
            }
            // same float32 parameters; ONNX Runtime computes in float32 (inputs rounded to float,
            // sums of 64 products): a few float32 ulps (6e-8) of values of order 1-10
            assertTrue(worst < 2e-6, "worst relative difference " + worst);
        }
    }

    @Test
    void theDefaultsTrainSmallDataSetsForAtLeastTwentyThousandSteps() {
        Compressor.Settings s = Compressor.Settings.defaults();
        // 3,914 training points in batches of 64: 62 steps an epoch (61 full, one of 10); 20,000 / 62 = 322.6
        assertEquals(323, s.epochsFor(3914));
        // 9,000 points: 141 steps an epoch; 20,000 / 141 = 141.8
        assertEquals(142, s.epochsFor(9000));
        // 100,000 points: 1,563 steps an epoch; 100 epochs are more than enough
        assertEquals(100, s.epochsFor(100_000));
        // fewer points than a batch: one step an epoch
        assertEquals(20_000, s.epochsFor(10));
        // epochs given explicitly are exact
        assertEquals(7, s.withEpochs(7).epochsFor(3914));
    }
}
