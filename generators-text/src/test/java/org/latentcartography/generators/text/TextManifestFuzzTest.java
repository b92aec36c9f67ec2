package org.latentcartography.generators.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.testing.Fuzz;

/**
 * Random mutations of a valid text-decoder manifest: every one is read, or refused with the
 * project's own one-line exception. A longer run: {@code mvn -pl generators-text -am test
 * -Dtest=TextManifestFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seconds=600}.
 */
class TextManifestFuzzTest {

    @Test
    void manifestReaderNeverThrowsAnythingButItsOwnError(@TempDir Path tmp) throws IOException {
        Path tiny = TextGeneratorTest.TESTDATA.resolve("tiny-step");
        byte[] valid = Files.readAllBytes(tiny.resolve("manifest.json"));
        Files.copy(tiny.resolve("vocab.txt"), tmp.resolve("vocab.txt"));
        Files.copy(tiny.resolve("init.onnx"), tmp.resolve("init.onnx"));
        Files.copy(tiny.resolve("step.onnx"), tmp.resolve("step.onnx"));
        SplittableRandom r = new SplittableRandom(31 + Fuzz.SECONDS);
        Fuzz.rounds(i -> {
            // a tenth as many rounds as the parser targets: each one writes a file
            if (Fuzz.SECONDS == 0 && i % 10 != 0) {
                return;
            }
            byte[] b = Fuzz.mutate(valid, r);
            try {
                Files.write(tmp.resolve("manifest.json"), b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Fuzz.expectCleanOutcome(() -> TextManifest.read(tmp),
                    "manifest round " + i + ": " + new String(b, StandardCharsets.ISO_8859_1));
        });
    }
}
