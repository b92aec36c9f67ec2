package org.latentcartography.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.pipeline.MeasureRequest;

/**
 * The reference for the text measure benchmark: a bare ONNX Runtime program that decodes greedily,
 * with a text model folder's init and step models (the shipped fortunes layout: init z → state;
 * step (z, token, state) → (probs, next_state); bos 1, eos 2), the centres of the same N×N grid
 * that {@code cartography measure --embeddings DIR/z.npy --grid N} evaluates (the embeddings'
 * bounding box with the default margin), T steps per point, and does nothing else: no word
 * distribution is summed and no measure computed. Its plain, fast set-up: one pair of sessions per
 * worker thread, one intra-op thread each, direct buffers, and only the rows whose sentence has
 * not ended are decoded (each step's output is read, the argmax taken, and the rows still going
 * moved to the front of the batch). Prints the number of tokens decoded and a checksum of the last
 * tokens.
 *
 * <pre>java -cp "benchmarks/target/classes:cli/target/lib/*" org.latentcartography.benchmarks.BareTextDecoding DIR N [THREADS] [BATCH] [T]</pre>
 */
public final class BareTextDecoding {
    private static final int BOS = 1;
    private static final int EOS = 2;
    private static final int HIDDEN = 256;

    private BareTextDecoding() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        int maxLength = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        Grid grid = Grid.around(Embeddings.read(dir.resolve("z.npy")), MeasureRequest.DEFAULT_MARGIN, new int[] {n, n});
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int total = grid.cellCount();
        int chunks = (total + batch - 1) / batch;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> parts = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            parts.add(pool.submit(() -> decode(env, dir, grid, worker, threads, chunks, batch, maxLength)));
        }
        long tokens = 0;
        long checksum = 0;
        for (Future<long[]> f : parts) {
            long[] r = f.get();
            tokens += r[0];
            checksum += r[1];
        }
        pool.shutdown();
        System.out.printf("bare ONNX Runtime greedy decoding: %d points, %d tokens in %.2f s (checksum %d)%n", total, tokens,
                (System.nanoTime() - start) / 1e9, checksum);
    }

    private static long[] decode(OrtEnvironment env, Path dir, Grid grid, int worker, int threads, int chunks, int batch,
                                 int maxLength) throws Exception {
        int total = grid.cellCount();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession init = env.createSession(dir.resolve("init.onnx").toString(), o);
                 OrtSession step = env.createSession(dir.resolve("step.onnx").toString(), o)) {
                int vocabulary = (int) ((ai.onnxruntime.TensorInfo) step.getOutputInfo().get("probs").getInfo()).getShape()[1];
                FloatBuffer z = floats(batch * 2);
                LongBuffer token = ByteBuffer.allocateDirect(batch * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
                FloatBuffer[] state = {floats(batch * HIDDEN), floats(batch * HIDDEN)};
                FloatBuffer probs = floats(batch * vocabulary);
                float[] row = new float[vocabulary];
                double[] centre = new double[2];
                long tokens = 0;
                long checksum = 0;
                // tensors per row count, made once: views over the first n rows of the buffers
                Map<Integer, OnnxTensor[]> bound = new HashMap<>();
                List<OnnxTensor> made = new ArrayList<>();
                for (int c = worker; c < chunks; c += threads) {
                    int from = c * batch;
                    int count = Math.min(batch, total - from);
                    for (int p = 0; p < count; p++) {
                        grid.centre(from + p, centre, 0);
                        z.put(2 * p, (float) centre[0]);
                        z.put(2 * p + 1, (float) centre[1]);
                    }
                    OnnxTensor[] t = tensors(env, bound, made, count, z, token, state, probs, vocabulary);
                    init.run(Map.of("z", t[0]), Map.of("state", t[2])).close();
                    int a = 0; // the state buffer the next step reads
                    int active = count;
                    for (int p = 0; p < count; p++) {
                        token.put(p, BOS);
                    }
                    for (int s = 0; s < maxLength && active > 0; s++) {
                        t = tensors(env, bound, made, active, z, token, state, probs, vocabulary);
                        step.run(Map.of("z", t[0], "token", t[1], "state", t[2 + a]),
                                Map.of("probs", t[4], "next_state", t[3 - a])).close();
                        a = 1 - a;
                        int kept = 0;
                        for (int j = 0; j < active; j++) {
                            probs.get(j * vocabulary, row, 0, vocabulary);
                            int best = 0;
                            for (int k = 1; k < vocabulary; k++) {
                                if (row[k] > row[best]) {
                                    best = k;
                                }
                            }
                            tokens++;
                            if (best == EOS || s + 1 == maxLength) {
                                checksum += best;
                                continue;
                            }
                            if (kept != j) {
                                state[a].put(kept * HIDDEN, state[a], j * HIDDEN, HIDDEN);
                                z.put(kept * 2, z, j * 2, 2);
                            }
                            token.put(kept++, best);
                        }
                        active = kept;
                    }
                }
                for (OnnxTensor x : made) {
                    x.close();
                }
                return new long[] {tokens, checksum};
            }
        }
    }

    /** z, token, state 0, state 1, probs for n rows. */
    private static OnnxTensor[] tensors(OrtEnvironment env, Map<Integer, OnnxTensor[]> bound, List<OnnxTensor> made, int n,
                                        FloatBuffer z, LongBuffer token, FloatBuffer[] state, FloatBuffer probs,
                                        int vocabulary) throws Exception {
        OnnxTensor[] t = bound.get(n);
        if (t == null) {
            t = new OnnxTensor[] {
                OnnxTensor.createTensor(env, view(z, n * 2), new long[] {n, 2}),
                OnnxTensor.createTensor(env, token.duplicate().position(0).limit(n).slice(), new long[] {n}),
                OnnxTensor.createTensor(env, view(state[0], n * HIDDEN), new long[] {n, HIDDEN}),
                OnnxTensor.createTensor(env, view(state[1], n * HIDDEN), new long[] {n, HIDDEN}),
                OnnxTensor.createTensor(env, view(probs, n * vocabulary), new long[] {n, vocabulary}),
            };
            bound.put(n, t);
            made.addAll(List.of(t));
        }
        return t;
    }

    private static FloatBuffer floats(int n) {
        return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static FloatBuffer view(FloatBuffer b, int n) {
        return b.duplicate().position(0).limit(n).slice();
    }
}
