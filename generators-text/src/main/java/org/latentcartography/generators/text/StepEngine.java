package org.latentcartography.generators.text;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.CartographyException;

/**
 * A stateful step decoder: (z, previous token, states) → (next-token distribution, next states),
 * with an optional init model z → states (zeros without one). The input tensors and the pinned
 * output tensors are views over direct buffers, made once per number of rows and reused for every
 * step; the two sets of state buffers swap roles after each step, so a step copies nothing. When
 * rows finish, {@link #compact} moves the states and latent points of the rows still decoding to
 * the front, and the next step runs on those rows only.
 */
final class StepEngine extends Engine {

    /** The checked signature of a step model, shared by the engines of all threads. */
    record Signature(TextManifest manifest, String distName, boolean probabilities, long[][] stateShapes,
                     int[] stateSizes, int vocabulary) {
    }

    private final Signature sig;
    private final OrtSession initSession;
    private final OrtSession stepSession;
    private final int dz;
    private int capacity;
    private FloatBuffer z;
    private LongBuffer token;
    private FloatBuffer[] stateA;
    private FloatBuffer[] stateB;
    private FloatBuffer dist;
    private final List<OnnxTensor> tensors = new ArrayList<>();
    private Bound[] bound;
    private boolean aIsCurrent;

    private StepEngine(Signature sig, OrtSession init, OrtSession step) {
        this.sig = sig;
        this.initSession = init;
        this.stepSession = step;
        this.dz = sig.manifest.latentDimension;
    }

    /** Opens the sessions of one engine. */
    static StepEngine open(Signature sig, int threads) {
        TextManifest m = sig.manifest;
        OrtSession init = m.init == null ? null : Ort.open(m.init.model(), threads);
        try {
            return new StepEngine(sig, init, Ort.open(m.step.model(), threads));
        } catch (RuntimeException e) {
            Ort.closeQuietly(init);
            throw e;
        }
    }

    /** Opens the first engine and checks the models' signatures against the manifest. */
    static StepEngine openChecked(TextManifest m, int threads) {
        OrtSession init = m.init == null ? null : Ort.open(m.init.model(), threads);
        OrtSession step = null;
        try {
            step = Ort.open(m.step.model(), threads);
            Signature sig = check(m, init, step);
            return new StepEngine(sig, init, step);
        } catch (OrtException e) {
            Ort.closeQuietly(init);
            Ort.closeQuietly(step);
            throw new CartographyException(m.step.model() + ": cannot read the model's inputs and outputs ("
                    + Ort.oneLine(e) + ")", e);
        } catch (RuntimeException e) {
            Ort.closeQuietly(init);
            Ort.closeQuietly(step);
            throw e;
        }
    }

