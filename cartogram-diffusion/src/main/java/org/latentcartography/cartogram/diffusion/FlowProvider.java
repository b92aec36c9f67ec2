package org.latentcartography.cartogram.diffusion;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.DensityTransform;
import org.latentcartography.core.spi.TransformProvider;

/**
 * Provides {@code flow}: {@link FlowCartogram}. Options: {@code tolerance=} (mean relative area
 * error at which to stop, e.g. 0.001), {@code max-iterations=} (flow passes),
 * {@code step-tolerance=} (largest error of one time step, cell widths), {@code threads=}
 * (default: the run's thread count).
 */
public final class FlowProvider implements TransformProvider {
    @Override
    public String id() {
        return "flow";
    }

    @Override
    public String description() {
        return "flow-based cartogram (after Gastner, Seguy & More 2018): a fine-to-coarse ladder of flows, faster than diffusion";
    }

    @Override
    public DensityTransform create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of("tolerance", "max-iterations", "step-tolerance", "threads", "integrator"));
        FlowCartogram.Options d = FlowCartogram.Options.defaults();
        double tol = DiffusionProvider.positive(spec, "tolerance", spec.number("tolerance", d.tolerance()));
        int iterations = DiffusionProvider.atLeastOne(spec, "max-iterations",
                spec.integer("max-iterations", d.maxIterations()));
        double step = DiffusionProvider.positive(spec, "step-tolerance", spec.number("step-tolerance", d.stepTolerance()));
        int threads = DiffusionProvider.atLeastOne(spec, "threads", spec.integer("threads", context.threads()));
        return new FlowCartogram(new FlowCartogram.Options(tol, iterations, step, threads)).heunOnly(DiffusionProvider.heun(spec));
    }
}
