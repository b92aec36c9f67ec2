package org.latentcartography.generators.text;

import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.InputPrecision;
import org.latentcartography.core.spi.TextDecoder;

/**
 * An autoregressive text decoder as a generator. Its output for a latent point z is the average
 * word distribution of paper Eq. 1, h(z) = (1/T') Σ_t p(w_t | z, w_&lt;t), one value per vocabulary
 * word, where the w_t are the decoded tokens (greedy, or sampled with the point's seed).
 *
 * <p>After the end token: with {@code after-eos=stop} (the default) the average runs over the
 * steps up to and including the one that emitted the end token (T' = that step), so h describes
 * the words the decoder actually chose between; with {@code after-eos=eos} a finished sequence
 * keeps "emitting" the end token with probability 1 until T (T' = T), so short sentences weigh
 * the end token more. Either way h sums to 1 (it is normalised once more at the end against
 * rounding of the model's float32 probabilities). The unknown-word token stays in h; {@code
 * block-unk=true} only keeps the decoder from choosing it.
 *
 * <p>Rows of a batch are decoded together; after each step the rows that emitted the end token
 * leave the batch (the engine moves the others to the front), so the model runs only on rows
 * still decoding, until none is left or T steps are done. Each row's values are those of the row
 * decoded alone: the model computes each row on its own. With float probabilities and greedy
 * decoding, a step's sum and choice are one pass over the row. Each thread has its own engine
 * (sessions and buffers).
 */
final class TextGenerator implements Generator, TextDecoder {

    enum Decode { GREEDY, SAMPLE }

    private final TextManifest manifest;
    private final String decoder;
    private final Decode decode;
    private final double temperature;
    private final int topK;
    private final boolean blockUnk;
    private final boolean padAfterEos;
    private final int maxLength;
    private final int batch;
    private final int threads;
    private final int vocabulary;
    private final StepEngine.Signature stepSig;
    private final PrefixEngine.Signature prefixSig;
    private final ConcurrentLinkedQueue<Engine> idle = new ConcurrentLinkedQueue<>();
    private final List<Engine> engines = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Engine> local = new ThreadLocal<>();
    private final ThreadLocal<Scratch> scratch;
    private volatile boolean closed;

    private static final class Scratch {
        final float[] f;
        final double[] p;
        final double[] sel;

        Scratch(int v) {
            f = new float[v];
            p = new double[v];
            sel = new double[v];
        }
    }

    TextGenerator(TextManifest manifest, String decoder, Decode decode, double temperature, int topK,
                  boolean blockUnk, boolean padAfterEos, int maxLength, int batch, int threads) {
        this.manifest = manifest;
        this.decoder = decoder;
        this.decode = decode;
        this.temperature = temperature;
        this.topK = topK;
        this.blockUnk = blockUnk;
        this.padAfterEos = padAfterEos;
        this.maxLength = maxLength;
        this.batch = batch;
        this.threads = threads;
        this.vocabulary = manifest.vocabularySize();
        Engine first;
        if (decoder.equals("step")) {
            StepEngine e = StepEngine.openChecked(manifest, threads);
            stepSig = e.signature();
            prefixSig = null;
            first = e;
        } else {
            PrefixEngine e = PrefixEngine.openChecked(manifest, maxLength, threads);
            prefixSig = e.signature();
            stepSig = null;
            first = e;
        }
        engines.add(first);
        idle.add(first);
        scratch = ThreadLocal.withInitial(() -> new Scratch(vocabulary));
    }

    private Engine engine() {
        if (closed) {
            throw new IllegalStateException(name() + ": generator is closed");
        }
        Engine e = local.get();
        if (e == null) {
            e = idle.poll();
            if (e == null) {
                e = stepSig != null ? StepEngine.open(stepSig, threads) : PrefixEngine.open(prefixSig, threads);
                engines.add(e);
                if (closed) {
                    e.close();
                    throw new IllegalStateException(name() + ": generator is closed");
                }
            }
            local.set(e);
        }
        return e;
    }

    /** Its latent points go into a float32 tensor: {@link InputPrecision#FLOAT32}. */
    @Override
    public <T> java.util.Optional<T> capability(Class<T> type) {
        if (type == InputPrecision.class) {
            return java.util.Optional.of(type.cast(InputPrecision.FLOAT32));
        }
        return Generator.super.capability(type);
    }

    @Override
    public String name() {
        return manifest.dir.getFileName() == null ? manifest.dir.toString() : manifest.dir.getFileName().toString();
    }

    @Override
    public int latentDimension() {
        return manifest.latentDimension;
    }

    @Override
    public int outputDimension() {
        return vocabulary;
    }

    @Override
    public boolean isStochastic() {
        return decode == Decode.SAMPLE;
    }

    @Override
    public int preferredBatchSize() {
        return batch;
    }

    @Override
    public List<String> vocabulary() {
        return manifest.vocabulary;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public int endToken() {
        return manifest.eos;
    }

    @Override
    public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
        run(z, count, seeds, blockUnk, out, outOffset, null);
    }

