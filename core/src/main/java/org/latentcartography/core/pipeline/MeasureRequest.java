package org.latentcartography.core.pipeline;

import java.util.Arrays;
import java.util.Objects;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.GeneratorChain;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.eval.Progress;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.Engine;
import org.latentcartography.core.spi.Generator;

/**
 * What a measure map is made of (paper sec. 2.2): a generator (a spec, a chain of specs or an
 * open instance), a meaning function, a measure, and a grid (given, or laid around embeddings
 * with a margin), with the run's settings. Built with {@link #builder}; immutable once built.
 *
 * <p>Stability: experimental.
 */
public final class MeasureRequest {
    /** Default margin around the embeddings, as a fraction of their extent per side. */
    public static final double DEFAULT_MARGIN = 0.1;

    /**
     * The state a checkpointed run resumes from (see {@link GridEvaluator#resume}).
     *
     * @param measure a measure array of the grid's size whose first slabs are final
     * @param metric the metric array, or null when the run has none
     * @param doneSlabs how many leading slabs are final
     */
    public record Resume(double[] measure, double[] metric, int doneSlabs) {
        /**
         * Checks the parts.
         *
         * @param measure a measure array of the grid's size whose first slabs are final
         * @param metric the metric array, or null when the run has none
         * @param doneSlabs how many leading slabs are final
         */
        public Resume {
            Objects.requireNonNull(measure, "measure");
            if (doneSlabs < 0) {
                throw new IllegalArgumentException("doneSlabs < 0");
            }
        }
    }

    private final GeneratorChain generatorChain;
    private final Generator generator;
    private final ComponentSpec meaning;
    private final ComponentSpec measure;
    private final Grid grid;
    private final Embeddings embeddings;
    private final int[] labels;
    private final int samples;
    private final long seed;
    private final int threads;
    private final int batch;
    private final boolean metric;
    private final ComponentSpec engine;
    private final Progress progress;
    private final GridEvaluator.Checkpoint checkpoint;
    private final Resume resume;

    private MeasureRequest(Builder b) {
        generatorChain = b.generatorChain;
        generator = b.generator;
        meaning = b.meaning;
        measure = b.measure;
        embeddings = b.embeddings;
        labels = b.labels == null ? null : b.labels.clone();
        samples = b.samples;
        seed = b.seed;
        threads = b.threads;
        batch = b.batch;
        metric = b.metric;
        engine = b.engine;
        progress = b.progress;
        checkpoint = b.checkpoint;
        resume = b.resume;
        grid = b.grid != null ? b.grid : Grid.around(embeddings, b.margin, shapeFor(b.shape, embeddings.dimension()));
        check();
    }

    private static int[] shapeFor(int[] shape, int dimension) {
        if (shape.length == 1 && dimension > 1) {
            int[] all = new int[dimension];
            Arrays.fill(all, shape[0]);
            return all;
        }
        if (shape.length != dimension) {
            throw new UsageException("grid shape " + Arrays.toString(shape) + " has " + shape.length
                    + " axes; the embeddings have " + dimension + " dimensions (give one count, or one per dimension)");
        }
        return shape;
    }

    private void check() {
        if (generatorChain != null && generator != null) {
            throw new UsageException("give the generator as a spec or as an open generator, not both");
        }
        if (labels != null && embeddings == null) {
            throw new UsageException("labels need the embeddings they label");
        }
        if (labels != null && labels.length != embeddings.count()) {
            throw new UsageException(labels.length + " labels for " + embeddings.count() + " embeddings");
        }
        if (embeddings != null && embeddings.dimension() != grid.dimension()) {
            throw new UsageException("the embeddings have " + embeddings.dimension() + " dimensions, the grid "
                    + grid.dimension());
        }
        boolean local = Engine.LOCAL.equals(engine.id());
        if (!local && generator != null) {
            throw new UsageException("engine '" + engine.id() + "' rebuilds the generator where it runs: give the "
                    + "generator as a spec, not as an open instance");
        }
        if (!local && (checkpoint != null || resume != null)) {
            throw new UsageException("checkpoints and resume work with the local engine only (engine '" + engine.id()
                    + "' retries failed work itself)");
        }
        if (resume != null && (resume.measure().length != grid.cellCount() || resume.doneSlabs() > grid.slabCount())) {
            throw new UsageException("the resume state does not fit the grid " + grid);
        }
    }

