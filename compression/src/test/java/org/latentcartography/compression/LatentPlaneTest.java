package org.latentcartography.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Generator;

class LatentPlaneTest {
    // u, v orthonormal in R^5; embeddings o + a·u + b·v on a 5 × 5 lattice of (a, b), whose sample
    // covariance is exactly diagonal: var(a) = 2 SA², var(b) = 2 SB² (values −2..2 times SA, SB)
    private static final double S3 = Math.sqrt(3);
    private static final double[] U = {1 / S3, 1 / S3, 1 / S3, 0, 0};
    private static final double[] V = {1 / S3, -1 / S3, 0, 1 / S3, 0};
    private static final double[] O = {0.3, -0.2, 1, 2, -1};
    private static final double SA = 1.5;
    private static final double SB = 0.5;
    /** A linear decoder R^5 → R^4. */
    private static final double[][] M = {{1, 2, 0, -1, 0.5}, {0, 1, 3, 1, 0}, {2, 0, 1, 0, -1}, {0.5, 0.5, 0.5, 2, 1}};
    /** Rounding of a few dozen double operations on values of order 10. */
    private static final double EXACT = 1e-12;

    static Embeddings planar() {
        double[] z = new double[25 * 5];
        int i = 0;
        for (int p = -2; p <= 2; p++) {
            for (int q = -2; q <= 2; q++) {
                for (int k = 0; k < 5; k++) {
                    z[i * 5 + k] = O[k] + p * SA * U[k] + q * SB * V[k];
                }
                i++;
            }
        }
        return new Embeddings(z, 25, 5);
    }

    static Generator linear() {
        return Generator.pointwise("linear", 5, 4, (z, zo, out, oo) -> {
            for (int r = 0; r < 4; r++) {
                double s = 0;
                for (int k = 0; k < 5; k++) {
                    s += M[r][k] * z[zo + k];
                }
                out[oo + r] = s;
            }
        });
    }

    static double[] times(double[] x) {
        double[] y = new double[4];
        for (int r = 0; r < 4; r++) {
            for (int k = 0; k < 5; k++) {
                y[r] += M[r][k] * x[k];
            }
        }
        return y;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void linearDecoderThroughThePcaPlaneHasTheAnalyticVolumeElement() {
        Embeddings emb = planar();
        Registries reg = Registries.discover(null);
        // the plane generator as a user names it, with the model's codes in the context
        Generator plane = reg.openGenerator("plane", reg.context(emb, null, 0, 1));
        try (Generator g = Generator.compose(plane, linear())) {
            MeasureRequest request = MeasureRequest.builder("riemannian").generator(g)
                    .grid(new Grid(new double[] {-2, -2}, new double[] {2, 2}, new int[] {8, 8})).build();
            MeasureResult result = new Cartography(reg).measure(request);
            // axes: ±sqrt(2)·SA·u and ±sqrt(2)·SB·v, so the volume element is
            // 2·SA·SB·sqrt(|Mu|²|Mv|² − (Mu·Mv)²), the same everywhere
            double[] mu = times(U);
            double[] mv = times(V);
            double expected = 2 * SA * SB * Math.sqrt(dot(mu, mu) * dot(mv, mv) - dot(mu, mv) * dot(mu, mv));
            for (double m : result.values()) {
                // central differences of an affine map are exact up to rounding (step ~1e-4 of 4)
                assertEquals(expected, m, 1e-8 * expected);
            }
        }
    }

    @Test
    void embeddingsOnThePlaneProjectWithZeroResidualAndUnitVariance() {
        Embeddings emb = planar();
        LatentPlane plane = LatentPlane.principal(emb, 2);
        assertArrayEquals(new double[] {0.9, 0.1}, plane.explainedVariance().orElseThrow(), EXACT);
        LatentPlane.Projection p = plane.project(emb);
        assertEquals(0, p.maxResidual(), EXACT);
        for (int a = 0; a < 2; a++) {
            double var = 0;
            for (int i = 0; i < 25; i++) {
                var += p.coordinates()[i * 2 + a] * p.coordinates()[i * 2 + a];
            }
            assertEquals(1, var / 25, EXACT);
        }
        // a point off the plane: its distance is its offset along the normal w ⟂ u, v
        double[] w = {0, 0, 0, 0, 1};
        double[] z = new double[5];
        for (int k = 0; k < 5; k++) {
            z[k] = O[k] + 0.7 * U[k] + 3 * w[k];
        }
        LatentPlane.Projection off = plane.project(new Embeddings(z, 1, 5));
        assertEquals(3, off.residuals()[0], EXACT);
    }

    @Test
    void planeThroughThreeEmbeddingsPutsThemAtTheUnitPoints(@TempDir Path dir) {
        Embeddings emb = planar();
        LatentPlane plane = LatentPlane.throughPoints(emb, 3, 10, 17);
        double[] sub = new double[15];
        int[] idx = {3, 10, 17};
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 5; k++) {
                sub[t * 5 + k] = emb.get(idx[t], k);
            }
        }
        LatentPlane.Projection p = plane.project(new Embeddings(sub, 3, 5));
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 1}, p.coordinates(), EXACT);
        // the written matrix reads back as the same map
        Path file = dir.resolve("plane.npy");
        plane.write(file);
        LatentPlane back = LatentPlane.read(file);
        double[] a = new double[5];
        double[] b = new double[5];
        plane.map(new double[] {0.25, -1.5}, 0, a, 0);
        back.map(new double[] {0.25, -1.5}, 0, b, 0);
        assertArrayEquals(a, b, 0);
        // the provider's spec takes the same indices
        Registries reg = Registries.discover(null);
        try (Generator g = reg.openGenerator("plane,points=3,10,17", reg.context(emb, null, 0, 1))) {
            double[] out = new double[5];
            g.apply(new double[] {0.25, -1.5}, 1, out, 0, new long[1]);
            assertArrayEquals(a, out, EXACT);
        }
    }

    @Test
    void degenerateChoicesAreRefusedWithOneLine() {
        Embeddings emb = planar();
        // 0, 1, 2: (p = −2, q = −2..0): collinear along v
        UsageException e = assertThrows(UsageException.class, () -> LatentPlane.throughPoints(emb, 0, 1, 2));
        assertTrue(e.getMessage().contains("collinear"), e.getMessage());
        // embeddings spanning two directions have no 3-D principal flat
        e = assertThrows(UsageException.class, () -> LatentPlane.principal(emb, 3));
        assertTrue(e.getMessage().contains("fewer than 3 directions"), e.getMessage());
        Registries reg = Registries.discover(null);
        Embeddings flat = new Embeddings(new double[] {0, 0, 1, 1, 2, 0}, 3, 2);
        e = assertThrows(UsageException.class, () -> reg.openGenerator("plane", reg.context(flat, null, 0, 1)));
        assertTrue(e.getMessage().startsWith("plane: the embeddings have 2 dimensions"), e.getMessage());
    }
}
