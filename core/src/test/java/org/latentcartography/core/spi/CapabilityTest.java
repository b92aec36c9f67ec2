package org.latentcartography.core.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.latentcartography.core.CartographyException;
import org.junit.jupiter.api.Test;

/** The one idiom for optional features, and how capabilities follow a composition. */
class CapabilityTest {

    /** A capability about the output alone: it survives composition as it is. */
    interface ImageShape extends Composable {
        int[] shape();

        @Override
        default <T> Optional<T> composeAfter(Class<T> type, Composition composition) {
            return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
        }
    }

    /** A capability that does not say how it composes. */
    interface Native {
        String library();
    }

    /** 2 -> 2, z -> (z0 + z1, z0 - z1): the first stage. */
    static Generator sumDiff() {
        return Generator.pointwise("sumdiff", 2, 2, (z, zo, out, o) -> {
            out[o] = z[zo] + z[zo + 1];
            out[o + 1] = z[zo] - z[zo + 1];
        });
    }

    /**
     * A 2 -> 3 "text decoder" whose decode emits, per point, the tokens floor(z0), floor(z1), end
     * (3 words), and records the seeds it was given; also an image shape and a native library.
     */
    static final class Decoder implements Generator, TextDecoder, ImageShape, Native {
        long[] lastSeeds;

        @Override
        public String name() {
            return "decoder";
        }

        @Override
        public int latentDimension() {
            return 2;
        }

        @Override
        public int outputDimension() {
            return 3;
        }

        @Override
        public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
            java.util.Arrays.fill(out, outOffset, outOffset + 3 * count, 1.0 / 3);
        }

        @Override
        public List<String> vocabulary() {
            return List.of("a", "b", "c", "<end>");
        }

        @Override
        public int maxLength() {
            return 3;
        }

        @Override
        public int endToken() {
            return 3;
        }

        @Override
        public int[][] decode(double[] z, int count, long[] seeds, boolean blockUnknown) {
            lastSeeds = java.util.Arrays.copyOf(seeds, count);
            int[][] t = new int[count][];
            for (int i = 0; i < count; i++) {
                t[i] = new int[] {(int) Math.floor(z[2 * i]), (int) Math.floor(z[2 * i + 1]), 3};
            }
            return t;
        }

        /** Two composable capabilities in one class: pick the rule by type. */
        @Override
        public <T> Optional<T> composeAfter(Class<T> type, Composition c) {
            return type == ImageShape.class ? ImageShape.super.composeAfter(type, c) : TextDecoder.super.composeAfter(type, c);
        }

        @Override
        public int[] shape() {
            return new int[] {1, 3};
        }

        @Override
        public String library() {
            return "libdecoder.so";
        }
    }

    @Test
    void aComponentOffersWhatItImplementsAndNothingElse() {
        Decoder d = new Decoder();
        assertSame(d, d.capability(TextDecoder.class).orElseThrow());
        assertSame(d, d.capability(Native.class).orElseThrow());
        assertTrue(sumDiff().capability(TextDecoder.class).isEmpty());
        Measure m = (view, slab, out, off) -> { };
        assertTrue(m.capability(MetricTensor.class).isEmpty());
    }

    @Test
    void aCompositionOffersTheSecondsComposableCapabilitiesAsTheyCompose() {
        Decoder d = new Decoder();
        Generator composed = Generator.compose(sumDiff(), d);
        // a capability about the output passes as it is
        assertSame(d, composed.capability(ImageShape.class).orElseThrow());
        // one that does not say how it composes is dropped; the first stage's are not offered
        assertTrue(composed.capability(Native.class).isEmpty());
        assertTrue(Generator.compose(d, sumDiffOf3()).capability(TextDecoder.class).isEmpty());
        // the text decoder takes the composition's latent points, through the first stage:
        // z = (2.5, 0.5) -> (3, 2); z = (1.2, -0.7) -> (0.5, 1.9)
        TextDecoder text = composed.capability(TextDecoder.class).orElseThrow();
        assertEquals(2, text.latentDimension());
        assertEquals(d.vocabulary(), text.vocabulary());
        long[] seeds = {11, 12};
        int[][] tokens = text.decode(new double[] {2.5, 0.5, 1.2, -0.7}, 2, seeds, false);
        assertArrayEquals(new int[] {3, 2, 3}, tokens[0]);
        assertArrayEquals(new int[] {0, 1, 3}, tokens[1]);
        assertEquals("a b", text.text(tokens[1]));
        // the decoder's seeds are those the composition gives its second stage in apply
        SeedSpy spy = new SeedSpy();
        Generator.compose(sumDiff(), spy).apply(new double[] {0, 0, 0, 0}, 2, new double[6], 0, seeds);
        assertArrayEquals(spy.seen, d.lastSeeds);
    }

    /** 3 -> 2, for composing after the decoder (whose capabilities must then not show). */
    static Generator sumDiffOf3() {
        return Generator.pointwise("three", 3, 2, (z, zo, out, o) -> {
            out[o] = z[zo];
            out[o + 1] = z[zo + 1] + z[zo + 2];
        });
    }

    /** A second stage that records the seeds it is applied with. */
    static final class SeedSpy implements Generator {
        long[] seen;

        @Override
        public String name() {
            return "spy";
        }

        @Override
        public int latentDimension() {
            return 2;
        }

        @Override
        public int outputDimension() {
            return 3;
        }

        @Override
        public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
            seen = java.util.Arrays.copyOf(seeds, count);
        }
    }

    @Test
    void pointwiseGeneratorBatchesAndNamesTheNonFinitePoint() {
        Generator g = Generator.pointwise("analytic:cone", 2, 3, (z, zo, out, o) -> {
            double r = Math.hypot(z[zo], z[zo + 1]);
            out[o] = z[zo];
            out[o + 1] = z[zo + 1];
            out[o + 2] = r == 0 ? Double.NaN : 1 / r;
        });
        assertEquals("analytic:cone", g.name());
        assertEquals(2, g.latentDimension());
        assertEquals(3, g.outputDimension());
        double[] out = new double[1 + 6];
        g.apply(new double[] {3, 4, 0, -2}, 2, out, 1, new long[2]);
        assertArrayEquals(new double[] {0, 3, 4, 0.2, 0, -2, 0.5}, out, 0.0);
        CartographyException e = assertThrows(CartographyException.class,
                () -> g.apply(new double[] {1, 0, 0, 0}, 2, new double[6], 0, new long[2]));
        assertEquals("analytic:cone: output 2 is NaN at z = (0.0, 0.0)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Generator.pointwise("x", 0, 1, (z, zo, o, oo) -> { }));
        g.close();
        g.close();
    }
}
