package org.latentcartography.core.spi;

import java.util.Map;
import java.util.Objects;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.GeneratorChain;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;

/**
 * Another place to run a measure's grid evaluation, e.g. a cluster engine (module
 * {@code engine-spark}, id {@code spark}). Engines are providers like any other: found by
 * {@link org.latentcartography.core.plugin.Registries} on the module path, the class path or in a
 * plugins folder, listed with their id, and chosen by a spec such as {@code spark,master=local[4]}
 * whose options are the engine's own. The evaluation on this machine's cores, with checkpoints and
 * resume, is built into the pipeline ({@code org.latentcartography.core.pipeline}) under the id
 * {@value #LOCAL} and needs no provider.
 *
 * <p>An engine rebuilds the generator, meaning and measure from their specs wherever it runs them
 * (shipping the files that the providers declare with {@link Provider#files}), evaluates blocks of
 * slabs with {@code GridEvaluator.runSlabs}, and so gives bit for bit the local engine's values.
 *
 * <p>Stability: experimental.
 */
public interface Engine extends Provider {
    /** The id of the built-in engine: this machine's cores. */
    String LOCAL = "local";

    /**
     * What to evaluate.
     *
     * @param generator the generator chain, or null when the meaning needs none
     * @param meaning the meaning spec, never null
     * @param measure the measure spec, never null
     * @param grid the grid, never null
     * @param embeddings the embeddings, or null
     * @param labels the labels, or null
     * @param samples samples per cell, at least 1
     * @param seed the seed
     * @param threads the local engine's threads (a hint; engines use their own cores)
     * @param batch points per model call, or 0 for the function's preference
     * @param metric also compute the metric tensor field
     * @param engine the engine spec: this engine's id and its options, never null
     * @param files the files and folders the generator and meaning read, as their providers declare
     *     them ({@link Provider#files}): what an engine ships to where it rebuilds the components
     */
    record Job(GeneratorChain generator, ComponentSpec meaning, ComponentSpec measure, Grid grid, Embeddings embeddings,
               int[] labels, int samples, long seed, int threads, int batch, boolean metric, ComponentSpec engine,
               java.util.List<java.nio.file.Path> files) {
        /**
         * Checks the parts.
         *
         * @param generator the generator chain, or null when the meaning needs none
         * @param meaning the meaning spec, never null
         * @param measure the measure spec, never null
         * @param grid the grid, never null
         * @param embeddings the embeddings, or null
         * @param labels the labels, or null
         * @param samples samples per cell, at least 1
         * @param seed the seed
         * @param threads the local engine's threads (a hint; engines use their own cores)
         * @param batch points per model call, or 0 for the function's preference
         * @param metric also compute the metric tensor field
         * @param engine the engine spec: this engine's id and its options, never null
         * @param files the files and folders the generator and meaning read, as their providers declare them ({@link Provider#files}): what an engine ships to where it rebuilds the components
         */
        public Job {
            Objects.requireNonNull(meaning, "meaning");
            Objects.requireNonNull(measure, "measure");
            Objects.requireNonNull(grid, "grid");
            Objects.requireNonNull(engine, "engine");
            files = java.util.List.copyOf(files);
        }
    }

    /**
     * What an engine gives back.
     *
     * @param measure the measure of every cell, C order, never null
     * @param metric the metric tensor field (cells × D × D), or null when not asked for
     * @param evaluations meaning-function evaluations made
     * @param seconds wall-clock seconds of the evaluation
     * @param functionName the generator's name (or the meaning's id)
     * @param outputDimension the meaning function's output dimension
     * @param report the meaning function's report (e.g. a classifier's accuracy), never null
     * @param info engine facts for measure.json (e.g. master, blocks, start-up seconds), never null
     */
    record Outcome(double[] measure, double[] metric, long evaluations, double seconds, String functionName,
                   int outputDimension, Map<String, Object> report, Map<String, Object> info) {
    }

    /**
     * Runs the evaluation.
     *
     * @param job what to evaluate, never null
     * @param progress receives cells done so far, never null
     * @return the outcome
     * @throws org.latentcartography.core.CartographyException when it fails (one line)
     * @throws org.latentcartography.core.UsageException when the job or the engine's options are wrong
     */
    Outcome evaluate(Job job, org.latentcartography.core.eval.Progress progress);
}
