package org.latentcartography.measures.classifier;

import java.util.Arrays;
import org.latentcartography.measures.classifier.nn.Dense;

/**
 * A multilayer perceptron with softmax output: p(c | z) = softmax(f_L(... f_1(s(z)))), where
 * s(z) = (z − μ) / σ standardises each latent coordinate with the training data's mean and
 * standard deviation, each hidden layer is f(a) = φ(a W + b) with φ = ReLU or tanh, and the last
 * layer is linear. With no hidden layer and μ = 0, σ = 1 it is the softmax-of-linear classifier
 * p = softmax(W z + b).
 *
 * <p>Weights of layer l are stored input-major: {@code w[l][i * out + j]} is the weight from input
 * i to output j, so the forward pass is a sequence of vectorisable axpy loops. Immutable and
 * thread-safe: {@link #probabilities} allocates its own scratch.
 */
final class Mlp {
    /** Rows pushed through the layers at once; bounds the scratch memory of one call. */
    private static final int CHUNK = 256;

    private final int[] sizes;
    private final double[][] w;
    private final double[][] b;
    private final double[] mean;
    private final double[] invScale;
    private final Dense.Activation activation;

    /**
     * @param sizes layer widths: D_z, hidden widths..., K; copied
     * @param w weights per layer, input-major; copied
     * @param b biases per layer; copied
     * @param mean per-coordinate mean subtracted first; copied
     * @param invScale per-coordinate factor applied after subtracting the mean; copied
     * @param activation the hidden nonlinearity
     */
    Mlp(int[] sizes, double[][] w, double[][] b, double[] mean, double[] invScale, Dense.Activation activation) {
        if (sizes.length < 2 || w.length != sizes.length - 1 || b.length != w.length
                || mean.length != sizes[0] || invScale.length != sizes[0]) {
            throw new IllegalArgumentException("inconsistent layer shapes");
        }
        for (int l = 0; l < w.length; l++) {
            if (w[l].length != sizes[l] * sizes[l + 1] || b[l].length != sizes[l + 1]) {
                throw new IllegalArgumentException("layer " + l + " has the wrong shape");
            }
        }
        this.sizes = sizes.clone();
        this.w = Arrays.stream(w).map(double[]::clone).toArray(double[][]::new);
        this.b = Arrays.stream(b).map(double[]::clone).toArray(double[][]::new);
        this.mean = mean.clone();
        this.invScale = invScale.clone();
        this.activation = activation;
    }

    /**
     * The softmax-of-linear classifier p = softmax(W z + b).
     *
     * @param weights K rows of D_z weights (W, row-major as written); not modified
     * @param bias K biases; not modified
     * @return the classifier
     */
    static Mlp softmaxLinear(double[][] weights, double[] bias) {
        int k = weights.length;
        int d = weights[0].length;
        double[] wt = new double[d * k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
                wt[i * k + c] = weights[c][i];
            }
        }
        double[] ones = new double[d];
        Arrays.fill(ones, 1.0);
        return new Mlp(new int[] {d, k}, new double[][] {wt}, new double[][] {bias}, new double[d], ones,
                Dense.Activation.RELU);
    }

    /** @return D_z */
    int inputDimension() {
        return sizes[0];
    }

    /** @return K */
    int classCount() {
        return sizes[sizes.length - 1];
    }

    /** @return the hidden layers' widths */
    int[] hidden() {
        return Arrays.copyOfRange(sizes, 1, sizes.length - 1);
    }

    /** @return the hidden nonlinearity */
    Dense.Activation activation() {
        return activation;
    }

    /** @return all layer widths, D_z first and K last */
    int[] sizes() {
        return sizes.clone();
    }

    /**
     * Class probabilities of {@code count} points.
     *
     * @param z the points, {@code count * D_z} values from offset 0; not modified
     * @param count number of points
     * @param out receives {@code count * K} probabilities from {@code outOffset}
     * @param outOffset where the first probability goes
     */
    void probabilities(double[] z, int count, double[] out, int outOffset) {
        int widest = Arrays.stream(sizes).max().getAsInt();
        double[] a = new double[CHUNK * widest];
        double[] c = new double[CHUNK * widest];
        int d = sizes[0];
        int k = classCount();
        for (int from = 0; from < count; from += CHUNK) {
            int rows = Math.min(CHUNK, count - from);
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < d; i++) {
                    a[r * d + i] = (z[(from + r) * d + i] - mean[i]) * invScale[i];
                }
            }
            double[] in = a;
            double[] res = c;
            for (int l = 0; l < w.length; l++) {
                affine(w[l], b[l], sizes[l], sizes[l + 1], in, rows, res);
                if (l < w.length - 1) {
                    activate(activation, res, rows * sizes[l + 1]);
                }
                double[] t = in;
                in = res;
                res = t;
            }
            softmaxRows(in, 0, rows, k, out, outOffset + from * k);
        }
    }

    /** See {@link Dense#affine}. */
    static void affine(double[] wl, double[] bl, int nIn, int nOut, double[] in, int rows, double[] out) {
        Dense.affine(wl, bl, nIn, nOut, in, rows, out);
    }

    /** See {@link Dense#activate}. */
    static void activate(Dense.Activation activation, double[] values, int n) {
        Dense.activate(activation, values, n);
    }

    /**
     * Row-wise softmax of {@code rows × k} logits from {@code logitsOffset} into {@code out} from
     * {@code outOffset}; in place when the arrays and offsets are the same.
     */
    static void softmaxRows(double[] logits, int logitsOffset, int rows, int k, double[] out, int outOffset) {
        for (int r = 0; r < rows; r++) {
            int li = logitsOffset + r * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[li + j]);
            }
            double sum = 0;
            int o = outOffset + r * k;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(logits[li + j] - max);
                out[o + j] = e;
                sum += e;
            }
            double inv = 1 / sum;
            for (int j = 0; j < k; j++) {
                out[o + j] *= inv;
            }
        }
    }

    /** @return the trained parameters of layer l's weights, input-major (not copied: do not modify) */
    double[] weights(int l) {
        return w[l];
    }
}
