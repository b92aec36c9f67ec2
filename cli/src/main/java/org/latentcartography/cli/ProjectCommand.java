package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.compression.LatentPlane;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cartography project}: embeddings onto a plane through the latent space. */
@Command(name = "project", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Project a model's latent codes onto a plane through its latent space.",
            "%nWrites plane.npy (origin and axes; use it as --generator 'plane,matrix=DIR/plane.npy>MODEL'), z.npy (the "
                + "codes' coordinates on the plane, to use as --embeddings), residuals.npy (each code's distance from "
                + "the plane) and report.json.%n"})
final class ProjectCommand implements Callable<Integer> {
    @Option(names = "--embeddings", paramLabel = "FILE", required = true, description = "The model's latent codes z.npy.")
    Path embeddings;

    @Option(names = "--plane", paramLabel = "SPEC", defaultValue = "pca",
            description = "pca (principal components, the default), pca3, points=I,J,K, or matrix=FILE.npy.")
    String plane;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Inputs.requireModule("project", "org.latentcartography.compression.LatentPlane", "compression");
        return CompressionRuns.project(this);
    }
}
