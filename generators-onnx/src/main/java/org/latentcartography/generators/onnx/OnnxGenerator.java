package org.latentcartography.generators.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.InputPrecision;

/**
 * A generator over an ONNX model run with ONNX Runtime. The model's input (named by
 * {@code input=}, or its only input) takes float32 latent points [batch, D_z]; the chosen output
 * ({@code output=}, or the first) gives [batch, d1, d2, ...], flattened to D_h = d1·d2·... values
 * per point.
 *
 * <p>The model is checked before anything runs: input and output names, ranks, element types
 * and the latent dimension. Each calling thread gets its own session (made on first use; sessions
 * share nothing, which measured faster than concurrent runs on one session) and its own direct
 * input and output buffers, and the output is
 * written by ONNX Runtime straight into them (pinned outputs), so a batch is copied once, into
 * the caller's array. Every ONNX Runtime error becomes a {@link CartographyException} naming the
 * model. Closing is idempotent.
 *
 * <p>Sessions run on the CPU unless {@link Device} asks for CUDA, which needs the GPU build of
 * ONNX Runtime ({@code com.microsoft.onnxruntime:onnxruntime_gpu}) on the module path in place
 * of the CPU build.
 */
final class OnnxGenerator implements Generator {
    private static final System.Logger LOG = System.getLogger("org.latentcartography.generators.onnx");

    private final Path path;
    private final String name;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Path modelPath;
    private final int intraThreads;
    private final Device device;
    /** the CUDA device in use, or -1 when the sessions run on the CPU */
    private final int cudaDevice;
    private final java.util.List<OrtSession> extraSessions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean firstTaken = new java.util.concurrent.atomic.AtomicBoolean();
    private final String inputName;
    private final String outputName;
    private final int latentDim;
    private final int outputDim;
    private final int batch;
    /** The model's fixed batch size (its input's first dimension), or 0 when the batch axis is dynamic. */
    private final int fixedBatch;
    private final long[] outTemplate;
    private final ThreadLocal<Buffers> buffers;
    private volatile boolean closed;

    /** Per-thread direct buffers, sized for the preferred batch and grown on demand. */
    private static final class Buffers {
        OrtSession session;
        FloatBuffer in;
        FloatBuffer out;
        float[] floats;
        int capacity;
    }

    OnnxGenerator(Path path, String input, String output, int threads, int batch) {
        this(path, input, output, threads, batch, Device.CPU);
    }

    /**
     * ONNX Runtime's environment, its native libraries loaded from one cache folder (extracted
     * once) rather than from a new temporary folder per process.
     */
    static synchronized OrtEnvironment environment() {
        String platform = org.latentcartography.core.io.NativeLibraries.platform();
        if (platform != null) {
            org.latentcartography.core.io.NativeLibraries.useCache(OrtEnvironment.class, "ai/onnxruntime/native/" + platform,
                    "onnxruntime.native.path");
        }
        org.latentcartography.core.io.NativeLibraries.removeStaleTemporaryFolders("onnxruntime-java");
        // ONNX Runtime's own log lines (coloured, several per failure) stay quiet: its errors reach the
        // caller as exceptions, reported in one line
        return OrtEnvironment.getEnvironment(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
    }

    OnnxGenerator(Path path, String input, String output, int threads, int batch, Device device) {
        this.path = path;
        this.name = path.toString();
        this.batch = batch;
        this.modelPath = path;
        this.intraThreads = threads;
        this.device = device;
        if (!Files.isRegularFile(path)) {
            throw new CartographyException(name + ": no such model file");
        }
        this.env = environment();
        this.cudaDevice = chooseCuda(device);
        OrtSession s;
        try (OrtSession.SessionOptions options = sessionOptions()) {
            s = env.createSession(path.toString(), options);
        } catch (OrtException e) {
            throw new CartographyException(name + ": not a usable ONNX model (" + oneLine(e) + ")", e);
        }
        this.session = s;
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            this.inputName = choose(inputs, input, "input");
            this.outputName = choose(outputs, output, "output");
            TensorInfo in = tensorInfo(inputs.get(inputName), "input", inputName);
            long[] inShape = in.getShape();
            if (inShape.length != 2) {
                throw new CartographyException(name + ": input '" + inputName + "' has shape "
                        + Arrays.toString(inShape) + "; a generator takes latent points [batch, D_z]");
            }
            if (in.type != OnnxJavaType.FLOAT) {
                throw new CartographyException(name + ": input '" + inputName + "' is " + in.type
                        + "; float32 latent points are supported");
            }
            this.fixedBatch = inShape[0] > 0 ? (int) Math.min(inShape[0], Integer.MAX_VALUE) : 0;
            this.latentDim = inShape[1] > 0 ? (int) inShape[1] : -1;
            if (latentDim < 0) {
                throw new CartographyException(name + ": input '" + inputName
                        + "' has no fixed latent dimension (shape " + Arrays.toString(inShape) + ")");
            }
            TensorInfo out = tensorInfo(outputs.get(outputName), "output", outputName);
            if (out.type != OnnxJavaType.FLOAT) {
                throw new CartographyException(name + ": output '" + outputName + "' is " + out.type
                        + "; float32 outputs are supported");
            }
            long[] outShape = out.getShape();
            if (outShape.length < 2) {
                throw new CartographyException(name + ": output '" + outputName + "' has shape "
                        + Arrays.toString(outShape) + "; expected [batch, ...]");
            }
            long d = 1;
            boolean known = true;
            for (int k = 1; k < outShape.length; k++) {
                if (outShape[k] <= 0) {
                    known = false;
                }
                d *= outShape[k];
            }
            this.outputDim = known ? (int) d : probeOutputDimension();
            this.outTemplate = outShape.clone();
        } catch (OrtException e) {
            closeQuietly();
            throw new CartographyException(name + ": cannot read the model's inputs and outputs (" + oneLine(e) + ")", e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.buffers = ThreadLocal.withInitial(Buffers::new);
    }

    /**
     * Decides where the sessions run. {@code cuda} without a CUDA provider in this ONNX Runtime
     * build (or with one that cannot start) is an error; {@code cuda-or-cpu} then says so in one
     * warning line and runs on the CPU.
     *
     * @return the CUDA device id, or -1 for the CPU
     */
    private int chooseCuda(Device d) {
        if (d.kind() == Device.Kind.CPU) {
            return -1;
        }
        String problem;
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            problem = "this ONNX Runtime build has no CUDA provider";
        } else {
            // the GPU build is there: check that CUDA itself starts (driver, libraries, device id)
            try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
                probe.addCUDA(d.cudaDevice());
                return d.cudaDevice();
            } catch (OrtException | RuntimeException | LinkageError e) {
                problem = "CUDA device " + d.cudaDevice() + " cannot be used (" + oneLine(e) + ")";
            }
        }
        if (d.kind() == Device.Kind.CUDA) {
            throw new CartographyException("onnx: device=" + d + " requested but " + problem
                    + "; put onnxruntime_gpu on the module path (lib/) or use device=cpu (or device=cuda-or-cpu)");
        }
        LOG.log(System.Logger.Level.WARNING, "onnx: " + problem + "; device=" + d + " runs on the CPU");
        return -1;
    }

