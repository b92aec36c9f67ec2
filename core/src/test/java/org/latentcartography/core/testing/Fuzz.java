package org.latentcartography.core.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.latentcartography.core.CartographyException;

/**
 * Fuzzing helpers shared by the parser fuzz targets of all modules (core's test-jar; a package of
 * its own, so that it is visible to other modules' tests beside the core module).
 */
public final class Fuzz {
    private Fuzz() {
    }

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

}
