package org.latentcartography.compression;

import java.nio.file.Path;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.measures.classifier.nn.Dense;

/**
 * A trained compression VAE (paper sec. 4.2): an encoder from the model's D-dimensional latent
 * space to the posterior mean of d = 2 or 3 codes, and a decoder back, x = W₂ᵀ tanh(W₁ᵀ u + b₁) + b₂.
 * The decoder's parameters are float32 values (the standardisation of the training data folded
 * into its last layer), exactly those {@link #onnx()} writes, so that ONNX Runtime reproduces
 * {@link #decode} to float32 rounding. Made by {@link Compressor#train}.
 *
 * <p>Stability: experimental. Immutable and thread-safe.
 */
public final class CompressionVae {
    /** The ONNX decoder's input name: {@code [batch, d]}. */
    public static final String INPUT = "z";
    /** The ONNX decoder's output name: {@code [batch, D]}. */
    public static final String OUTPUT = "x";

    private final int dims;
    private final int data;
    private final int hidden;
    // encoder, on standardised inputs, double
    private final double[] mean;
    private final double[] invScale;
    private final double[] we1;
    private final double[] be1;
    private final double[] we2;
    private final double[] be2;
    // decoder, float values held as double
    private final float[] wd1;
    private final float[] bd1;
    private final float[] wd2;
    private final float[] bd2;
    private final double[][] decoderW;
    private final double[][] decoderB;

    CompressionVae(int dims, int data, int hidden, double[] mean, double[] invScale, double[] we1, double[] be1,
                   double[] we2, double[] be2, float[] wd1, float[] bd1, float[] wd2, float[] bd2) {
        this.dims = dims;
        this.data = data;
        this.hidden = hidden;
        this.mean = mean;
        this.invScale = invScale;
        this.we1 = we1;
        this.be1 = be1;
        this.we2 = we2;
        this.be2 = be2;
        this.wd1 = wd1;
        this.bd1 = bd1;
        this.wd2 = wd2;
        this.bd2 = bd2;
        this.decoderW = new double[][] {widen(wd1), widen(wd2)};
        this.decoderB = new double[][] {widen(bd1), widen(bd2)};
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** @return d, the codes' dimension (2 or 3) */
    public int dimension() {
        return dims;
    }

    /** @return D, the model's latent dimension */
    public int dataDimension() {
        return data;
    }

    /** @return the hidden layers' width */
    public int hidden() {
        return hidden;
    }

    /**
     * The posterior means μ(x) of the encoder.
     *
     * @param embeddings D-dimensional points, never null
     * @return n × d codes, row-major
     */
    public double[] encode(Embeddings embeddings) {
        int n = embeddings.count();
        double[] x = new double[n * data];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < data; k++) {
                x[i * data + k] = (embeddings.get(i, k) - mean[k]) * invScale[k];
            }
        }
        double[] h = new double[n * hidden];
        Dense.affine(we1, be1, data, hidden, x, n, h);
        Dense.activate(Dense.Activation.TANH, h, n * hidden);
        double[] e = new double[n * 2 * dims];
        Dense.affine(we2, be2, hidden, 2 * dims, h, n, e);
        double[] mu = new double[n * dims];
        for (int i = 0; i < n; i++) {
            System.arraycopy(e, i * 2 * dims, mu, i * dims, dims);
        }
        return mu;
    }

    /**
     * The decoder's mean x(u), in double arithmetic over the float32 parameters.
     *
     * @param u count × d codes; not modified
     * @param count number of codes
     * @return count × D points of the model's latent space
     */
    public double[] decode(double[] u, int count) {
        double[] h = new double[count * hidden];
        Dense.affine(decoderW[0], decoderB[0], dims, hidden, u, count, h);
        Dense.activate(Dense.Activation.TANH, h, count * hidden);
        double[] x = new double[count * data];
        Dense.affine(decoderW[1], decoderB[1], hidden, data, h, count, x);
        return x;
    }

    /**
     * The decoder as a generator (d → D), to compose in front of the model's decoder in-process.
     *
     * @param name its name in messages, never null
     * @return the generator; holds no resources
     */
    public Generator decoder(String name) {
        return Generator.pointwise(name, dims, data, (z, zo, out, oo) -> {
            double[] u = new double[dims];
            System.arraycopy(z, zo, u, 0, dims);
            System.arraycopy(decode(u, 1), 0, out, oo, data);
        });
    }

    /**
     * The decoder as an ONNX model (IR 7, opset 13): input {@value #INPUT} float {@code [batch, d]},
     * output {@value #OUTPUT} float {@code [batch, D]}; Gemm, Tanh, Gemm. The same VAE gives the
     * same bytes.
     *
     * @return the model's bytes
     */
    public byte[] onnx() {
        return OnnxWriter.feedForward(INPUT, OUTPUT, new int[] {dims, hidden, data}, new float[][] {wd1, wd2},
                new float[][] {bd1, bd2}, "latent-cartography compress");
    }

    /**
     * Writes {@link #onnx()} to a file, atomically.
     *
     * @param file the file, never null
     */
    public void writeOnnx(Path file) {
        byte[] bytes = onnx();
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
