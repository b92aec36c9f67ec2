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

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "100", description = "Passes over the data (default ${DEFAULT-VALUE}).")
    int epochs;

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
        if (dims != 2 && dims != 3) {
            throw new UsageException("--dims " + dims + ": give 2 or 3");
        }
        if (epochs < 1) {
            throw new UsageException("--epochs " + epochs + ": give at least 1");
        }
        if (hidden < 1) {
            throw new UsageException("--hidden " + hidden + ": give at least 1");
        }
        Embeddings emb = Embeddings.read(embeddings);
        Compressor.Settings settings = Compressor.Settings.defaults().withDims(dims).withEpochs(epochs).withHidden(hidden);
        try (OutputDir dir = output.open(Compression.fileNames())) {
            int every = Math.max(1, epochs / 10);
            Compression c;
            try {
                c = Compressor.train(emb, settings, seed, (e, n, loss, held) -> {
                    if (e % every == 0 || e == n) {
                        System.err.printf(Locale.ROOT, "compress: epoch %d/%d, loss %.4f, held-out relative error %.4f%n",
                                e, n, loss, held);
                    }
                });
            } catch (UsageException e) {
                throw new UsageException("--embeddings " + embeddings + ": " + e.getMessage());
            }
            c.write(dir.stage(Compression.fileNames()));
            dir.commit();
            Compression.Report r = c.report();
            System.out.printf(Locale.ROOT, "compress: %d points of %d dimensions to %d in %.1f s; held-out relative error "
                    + "%.4f (PCA %.4f); %d-NN kept %.3f (PCA %.3f)%n", r.points(), r.dimension(), r.dims(), r.seconds(),
                    r.heldOutError(), r.pcaError(), r.neighbours(), r.keptNeighbours(), r.keptNeighboursPca());
        }
        return 0;
    }
}
