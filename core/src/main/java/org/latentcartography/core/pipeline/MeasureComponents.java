package org.latentcartography.core.pipeline;

import java.util.Map;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.Measure;

/**
 * The open parts of a {@link MeasureRequest}: its generator (when the request named one by spec,
 * owned here), its meaning function and its measure, and evaluators over them. The local engine
 * runs one evaluator over the whole grid; a cluster engine's executors open the same components
 * from the same request and run blocks of slabs ({@link GridEvaluator#runSlabs}), so both give the
 * same values bit for bit. Made by {@link Cartography#open}; closing it closes what it opened
 * (twice is harmless).
 *
 * <p>Stability: experimental. Thread-safe as its parts are: {@code apply} of the function is.
 */
public final class MeasureComponents implements AutoCloseable {
    private final MeasureRequest request;
    private final Generator ownedGenerator;
    private final LatentFunction function;
    private final Measure measure;
    private final String name;
    private boolean closed;

    MeasureComponents(MeasureRequest request, Generator ownedGenerator, LatentFunction function, Measure measure,
                      String name) {
        this.request = request;
        this.ownedGenerator = ownedGenerator;
        this.function = function;
        this.measure = measure;
        this.name = name;
    }

    /** @return the meaning function f: Z &#8594; H */
    public LatentFunction function() {
        return function;
    }

    /** @return the measure */
    public Measure measure() {
        return measure;
    }

    /** @return the generator's name (or the meaning's id when there is no generator), for messages and figures */
    public String name() {
        return name;
    }

    /** @return the meaning function's report (e.g. a classifier's held-out accuracy), never null */
    public Map<String, Object> report() {
        return function.report();
    }

    /**
     * @return an evaluator of the request's grid with its samples, seed, threads, batch, metric and
     *     progress (checkpoint and resume are the local run's; see {@link Cartography#measure})
     */
    public GridEvaluator evaluator() {
        return evaluator(request.threads());
    }

    /**
     * @param threads worker threads (an executor's task uses its own cores)
     * @return an evaluator as {@link #evaluator()} with that many threads
     */
    public GridEvaluator evaluator(int threads) {
        GridEvaluator ev = new GridEvaluator(request.grid(), function, measure).name(name)
                .measureName(request.measure().id()).samples(request.samples())
                .seed(request.seed()).threads(threads).metric(request.metric()).progress(request.progress());
        if (request.batch() > 0) {
            ev.batchSize(request.batch());
        }
        return ev;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Generator g = ownedGenerator; LatentFunction f = function) {
            // closes both, the function first
        }
    }
}
