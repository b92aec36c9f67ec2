package org.latentcartography.compression;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.measures.classifier.nn.Adam;
import org.latentcartography.measures.classifier.nn.Dense;

/**
 * Trains a small compression VAE (paper sec. 4.2) on a model's latent codes, in-process:
 * encoder D → H (tanh) → (μ, log σ²) ∈ R^d × R^d, decoder d → H (tanh) → D, on inputs centred at the
 * training points' mean and divided by one scale for all dimensions, the root mean square of their
 * standard deviations (so that the codes' Euclidean geometry is kept). The loss per point is the
 * negative ELBO up to a constant, Σ_j [½ (x_j − x̂_j)² e^(−s_j) + ½ s_j] + β·KL(N(μ, σ²) ‖ N(0, 1)),
 * with one learned log-variance s_j per dimension (as the shipped Python VAE) and β ramped
 * linearly from 1/W to 1 over the first W = max(1, epochs / 5) epochs (the epochs actually run, see
 * {@link Settings#epochsFor}). Adam (the classifier's,
 * {@link Adam}) on shuffled mini-batches; Glorot-uniform initial weights.
 *
 * <p>Deterministic: one thread, a fixed order of operations, and every random draw (the held-out
 * split, the initial weights, the shuffles, the reparameterisation noise) from a
 * {@link SplittableRandom} seeded with the given seed: the same embeddings, settings and seed
 * give the same decoder bit for bit.
 *
 * <p>Stability: experimental.
 */
public final class Compressor {

