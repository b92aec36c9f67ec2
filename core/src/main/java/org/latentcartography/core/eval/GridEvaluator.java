package org.latentcartography.core.eval;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MetricTensor;
import org.latentcartography.core.spi.SlabView;

/**
 * Evaluates a meaning function over a grid and the measure from it, streaming: the tensor H
 * (grid &#215; D_h) is never held whole. Slabs (cells with one index along axis 0) are grouped so
 * that one call of the function carries about its preferred batch size; groups are evaluated in
 * parallel on a fixed pool of threads, and the measure of a group is computed as soon as the
 * groups within the measure's halo are ready, after which buffers no longer needed are reused.
 * Memory is therefore bounded by a few groups, whatever the grid's size.
 *
 * <p>Output is deterministic: each cell's value depends only on the grid, the function, the seed
 * and the cell's index, never on scheduling. With {@code samples = 1} the function sees cell
 * centres; with S &gt; 1 it sees S points drawn uniformly inside each cell (seeded per cell and
 * sample) and the cell's value is their mean.
 *
 * <p>Slabs hold double values, or float32 values when the function's outputs are float32 values
 * ({@link LatentFunction#floatOutputs()}), one sample is taken per cell and the measure reads float32
 * slabs ({@link Measure#readsFloatSlabs()}): the same values in half the memory, written by the
 * function without a widening copy.
 *
 * <p>Stability: stable. One instance runs once; not thread-safe.
 */
public final class GridEvaluator {

    /**
     * The outcome of a run.
     *
     * @param measure one value per cell, C order
     * @param metric D_z &#215; D_z values per cell, or null when not asked for
     * @param evaluations number of points the function evaluated
     * @param seconds wall time
     */
    public record Result(double[] measure, double[] metric, long evaluations, double seconds) {
    }

    private final Grid grid;
    private final LatentFunction function;
    private final Measure measure;
    private String name = "meaning function";
    private String measureName = "measure";
    private int samples = 1;
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int batchSize;
    private boolean withMetric;
    private Progress progress = Progress.NONE;
    private long memoryLimit = -1;
    private Checkpoint checkpoint;
    private double[] resumeMeasure;
    private double[] resumeMetric;
    private int resumeSlabs;

    /**
     * Receives the run's finished work as it grows, from the evaluating thread: the measure (and
     * metric) arrays, whose values for the slabs before {@code doneSlabs} are final and will not
     * change. Implementations decide when to write them (e.g. every few seconds) and must copy
     * what they keep only under their own synchronisation.
     */
    @FunctionalInterface
    public interface Checkpoint {
        /**
         * @param measure the measure array (final for slabs before {@code doneSlabs})
         * @param metric the metric array, or null
         * @param doneSlabs number of leading slabs whose values are final
         */
        void update(double[] measure, double[] metric, int doneSlabs);
    }

