package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The output folder of a command that writes results, and whether it may overwrite them. */
final class OutputOptions {
    private static final String OUT_DESCRIPTION = "Output folder.";
    private static final String FORCE_DESCRIPTION = "Overwrite results already in --out.";

    @Option(names = "--out", paramLabel = "DIR", required = true, description = OUT_DESCRIPTION)
    Path out;

    @Option(names = "--force", description = FORCE_DESCRIPTION)
    boolean force;

    /**
     * Adds these options to a command model built in code (as the annotations above declare them
     * for the others), bound to this object's fields.
     *
     * @param spec the command's model
     */
    void addTo(CommandLine.Model.CommandSpec spec) {
        spec.addOption(Options.of("--out", "DIR", Path.class, null, OUT_DESCRIPTION, v -> out = (Path) v).required(true).build());
        spec.addOption(Options.flag("--force", FORCE_DESCRIPTION, v -> force = v).build());
    }

    /** Opens --out for the given result files (see {@link OutputDir#open}). */
    OutputDir open(List<String> outputs) {
        return OutputDir.open(out, outputs, force);
    }
}
