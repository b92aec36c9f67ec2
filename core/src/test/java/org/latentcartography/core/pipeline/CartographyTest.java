package org.latentcartography.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.InputPrecision;

/**
 * The pipeline on core's own providers (class path: the l2 dissimilarity, the output meaning):
 * hand-computed values, the folder round trip, the request's checks, and the float32 resolution
 * check.
 */
class CartographyTest {
    static final Cartography CARTO = new Cartography(Registries.discover(null));

    /** f(z) = (2 z1, 3 z2): neighbours along axis 0 lie 2·w0 apart in H, along axis 1 3·w1. */
    static Generator linear() {
        return Generator.pointwise("linear", 2, 2, (z, zo, out, o) -> {
            out[o] = 2 * z[zo];
            out[o + 1] = 3 * z[zo + 1];
        });
    }

    static final Grid GRID = new Grid(new double[] {0, 0}, new double[] {1, 2}, new int[] {10, 20});

    @Test
    void theL2MeasureOfALinearMapIsTheMeanNeighbourDistance(@TempDir Path tmp) {
        try (Generator g = linear()) {
            MeasureResult r = CARTO.measure(MeasureRequest.builder("l2").generator(g).grid(GRID).threads(2).build());
            double w0 = 0.1;
            double w1 = 0.1;
            // an interior cell: two neighbours at 2·w0, two at 3·w1 (exact up to rounding of the centres)
            assertEquals((2 * 2 * w0 + 2 * 3 * w1) / 4, r.values()[5 * 20 + 7], 1e-12);
            // a corner: one of each
            assertEquals((2 * w0 + 3 * w1) / 2, r.values()[0], 1e-12);
            assertEquals(200, r.evaluations());
            assertEquals("l2", r.measureName());
            assertEquals("linear", r.functionName());

            r.write(tmp);
            MeasureResult back = MeasureResult.read(tmp);
            assertEquals(GRID, back.grid());
            assertArrayEquals(r.values(), back.values(), 0.0);
            assertNull(back.metric());
            assertEquals("l2", back.measureName());
        }
    }

    @Test
    void aGridAroundEmbeddingsAndTheRequestsChecks() {
        Embeddings emb = new Embeddings(new double[] {0, 0, 1, 2, 0.5, 1}, 3, 2);
        MeasureRequest r = MeasureRequest.builder("l2").embeddings(emb).shape(8).margin(0.5).build();
        assertEquals(new Grid(new double[] {-0.5, -1}, new double[] {1.5, 3}, new int[] {8, 8}), r.grid());
        assertThrows(UsageException.class, () -> MeasureRequest.builder("l2").build(), "no grid, no embeddings");
        assertThrows(UsageException.class, () -> MeasureRequest.builder("l2").grid(GRID).labels(new int[] {1}).build(),
                "labels without embeddings");
        assertThrows(UsageException.class, () -> MeasureRequest.builder("l2").embeddings(emb).shape(4, 4, 4).build(),
                "a shape of another rank");
        assertThrows(UsageException.class, () -> MeasureRequest.builder("l2").samples(0));
        UsageException e = assertThrows(UsageException.class, () -> CARTO.measure(MeasureRequest.builder("l2")
                .generator("linear-nowhere").grid(GRID).build()));
        assertTrue(e.getMessage().contains("unknown generator 'linear-nowhere'"), e.getMessage());
        UsageException engine = assertThrows(UsageException.class, () -> CARTO.measure(MeasureRequest.builder("l2")
                .generator(linear()).grid(GRID).engine("spark").build()));
        assertTrue(engine.getMessage().contains("open instance"), engine.getMessage());
    }

    /** A generator whose inputs are float32, as an ONNX model's are. */
    static Generator float32(Generator g) {
        return new Generator() {
            @Override
            public String name() {
                return "f32";
            }

            @Override
            public int latentDimension() {
                return g.latentDimension();
            }

            @Override
            public int outputDimension() {
                return g.outputDimension();
            }

            @Override
            public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
                g.apply(z, count, out, outOffset, seeds);
            }

            @Override
            public <T> Optional<T> capability(Class<T> type) {
                return type == InputPrecision.class ? Optional.of(type.cast(InputPrecision.FLOAT32)) : Optional.empty();
            }
        };
    }

    @Test
    void cellsNarrowerThanFloat32ResolvesAreRefused() {
        // float32 near 1000 is spaced 2^-14 = 6.1e-5 apart; 400 cells over 0.001 are 2.5e-6 wide
        Grid fine = new Grid(new double[] {1000, 0}, new double[] {1000.001, 1}, new int[] {400, 400});
        CartographyException e = assertThrows(CartographyException.class,
                () -> CARTO.measure(MeasureRequest.builder("l2").generator(float32(linear())).grid(fine).build()));
        assertTrue(e.getMessage().contains("f32 takes float32 latent points") && e.getMessage().contains("axis 0")
                && e.getMessage().contains("0.0156 wide"), e.getMessage());
        // the same cells near 0 are resolved (float32 is spaced 1.2e-10 apart near 1e-3), and a double generator
        // is never refused
        Grid nearZero = new Grid(new double[] {0, 0}, new double[] {0.001, 1}, new int[] {40, 40});
        assertEquals(1600, CARTO.measure(MeasureRequest.builder("l2").generator(float32(linear())).grid(nearZero)
                .build()).evaluations());
        assertEquals(400 * 400, CARTO.measure(MeasureRequest.builder("l2").generator(linear()).grid(fine).build())
                .evaluations());
        assertEquals(Math.ulp(1000f), InputPrecision.FLOAT32.ulp(1000), 0.0);
        assertEquals(Math.ulp(0.75f), InputPrecision.FLOAT32.ulp(0.75), 0.0);
    }
}
