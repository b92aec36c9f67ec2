package org.latentcartography.generators.text;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.latentcartography.core.CartographyException;

/** ONNX Runtime helpers shared by the decoders: sessions, signature checks, direct buffers, messages. */
final class Ort {
    static final OrtEnvironment ENV = environment();

    /** ONNX Runtime's environment, its native libraries from one cache folder (as the onnx generator's). */
    private static OrtEnvironment environment() {
        String platform = org.latentcartography.core.io.NativeLibraries.platform();
        if (platform != null) {
            org.latentcartography.core.io.NativeLibraries.useCache(OrtEnvironment.class, "ai/onnxruntime/native/" + platform,
                    "onnxruntime.native.path");
        }
        org.latentcartography.core.io.NativeLibraries.removeStaleTemporaryFolders("onnxruntime-java");
        // as the onnx generator: ONNX Runtime's own log lines stay quiet; its errors come as exceptions
        return OrtEnvironment.getEnvironment(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
    }

    private Ort() {
    }

    static OrtSession open(Path model, int threads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return ENV.createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new CartographyException(model + ": not a usable ONNX model (" + oneLine(e) + ")", e);
        }
    }

    static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // best effort on the way out; the first error is the one reported
            }
        }
    }

    /** Checks that the model's inputs are exactly the named ones. */
    static void requireInputs(OrtSession s, Path model, Collection<String> names) throws OrtException {
        Map<String, NodeInfo> inputs = s.getInputInfo();
        for (String n : names) {
            if (!inputs.containsKey(n)) {
                throw new CartographyException(model + ": has no input named '" + n + "'; its inputs are "
                        + String.join(", ", inputs.keySet()));
            }
        }
        for (String n : inputs.keySet()) {
            if (!names.contains(n)) {
                throw new CartographyException(model + ": input '" + n + "' is not named in the manifest");
            }
        }
    }

    /** @return the shape of a named input or output tensor of the given element type and rank */
    static long[] shape(OrtSession s, Path model, String name, boolean input, OnnxJavaType type, int rank)
            throws OrtException {
        Map<String, NodeInfo> infos = input ? s.getInputInfo() : s.getOutputInfo();
        String what = input ? "input" : "output";
        NodeInfo info = infos.get(name);
        if (info == null) {
            throw new CartographyException(model + ": has no " + what + " named '" + name + "'; its " + what + "s are "
                    + String.join(", ", infos.keySet()));
        }
        if (!(info.getInfo() instanceof TensorInfo t)) {
            throw new CartographyException(model + ": " + what + " '" + name + "' is not a tensor");
        }
        if (t.type != type) {
            throw new CartographyException(model + ": " + what + " '" + name + "' is " + t.type + "; expected " + type);
        }
        long[] shape = t.getShape();
        if (rank > 0 && shape.length != rank) {
            throw new CartographyException(model + ": " + what + " '" + name + "' has shape " + Arrays.toString(shape)
                    + "; expected rank " + rank);
        }
        return shape;
    }

    static FloatBuffer floats(long n) {
        return ByteBuffer.allocateDirect(Math.toIntExact(n * 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static LongBuffer longs(long n) {
        return ByteBuffer.allocateDirect(Math.toIntExact(n * 8)).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    static FloatBuffer view(FloatBuffer b, int n) {
        return b.duplicate().position(0).limit(n).slice();
    }

    static LongBuffer view(LongBuffer b, int n) {
        return b.duplicate().position(0).limit(n).slice();
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replace('\n', ' ').replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
