package org.latentcartography.core.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.map.LatentMap;
import org.latentcartography.core.map.LatentMap3D;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.DensityTransform;
import org.latentcartography.core.spi.Engine;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.InputPrecision;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.MeaningProvider;
import org.latentcartography.core.spi.Measure;

/**
 * The one entry point of the toolkit: runs {@link MeasureRequest}s and {@link MapRequest}s with
 * the providers of a {@link Registries}. The command line, the demos and the engines are clients
 * of this class.
 *
 * <p>Stability: experimental. Thread-safe: requests may run concurrently.
 */
public final class Cartography {
    private final Registries registries;

    /** @param registries the providers to run with, never null */
    public Cartography(Registries registries) {
        this.registries = Objects.requireNonNull(registries, "registries");
    }

    /**
     * @return a cartography with every provider of the module or class path and of the plugins
     *     folder in force, found as the {@code cartography} command finds it (see
     *     {@link Registries#discoverDefault()})
     */
    public static Cartography discover() {
        return new Cartography(Registries.discoverDefault());
    }

    /** @return the providers */
    public Registries registries() {
        return registries;
    }

    /**
     * Opens a request's generator (unless it gave an open one), meaning function and measure.
     *
     * @param request the request, never null
     * @return the open components, owned by the caller
     * @throws UsageException when an id is unknown or the parts do not fit together
     */
    public MeasureComponents open(MeasureRequest request) {
        ComponentContext ctx = registries.context(request.embeddings(), request.labels(), request.seed(),
                request.threads());
        MeaningProvider mp = registries.meanings().get(request.meaning().id());
        boolean noGenerator = request.generatorChain() == null && request.generator() == null;
        if (noGenerator && mp.needsGenerator()) {
            throw new UsageException("the meaning '" + request.meaning().id() + "' needs a generator");
        }
        Measure m = registries.measure(request.measure(), ctx);
        Generator owned = request.generatorChain() == null ? null : registries.openGenerator(request.generatorChain(), ctx);
        Generator gen = owned != null ? owned : request.generator();
        try {
            if (gen != null) {
                Generator g = gen;
                gen.capability(InputPrecision.class).ifPresent(p -> checkResolution(p, request.grid(), g.name()));
            }
            LatentFunction f = mp.create(request.meaning(), gen, ctx);
            return new MeasureComponents(request, owned, f, m, gen == null ? request.meaning().id() : gen.name());
        } catch (RuntimeException e) {
            if (owned != null) {
                owned.close();
            }
            throw e;
        }
    }

    /**
     * Refuses a grid whose neighbouring cells the generator's input type cannot tell apart: their
     * centres round to (nearly) the same input, and a measure's differences between them would be
     * wrong without a word.
     */
    static void checkResolution(InputPrecision p, org.latentcartography.core.grid.Grid grid, String name) {
        for (int k = 0; k < grid.dimension(); k++) {
            double magnitude = Math.max(Math.abs(grid.lower(k)), Math.abs(grid.upper(k)));
            double min = p.minimumStep(magnitude);
            if (grid.width(k) < min) {
                throw new org.latentcartography.core.CartographyException(String.format(java.util.Locale.ROOT,
                        "%s takes %s latent points: at coordinates up to %.6g on axis %d it resolves cells at least "
                                + "%.3g wide, but the grid's cells are %.3g wide (neighbouring cells would round to the "
                                + "same input); use fewer cells or a wider range on that axis", name, p.type(),
                        magnitude, k, min, grid.width(k)));
            }
        }
    }