    @Override
    public int[][] decode(double[] z, int count, long[] seeds, boolean blockUnknown) {
        int[][] tokens = new int[count][];
        for (int start = 0; start < count; start += batch) {
            int n = Math.min(batch, count - start);
            double[] part = java.util.Arrays.copyOfRange(z, start * latentDimension(), (start + n) * latentDimension());
            long[] s = java.util.Arrays.copyOfRange(seeds, start, start + n);
            int[][] t = new int[n][];
            run(part, n, s, blockUnknown || blockUnk, null, 0, t);
            System.arraycopy(t, 0, tokens, start, n);
        }
        return tokens;
    }

    private void run(double[] z, int count, long[] seeds, boolean block, double[] out, int outOffset, int[][] tokensOut) {
        Engine e = engine();
        Scratch sc = scratch.get();
        int v = vocabulary;
        int stride = maxLength + 1;
        long[] history = new long[count * stride];
        int[] steps = new int[count];
        SplittableRandom[] rng = decode == Decode.SAMPLE ? new SplittableRandom[count] : null;
        for (int i = 0; i < count; i++) {
            history[i * stride] = manifest.bos;
            if (rng != null) {
                rng[i] = new SplittableRandom(seeds[i]);
            }
        }
        if (out != null) {
            java.util.Arrays.fill(out, outOffset, outOffset + count * v, 0.0);
        }
        int unk = block ? manifest.unk : -1;
        int[] rows = new int[count]; // the batch row of each row still decoding
        int[] keep = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = i;
        }
        try {
            e.start(z, count);
            int active = count;
            for (int t = 0; t < maxLength && active > 0; t++) {
                e.step(t, history, stride, rows, active);
                int kept = chooseTokens(e, sc, t, active, rows, keep, history, stride, steps, out, outOffset, unk, rng);
                if (kept > 0 && kept < active && t + 1 < maxLength) {
                    e.compact(keep, kept);
                }
                active = kept;
            }
        } catch (OrtException ex) {
            throw new CartographyException(name() + ": decoding failed (" + Ort.oneLine(ex) + ")", ex);
        }
        if (out != null) {
            normalise(out, outOffset, count, v, steps);
        }
        if (tokensOut != null) {
            for (int i = 0; i < count; i++) {
                int[] tk = new int[steps[i]];
                for (int s = 0; s < steps[i]; s++) {
                    tk[s] = (int) history[i * stride + s + 1];
                }
                tokensOut[i] = tk;
            }
        }
    }

    /**
     * After step t: for each of the n rows still decoding, adds its distribution to its row of
     * {@code out} (when not null), chooses its next token into {@code history}, and lists the rows
     * that go on ({@code rows} rewritten to them, {@code keep} their positions).
     *
     * <p>A method of its own, apart from {@link #run}'s loop over the steps, so that the JIT
     * compiles this hot loop once, early and on its own: inlined into that loop, it was compiled
     * again with the whole of it each time one of the loop's rarely taken exits (every row ended
     * before T, no row ended at a step) first occurred, six compilations of a quarter of a second
     * in a 200×200 measure.
     *
     * @return how many rows go on
     */
    private int chooseTokens(Engine e, Scratch sc, int t, int n, int[] rows, int[] keep, long[] history, int stride,
                             int[] steps, double[] out, int outOffset, int unk, SplittableRandom[] rng) {
        int v = vocabulary;
        boolean fused = rng == null && e.probabilities();
        FloatBuffer d = e.dist();
        int kept = 0;
        for (int j = 0; j < n; j++) {
            int i = rows[j];
            d.get(e.offset(j), sc.f, 0, v);
            int next;
            if (fused) {
                next = greedyStep(sc.f, v, out, outOffset + i * v, unk);
            } else {
                probabilities(sc.f, sc.p, e.probabilities(), v);
                if (out != null) {
                    int o = outOffset + i * v;
                    for (int k = 0; k < v; k++) {
                        out[o + k] += sc.p[k];
                    }
                }
                next = rng == null ? argmax(sc.p, v, unk) : sample(sc, v, unk, rng[i]);
            }
            steps[i]++;
            if (next < 0) {
                throw new CartographyException(name() + ": the model gave no usable word probabilities at step "
                        + (t + 1) + " (NaN?)");
            }
            history[i * stride + t + 1] = next;
            if (next != manifest.eos) {
                rows[kept] = i;
                keep[kept++] = j;
            }
        }
        return kept;
    }

    /**
     * Turns each row's sum of per-step distributions into the average: adds the end token's
     * padding (after-eos=eos) and divides by the row's sum. A row's sum is one chain of dependent
     * additions in word order (so the values are those of summing each row alone); two rows are
     * summed side by side, so that the two chains overlap instead of each waiting on its own.
     */
    private void normalise(double[] out, int outOffset, int count, int v, int[] steps) {
        if (padAfterEos) {
            for (int i = 0; i < count; i++) {
                out[outOffset + i * v + manifest.eos] += maxLength - steps[i];
            }
        }
        int i = 0;
        for (; i + 1 < count; i += 2) {
            int o = outOffset + i * v;
            int o2 = o + v;
            double sum = 0;
            double sum2 = 0;
            for (int k = 0; k < v; k++) {
                sum += out[o + k];
                sum2 += out[o2 + k];
            }
            scale(out, o, v, sum);
            scale(out, o2, v, sum2);
        }
        if (i < count) {
            int o = outOffset + i * v;
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += out[o + k];
            }
            scale(out, o, v, sum);
        }
    }

    private void scale(double[] out, int o, int v, double sum) {
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new CartographyException(name() + ": the model gave a word distribution that sums to " + sum
                    + " (NaN or negative probabilities?)");
        }
        double inv = 1 / sum;
        for (int k = 0; k < v; k++) {
            out[o + k] *= inv;
        }
    }

    /**
     * One greedy step over a row of float probabilities, in one pass: adds them to the row's sum
     * (when {@code out} is not null) and picks the most probable token other than {@code blocked},
     * exactly as {@link #argmax} over their double values would (float to double keeps the order).
     *
     * @return the token, or -1 when no probability is a number
     */
    static int greedyStep(float[] f, int v, double[] out, int o, int blocked) {
        int best = -1;
        float bestP = Float.NEGATIVE_INFINITY;
        if (out != null) {
            for (int k = 0; k < v; k++) {
                float x = f[k];
                out[o + k] += x;
                if (x > bestP && k != blocked) {
                    bestP = x;
                    best = k;
                }
            }
        } else {
            for (int k = 0; k < v; k++) {
                float x = f[k];
                if (x > bestP && k != blocked) {
                    bestP = x;
                    best = k;
                }
            }
        }
        return best;
    }

    /** Copies probabilities, or turns logits into probabilities (softmax, in double). */
    private static void probabilities(float[] f, double[] p, boolean probs, int v) {
        if (probs) {
            for (int k = 0; k < v; k++) {
                p[k] = f[k];
            }
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < v; k++) {
            max = Math.max(max, f[k]);
        }
        double sum = 0;
        for (int k = 0; k < v; k++) {
            double x = Math.exp(f[k] - max);
            p[k] = x;
            sum += x;
        }
        double inv = 1 / sum;
        for (int k = 0; k < v; k++) {
            p[k] *= inv;
        }
    }

    /**
     * @return the most probable token other than {@code blocked}, ties going to the lowest id; -1
     *     when no probability is a number
     */
    static int argmax(double[] p, int v, int blocked) {
        int best = -1;
        double bestP = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < v; k++) {
            if (k != blocked && p[k] > bestP) {
                bestP = p[k];
                best = k;
            }
        }
        return best;
    }

    /** Samples from p^(1/temperature), restricted to the top k and without {@code blocked}. */
    private int sample(Scratch sc, int v, int blocked, SplittableRandom rng) {
        double[] w = sc.p;
        if (temperature != 1.0) {
            double inv = 1 / temperature;
            for (int k = 0; k < v; k++) {
                w[k] = Math.pow(w[k], inv);
            }
        }
        if (blocked >= 0) {
            w[blocked] = 0;
        }
        double threshold = 0;
        if (topK > 0 && topK < v) {
            System.arraycopy(w, 0, sc.sel, 0, v);
            threshold = kthLargest(sc.sel, v, topK);
        }
        double total = 0;
        for (int k = 0; k < v; k++) {
            if (w[k] >= threshold) {
                total += w[k];
            }
        }
        if (!(total > 0)) {
            return argmax(sc.p, v, blocked);
        }
        double r = rng.nextDouble() * total;
        int last = -1;
        for (int k = 0; k < v; k++) {
            if (w[k] >= threshold && w[k] > 0) {
                last = k;
                r -= w[k];
                if (r < 0) {
                    return k;
                }
            }
        }
        return last;
    }

    /** @return the k-th largest of a[0..n) (k from 1); reorders a */
    static double kthLargest(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        int target = k - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] > pivot) {
                    i++;
                }
                while (a[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return a[target];
            }
        }
        return a[target];
    }

    @Override
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("decoder", decoder);
        r.put("decode", decode.name().toLowerCase(java.util.Locale.ROOT));
        if (decode == Decode.SAMPLE) {
            r.put("temperature", temperature);
            r.put("top_k", (long) topK);
        }
        r.put("max_length", (long) maxLength);
        r.put("vocabulary", (long) vocabulary);
        r.put("after_eos", padAfterEos ? "eos" : "stop");
        r.put("block_unk", blockUnk);
        return r;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            for (Engine e : engines) {
                e.close();
            }
        }
    }

    @Override
    public String toString() {
        return "text:" + manifest.dir + " (" + decoder + ", " + vocabulary + " words, T = " + maxLength + ")";
    }
}