    /**
     * @param grid the grid, never null
     * @param function the meaning function, never null; not closed by the evaluator
     * @param measure the measure, never null
     */
    public GridEvaluator(Grid grid, LatentFunction function, Measure measure) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.function = Objects.requireNonNull(function, "function");
        this.measure = Objects.requireNonNull(measure, "measure");
        this.batchSize = Math.max(1, function.preferredBatchSize());
    }

    /**
     * @param name the function's name in messages
     * @return this
     */
    public GridEvaluator name(String name) {
        this.name = Objects.requireNonNull(name);
        return this;
    }

    /**
     * @param measureName the measure's id in messages (e.g. {@code riemannian}), never null; a
     *     negative or non-finite value is reported as {@code "<measureName>: value ... at cell ..."}
     * @return this
     */
    public GridEvaluator measureName(String measureName) {
        this.measureName = Objects.requireNonNull(measureName, "measureName");
        return this;
    }

    /**
     * @param samples samples per cell, at least 1
     * @return this
     */
    public GridEvaluator samples(int samples) {
        if (samples < 1) {
            throw new org.latentcartography.core.UsageException("samples per cell must be at least 1 (got " + samples + ")");
        }
        this.samples = samples;
        return this;
    }

    /**
     * @param seed the seed for jitter and stochastic functions
     * @return this
     */
    public GridEvaluator seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * @param threads worker threads, at least 1
     * @return this
     */
    public GridEvaluator threads(int threads) {
        if (threads < 1) {
            throw new org.latentcartography.core.UsageException("threads must be at least 1 (got " + threads + ")");
        }
        this.threads = threads;
        return this;
    }

    /**
     * @param batchSize points per call of the function, at least 1
     * @return this
     */
    public GridEvaluator batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new org.latentcartography.core.UsageException("batch size (points per model call) must be at least 1 (got " + batchSize + ")");
        }
        this.batchSize = batchSize;
        return this;
    }

    /**
     * @param withMetric also compute the metric tensor field; the measure must offer the
     *     {@link MetricTensor} capability
     * @return this
     */
    public GridEvaluator metric(boolean withMetric) {
        this.withMetric = withMetric;
        return this;
    }

    /**
     * @param progress receives cells evaluated so far, never null
     * @return this
     */
    public GridEvaluator progress(Progress progress) {
        this.progress = Objects.requireNonNull(progress);
        return this;
    }

    /**
     * @param checkpoint receives finished slabs as they accumulate, or null
     * @return this
     */
    public GridEvaluator checkpoint(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
        return this;
    }

    /**
     * Continues an interrupted run: the measure of the first {@code doneSlabs} slabs is taken as
     * given and not recomputed; the rest is computed as in an uninterrupted run, so the result is
     * bit for bit the same.
     *
     * @param measure a measure array of the grid's size whose first slabs are final
     * @param metric the metric array, or null when this run has none
     * @param doneSlabs how many leading slabs are final
     * @return this
     */
    public GridEvaluator resume(double[] measure, double[] metric, int doneSlabs) {
        if (measure.length != grid.cellCount() || doneSlabs < 0 || doneSlabs > grid.slabCount()) {
            throw new IllegalArgumentException("resume state does not fit the grid");
        }
        this.resumeMeasure = measure;
        this.resumeMetric = metric;
        this.resumeSlabs = doneSlabs;
        return this;
    }

    /**
     * @param bytes the memory the run may use, or -1 for what the JVM has free
     * @return this
     */
    public GridEvaluator memoryLimit(long bytes) {
        this.memoryLimit = bytes;
        return this;
    }

    // ---- layout ---------------------------------------------------------------------------

    /**
     * @return how many slabs one group holds (one call of the function carries a group's cells,
     *     in pieces of about the batch size); blocks for {@link #runSlabs} start and end on
     *     multiples of it
     */
    public int slabsPerGroup() {
        int slabCells = grid.slabSize();
        long perSlab = (long) slabCells * samples;
        return (int) Math.max(1, Math.min(grid.slabCount(), batchSize / Math.max(1, perSlab)));
    }

    private int haloGroups(int g) {
        int h = measure.halo();
        if (h < 0) {
            throw new IllegalStateException("measure halo < 0");
        }
        return (h + g - 1) / g;
    }

    private int ringCapacity(int hG) {
        return 2 * hG + 1 + threads + 1;
    }

    /**
     * @return true when the slabs hold float32 values: the function's outputs are float32 values,
     *     one sample per cell (a mean of samples is a double) and the measure reads float32 slabs
     */
    boolean floatSlabs() {
        return samples == 1 && function.floatOutputs() && measure.readsFloatSlabs();
    }

    /**
     * @return an estimate of the bytes the run needs: the measure (and metric) arrays, the ring
     *     of slab buffers and the per-thread scratch
     */
    public long estimateBytes() {
        return estimateBytes(grid.cellCount());
    }

    private long estimateBytes(long outCells) {
        int g = slabsPerGroup();
        int hG = haloGroups(g);
        long groupValues = (long) g * grid.slabSize() * function.outputDimension();
        long ring = Math.min(ringCapacity(hG), (grid.slabCount() + g - 1) / g) * groupValues * (floatSlabs() ? 4 : 8);
        long out = outCells * 8;
        if (withMetric) {
            out *= 1 + (long) grid.dimension() * grid.dimension();
        }
        long perThread = (long) Math.min(batchSize, (long) g * grid.slabSize() * samples)
                * (grid.dimension() * 8L + 8L + (samples > 1 ? function.outputDimension() * 8L : 0));
        return out + ring + threads * perThread;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    // ---- run ------------------------------------------------------------------------------

    private static final class Event {
        final int group;
        final boolean measured;
        final int points;
        final Throwable error;

        Event(int group, boolean measured, int points, Throwable error) {
            this.group = group;
            this.measured = measured;
            this.points = points;
            this.error = error;
        }
    }

    /**
     * Runs the evaluation.
     *
     * @return the measure (and metric) per cell
     * @throws CartographyException when the function fails, gives non-finite values, the measure
     *     is negative or non-finite, or the run would not fit in memory
     */
    public Result run() {
        int g = slabsPerGroup();
        int groups = (grid.slabCount() + g - 1) / g;
        int startGroup = resumeMeasure == null ? 0 : resumeSlabs / g;
        return evaluateGroups(startGroup, groups, false);
    }

    /**
     * The slabs [from, to) of block {@code block} when the grid is cut into {@code blocks}
     * contiguous blocks of whole groups (see {@link #slabsPerGroup}); a block may be empty when
     * there are more blocks than groups.
     *
     * @param block the block, 0 &#8804; block &lt; blocks
     * @param blocks how many blocks, at least 1
     * @return {from, to}
     */
    public int[] blockSlabs(int block, int blocks) {
        if (blocks < 1 || block < 0 || block >= blocks) {
            throw new IllegalArgumentException("block " + block + " of " + blocks);
        }
        int g = slabsPerGroup();
        long groups = (grid.slabCount() + g - 1) / g;
        int from = (int) Math.min(grid.slabCount(), groups * block / blocks * g);
        int to = (int) Math.min(grid.slabCount(), groups * (block + 1) / blocks * g);
        return new int[] {from, to};
    }

    /**
     * Evaluates one block of the grid, e.g. on another machine: the slabs [from, to) and the
     * halo slabs their measure needs, and returns the measure (and metric) of the block's slabs
     * only. The values are bit for bit those of {@link #run()} for the same cells: the block is
     * cut into the same groups and calls of the function. The evaluator's checkpoint and resume
     * state are not used.
     *
     * @param from the first slab, a multiple of {@link #slabsPerGroup()}
     * @param to the slab after the last, a multiple of {@link #slabsPerGroup()} or the slab count
     * @return the block's measure, (to &#8722; from) &#215; slab size values in C order, and its
     *     metric when asked for; {@code evaluations} counts the halo's points too
     * @throws IllegalArgumentException when the block does not start and end on groups
     */
    public Result runSlabs(int from, int to) {
        int g = slabsPerGroup();
        int n = grid.slabCount();
        if (from < 0 || to > n || from > to || from % g != 0 || (to % g != 0 && to != n)) {
            throw new IllegalArgumentException("slabs [" + from + ", " + to + ") of " + n
                    + " do not start and end on groups of " + g + " slabs");
        }
        return evaluateGroups(from / g, (to + g - 1) / g, true);
    }

    /**
     * Evaluates the groups [lo - halo, hi + halo) and measures the groups [lo, hi). A whole run
     * (block = false) fills an array of the whole grid (the groups before lo come from the resume
     * state); a block fills an array of its own slabs.
     */
    private Result evaluateGroups(int lo, int hi, boolean block) {
        int dz = grid.dimension();
        if (function.latentDimension() != -1 && function.latentDimension() != dz) {
            throw new CartographyException(name + ": takes latent points of dimension " + function.latentDimension()
                    + ", but the grid has " + dz + " dimension" + (dz == 1 ? "" : "s"));
        }
        int dh = function.outputDimension();
        if (dh < 1) {
            throw new CartographyException(name + ": output dimension " + dh + " is not usable");
        }
        MetricTensor tensor = null;
        if (withMetric) {
            tensor = measure.capability(MetricTensor.class).orElseThrow(() -> new org.latentcartography.core.UsageException(
                    measureName + ": has no metric tensor (the measure does not offer the MetricTensor capability)"));
        }
        MetricTensor metricTensor = tensor;
        long need = block ? estimateBytes(Math.max(0, Math.min(grid.slabCount(), hi * slabsPerGroup())
                - lo * slabsPerGroup()) * (long) grid.slabSize()) : estimateBytes();
        long limit = memoryLimit >= 0 ? memoryLimit : availableMemory();
        if (need > limit) {
            throw new CartographyException("grid " + grid + " with " + dh + " values per cell needs about "
                    + gib(need) + " of memory, but only " + gib(limit)
                    + " is available (use a coarser grid, or raise the Java heap with JAVA_OPTS=-Xmx...)");
        }
        long start = System.nanoTime();
        int nSlabs = grid.slabCount();
        int slabCells = grid.slabSize();
        int g = slabsPerGroup();
        int groups = (nSlabs + g - 1) / g;
        int hG = haloGroups(g);
        int capacity = ringCapacity(hG);
        int firstSlab0 = Math.min(nSlabs, lo * g);
        int endSlab = Math.min(nSlabs, hi * g);
        // a block's arrays start at its first cell; a whole run's at cell 0
        int base = block ? firstSlab0 * slabCells : 0;
        int outCells = block ? (endSlab - firstSlab0) * slabCells : grid.cellCount();
        double[] result = new double[outCells];
        double[] metricOut = withMetric ? new double[outCells * dz * dz] : null;
        // groups before startGroup have their measure already (from a resumed run), or belong to
        // other blocks
        int startGroup = lo;
        if (startGroup > 0 && !block) {
            int cells = startGroup * g * slabCells;
            System.arraycopy(resumeMeasure, 0, result, 0, cells);
            if (metricOut != null) {
                if (resumeMetric == null) {
                    throw new IllegalStateException("resuming a run with a metric needs the metric so far");
                }
                System.arraycopy(resumeMetric, 0, metricOut, 0, cells * dz * dz);
            }
        }

        boolean floats = floatSlabs();
        // each group's buffer: a double[] or, with float32 slabs, a float[]
        Object[] bufferOf = new Object[groups];
        boolean[] ready = new boolean[groups];
        boolean[] measureScheduled = new boolean[groups];
        boolean[] measured = new boolean[groups];
        int[] remaining = new int[groups];
        ArrayDeque<Object> pool = new ArrayDeque<>();
        int allocated = 0;
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        SlabView view = new RingView(grid, dh, g, bufferOf, floats);

        ExecutorService pool2 = Executors.newFixedThreadPool(threads, daemonThreads());
        ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
        // the groups just after the last one measured are evaluated too: their values feed it
        int submitEnd = Math.min(groups, hi + hG);
        int submitStart = Math.max(0, startGroup - hG);
        long totalPoints = block
                ? (long) (Math.min(nSlabs, submitEnd * g) - submitStart * g) * slabCells * samples
                : (long) grid.cellCount() * samples;
        long donePoints = block ? 0 : (long) startGroup * g * slabCells * samples;
        int measuredCount = startGroup;
        progress.update(donePoints, totalPoints); // the work starts: listeners time it from here
        for (int q = 0; q < startGroup; q++) {
            measured[q] = true;
            measureScheduled[q] = true;
        }
        // the groups just before startGroup are evaluated again: their values feed its measure
        int nextSubmit = submitStart;
        int prefix = startGroup;
        try {
            while (measuredCount < hi) {
                while (nextSubmit < submitEnd && (!pool.isEmpty() || allocated < capacity)) {
                    int q = nextSubmit++;
                    int firstSlab = q * g;
                    int slabsHere = Math.min(g, nSlabs - firstSlab);
                    Object buf = pool.poll();
                    if (buf == null) {
                        buf = floats ? new float[g * slabCells * dh] : new double[g * slabCells * dh];
                        allocated++;
                    }
                    bufferOf[q] = buf;
                    int cells = slabsHere * slabCells;
                    // no larger than the group, so that the task count and the ends below cannot overflow
                    int perTask = Math.max(1, Math.min(cells, batchSize / samples));
                    int tasks = (int) (((long) cells + perTask - 1) / perTask);
                    remaining[q] = tasks;
                    for (int t = 0; t < tasks; t++) {
                        int from = t * perTask;
                        int to = (int) Math.min(cells, (long) from + perTask);
                        final Object target = buf;
                        pool2.execute(() -> {
                            try {
                                evaluate(firstSlab * slabCells, from, to, target, dh, scratch.get());
                                events.add(new Event(q, false, (to - from) * samples, null));
                            } catch (Throwable e) {
                                events.add(new Event(q, false, 0, e));
                            }
                        });
                    }
                }
                Event e;
                try {
                    e = events.take();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CartographyException("evaluation interrupted", ie);
                }
                if (e.error != null) {
                    throw rethrow(e.error);
                }
                if (!e.measured) {
                    donePoints += e.points;
                    progress.update(donePoints, totalPoints);
                    if (--remaining[e.group] == 0) {
                        ready[e.group] = true;
                        for (int r = e.group - hG; r <= e.group + hG; r++) {
                            if (r >= lo && r < hi && !measureScheduled[r] && allReady(ready, r, hG, groups)) {
                                measureScheduled[r] = true;
                                int rr = r;
                                pool2.execute(() -> {
                                    try {
                                        measureGroup(rr, g, view, result, metricTensor, metricOut, base);
                                        events.add(new Event(rr, true, 0, null));
                                    } catch (Throwable t) {
                                        events.add(new Event(rr, true, 0, t));
                                    }
                                });
                            }
                        }
                    }
                } else {
                    measured[e.group] = true;
                    measuredCount++;
                    while (prefix < groups && measured[prefix]) {
                        prefix++;
                    }
                    if (checkpoint != null && !block) {
                        checkpoint.update(result, metricOut, Math.min(nSlabs, prefix * g));
                    }
                    for (int r = e.group - hG; r <= e.group + hG; r++) {
                        if (r >= 0 && r < groups && bufferOf[r] != null && allMeasured(measured, r, hG, groups)) {
                            pool.add(bufferOf[r]);
                            bufferOf[r] = null;
                        }
                    }
                }
            }
        } finally {
            pool2.shutdownNow();
            awaitWorkers(pool2);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(result, metricOut, block ? donePoints : totalPoints, seconds);
    }

    /**
     * Waits until no worker is inside the function any more: when a run fails (a full disk while
     * writing the checkpoint, a bad value), its caller closes the function next, and a model call
     * still running in native code on a closed session would crash the process. A worker's current
     * call is never interrupted, so this waits at most for one model call per worker.
     */
    private static void awaitWorkers(ExecutorService pool) {
        boolean interrupted = false;
        try {
            while (!pool.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
                // a long model call: keep waiting, the session must outlive it
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static long availableMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static boolean allReady(boolean[] ready, int r, int hG, int groups) {
        for (int k = Math.max(0, r - hG); k <= Math.min(groups - 1, r + hG); k++) {
            if (!ready[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allMeasured(boolean[] measured, int r, int hG, int groups) {
        return allReady(measured, r, hG, groups);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new CartographyException(t.getMessage() == null ? t.toString() : t.getMessage(), t);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "cartography-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Per-thread buffers, grown on demand and reused. */
    private static final class Scratch {
        double[] z = new double[0];
        long[] seeds = new long[0];
        double[] samplesOut = new double[0];
    }

    /** Cells [from, to) of the group whose first cell is {@code base}, into {@code target}. */
    private void evaluate(int base, int from, int to, Object buffer, int dh, Scratch s) {
        int dz = grid.dimension();
        int count = to - from;
        int points = count * samples;
        if (s.z.length < points * dz) {
            s.z = new double[points * dz];
            s.seeds = new long[points];
        }
        double[] width = new double[dz];
        for (int k = 0; k < dz; k++) {
            width[k] = grid.width(k);
        }
        for (int c = 0; c < count; c++) {
            int cell = base + from + c;
            for (int smp = 0; smp < samples; smp++) {
                int p = c * samples + smp;
                grid.centre(cell, s.z, p * dz);
                if (samples > 1) {
                    SplittableRandom rnd = new SplittableRandom(mix(seed, cell, smp));
                    for (int k = 0; k < dz; k++) {
                        s.z[p * dz + k] += (rnd.nextDouble() - 0.5) * width[k];
                    }
                }
                s.seeds[p] = mix(seed ^ 0x5DEECE66DL, cell, smp);
            }
        }
        if (buffer instanceof float[] floats) {
            function.applyFloat(s.z, count, floats, from * dh, s.seeds);
            return;
        }
        double[] target = (double[]) buffer;
        if (samples == 1) {
            function.apply(s.z, count, target, from * dh, s.seeds);
            return;
        }
        if (s.samplesOut.length < points * dh) {
            s.samplesOut = new double[points * dh];
        }
        function.apply(s.z, points, s.samplesOut, 0, s.seeds);
        double inv = 1.0 / samples;
        for (int c = 0; c < count; c++) {
            int o = (from + c) * dh;
            Arrays.fill(target, o, o + dh, 0.0);
            for (int smp = 0; smp < samples; smp++) {
                int src = (c * samples + smp) * dh;
                for (int j = 0; j < dh; j++) {
                    target[o + j] += s.samplesOut[src + j];
                }
            }
            for (int j = 0; j < dh; j++) {
                target[o + j] *= inv;
            }
        }
    }

    /** A well-mixed 64-bit seed for (seed, cell, sample), SplitMix64's finaliser. */
    static long mix(long seed, long cell, long sample) {
        long z = seed + 0x9E3779B97F4A7C15L * (cell + 1) + 0xBF58476D1CE4E5B9L * (sample + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void measureGroup(int q, int g, SlabView view, double[] result, MetricTensor tensor, double[] metricOut,
                              int base) {
        int slabCells = grid.slabSize();
        int first = q * g;
        int last = Math.min(grid.slabCount(), first + g);
        int dz = grid.dimension();
        for (int slab = first; slab < last; slab++) {
            int cell0 = slab * slabCells;
            int off = cell0 - base;
            try {
                measure.compute(view, slab, result, off);
            } catch (org.latentcartography.core.UsageException e) {
                throw e;
            } catch (CartographyException e) {
                // a measure that cannot take these meaning values (e.g. a divergence of values that are
                // not distributions): say which measure, of which function, in which slab
                throw new CartographyException(measureName + " of " + name + ", slab " + slab + " (z" + (dz > 1 ? "1" : "")
                        + " = " + String.format(java.util.Locale.ROOT, "%.5g", grid.centre(0, slab)) + "): "
                        + e.getMessage(), e);
            }
            for (int c = 0; c < slabCells; c++) {
                double v = result[off + c];
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw badValue(view, cell0 + c, v);
                }
            }
            if (metricOut != null) {
                tensor.metric(view, slab, metricOut, off * dz * dz);
            }
        }
    }

    private CartographyException badValue(SlabView view, int cell, double v) {
        int dh = view.dimension();
        int slabCells = grid.slabSize();
        int slab = cell / slabCells;
        // Name the cell whose meaning value is not finite, if any: the measure's NaN comes from it.
        for (int ds = -1; ds <= 1; ds++) {
            int s = slab + ds;
            if (s < 0 || s >= grid.slabCount()) {
                continue;
            }
            double[] arr = null;
            float[] floats = null;
            try {
                if (view.floats()) {
                    floats = view.floatSlab(s);
                } else {
                    arr = view.slab(s);
                }
            } catch (IllegalStateException e) {
                continue;
            }
            int off = view.offset(s);
            for (int c = 0; c < slabCells; c++) {
                for (int j = 0; j < dh; j++) {
                    double h = floats != null ? floats[off + c * dh + j] : arr[off + c * dh + j];
                    if (!Double.isFinite(h)) {
                        int bad = s * slabCells + c;
                        return new CartographyException(name + ": output " + j + " is " + h + " at cell "
                                + describeCell(bad) + "; the model gives non-finite values there");
                    }
                }
            }
        }
        return new CartographyException(measureName + ": value " + v + " at cell " + describeCell(cell)
                + " is " + (Double.isNaN(v) ? "not a number" : v < 0 ? "negative" : "infinite"));
    }

    private String describeCell(int cell) {
        int[] idx = new int[grid.dimension()];
        grid.unravel(cell, idx);
        double[] z = new double[grid.dimension()];
        grid.centre(cell, z, 0);
        StringBuilder sb = new StringBuilder(Arrays.toString(idx)).append(" (z = [");
        for (int k = 0; k < z.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", z[k]));
        }
        return sb.append("])").toString();
    }

    /** The ring of group buffers seen as slabs (all double[], or all float[] when {@code floats}). */
    private static final class RingView implements SlabView {
        private final Grid grid;
        private final int dh;
        private final int g;
        private final Object[] bufferOf;
        private final int slabValues;
        private final boolean floats;

        RingView(Grid grid, int dh, int g, Object[] bufferOf, boolean floats) {
            this.grid = grid;
            this.dh = dh;
            this.g = g;
            this.bufferOf = bufferOf;
            this.slabValues = grid.slabSize() * dh;
            this.floats = floats;
        }

        @Override
        public boolean floats() {
            return floats;
        }

        @Override
        public float[] floatSlab(int slab) {
            if (!floats) {
                throw new UnsupportedOperationException("this view's slabs are double values");
            }
            return (float[]) buffer(slab);
        }

        private Object buffer(int slab) {
            if (slab < 0 || slab >= grid.slabCount()) {
                return null;
            }
            Object b = bufferOf[slab / g];
            if (b == null) {
                throw new IllegalStateException("slab " + slab + " is outside the measure's halo");
            }
            return b;
        }

        @Override
        public Grid grid() {
            return grid;
        }

        @Override
        public int dimension() {
            return dh;
        }

        @Override
        public double[] slab(int slab) {
            if (floats) {
                throw new UnsupportedOperationException("this view's slabs are float32 values (read them with floatSlab)");
            }
            return (double[]) buffer(slab);
        }

        @Override
        public int offset(int slab) {
            return (slab % g) * slabValues;
        }
    }
}