    /**
     * @param measure the measure spec: a measure id or any dissimilarity id, with options
     *     (e.g. {@code riemannian}, {@code jsd}), never null
     * @return a builder
     */
    public static Builder builder(String measure) {
        return builder(ComponentSpec.parse(measure));
    }

    /**
     * @param measure the measure spec, never null
     * @return a builder
     */
    public static Builder builder(ComponentSpec measure) {
        return new Builder(Objects.requireNonNull(measure, "measure"));
    }

    /** @return a builder holding this request's settings */
    public Builder toBuilder() {
        Builder b = new Builder(measure);
        b.generatorChain = generatorChain;
        b.generator = generator;
        b.meaning = meaning;
        b.grid = grid;
        b.embeddings = embeddings;
        b.labels = labels;
        b.samples = samples;
        b.seed = seed;
        b.threads = threads;
        b.batch = batch;
        b.metric = metric;
        b.engine = engine;
        b.progress = progress;
        b.checkpoint = checkpoint;
        b.resume = resume;
        return b;
    }

    /** @return the generator chain, or null when an open generator (or none) was given */
    public GeneratorChain generatorChain() {
        return generatorChain;
    }

    /** @return the open generator given, or null; not owned by the request */
    public Generator generator() {
        return generator;
    }

    /** @return the meaning spec ({@code output} unless set) */
    public ComponentSpec meaning() {
        return meaning;
    }

    /** @return the measure spec */
    public ComponentSpec measure() {
        return measure;
    }

    /** @return the grid (given, or laid around the embeddings) */
    public Grid grid() {
        return grid;
    }

    /** @return the embeddings, or null */
    public Embeddings embeddings() {
        return embeddings;
    }

