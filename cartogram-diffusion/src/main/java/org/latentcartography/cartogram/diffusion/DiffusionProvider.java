package org.latentcartography.cartogram.diffusion;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.DensityTransform;
import org.latentcartography.core.spi.TransformProvider;

/**
 * Provides {@code diffusion}: {@link DiffusionCartogram}. Options: {@code step-tolerance=} (largest
 * error of one time step, cell widths), {@code end-tolerance=} (stop when no node has more than
 * this left to move, cell widths), {@code max-steps=}, {@code threads=} (default: the run's thread
 * count).
 */
public final class DiffusionProvider implements TransformProvider {
    @Override
    public String id() {
        return "diffusion";
    }

    @Override
    public String description() {
        return "diffusion cartogram (Gastner & Newman 2004): density diffuses to uniform, the grid moves with it";
    }

    @Override
    public DensityTransform create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of("step-tolerance", "end-tolerance", "max-steps", "threads", "integrator"));
        DiffusionCartogram.Options d = DiffusionCartogram.Options.defaults();
        double step = positive(spec, "step-tolerance", spec.number("step-tolerance", d.stepTolerance()));
        double end = positive(spec, "end-tolerance", spec.number("end-tolerance", d.endTolerance()));
        int steps = atLeastOne(spec, "max-steps", spec.integer("max-steps", d.maxSteps()));
        int threads = atLeastOne(spec, "threads", spec.integer("threads", context.threads()));
        return new DiffusionCartogram(new DiffusionCartogram.Options(step, end, steps, threads)).heunOnly(DiffusionProvider.heun(spec));
    }

    /** Option {@code integrator=auto|heun}: the node integrator's schedule (auto: the default). */
    static boolean heun(ComponentSpec spec) {
        String v = spec.string("integrator", "auto");
        if (!v.equals("auto") && !v.equals("heun")) {
            throw new UsageException("'" + spec.id() + "' option integrator=" + v + " must be auto or heun");
        }
        return v.equals("heun");
    }

    static double positive(ComponentSpec spec, String key, double v) {
        if (!(v > 0)) {
            throw new UsageException("'" + spec.id() + "' option " + key + "=" + v + " must be positive");
        }
        return v;
    }

    static int atLeastOne(ComponentSpec spec, String key, int v) {
        if (v < 1) {
            throw new UsageException("'" + spec.id() + "' option " + key + "=" + v + " must be at least 1");
        }
        return v;
    }
}