    private OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(intraThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (cudaDevice >= 0) {
                options.addCUDA(cudaDevice);
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /** @return where the sessions run: {@code cpu} or {@code cuda:N} */
    String executionProvider() {
        return cudaDevice < 0 ? "cpu" : "cuda:" + cudaDevice;
    }

    @Override
    public Map<String, Object> report() {
        return Map.of("device", device.toString(), "execution_provider", executionProvider());
    }

    private String choose(Map<String, NodeInfo> infos, String wanted, String what) {
        if (wanted != null && !infos.containsKey(wanted)) {
            throw new UsageException(name + ": has no " + what + " named '" + wanted + "'; its "
                    + what + "s are " + String.join(", ", infos.keySet()));
        }
        if (what.equals("input") && infos.size() != 1) {
            // a generator feeds one tensor, the latent points: any other input would be missing at run time
            throw new CartographyException(name + ": has " + infos.size() + " inputs (" + String.join(", ", infos.keySet())
                    + "); a generator feeds exactly one, the latent points: export the decoder with the others fixed "
                    + "(as constants or initializers)");
        }
        if (wanted != null) {
            return wanted;
        }
        return infos.keySet().iterator().next();
    }

    private TensorInfo tensorInfo(NodeInfo info, String what, String n) {
        if (!(info.getInfo() instanceof TensorInfo t)) {
            throw new CartographyException(name + ": " + what + " '" + n + "' is not a tensor");
        }
        return t;
    }

    /** The output's trailing dimensions are symbolic: run one point to learn them. */
    private int probeOutputDimension() throws OrtException {
        FloatBuffer in = ByteBuffer.allocateDirect(latentDim * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {1, latentDim});
             OrtSession.Result r = session.run(Map.of(inputName, t), Set.of(outputName))) {
            long[] shape = ((OnnxTensor) r.get(0)).getInfo().getShape();
            long d = 1;
            for (int k = 1; k < shape.length; k++) {
                d *= shape[k];
            }
            return (int) d;
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replace('\n', ' ').replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
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
        return path.getFileName().toString();
    }

    @Override
    public int latentDimension() {
        return latentDim;
    }

    @Override
    public int outputDimension() {
        return outputDim;
    }

    @Override
    public int preferredBatchSize() {
        return fixedBatch > 0 ? fixedBatch : batch;
    }

    /** @return the name of the output this generator gives */
    String outputName() {
        return outputName;
    }

    @Override
    public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
        if (fixedBatch > 0 && count != fixedBatch) {
            applyPadded(z, count, out, null, outOffset);
            return;
        }
        applyExact(z, count, out, null, outOffset);
    }

    /** Its outputs are float32 (checked when opened): {@link #applyFloat} copies them as they are. */
    @Override
    public boolean floatOutputs() {
        return true;
    }

    @Override
    public void applyFloat(double[] z, int count, float[] out, int outOffset, long[] seeds) {
        if (fixedBatch > 0 && count != fixedBatch) {
            applyPadded(z, count, null, out, outOffset);
            return;
        }
        applyExact(z, count, null, out, outOffset);
    }

    /**
     * For a model exported without a dynamic batch axis, which takes exactly fixedBatch points a
     * call: runs whole batches, the last one padded with zeros whose outputs are dropped, into
     * {@code out} (widened) or, when it is null, into {@code floats}.
     */
    private void applyPadded(double[] z, int count, double[] out, float[] floats, int outOffset) {
        double[] zb = new double[fixedBatch * latentDim];
        float[] ob = new float[fixedBatch * outputDim];
        for (int from = 0; from < count; from += fixedBatch) {
            int c = Math.min(fixedBatch, count - from);
            Arrays.fill(zb, 0);
            System.arraycopy(z, from * latentDim, zb, 0, c * latentDim);
            applyExact(zb, fixedBatch, null, ob, 0);
            int at = outOffset + from * outputDim;
            if (out != null) {
                widen(ob, c * outputDim, out, at);
            } else {
                System.arraycopy(ob, 0, floats, at, c * outputDim);
            }
        }
    }

    /** Runs {@code count} points into {@code out} (widened) or, when it is null, into {@code floats}. */
    private void applyExact(double[] z, int count, double[] out, float[] floats, int outOffset) {
        if (closed) {
            throw new IllegalStateException(name + ": generator is closed");
        }
        Buffers b = buffers.get();
        if (b.session == null) {
            b.session = sessionForThisThread();
        }
        if (b.capacity < count) {
            int cap = Math.max(count, batch);
            b.in = ByteBuffer.allocateDirect(cap * latentDim * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            b.out = ByteBuffer.allocateDirect(cap * outputDim * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            b.floats = null; // made on first use by apply (applyFloat copies straight into its caller's array)
            b.capacity = cap;
        }
        FloatBuffer in = b.in;
        int n = count * latentDim;
        for (int i = 0; i < n; i++) {
            in.put(i, (float) z[i]);
        }
        FloatBuffer inView = in.duplicate().position(0).limit(n).slice();
        FloatBuffer outView = b.out.duplicate().position(0).limit(count * outputDim).slice();
        try (OnnxTensor input = OnnxTensor.createTensor(env, inView, new long[] {count, latentDim});
             OnnxTensor pinned = OnnxTensor.createTensor(env, outView, outputShape(count));
             OrtSession.Result r = b.session.run(Map.of(inputName, input), Map.of(outputName, pinned))) {
            int m = count * outputDim;
            if (out == null) {
                outView.get(0, floats, outOffset, m); // one bulk copy out of native memory
                return;
            }
            // one bulk copy out of native memory, then a widening loop the JIT vectorises
            float[] f = b.floats;
            if (f == null) {
                f = new float[b.capacity * outputDim];
                b.floats = f;
            }
            outView.get(0, f, 0, m);
            widen(f, m, out, outOffset);
        } catch (OrtException e) {
            throw new CartographyException(name + ": inference failed (" + oneLine(e) + ")", e);
        }
    }

    /**
     * out[at + i] = f[i] for i &lt; m. A method of its own, so that the just-in-time compiler
     * compiles this hot loop alone (quickly, and once) rather than inside the inference call.
     */
    private static void widen(float[] f, int m, double[] out, int at) {
        for (int i = 0; i < m; i++) {
            out[at + i] = f[i];
        }
    }

    private long[] outputShape(int count) {
        long[] s = outTemplate.clone();
        s[0] = count;
        long known = 1;
        int unknown = -1;
        for (int k = 1; k < s.length; k++) {
            if (s[k] > 0) {
                known *= s[k];
            } else {
                unknown = k;
                s[k] = 1;
            }
        }
        if (unknown > 0) {
            s[unknown] = outputDim / known;
        }
        return s;
    }

    /** The first thread uses the session opened (and checked) by the constructor; others open their own. */
    private OrtSession sessionForThisThread() {
        if (firstTaken.compareAndSet(false, true)) {
            return session;
        }
        try (OrtSession.SessionOptions options = sessionOptions()) {
            OrtSession s = env.createSession(modelPath.toString(), options);
            extraSessions.add(s);
            if (closed) {
                s.close();
                throw new IllegalStateException(name + ": generator is closed");
            }
            return s;
        } catch (OrtException e) {
            throw new CartographyException(name + ": cannot open another session (" + oneLine(e) + ")", e);
        }
    }

    private void closeQuietly() {
        for (OrtSession s : extraSessions) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // best effort
            }
        }
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing after a failed open; the first error is the one that matters
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly();
        }
    }

    @Override
    public String toString() {
        return "onnx:" + name + " (" + inputName + " [batch, " + latentDim + "] -> " + outputName + " [" + outputDim + "])";
    }
}