    /**
     * @param dims d, the codes' dimension: 2 or 3
     * @param hidden H, the hidden layers' width, at least 1
     * @param epochs passes over the training points, at least 1 (more when {@code minSteps} asks for more)
     * @param batch points per mini-batch, at least 1
     * @param rate Adam's learning rate, positive
     * @param heldOut share of the points held out for the reconstruction error, in [0, 0.5]
     * @param neighbours k of the k-nearest-neighbour score, at least 1
     * @param queries at most this many points (a seeded sample) are scored for kept neighbours
     * @param minSteps at least this many Adam steps (mini-batches): when {@code epochs} passes over
     *     the training points make fewer, training runs as many more epochs as it takes; 0 for
     *     exactly {@code epochs}
     */
    public record Settings(int dims, int hidden, int epochs, int batch, double rate, double heldOut,
                           int neighbours, int queries, int minSteps) {
        /** Checks the ranges above; throws IllegalArgumentException naming the setting. */
        public Settings {
            check(dims == 2 || dims == 3, "dims must be 2 or 3, not " + dims);
            check(hidden >= 1, "hidden must be at least 1");
            check(epochs >= 1, "epochs must be at least 1");
            check(batch >= 1, "batch must be at least 1");
            check(rate > 0 && Double.isFinite(rate), "rate must be positive");
            check(heldOut >= 0 && heldOut <= 0.5, "heldOut must be in [0, 0.5]");
            check(neighbours >= 1, "neighbours must be at least 1");
            check(queries >= 1, "queries must be at least 1");
            check(minSteps >= 0, "minSteps must not be negative");
        }

        /**
         * The defaults: a small data set gets more epochs, so that training takes at least 20,000
         * steps (the category separation of the fortunes-32d codes' 2-D codes kept improving up to
         * about that many; 100 epochs over its 3,914 training codes are only 6,200 steps).
         *
         * @return d = 2, H = 64, 100 epochs but at least 20,000 steps, batch 64, rate 1e-3, 10% held
         *     out, k = 10, 2,000 queries
         */
        public static Settings defaults() {
            return new Settings(2, 64, 100, 64, 1e-3, 0.1, 10, 2000, DEFAULT_MIN_STEPS);
        }

        /**
         * @param d 2 or 3
         * @return these settings with d codes
         */
        public Settings withDims(int d) {
            return new Settings(d, hidden, epochs, batch, rate, heldOut, neighbours, queries, minSteps);
        }

        /**
         * @param e passes over the data
         * @return these settings with exactly e epochs (no minimum number of steps)
         */
        public Settings withEpochs(int e) {
            return new Settings(dims, hidden, e, batch, rate, heldOut, neighbours, queries, 0);
        }

        /**
         * @param h the hidden width
         * @return these settings with hidden width h
         */
        public Settings withHidden(int h) {
            return new Settings(dims, h, epochs, batch, rate, heldOut, neighbours, queries, minSteps);
        }

        /**
         * @param points the number of points trained on
         * @return the epochs training runs on that many points: {@code epochs}, or more to reach
         *     {@code minSteps}
         */
        public int epochsFor(int points) {
            int perEpoch = (Math.max(1, points) + Math.min(batch, Math.max(1, points)) - 1) / Math.min(batch, Math.max(1, points));
            long needed = (minSteps + (long) perEpoch - 1) / perEpoch;
            return (int) Math.max(epochs, Math.min(Integer.MAX_VALUE, needed));
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** Hears about training as it goes. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called after each epoch, on the training thread.
         *
         * @param epoch the epoch just finished, from 1
         * @param epochs the number of epochs
         * @param loss the epoch's mean loss per training point (negative ELBO up to a constant)
         * @param heldOutError the held-out points' relative reconstruction error (NaN without a split)
         */
        void epoch(int epoch, int epochs, double loss, double heldOutError);
    }

    private static final System.Logger LOG = System.getLogger(Compressor.class.getName());
    private static final double LOG_VARIANCE_LIMIT = 9;
    /** Adam steps the default settings train for at least. */
    static final int DEFAULT_MIN_STEPS = 20_000;

    private Compressor() {
    }

    /**
     * Trains the VAE and reports on it.
     *
     * @param embeddings the model's latent codes, at least 10 of at least d + 1 dimensions, never null
     * @param settings the settings, never null
     * @param seed the seed of every random draw
     * @param listener told after every epoch, never null
     * @return the VAE, the codes of the embeddings and the report
     * @throws UsageException when there are too few embeddings or dimensions, or they do not vary
     */
    public static Compression train(Embeddings embeddings, Settings settings, long seed, Listener listener) {
        long start = System.nanoTime();
        int n = embeddings.count();
        int dd = embeddings.dimension();
        int d = settings.dims();
        if (n < 10) {
            throw new UsageException("a compression VAE needs at least 10 embeddings; there are " + n);
        }
        if (dd <= d) {
            throw new UsageException("the embeddings have " + dd + " dimensions; compressing them to " + d
                    + " needs more than " + d);
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom splitRandom = root.split();
        SplittableRandom initRandom = root.split();
        SplittableRandom shuffleRandom = root.split();
        SplittableRandom noiseRandom = root.split();
        SplittableRandom queryRandom = root.split();

        int[][] split = split(n, settings.heldOut(), splitRandom);
        int[] train = split[0];
        int[] test = split[1];
        double[] x = new double[n * dd];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dd; k++) {
                x[i * dd + k] = embeddings.get(i, k);
            }
        }
        double[] mean = new double[dd];
        double[] sd = new double[dd];
        for (int r : train) {
            for (int k = 0; k < dd; k++) {
                mean[k] += x[r * dd + k];
            }
        }
        for (int k = 0; k < dd; k++) {
            mean[k] /= train.length;
        }
        boolean varies = false;
        for (int r : train) {
            for (int k = 0; k < dd; k++) {
                double v = x[r * dd + k] - mean[k];
                sd[k] += v * v;
            }
        }
        // One scale for every dimension (the root mean square of the dimensions' standard deviations),
        // not one per dimension: scaling each dimension to unit variance would change the codes'
        // Euclidean geometry, whose neighbourhoods the compression is to keep, and would give a
        // collapsed VAE dimension (a nearly constant coordinate) as much weight as an active one.
        double meanVariance = 0;
        for (int k = 0; k < dd; k++) {
            double var = sd[k] / train.length;
            varies |= var > 0;
            meanVariance += var / dd;
        }
        if (!varies) {
            throw new UsageException("the embeddings are all the same point; there is nothing to compress");
        }
        double scale = Math.sqrt(meanVariance);
        double[] invScale = new double[dd];
        for (int k = 0; k < dd; k++) {
            sd[k] = scale;
            invScale[k] = 1 / scale;
        }
        double[] xs = new double[n * dd];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dd; k++) {
                xs[i * dd + k] = (x[i * dd + k] - mean[k]) * invScale[k];
            }
        }

        Net net = new Net(dd, settings.hidden(), d, initRandom);
        int batch = Math.min(settings.batch(), train.length);
        Net.Scratch s = net.scratch(batch);
        int[] order = train.clone();
        int epochs = settings.epochsFor(train.length);
        int warm = Math.max(1, epochs / 5);
        long step = 0;
        double lastLoss = Double.NaN;
        double heldOutError = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double beta = Math.min(1.0, (epoch + 1) / (double) warm);
            for (int i = order.length - 1; i > 0; i--) {
                int j = shuffleRandom.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lossSum = 0;
            for (int from = 0; from < order.length; from += batch) {
                int m = Math.min(batch, order.length - from);
                for (int r = 0; r < m; r++) {
                    System.arraycopy(xs, order[from + r] * dd, s.x, r * dd, dd);
                }
                lossSum += net.step(s, m, beta, noiseRandom);
                step++;
                net.update(Adam.stepSize(settings.rate(), step));
            }
            lastLoss = lossSum / order.length;
            CompressionVae vae = net.vae(mean, sd, invScale);
            heldOutError = test.length == 0 ? Double.NaN : relativeError(vae, embeddings, x, test, mean);
            listener.epoch(epoch + 1, epochs, lastLoss, heldOutError);
        }
        CompressionVae vae = net.vae(mean, sd, invScale);
        double[] codes = vae.encode(embeddings);
        double trainError = relativeError(vae, embeddings, x, train, mean);

        int[] queries = queries(n, settings.queries(), queryRandom);
        int k = Math.min(settings.neighbours(), n - 1);
        double keptVae = Neighbourhoods.keptShare(x, dd, codes, d, n, k, queries);
        LatentPlane pca = LatentPlane.principal(embeddings, d);
        double[] pcaScores = pca.project(embeddings).coordinates();
        for (int a = 0; a < d; a++) {
            double norm = Math.sqrt(Arrays.stream(pca.axis(a)).map(v -> v * v).sum());
            for (int i = 0; i < n; i++) {
                pcaScores[i * d + a] *= norm;
            }
        }
        double keptPca = Neighbourhoods.keptShare(x, dd, pcaScores, d, n, k, queries);
        double pcaError = pcaRelativeError(pca, embeddings, test.length > 0 ? test : train, mean);
        double seconds = (System.nanoTime() - start) / 1e9;
        Compression.Report report = new Compression.Report(n, dd, d, settings.hidden(), epochs, seed,
                train.length, test.length, lastLoss, trainError, heldOutError, pcaError, k, queries.length,
                keptVae, keptPca, seconds);
        LOG.log(System.Logger.Level.DEBUG, () -> "compression VAE trained: " + report);
        return new Compression(vae, codes, report);
    }

    /** Seeded split: round(fraction · n) points held out (at least 1 when fraction &gt; 0), sorted. */
    private static int[][] split(int n, double fraction, SplittableRandom random) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int h = (int) Math.round(fraction * n);
        if (fraction > 0) {
            h = Math.max(1, h);
        }
        int[] test = Arrays.copyOfRange(perm, 0, h);
        int[] train = Arrays.copyOfRange(perm, h, n);
        Arrays.sort(test);
        Arrays.sort(train);
        return new int[][] {train, test};
    }

    private static int[] queries(int n, int max, SplittableRandom random) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] q = Arrays.copyOf(perm, max);
        Arrays.sort(q);
        return q;
    }

    /** Σ |x − decode(μ(x))|² / Σ |x − mean|² over the given rows. */
    private static double relativeError(CompressionVae vae, Embeddings embeddings, double[] x, int[] rows,
                                        double[] mean) {
        int dd = embeddings.dimension();
        double[] sub = new double[rows.length * dd];
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(x, rows[t] * dd, sub, t * dd, dd);
        }
        Embeddings e = new Embeddings(sub, rows.length, dd);
        double[] y = vae.decode(vae.encode(e), rows.length);
        double err = 0;
        double var = 0;
        for (int i = 0; i < sub.length; i++) {
            double a = sub[i] - y[i];
            double b = sub[i] - mean[i % dd];
            err += a * a;
            var += b * b;
        }
        return err / var;
    }

    private static double pcaRelativeError(LatentPlane pca, Embeddings embeddings, int[] rows, double[] mean) {
        double[] r = pca.project(embeddings).residuals();
        int dd = embeddings.dimension();
        double err = 0;
        double var = 0;
        for (int i : rows) {
            err += r[i] * r[i];
            for (int k = 0; k < dd; k++) {
                double b = embeddings.get(i, k) - mean[k];
                var += b * b;
            }
        }
        return err / var;
    }

    /** The network's parameters, gradients and Adam moments, and one training step. */
    private static final class Net {
        final int dd;
        final int h;
        final int d;
        // parameters: We1, be1, We2, be2, Wd1, bd1, Wd2, bd2, s (log-variance per dimension)
        final double[][] p;
        final double[][] g;
        final double[][] m;
        final double[][] v;

        Net(int dd, int h, int d, SplittableRandom random) {
            this.dd = dd;
            this.h = h;
            this.d = d;
            p = new double[][] {Dense.glorotUniform(dd, h, random), new double[h],
                Dense.glorotUniform(h, 2 * d, random), new double[2 * d],
                Dense.glorotUniform(d, h, random), new double[h],
                Dense.glorotUniform(h, dd, random), new double[dd],
                new double[dd]};
            g = new double[p.length][];
            m = new double[p.length][];
            v = new double[p.length][];
            for (int i = 0; i < p.length; i++) {
                g[i] = new double[p[i].length];
                m[i] = new double[p[i].length];
                v[i] = new double[p[i].length];
            }
        }

        /** Per-batch activations and deltas. */
        static final class Scratch {
            double[] x;
            double[] he;
            double[] e;
            double[] eps;
            double[] z;
            double[] hd;
            double[] y;
            double[] dy;
            double[] dhd;
            double[] dz;
            double[] de;
            double[] dhe;
        }

        Scratch scratch(int batch) {
            Scratch s = new Scratch();
            s.x = new double[batch * dd];
            s.he = new double[batch * h];
            s.e = new double[batch * 2 * d];
            s.eps = new double[batch * d];
            s.z = new double[batch * d];
            s.hd = new double[batch * h];
            s.y = new double[batch * dd];
            s.dy = new double[batch * dd];
            s.dhd = new double[batch * h];
            s.dz = new double[batch * d];
            s.de = new double[batch * 2 * d];
            s.dhe = new double[batch * h];
            return s;
        }

        /** Forward and backward over s.x's first {@code rows} rows; fills g; returns the summed loss. */
        double step(Scratch s, int rows, double beta, SplittableRandom noise) {
            Dense.affine(p[0], p[1], dd, h, s.x, rows, s.he);
            Dense.activate(Dense.Activation.TANH, s.he, rows * h);
            Dense.affine(p[2], p[3], h, 2 * d, s.he, rows, s.e);
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < d; k++) {
                    double eps = noise.nextGaussian();
                    s.eps[r * d + k] = eps;
                    s.z[r * d + k] = s.e[r * 2 * d + k] + Math.exp(0.5 * s.e[r * 2 * d + d + k]) * eps;
                }
            }
            Dense.affine(p[4], p[5], d, h, s.z, rows, s.hd);
            Dense.activate(Dense.Activation.TANH, s.hd, rows * h);
            Dense.affine(p[6], p[7], h, dd, s.hd, rows, s.y);
            double loss = 0;
            double inv = 1.0 / rows;
            double[] logVar = p[8];
            double[] gs = g[8];
            Arrays.fill(gs, 0);
            for (int j = 0; j < dd; j++) {
                double iv = Math.exp(-logVar[j]);
                for (int r = 0; r < rows; r++) {
                    double err = s.x[r * dd + j] - s.y[r * dd + j];
                    double e2 = err * err * iv;
                    loss += 0.5 * e2 + 0.5 * logVar[j];
                    s.dy[r * dd + j] = -err * iv * inv;
                    gs[j] += (0.5 - 0.5 * e2) * inv;
                }
            }
            Dense.gradients(s.hd, s.dy, rows, h, dd, g[6], g[7]);
            Dense.backpropagate(p[6], s.hd, Dense.Activation.TANH, s.dy, rows, h, dd, s.dhd);
            Dense.gradients(s.z, s.dhd, rows, d, h, g[4], g[5]);
            Dense.backpropagate(p[4], s.z, null, s.dhd, rows, d, h, s.dz);
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < d; k++) {
                    double mu = s.e[r * 2 * d + k];
                    double lv = s.e[r * 2 * d + d + k];
                    double var = Math.exp(lv);
                    loss += beta * 0.5 * (mu * mu + var - 1 - lv);
                    double dz = s.dz[r * d + k];
                    s.de[r * 2 * d + k] = dz + beta * mu * inv;
                    s.de[r * 2 * d + d + k] = dz * s.eps[r * d + k] * 0.5 * Math.sqrt(var) + beta * 0.5 * (var - 1) * inv;
                }
            }
            Dense.gradients(s.he, s.de, rows, h, 2 * d, g[2], g[3]);
            Dense.backpropagate(p[2], s.he, Dense.Activation.TANH, s.de, rows, h, 2 * d, s.dhe);
            Dense.gradients(s.x, s.dhe, rows, dd, h, g[0], g[1]);
            return loss;
        }

        void update(double lr) {
            for (int i = 0; i < p.length; i++) {
                Adam.update(p[i], g[i], m[i], v[i], 0, lr);
            }
            double[] logVar = p[8];
            for (int j = 0; j < dd; j++) {
                logVar[j] = Math.max(-LOG_VARIANCE_LIMIT, Math.min(LOG_VARIANCE_LIMIT, logVar[j]));
            }
        }

        /** The VAE of the current parameters; the decoder's last layer un-standardises. */
        CompressionVae vae(double[] mean, double[] sd, double[] invScale) {
            float[] wd2 = new float[h * dd];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < dd; j++) {
                    wd2[i * dd + j] = (float) (p[6][i * dd + j] * sd[j]);
                }
            }
            float[] bd2 = new float[dd];
            for (int j = 0; j < dd; j++) {
                bd2[j] = (float) (p[7][j] * sd[j] + mean[j]);
            }
            return new CompressionVae(d, dd, h, mean.clone(), invScale.clone(), p[0].clone(), p[1].clone(),
                    p[2].clone(), p[3].clone(), floats(p[4]), floats(p[5]), wd2, bd2);
        }

        private static float[] floats(double[] a) {
            float[] f = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                f[i] = (float) a[i];
            }
            return f;
        }
    }
}
