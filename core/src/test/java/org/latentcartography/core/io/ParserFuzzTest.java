package org.latentcartography.core.io;

import static org.latentcartography.core.testing.Fuzz.SECONDS;
import static org.latentcartography.core.testing.Fuzz.expectCleanOutcome;
import static org.latentcartography.core.testing.Fuzz.mutate;
import static org.latentcartography.core.testing.Fuzz.rounds;


import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.latentcartography.core.ComponentSpec;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid inputs to the three parsers users feed: every input either parses or
 * is refused with a one-line {@link CartographyException}; nothing else may escape (no
 * IndexOutOfBounds, NumberFormat, NegativeArraySize, OutOfMemory from a forged header...).
 */
class ParserFuzzTest {
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
