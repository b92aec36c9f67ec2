package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.latentcartography.compression.Compression;
import org.latentcartography.compression.Compressor;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cartography compress}: a compression VAE trained in-process (paper sec. 4.2). */
@Command(name = "compress", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Train a small VAE that compresses a model's latent codes to 2 or 3 dimensions (paper sec. 4.2).",
            "%nWrites decoder.onnx (codes -> the model's latent space; compose it in front of the model: "
                + "--generator 'onnx:DIR/decoder.onnx>onnx:decoder.onnx'), z.npy (the codes of the embeddings) and "
                + "report.json (held-out reconstruction error; share of each point's nearest neighbours kept, against "
                + "PCA's). Seeded and deterministic.%n"})
final class CompressCommand implements Callable<Integer> {
    @Option(names = "--embeddings", paramLabel = "FILE", required = true, description = "The model's latent codes z.npy.")
    Path embeddings;

    @Option(names = "--dims", paramLabel = "D", defaultValue = "2", description = "Dimensions of the codes, 2 or 3 (default ${DEFAULT-VALUE}).")
    int dims;

    @Option(names = "--epochs", paramLabel = "E",
            description = "Passes over the data (default: 100, or more on a small data set, so that training takes at least "
                + "20,000 mini-batch steps).")
    Integer epochs;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "64", description = "Hidden layer width (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Inputs.requireModule("compress", "org.latentcartography.compression.Compressor", "compression");
        return CompressionRuns.compress(this);
    }
}
