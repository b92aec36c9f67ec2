package org.latentcartography.core.spi;

/**
 * A function on the latent space, z &#8614; h, evaluated in batches: a generator's output, or a
 * meaning function built on it (paper sec. 2.2). The grid evaluator calls it on cell centres
 * (or jittered samples inside cells) and feeds the results to a measure.
 *
 * <p>Thread-safety: {@link #apply} may be called concurrently from several threads, each with its
 * own arrays. Lifecycle: the creator owns the function and closes it; close is idempotent.
 *
 * <p>Stability: stable.
 */
public interface LatentFunction extends AutoCloseable {

    /** @return the latent dimension D_z this function accepts, or -1 when it accepts any */
    int latentDimension();

    /** @return the output dimension D_h, at least 1 */
    int outputDimension();

    /**
     * @return true when the output for one z varies with the seed (sampling decoders); the
     *     evaluator then uses the per-point seeds and the user may average several samples
     */
    default boolean isStochastic() {
        return false;
    }

    /** @return how many points one call should carry for good throughput */
    default int preferredBatchSize() {
        return 1024;
    }

    /**
     * Evaluates {@code count} points.
     *
     * @param z the points, {@code count * D_z} values, row-major; not modified
     * @param count the number of points, at least 1
     * @param out receives {@code count * D_h} values, row-major, from {@code outOffset}
     * @param outOffset where the first output value goes in {@code out}
     * @param seeds one seed per point (length at least {@code count}); deterministic functions
     *     ignore them; a stochastic one must give the same output for the same z and seed
     * @throws org.latentcartography.core.CartographyException when the evaluation fails, with a
     *     message naming the model
     */
    void apply(double[] z, int count, double[] out, int outOffset, long[] seeds);

    /**
     * @return true when every value {@link #apply} gives is a float32 value (e.g. a float32 ONNX
     *     decoder's outputs, widened) and {@link #applyFloat} gives the same values without widening
     *     them; false by default
     */
    default boolean floatOutputs() {
        return false;
    }

    /**
     * Evaluates {@code count} points as {@link #apply} does, into float32 values: for functions whose
     * {@link #floatOutputs()} is true, so that a caller holding their values in float32 (half the
     * memory, no widening copy) gets exactly the values {@code apply} would give.
     *
     * @param z the points, {@code count * D_z} values, row-major; not modified
     * @param count the number of points, at least 1
     * @param out receives {@code count * D_h} values, row-major, from {@code outOffset}
     * @param outOffset where the first output value goes in {@code out}
     * @param seeds one seed per point, as for {@link #apply}
     * @throws UnsupportedOperationException when {@link #floatOutputs()} is false
     */
    default void applyFloat(double[] z, int count, float[] out, int outOffset, long[] seeds) {
        throw new UnsupportedOperationException("this function's outputs are not float32 values");
    }

    /**
     * @return facts about how this function was made, for the run's record (e.g. a trained
     *     classifier's held-out accuracy); values are numbers, strings, booleans or lists of them;
     *     never null
     */
    default java.util.Map<String, Object> report() {
        return java.util.Map.of();
    }

    /** One point's evaluation, for {@link #pointwise}. */
    @FunctionalInterface
    interface Point {
        /**
         * @param z the array holding the point's D_z coordinates from {@code zOffset}; not modified
         * @param zOffset where the point starts
         * @param out receives D_h values from {@code outOffset}
         * @param outOffset where they go
         */
        void apply(double[] z, int zOffset, double[] out, int outOffset);
    }

    /**
     * A deterministic function written for one point at a time; the framework batches it. For
     * analytic meaning functions, tests and simple plugins.
     *
     * @param latentDimension D_z, or -1 for any
     * @param outputDimension D_h
     * @param point the evaluation of one point, thread-safe
     * @return the function
     */
    static LatentFunction pointwise(int latentDimension, int outputDimension, Point point) {
        java.util.Objects.requireNonNull(point, "point");
        if (outputDimension < 1) {
            throw new IllegalArgumentException("output dimension < 1");
        }
        return new LatentFunction() {
            @Override
            public int latentDimension() {
                return latentDimension;
            }

            @Override
            public int outputDimension() {
                return outputDimension;
            }

            @Override
            public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
                int dz = latentDimension < 0 ? z.length / count : latentDimension;
                for (int i = 0; i < count; i++) {
                    point.apply(z, i * dz, out, outOffset + i * outputDimension);
                }
            }
        };
    }

    /**
     * A view of a function that forwards everything but {@link #close}: for a meaning function
     * that is its generator's output as it is and does not own the generator.
     *
     * @param f the function, never null; the caller keeps owning it
     * @return the view; closing it does nothing
     */
    static LatentFunction borrowed(LatentFunction f) {
        java.util.Objects.requireNonNull(f, "f");
        return new LatentFunction() {
            @Override
            public int latentDimension() {
                return f.latentDimension();
            }

            @Override
            public int outputDimension() {
                return f.outputDimension();
            }

            @Override
            public boolean isStochastic() {
                return f.isStochastic();
            }

            @Override
            public int preferredBatchSize() {
                return f.preferredBatchSize();
            }

            @Override
            public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
                f.apply(z, count, out, outOffset, seeds);
            }

            @Override
            public boolean floatOutputs() {
                return f.floatOutputs();
            }

            @Override
            public void applyFloat(double[] z, int count, float[] out, int outOffset, long[] seeds) {
                f.applyFloat(z, count, out, outOffset, seeds);
            }

            @Override
            public java.util.Map<String, Object> report() {
                return f.report();
            }
        };
    }

    /** Releases native resources. Safe to call twice. */
    @Override
    default void close() {
    }
}