    private static Signature check(TextManifest m, OrtSession init, OrtSession step) throws OrtException {
        TextManifest.Step s = m.step;
        List<String> inputs = new ArrayList<>(List.of(s.latent(), s.token()));
        inputs.addAll(s.statesIn());
        Ort.requireInputs(step, s.model(), inputs);
        long[] zShape = Ort.shape(step, s.model(), s.latent(), true, OnnxJavaType.FLOAT, 2);
        checkLatent(m, s.model(), s.latent(), zShape);
        Ort.shape(step, s.model(), s.token(), true, OnnxJavaType.INT64, 1);
        int n = s.statesIn().size();
        long[][] shapes = new long[n][];
        int[] sizes = new int[n];
        for (int k = 0; k < n; k++) {
            long[] in = Ort.shape(step, s.model(), s.statesIn().get(k), true, OnnxJavaType.FLOAT, 0);
            long[] out = Ort.shape(step, s.model(), s.statesOut().get(k), false, OnnxJavaType.FLOAT, 0);
            long[] inTail = tail(in, s.model(), s.statesIn().get(k));
            if (!Arrays.equals(inTail, tail(out, s.model(), s.statesOut().get(k)))) {
                throw new CartographyException(s.model() + ": state '" + s.statesIn().get(k) + "' has shape "
                        + Arrays.toString(in) + " but the next state '" + s.statesOut().get(k) + "' has shape "
                        + Arrays.toString(out) + "; they must agree");
            }
            shapes[k] = inTail;
            long size = 1;
            for (long d : inTail) {
                size *= d;
            }
            sizes[k] = Math.toIntExact(size);
        }
        if (init != null) {
            TextManifest.Init i = m.init;
            Ort.requireInputs(init, i.model(), List.of(i.latent()));
            checkLatent(m, i.model(), i.latent(), Ort.shape(init, i.model(), i.latent(), true, OnnxJavaType.FLOAT, 2));
            for (int k = 0; k < n; k++) {
                long[] out = Ort.shape(init, i.model(), i.states().get(k), false, OnnxJavaType.FLOAT, 0);
                if (!Arrays.equals(shapes[k], tail(out, i.model(), i.states().get(k)))) {
                    throw new CartographyException(i.model() + ": initial state '" + i.states().get(k) + "' has shape "
                            + Arrays.toString(out) + " but the step model's state '" + s.statesIn().get(k)
                            + "' has [batch, " + joined(shapes[k]) + "]");
                }
            }
        }
        boolean probs = s.probabilities() != null;
        String dist = probs ? s.probabilities() : s.logits();
        long[] d = Ort.shape(step, s.model(), dist, false, OnnxJavaType.FLOAT, 2);
        checkVocabulary(m, s.model(), dist, d[1]);
        return new Signature(m, dist, probs, shapes, sizes, m.vocabularySize());
    }

    static void checkLatent(TextManifest m, java.nio.file.Path model, String name, long[] shape) {
        if (shape[1] > 0 && shape[1] != m.latentDimension) {
            throw new CartographyException(model + ": input '" + name + "' takes " + shape[1]
                    + "-dimensional points but the manifest says latent_dimension " + m.latentDimension);
        }
    }

    static void checkVocabulary(TextManifest m, java.nio.file.Path model, String name, long width) {
        if (width <= 0) {
            throw new CartographyException(model + ": output '" + name + "' has no fixed vocabulary width");
        }
        if (width != m.vocabularySize()) {
            throw new CartographyException(m.dir.resolve("manifest.json") + ": the vocabulary has "
                    + m.vocabularySize() + " words but " + model.getFileName() + " output '" + name + "' has " + width);
        }
    }

    private static long[] tail(long[] shape, java.nio.file.Path model, String name) {
        if (shape.length < 2) {
            throw new CartographyException(model + ": state '" + name + "' has shape " + Arrays.toString(shape)
                    + "; expected [batch, ...]");
        }
        long[] t = Arrays.copyOfRange(shape, 1, shape.length);
        for (long d : t) {
            if (d <= 0) {
                throw new CartographyException(model + ": state '" + name + "' has shape " + Arrays.toString(shape)
                        + "; all but the batch dimension must be fixed");
            }
        }
        return t;
    }

