package org.latentcartography.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The reference for the measure benchmark: a bare ONNX Runtime program that evaluates a decoder on
 * the centres of an N×N grid and does nothing else, with the fastest plain set-up: one session per
 * worker thread, one intra-op thread each, batches of 4096, output read into a float array.
 *
 * <pre>java -cp "benchmarks/target/classes:cli/target/lib/*" org.latentcartography.benchmarks.BareOnnxInference MODEL N [THREADS] [BATCH]</pre>
 */
public final class BareOnnxInference {
    private BareOnnxInference() {
    }

    public static void main(String[] args) throws Exception {
        String model = args[0];
        int n = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 4096;
        long start = System.nanoTime();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int total = n * n;
        int chunks = (total + batch - 1) / batch;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Double>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            parts.add(pool.submit(() -> {
                try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                    o.setIntraOpNumThreads(1);
                    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    try (OrtSession s = env.createSession(model, o)) {
                        String input = s.getInputNames().iterator().next();
                        FloatBuffer in = ByteBuffer.allocateDirect(batch * 2 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                        float[] out = null;
                        double checksum = 0;
                        for (int c = worker; c < chunks; c += threads) {
                            int from = c * batch;
                            int count = Math.min(batch, total - from);
                            for (int p = 0; p < count; p++) {
                                int cell = from + p;
                                in.put(2 * p, -4f + 8f * ((cell / n) + 0.5f) / n);
                                in.put(2 * p + 1, -4f + 8f * ((cell % n) + 0.5f) / n);
                            }
                            FloatBuffer view = in.duplicate().position(0).limit(count * 2).slice();
                            try (OnnxTensor tz = OnnxTensor.createTensor(env, view, new long[] {count, 2});
                                 OrtSession.Result r = s.run(Map.of(input, tz))) {
                                FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                                if (out == null || out.length < fb.remaining()) {
                                    out = new float[fb.remaining()];
                                }
                                int len = fb.remaining();
                                fb.get(out, 0, len);
                                checksum += out[len - 1];
                            }
                        }
                        return checksum;
                    }
                }
            }));
        }
        double sum = 0;
        for (Future<Double> f : parts) {
            sum += f.get();
        }
        pool.shutdown();
        System.out.printf("bare ONNX Runtime: %d points in %.2f s (checksum %.4f)%n", total, (System.nanoTime() - start) / 1e9, sum);
    }
}