    /** @return a copy of the labels, or null */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** @return samples per cell */
    public int samples() {
        return samples;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return worker threads */
    public int threads() {
        return threads;
    }

    /** @return points per model call, or 0 for the function's preference */
    public int batch() {
        return batch;
    }

    /** @return whether the metric tensor field is computed too */
    public boolean metric() {
        return metric;
    }

    /** @return the engine spec ({@value Engine#LOCAL} unless set) */
    public ComponentSpec engine() {
        return engine;
    }

    /** @return the progress listener */
    public Progress progress() {
        return progress;
    }

    /** @return the checkpoint sink, or null */
    public GridEvaluator.Checkpoint checkpoint() {
        return checkpoint;
    }

    /** @return the state to resume from, or null */
    public Resume resume() {
        return resume;
    }

    /**
     * @param files the files the generator and meaning read
     * @return the job an engine other than the local one runs
     */
    Engine.Job job(java.util.List<java.nio.file.Path> files) {
        return new Engine.Job(generatorChain, meaning, measure, grid, embeddings, labels, samples, seed, threads, batch,
                metric, engine, files);
    }

    /**
     * Builds a {@link MeasureRequest}. Every setter checks its argument and returns this.
     *
     * <p>Stability: experimental.
     */
    public static final class Builder {
        private GeneratorChain generatorChain;
        private Generator generator;
        private ComponentSpec meaning = ComponentSpec.parse("output");
        private final ComponentSpec measure;
        private Grid grid;
        private Embeddings embeddings;
        private int[] labels;
        private double margin = DEFAULT_MARGIN;
        private int[] shape = {400};
        private int samples = 1;
        private long seed;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int batch;
        private boolean metric;
        private ComponentSpec engine = new ComponentSpec(Engine.LOCAL, null, java.util.Map.of());
        private Progress progress = Progress.NONE;
        private GridEvaluator.Checkpoint checkpoint;
        private Resume resume;

        private Builder(ComponentSpec measure) {
            this.measure = measure;
        }

        /**
         * @param chain a generator spec or chain {@code A>B}, e.g. {@code onnx:decoder.onnx}, or null for none
         * @return this
         */
        public Builder generator(String chain) {
            return generator(chain == null ? null : GeneratorChain.parse(chain));
        }

        /**
         * @param chain the generator chain, or null for none
         * @return this
         */
        public Builder generator(GeneratorChain chain) {
            this.generatorChain = chain;
            return this;
        }

        /**
         * @param open an open generator, used as it is and not closed by the run (local engine only)
         * @return this
         */
        public Builder generator(Generator open) {
            this.generator = open;
            return this;
        }

        /**
         * @param spec the meaning function spec (default {@code output}: the generator's output)
         * @return this
         */
        public Builder meaning(String spec) {
            return meaning(ComponentSpec.parse(spec));
        }

        /**
         * @param spec the meaning function spec, never null
         * @return this
         */
        public Builder meaning(ComponentSpec spec) {
            this.meaning = Objects.requireNonNull(spec, "meaning");
            return this;
        }

        /**
         * @param grid an explicit grid (instead of one around the embeddings)
         * @return this
         */
        public Builder grid(Grid grid) {
            this.grid = grid;
            return this;
        }

        /**
         * @param embeddings the latent codes of the data: the grid covers them unless one is given,
         *     and meanings trained from data (a classifier) learn from them
         * @return this
         */
        public Builder embeddings(Embeddings embeddings) {
            this.embeddings = embeddings;
            return this;
        }

        /**
         * @param labels one class label per embedding, or null
         * @return this
         */
        public Builder labels(int[] labels) {
            this.labels = labels == null ? null : labels.clone();
            return this;
        }

        /**
         * @param margin fraction of the embeddings' extent added on each side (default 0.1)
         * @return this
         */
        public Builder margin(double margin) {
            if (!(margin >= 0) || !Double.isFinite(margin)) {
                throw new UsageException("margin " + margin + " must be a finite number >= 0");
            }
            this.margin = margin;
            return this;
        }

        /**
         * @param cells cells per axis: one count for every axis, or one per latent dimension
         *     (default 400), each at least 2
         * @return this
         */
        public Builder shape(int... cells) {
            if (cells.length == 0) {
                throw new UsageException("grid shape needs at least one count");
            }
            for (int c : cells) {
                if (c < 2) {
                    throw new UsageException("grid shape " + Arrays.toString(cells) + ": need at least 2 cells per axis");
                }
            }
            this.shape = cells.clone();
            return this;
        }

        /**
         * @param samples jittered samples per cell, averaged (for stochastic generators), at least 1
         * @return this
         */
        public Builder samples(int samples) {
            if (samples < 1) {
                throw new UsageException("samples per cell must be at least 1 (got " + samples + ")");
            }
            this.samples = samples;
            return this;
        }

        /**
         * @param seed the seed of jitter and sampling
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param threads worker threads, at least 1 (default: the number of cores)
         * @return this
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new UsageException("threads must be at least 1 (got " + threads + ")");
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param batch points per model call, at least 1, or 0 for the function's preference
         * @return this
         */
        public Builder batch(int batch) {
            if (batch < 0) {
                throw new UsageException("batch size must be at least 1, or 0 for the model's preference (got " + batch
                        + ")");
            }
            this.batch = batch;
            return this;
        }

        /**
         * @param metric also compute the metric tensor field J^T J per cell (measures that have one)
         * @return this
         */
        public Builder metric(boolean metric) {
            this.metric = metric;
            return this;
        }

        /**
         * @param spec where to evaluate: {@value Engine#LOCAL} (default) or an engine provider's spec,
         *     e.g. {@code spark,master=local[4]}
         * @return this
         */
        public Builder engine(String spec) {
            return engine(ComponentSpec.parse(spec));
        }

        /**
         * @param spec the engine spec, never null
         * @return this
         */
        public Builder engine(ComponentSpec spec) {
            this.engine = Objects.requireNonNull(spec, "engine");
            return this;
        }

        /**
         * @param progress receives evaluations done so far, never null
         * @return this
         */
        public Builder progress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * @param checkpoint receives finished slabs as they accumulate (local engine), or null
         * @return this
         */
        public Builder checkpoint(GridEvaluator.Checkpoint checkpoint) {
            this.checkpoint = checkpoint;
            return this;
        }

        /**
         * @param resume the state of an interrupted run of the same request, or null
         * @return this
         */
        public Builder resume(Resume resume) {
            this.resume = resume;
            return this;
        }

        /**
         * @return the request
         * @throws UsageException when the parts do not fit together (no grid and no embeddings,
         *     labels without embeddings, a shape of the wrong rank, ...)
         */
        public MeasureRequest build() {
            if (grid == null && embeddings == null) {
                throw new UsageException("a measure needs a grid, or embeddings to lay one around");
            }
            return new MeasureRequest(this);
        }
    }
}
