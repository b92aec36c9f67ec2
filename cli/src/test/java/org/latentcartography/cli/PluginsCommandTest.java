package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The quick reading of a plain {@code plugins} line agrees with picocli's, and leaves the rest to it. */
class PluginsCommandTest {
    /** The plugins command picocli makes of {@code args}. */
    private static PluginsCommand picocli(String... args) {
        CommandLine cl = Main.commandLine(args);
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (PluginsCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void plainLinesAreReadAsPicocliReadsThem() {
        String[][] lines = {
            {"plugins"},
            {"plugins", "--debug"},
            {"plugins", "--plugins", "some/dir"},
            {"plugins", "--plugins=some/dir"},
            {"plugins", "--plugins", "dir with spaces", "--debug"},
            {"plugins", "--debug", "--plugins=d"},
        };
        for (String[] line : lines) {
            PluginsCommand quick = PluginsCommand.parse(line);
            assertNotNull(quick, Arrays.toString(line));
            PluginsCommand p = picocli(line);
            assertEquals(p.common.plugins, quick.common.plugins, Arrays.toString(line));
            assertEquals(p.common.debug, quick.common.debug, Arrays.toString(line));
        }
    }

    @Test
    void everyOtherLineGoesToPicocli() {
        String[][] lines = {
            {},
            {"measure"},
            {"plugins", "--help"},
            {"plugins", "-h"},
            {"plugins", "--debug", "--debug"},
            {"plugins", "--plugins"},
            {"plugins", "--plugins", "-x"},
            {"plugins", "--plugins="},
            {"plugins", "--plugins", "@args"},
            {"plugins", "--plugins", "a", "--plugins", "b"},
            {"plugins", "extra"},
            {"plugins", "--quiet"},
        };
        for (String[] line : lines) {
            assertNull(PluginsCommand.parse(line), Arrays.toString(line));
        }
    }
}
