package org.latentcartography.cli.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.latentcartography.cli.CommonOptions;
import org.latentcartography.cli.Inputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cartography demo highdim}: a model with a 16-dimensional latent space (the shipped
 * {@code vae-16d}) mapped end to end in two ways, through the plane of its codes' first principal
 * components and through a compression VAE trained in-process (paper sec. 4.2). The work is in
 * {@link HighDimStudy}, which uses the optional module {@code compression}; this class names none
 * of its types, so that picocli can reflect on it in a distribution without that module.
 */
@Command(name = "highdim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Map a model with many latent dimensions: the shipped 16-D MNIST VAE through a plane and through "
                + "a compression VAE.",
            "%nThe plane of the codes' first two principal components (as 'project' writes it) and a compression VAE "
                + "trained in-process (as 'compress' writes it) are each composed in front of the decoder; for both: the "
                + "Riemannian measure, the diffusion map, paths with decoded interpolations, entropy, k-means F1, the "
                + "share of nearest neighbours kept and the residuals. Figures, result folders and summary.json go to "
                + "--out, which is overwritten.%n"})
public final class HighDimDemoCommand implements Callable<Integer> {

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of model folders (default: models/mnist beside the launcher).")
    Path models;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "vae-16d",
            description = "The model folder: decoder.onnx, z.npy, labels.npy (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--grid", paramLabel = "N", defaultValue = "400", description = "Cells per axis (default ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--epochs", paramLabel = "E",
            description = "Epochs of the compression VAE (default: as 'compress', at least 20,000 mini-batch steps).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the compression VAE (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--method", paramLabel = "SPEC", defaultValue = "diffusion", description = "Transform (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "10", description = "Interpolation images per path (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--bins", paramLabel = "B", defaultValue = "32", description = "Histogram bins per axis for the entropy (default ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out/highdim", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Inputs.requireModule("demo highdim", "org.latentcartography.compression.Compressor", "compression");
        Inputs.inRange("--steps", steps, 2, Inputs.MAX_STEPS);
        Inputs.inRange("--bins", bins, 1, 4096);
        Inputs.inRange("--grid", grid, 4, 8192);
        if (epochs != null) {
            Inputs.inRange("--epochs", epochs, 1, 100_000);
        }
        Path dir = models != null ? models : DemoCommand.shippedModels("mnist");
        return HighDimStudy.run(new HighDimStudy.Options(dir.resolve(model), model, grid, epochs, seed, method, steps,
                bins, out, Inputs.threads(threads)), common.registries());
    }
}
