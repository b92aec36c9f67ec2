package org.latentcartography.compression;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;

/**
 * A trained compression VAE with the codes of the embeddings it was trained on and a report: what
 * {@link Compressor#train} gives and {@link #write} stores.
 *
 * <p>Stability: experimental. Immutable.
 *
 * @param vae the VAE
 * @param codes n × d posterior means of the embeddings, row-major
 * @param report how well it reconstructs and keeps neighbourhoods
 */
public record Compression(CompressionVae vae, double[] codes, Report report) {
    /** The decoder's file name in a result folder. */
    public static final String DECODER_FILE = "decoder.onnx";
    /** The codes' file name in a result folder. */
    public static final String CODES_FILE = "z.npy";
    /** The report's file name in a result folder. */
    public static final String REPORT_FILE = "report.json";

    /**
     * What training gave. Relative errors are Σ|x − x̂|² / Σ|x − mean|² (0: perfect, 1: no better
     * than the mean); kept shares are the mean share of each query point's k nearest neighbours
     * in the model's latent space that stay among its k nearest in the codes.
     *
     * @param points embeddings
     * @param dimension D
     * @param dims d
     * @param hidden hidden width
     * @param epochs epochs
     * @param seed seed
     * @param trainPoints points trained on
     * @param heldOutPoints points held out
     * @param loss last epoch's mean loss per training point (negative ELBO up to a constant)
     * @param trainError relative reconstruction error of the training points through μ
     * @param heldOutError relative reconstruction error of the held-out points (NaN without)
     * @param pcaError relative error of the d principal components' projection, same points
     * @param neighbours k
     * @param queries points scored
     * @param keptNeighbours share of k nearest neighbours kept by the codes
     * @param keptNeighboursPca the same for the d principal components
     * @param seconds training and scoring time
     */
    public record Report(int points, int dimension, int dims, int hidden, int epochs, long seed, int trainPoints,
                         int heldOutPoints, double loss, double trainError, double heldOutError, double pcaError,
                         int neighbours, int queries, double keptNeighbours, double keptNeighboursPca,
                         double seconds) {
        /** @return the report as {@code report.json}'s object */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("points", points);
            m.put("dimension", dimension);
            m.put("dims", dims);
            m.put("architecture", "VAE " + dimension + "-" + hidden + "-" + (2 * dims) + " / " + dims + "-" + hidden
                    + "-" + dimension + ", tanh, per-dimension learned likelihood variance");
            m.put("epochs", epochs);
            m.put("seed", seed);
            m.put("train_points", trainPoints);
            m.put("held_out_points", heldOutPoints);
            m.put("loss", loss);
            m.put("train_relative_error", trainError);
            m.put("held_out_relative_error", Double.isNaN(heldOutError) ? null : heldOutError);
            m.put("pca_relative_error", pcaError);
            m.put("neighbours", neighbours);
            m.put("neighbour_queries", queries);
            m.put("kept_neighbours", keptNeighbours);
            m.put("kept_neighbours_pca", keptNeighboursPca);
            m.put("seconds", seconds);
            return m;
        }
    }

    /** @return the files {@link #write} writes */
    public static List<String> fileNames() {
        return List.of(DECODER_FILE, CODES_FILE, REPORT_FILE);
    }

    /**
     * Writes {@code decoder.onnx}, {@code z.npy} (float64, n × d) and {@code report.json} into a
     * folder, each atomically.
     *
     * @param dir an existing folder, never null
     */
    public void write(Path dir) {
        vae.writeOnnx(dir.resolve(DECODER_FILE));
        Npy.writeFloat64(dir.resolve(CODES_FILE), new int[] {codes.length / vae.dimension(), vae.dimension()}, codes);
        AtomicFiles.writeString(dir.resolve(REPORT_FILE), Json.write(report.toMap()));
    }
}