    private static String joined(long[] a) {
        StringBuilder sb = new StringBuilder();
        for (long v : a) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v);
        }
        return sb.toString();
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
        int states = sig.stateSizes.length;
        if (capacity < count) {
            releaseTensors();
            capacity = count;
            z = Ort.floats((long) count * dz);
            token = Ort.longs(count);
            stateA = new FloatBuffer[states];
            stateB = new FloatBuffer[states];
            for (int k = 0; k < states; k++) {
                stateA[k] = Ort.floats((long) count * sig.stateSizes[k]);
                stateB[k] = Ort.floats((long) count * sig.stateSizes[k]);
            }
            dist = Ort.floats((long) count * sig.vocabulary);
            bound = new Bound[count + 1];
        }
        for (int i = 0; i < count * dz; i++) {
            z.put(i, (float) zs[i]);
        }
        if (initSession != null) {
            initSession.run(bound(count).initIn, bound(count).initOut).close(); // the states land in stateA
        } else {
            for (int k = 0; k < states; k++) {
                for (int i = 0; i < count * sig.stateSizes[k]; i++) {
                    stateA[k].put(i, 0f);
                }
            }
        }
        aIsCurrent = true;
    }

    /**
     * The tensors of a batch of n rows: views over the first n rows of the direct buffers, made
     * the first time a batch of n rows is seen and kept until the buffers grow, so that a step,
     * whatever its number of rows still decoding, makes no tensor.
     */
    private Bound bound(int n) throws OrtException {
        Bound b = bound[n];
        if (b == null) {
            b = new Bound(n);
            bound[n] = b;
        }
        return b;
    }

    private final class Bound {
        final Map<String, OnnxTensor> initIn = new HashMap<>();
        final Map<String, OnnxTensor> initOut = new HashMap<>();
        final Map<String, OnnxTensor> inA = new HashMap<>();
        final Map<String, OnnxTensor> outB = new HashMap<>();
        final Map<String, OnnxTensor> inB = new HashMap<>();
        final Map<String, OnnxTensor> outA = new HashMap<>();

        Bound(int n) throws OrtException {
            TextManifest.Step s = sig.manifest.step;
            OnnxTensor zt = tensor(Ort.view(z, n * dz), new long[] {n, dz});
            OnnxTensor tt = OnnxTensor.createTensor(Ort.ENV, Ort.view(token, n), new long[] {n});
            tensors.add(tt);
            OnnxTensor dt = tensor(Ort.view(dist, n * sig.vocabulary), new long[] {n, sig.vocabulary});
            if (sig.manifest.init != null) {
                initIn.put(sig.manifest.init.latent(), zt);
            }
            inA.put(s.latent(), zt);
            inB.put(s.latent(), zt);
            inA.put(s.token(), tt);
            inB.put(s.token(), tt);
            outA.put(sig.distName, dt);
            outB.put(sig.distName, dt);
            for (int k = 0; k < sig.stateSizes.length; k++) {
                long[] shape = new long[sig.stateShapes[k].length + 1];
                shape[0] = n;
                System.arraycopy(sig.stateShapes[k], 0, shape, 1, sig.stateShapes[k].length);
                OnnxTensor a = tensor(Ort.view(stateA[k], n * sig.stateSizes[k]), shape);
                OnnxTensor b = tensor(Ort.view(stateB[k], n * sig.stateSizes[k]), shape);
                inA.put(s.statesIn().get(k), a);
                outB.put(s.statesOut().get(k), b);
                inB.put(s.statesIn().get(k), b);
                outA.put(s.statesOut().get(k), a);
                if (sig.manifest.init != null) {
                    initOut.put(sig.manifest.init.states().get(k), a);
                }
            }
        }
    }

    private OnnxTensor tensor(FloatBuffer b, long[] shape) throws OrtException {
        OnnxTensor t = OnnxTensor.createTensor(Ort.ENV, b, shape);
        tensors.add(t);
        return t;
    }

    @Override
    void step(int t, long[] history, int stride, int[] rows, int n) throws OrtException {
        for (int j = 0; j < n; j++) {
            token.put(j, history[rows[j] * stride + t]);
        }
        Bound b = bound(n);
        // the distribution and next states land in the pinned buffers
        stepSession.run(aIsCurrent ? b.inA : b.inB, aIsCurrent ? b.outB : b.outA).close();
        aIsCurrent = !aIsCurrent;
    }

    @Override
    void compact(int[] keep, int n) {
        FloatBuffer[] current = aIsCurrent ? stateA : stateB;
        for (int j = 0; j < n; j++) {
            int from = keep[j];
            if (from != j) { // from > j: the rows move down, each over one already moved or finished
                for (int k = 0; k < current.length; k++) {
                    int size = sig.stateSizes[k];
                    current[k].put(j * size, current[k], from * size, size);
                }
                z.put(j * dz, z, from * dz, dz);
            }
        }
    }

    @Override
    FloatBuffer dist() {
        return dist;
    }

    @Override
    int offset(int row) {
        return row * sig.vocabulary;
    }

    private void releaseTensors() {
        for (OnnxTensor t : tensors) {
            t.close();
        }
        tensors.clear();
        bound = null;
    }

    @Override
    public void close() {
        releaseTensors();
        Ort.closeQuietly(stepSession);
        Ort.closeQuietly(initSession);
    }
}
