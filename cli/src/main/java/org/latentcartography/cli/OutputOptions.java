package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The output folder of a command that writes results, and whether it may overwrite them. */
final class OutputOptions {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--force", description = "Overwrite results already in --out.")
    boolean force;

    /** Opens --out for the given result files (see {@link OutputDir#open}). */
    OutputDir open(List<String> outputs) {
        return OutputDir.open(out, outputs, force);
    }
}
