package org.latentcartography.measures.classifier;

import java.util.SplittableRandom;
import org.latentcartography.measures.classifier.nn.Adam;
import org.latentcartography.measures.classifier.nn.Dense;

/**
 * Trains an {@link Mlp} by minimising the mean cross-entropy plus an L2 penalty on the weights
 * (½ λ Σ w², biases not penalised) with {@link Adam} (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) on shuffled
 * mini-batches: the recipe of scikit-learn's MLPClassifier, which the paper used.
 *
 * <p>Deterministic: one thread, a fixed order of operations, and all randomness (the
 * Glorot-uniform initial weights and the per-epoch shuffles) drawn from a
 * {@link SplittableRandom} seeded with the given seed, so the same data, settings and seed give a
 * bit-identical network.
 */
final class MlpTrainer {

    /**
     * @param hidden widths of the hidden layers (may be empty: softmax regression)
     * @param activation hidden nonlinearity
     * @param epochs passes over the training data, at least 1
     * @param batch points per mini-batch, at least 1
     * @param rate Adam's learning rate, positive
     * @param decay L2 penalty λ, at least 0
     */
    record Settings(int[] hidden, Dense.Activation activation, int epochs, int batch, double rate, double decay) {
    }

    /**
     * The trained network and the last epoch's mean training loss.
     *
     * @param mlp the network
     * @param loss the mean cross-entropy (nats) over the last epoch's mini-batches, before each update
     */
    record Outcome(Mlp mlp, double loss) {
    }

    private MlpTrainer() {
    }

    /**
     * @param x all points, row-major, {@code d} values each; not modified
     * @param d the latent dimension
     * @param y the class index (0..k-1) of every point; not modified
     * @param k the number of classes
     * @param rows the indices of the points to train on; not modified
     * @param s the settings
     * @param seed the seed
     * @return the trained network
     */
    static Outcome train(double[] x, int d, int[] y, int k, int[] rows, Settings s, long seed) {
        int n = rows.length;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom initRandom = root.split();
        SplittableRandom shuffleRandom = root.split();

        // standardise with the training points' mean and standard deviation
        double[] mean = new double[d];
        double[] invScale = new double[d];
        for (int r : rows) {
            for (int i = 0; i < d; i++) {
                mean[i] += x[r * d + i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= n;
        }
        for (int r : rows) {
            for (int i = 0; i < d; i++) {
                double v = x[r * d + i] - mean[i];
                invScale[i] += v * v;
            }
        }
        for (int i = 0; i < d; i++) {
            double sd = Math.sqrt(invScale[i] / n);
            invScale[i] = sd > 0 ? 1 / sd : 1;
        }
        double[] xs = new double[n * d];
        int[] ys = new int[n];
        for (int t = 0; t < n; t++) {
            int r = rows[t];
            ys[t] = y[r];
            for (int i = 0; i < d; i++) {
                xs[t * d + i] = (x[r * d + i] - mean[i]) * invScale[i];
            }
        }

        int layers = s.hidden().length + 1;
        int[] sizes = new int[layers + 1];
        sizes[0] = d;
        System.arraycopy(s.hidden(), 0, sizes, 1, s.hidden().length);
        sizes[layers] = k;
        double[][] w = new double[layers][];
        double[][] b = new double[layers][];
        double[][] gw = new double[layers][];
        double[][] gb = new double[layers][];
        double[][] mw = new double[layers][];
        double[][] vw = new double[layers][];
        double[][] mb = new double[layers][];
        double[][] vb = new double[layers][];
        for (int l = 0; l < layers; l++) {
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            // Glorot-uniform, as scikit-learn (which doubles the bound only for logistic units)
            w[l] = Dense.glorotUniform(nIn, nOut, initRandom);
            b[l] = new double[nOut];
            gw[l] = new double[nIn * nOut];
            gb[l] = new double[nOut];
            mw[l] = new double[nIn * nOut];
            vw[l] = new double[nIn * nOut];
            mb[l] = new double[nOut];
            vb[l] = new double[nOut];
        }

        int batch = Math.min(s.batch(), n);
        double[][] act = new double[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            act[l] = new double[batch * sizes[l]];
        }
        int widest = 0;
        for (int v : sizes) {
            widest = Math.max(widest, v);
        }
        double[] delta = new double[batch * widest];
        double[] deltaPrev = new double[batch * widest];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long step = 0;
        double lastLoss = Double.NaN;
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = shuffleRandom.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lossSum = 0;
            for (int from = 0; from < n; from += batch) {
                int m = Math.min(batch, n - from);
                for (int r = 0; r < m; r++) {
                    System.arraycopy(xs, order[from + r] * d, act[0], r * d, d);
                }
                for (int l = 0; l < layers; l++) {
                    Mlp.affine(w[l], b[l], sizes[l], sizes[l + 1], act[l], m, act[l + 1]);
                    if (l < layers - 1) {
                        Mlp.activate(s.activation(), act[l + 1], m * sizes[l + 1]);
                    }
                }
                double[] p = act[layers];
                Mlp.softmaxRows(p, 0, m, k, p, 0);
                // output delta: (p - onehot) / m, the gradient of the mean cross-entropy wrt the logits
                double inv = 1.0 / m;
                for (int r = 0; r < m; r++) {
                    int c = ys[order[from + r]];
                    lossSum -= Math.log(Math.max(p[r * k + c], Double.MIN_NORMAL));
                    for (int j = 0; j < k; j++) {
                        delta[r * k + j] = (p[r * k + j] - (j == c ? 1 : 0)) * inv;
                    }
                }
                for (int l = layers - 1; l >= 0; l--) {
                    int nIn = sizes[l];
                    int nOut = sizes[l + 1];
                    Dense.gradients(act[l], delta, m, nIn, nOut, gw[l], gb[l]);
                    if (l > 0) {
                        Dense.backpropagate(w[l], act[l], s.activation(), delta, m, nIn, nOut, deltaPrev);
                    }
                    double[] t = delta;
                    delta = deltaPrev;
                    deltaPrev = t;
                }
                step++;
                double lr = Adam.stepSize(s.rate(), step);
                for (int l = 0; l < layers; l++) {
                    Adam.update(w[l], gw[l], mw[l], vw[l], s.decay(), lr);
                    Adam.update(b[l], gb[l], mb[l], vb[l], 0, lr);
                }
            }
            lastLoss = lossSum / n;
        }
        Mlp mlp = new Mlp(sizes, w, b, mean, invScale, s.activation());
        return new Outcome(mlp, lastLoss);
    }
}