    /**
     * Computes a measure map: on this machine's cores (engine {@value Engine#LOCAL}, with the
     * request's checkpoint and resume) or on the engine the request names.
     *
     * @param request the request, never null
     * @return the result
     * @throws org.latentcartography.core.CartographyException when a model or an input fails (one line)
     * @throws UsageException when the request's parts do not fit together
     */
    public MeasureResult measure(MeasureRequest request) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("generator", request.generatorChain() != null ? request.generatorChain().toString()
                : request.generator() != null ? request.generator().name() : null);
        info.put("meaning", request.meaning().toString());
        info.put("measure", request.measure().toString());
        info.put("samples", request.samples());
        info.put("seed", request.seed());
        List<String> notes = new ArrayList<>();
        if (!Engine.LOCAL.equals(request.engine().id())) {
            Engine engine = registries.engine(request.engine());
            Engine.Outcome o = engine.evaluate(job(request), request.progress());
            info.put("engine", engine.id());
            info.putAll(o.info());
            return MeasureResult.of(request.grid(), o.measure(), o.metric(), o.evaluations(), o.seconds(),
                    o.functionName(), o.outputDimension(), o.report(), info, notes);
        }
        try (MeasureComponents c = open(request)) {
            if (request.samples() > 1 && !c.function().isStochastic()) {
                notes.add(request.samples() + " samples per cell average jittered points inside each cell of a "
                        + "deterministic function");
            }
            GridEvaluator ev = c.evaluator().checkpoint(request.checkpoint());
            MeasureRequest.Resume r = request.resume();
            if (r != null) {
                ev.resume(r.measure(), r.metric(), r.doneSlabs());
            }
            GridEvaluator.Result res = ev.run();
            info.put("threads", request.threads());
            return MeasureResult.of(request.grid(), res.measure(), res.metric(), res.evaluations(), res.seconds(),
                    c.name(), c.function().outputDimension(), c.report(), info, notes);
        }
    }

    /**
     * @param request a request, never null
     * @return the job an engine is given for it: the request's parts, with the files its
     *     generator and meaning read as their providers declare them
     */
    public Engine.Job job(MeasureRequest request) {
        return request.job(registries.files(request.generatorChain(), request.meaning()));
    }

    /**
     * Computes a density-equalising map (paper sec. 3): prepares the density (validate, floor,
     * blur, relax) and runs the request's transform.
     *
     * @param request the request, never null
     * @return the map, its area errors and report
     * @throws org.latentcartography.core.CartographyException when the measure is not a usable density
     * @throws UsageException when the transform's id or options are wrong
     */
    public MapResult map(MapRequest request) {
        double[] density = request.density();
        int n1 = request.grid().size(0);
        int n2 = request.grid().size(1);
        ComponentSpec spec = request.method();
        DensityTransform transform = registries.transforms().get(spec.id())
                .create(spec, registries.context(request.embeddings(), null, 0, request.threads()));
        if (request.grid().dimension() == 3) {
            return mapVolume(request, density, spec, transform);
        }
        long start = System.nanoTime();
        DensityTransform.Result res = transform.transform(density, n1, n2, request.listener());
        double seconds = (System.nanoTime() - start) / 1e9;
        AreaError err = AreaError.of(density, n1, n2, res.nodes());
        LatentMap map = LatentMap.ofCellNodes(request.grid(), res.nodes());
        return new MapResult(request.grid(), request.measure(), density, map, spec, seconds, res.iterations(), err,
                request.reportSettings());
    }

    /** A 3-D map: the transform's volume method, volume errors, a {@link LatentMap3D}. */
    private static MapResult mapVolume(MapRequest request, double[] density, ComponentSpec spec,
                                       DensityTransform transform) {
        if (!transform.supports3D()) {
            throw new UsageException("transform '" + spec.id() + "' makes 2-D maps only; a 3-D measure needs one that "
                    + "equalises volumes (diffusion)");
        }
        int[] n = request.grid().shape();
        long start = System.nanoTime();
        DensityTransform.Result res = transform.transform(density, n[0], n[1], n[2], request.listener());
        double seconds = (System.nanoTime() - start) / 1e9;
        AreaError err = AreaError.ofVolumes(density, n[0], n[1], n[2], res.nodes());
        LatentMap3D map = LatentMap3D.ofCellNodes(request.grid(), res.nodes());
        return new MapResult(request.grid(), request.measure(), density, null, map, spec, seconds, res.iterations(),
                err, request.reportSettings());
    }
}
