package org.latentcartography.generators.text;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.CartographyException;

/**
 * A prefix decoder: (z, tokens so far [B, L]) → distributions for every position [B, L, V]
 * (causal convolution or transformer decoders). Step t runs the model on the L = t + 1 tokens
 * so far and reads the last position. The latent tensor is made once per batch and again when
 * finished rows leave it; the token and output tensors are views over direct buffers sized for
 * the longest prefix.
 */
final class PrefixEngine extends Engine {

    /** The checked signature of a prefix model. */
    record Signature(TextManifest manifest, String distName, boolean probabilities, int vocabulary, int maxLength) {
    }

    private final Signature sig;
    private final OrtSession session;
    private final int dz;
    private int capacity;
    private FloatBuffer z;
    private LongBuffer tokens;
    private FloatBuffer dist;
    private OnnxTensor zTensor;
    private int length;

    private PrefixEngine(Signature sig, OrtSession session) {
        this.sig = sig;
        this.session = session;
        this.dz = sig.manifest.latentDimension;
    }

    static PrefixEngine open(Signature sig, int threads) {
        return new PrefixEngine(sig, Ort.open(sig.manifest.prefix.model(), threads));
    }

    static PrefixEngine openChecked(TextManifest m, int maxLength, int threads) {
        TextManifest.Prefix p = m.prefix;
        OrtSession s = Ort.open(p.model(), threads);
        try {
            Ort.requireInputs(s, p.model(), List.of(p.latent(), p.tokens()));
            StepEngine.checkLatent(m, p.model(), p.latent(), Ort.shape(s, p.model(), p.latent(), true, OnnxJavaType.FLOAT, 2));
            Ort.shape(s, p.model(), p.tokens(), true, OnnxJavaType.INT64, 2);
            boolean probs = p.probabilities() != null;
            String dist = probs ? p.probabilities() : p.logits();
            long[] d = Ort.shape(s, p.model(), dist, false, OnnxJavaType.FLOAT, 3);
            StepEngine.checkVocabulary(m, p.model(), dist, d[2]);
            return new PrefixEngine(new Signature(m, dist, probs, m.vocabularySize(), maxLength), s);
        } catch (OrtException e) {
            Ort.closeQuietly(s);
            throw new CartographyException(p.model() + ": cannot read the model's inputs and outputs ("
                    + Ort.oneLine(e) + ")", e);
        } catch (RuntimeException e) {
            Ort.closeQuietly(s);
            throw e;
        }
    }

    Signature signature() {
        return sig;
    }

    @Override
    boolean probabilities() {
        return sig.probabilities;
    }

    @Override
    void start(double[] zs, int count) throws OrtException {
        if (capacity < count) {
            capacity = count;
            z = Ort.floats((long) count * dz);
            tokens = Ort.longs((long) count * sig.maxLength);
            dist = Ort.floats((long) count * sig.maxLength * sig.vocabulary);
        }
        for (int i = 0; i < count * dz; i++) {
            z.put(i, (float) zs[i]);
        }
        if (zTensor != null) {
            zTensor.close();
        }
        zTensor = OnnxTensor.createTensor(Ort.ENV, Ort.view(z, count * dz), new long[] {count, dz});
    }

    @Override
    void step(int t, long[] history, int stride, int[] rows, int n) throws OrtException {
        int len = t + 1;
        for (int j = 0; j < n; j++) {
            for (int s = 0; s < len; s++) {
                tokens.put(j * len + s, history[rows[j] * stride + s]);
            }
        }
        TextManifest.Prefix p = sig.manifest.prefix;
        try (OnnxTensor tt = OnnxTensor.createTensor(Ort.ENV, Ort.view(tokens, n * len), new long[] {n, len});
             OnnxTensor dt = OnnxTensor.createTensor(Ort.ENV, Ort.view(dist, n * len * sig.vocabulary),
                     new long[] {n, len, sig.vocabulary})) {
            session.run(Map.of(p.latent(), zTensor, p.tokens(), tt), Map.of(sig.distName, dt)).close();
            length = len;
        }
    }

    @Override
    void compact(int[] keep, int n) throws OrtException {
        for (int j = 0; j < n; j++) {
            if (keep[j] != j) {
                z.put(j * dz, z, keep[j] * dz, dz);
            }
        }
        zTensor.close();
        zTensor = null;
        zTensor = OnnxTensor.createTensor(Ort.ENV, Ort.view(z, n * dz), new long[] {n, dz});
    }

    @Override
    FloatBuffer dist() {
        return dist;
    }

    @Override
    int offset(int row) {
        return (row * length + length - 1) * sig.vocabulary;
    }

    @Override
    public void close() {
        if (zTensor != null) {
            zTensor.close();
            zTensor = null;
        }
        Ort.closeQuietly(session);
    }
}
