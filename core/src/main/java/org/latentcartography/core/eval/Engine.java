package org.latentcartography.core.eval;

import java.util.Map;
import java.util.Objects;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;

/**
 * Another place to run the grid evaluation of {@code cartography measure}, e.g. a cluster
 * engine (module {@code engine-spark}). Found with {@link java.util.ServiceLoader} by
 * {@link #id()} ({@code --engine ID}); the local engine is the {@link GridEvaluator} itself and
 * needs no provider. An engine rebuilds the generator, meaning and measure from their specs
 * wherever it runs them, evaluates blocks of slabs with {@link GridEvaluator#runSlabs}, and so
 * gives bit for bit the local engine's values.
 *
 * <p>Stability: experimental.
 */
public interface Engine {

    /** @return the id, e.g. {@code spark} */
    String id();

    /** @return one line for listings */
    String description();

    /**
     * What to evaluate, as the command was given it.
     *
     * @param generator the generator spec or chain {@code A>B}, or null when the meaning needs none
     * @param meaning the meaning spec
     * @param measure the measure spec
     * @param grid the grid
     * @param embeddings the embeddings, or null
     * @param labels the labels, or null
     * @param samples samples per cell
     * @param seed the seed
     * @param threads the local engine's threads (a hint; engines use their own cores)
     * @param batch points per model call, or null for the function's preference
     * @param metric also compute the metric tensor field
     * @param options engine options, e.g. {@code master}
     */
    record Job(String generator, String meaning, String measure, Grid grid, Embeddings embeddings, int[] labels,
               int samples, long seed, int threads, Integer batch, boolean metric, Map<String, String> options) {
        /**
         * Checks the required parts.
         *
         * @param generator the generator spec or chain, or null
         * @param meaning the meaning spec, never null
         * @param measure the measure spec, never null
         * @param grid the grid, never null
         * @param embeddings the embeddings, or null
         * @param labels the labels, or null
         * @param samples samples per cell
         * @param seed the seed
         * @param threads the local engine's threads
         * @param batch points per model call, or null
         * @param metric also compute the metric tensor field
         * @param options engine options, never null (copied)
         */
        public Job {
            Objects.requireNonNull(meaning, "meaning");
            Objects.requireNonNull(measure, "measure");
            Objects.requireNonNull(grid, "grid");
            options = Map.copyOf(options);
        }
    }

    /**
     * What an engine gives back.
     *
     * @param result the measure (and metric) of the whole grid
     * @param functionName the generator's name (or the meaning's id)
     * @param outputDimension the meaning function's output dimension
     * @param report the meaning function's report (e.g. a classifier's accuracy)
     * @param info engine facts for measure.json (e.g. master, blocks, start-up seconds)
     */
    record Outcome(GridEvaluator.Result result, String functionName, int outputDimension,
                   Map<String, Object> report, Map<String, Object> info) {
    }

    /**
     * Runs the evaluation.
     *
     * @param job what to evaluate
     * @param progress receives cells done so far
     * @return the outcome
     * @throws org.latentcartography.core.CartographyException when it fails (one line)
     * @throws org.latentcartography.core.UsageException when the job or options are wrong
     */
    Outcome evaluate(Job job, Progress progress);

    /**
     * @param id an engine id
     * @return the engine of that id on the class or module path, if any
     */
    static java.util.Optional<Engine> find(String id) {
        for (Engine e : java.util.ServiceLoader.load(Engine.class)) {
            if (e.id().equals(id)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }
}
