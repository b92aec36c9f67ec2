package org.latentcartography.core.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid inputs to the three parsers users feed: every input either parses or
 * is refused with a one-line {@link CartographyException}; nothing else may escape (no
 * IndexOutOfBounds, NumberFormat, NegativeArraySize, OutOfMemory from a forged header...).
 */
public class ParserFuzzTest {
    /**
     * Rounds per target in the test suite (about a tenth of a second each); a longer run:
     * {@code mvn -pl core test -Dtest=ParserFuzzTest -Dfuzz.seconds=600} (seconds per target).
     */
    public static final int ROUNDS = 20_000;
    public static final long SECONDS = Long.getLong("fuzz.seconds", 0);

    /** Runs {@code round} for ROUNDS rounds, or for fuzz.seconds seconds when that is set. */
    public static void rounds(java.util.function.IntConsumer round) {
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        int i = 0;
        for (; SECONDS > 0 ? System.nanoTime() < end : i < ROUNDS; i++) {
            round.accept(i);
        }
        if (SECONDS > 0) {
            System.out.printf("fuzz: %d inputs in %d s, none unhandled%n", i, SECONDS);
        }
    }

    public static void expectCleanOutcome(Runnable parse, String what) {
        try {
            parse.run();
        } catch (CartographyException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().contains("\n"), what + ": " + e.getMessage());
        } catch (RuntimeException | Error e) {
            fail(what + ": escaped " + e, e);
        }
    }

    public static byte[] mutate(byte[] valid, SplittableRandom r) {
        byte[] b = valid.clone();
        int kind = r.nextInt(4);
        if (kind == 0) {
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            return b;
        }
        if (kind == 1) {
            return java.util.Arrays.copyOf(b, r.nextInt(b.length));
        }
        if (kind == 2) {
            // a digit of the header replaced: forged shapes and lengths
            for (int i = 0; i < b.length; i++) {
                if (b[i] >= '0' && b[i] <= '9' && r.nextInt(8) == 0) {
                    b[i] = (byte) ('0' + r.nextInt(10));
                }
            }
            return b;
        }
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(16));
        for (int i = b.length; i < longer.length; i++) {
            longer[i] = (byte) r.nextInt(256);
        }
        return longer;
    }

    @Test
    void npyParserNeverThrowsAnythingButItsOwnError() {
        ByteBuffer data = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            data.putDouble(i * 1.5);
        }
        byte[] valid = NpyTest.npy("<f8", false, "(2, 3)", data);
        byte[] validF4 = NpyTest.npy(">f4", true, "(3, 2)", ByteBuffer.allocate(24));
        SplittableRandom r = new SplittableRandom(2024 + SECONDS);
        rounds(i -> {
            byte[] b = mutate(i % 2 == 0 ? valid : validF4, r);
            expectCleanOutcome(() -> Npy.parse(b, "fuzz.npy"), "npy round " + i);
        });
    }

    @Test
    void jsonParserNeverThrowsAnythingButItsOwnError() {
        byte[] valid = "{\"lower\": [-1.5, 2e3], \"upper\": [1, 3], \"shape\": [800, 800], \"x\": {\"s\": \"a\\u00e9\\n\", \"t\": true, \"n\": null}}"
                .getBytes(StandardCharsets.UTF_8);
        SplittableRandom r = new SplittableRandom(7 + SECONDS);
        rounds(i -> {
            String text = new String(mutate(valid, r), StandardCharsets.ISO_8859_1);
            expectCleanOutcome(() -> Json.parse(text, "fuzz.json"), "json round " + i + ": " + text);
        });
    }

    @Test
    void componentSpecParserNeverThrowsAnythingButItsOwnError() {
        byte[] valid = "onnx:models/vae.onnx,output=h1,threads=2,classes=3,5".getBytes(StandardCharsets.UTF_8);
        SplittableRandom r = new SplittableRandom(11 + SECONDS);
        rounds(i -> {
            String text = new String(mutate(valid, r), StandardCharsets.ISO_8859_1);
            expectCleanOutcome(() -> {
                ComponentSpec s = ComponentSpec.parse(text);
                s.integer("threads", 1);
                s.number("output", 0);
                s.flag("classes", false);
            }, "spec round " + i + ": " + text);
        });
    }
}
