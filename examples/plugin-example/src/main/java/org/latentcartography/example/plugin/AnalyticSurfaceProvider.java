package org.latentcartography.example.plugin;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.GeneratorProvider;

/**
 * An example generator backend in pure Java: a surface over the 2-D latent plane, embedded in
 * R³ as h(z) = (z₁, z₂, f(z₁, z₂)), whose Riemannian volume element is known in closed form,
 * sqrt(1 + |∇f|²). Two surfaces:
 * <ul>
 *   <li>{@code analytic:plane,a=A,b=B} (the default): f = A·z₁ + B·z₂; volume element
 *       sqrt(1 + A² + B²) everywhere, Frobenius norm of the Jacobian sqrt(2 + A² + B²);</li>
 *   <li>{@code analytic:paraboloid,c=C}: f = C·(z₁² + z₂²); volume element
 *       sqrt(1 + 4C²(z₁² + z₂²)) (central differences are exact on it inside the grid).</li>
 * </ul>
 * A pure-Java backend is a point function given to {@link Generator#pointwise}, which batches it
 * and reports a non-finite output with its point. A backend over another inference library
 * looks the same from outside: parse the spec, check it, load the model in {@link #open}, and give
 * a {@link Generator} whose {@code apply} is thread-safe.
 */
public final class AnalyticSurfaceProvider implements GeneratorProvider {
    @Override
    public String id() {
        return "analytic";
    }

    @Override
    public String description() {
        return "example plugin: analytic surface z -> (z1, z2, f(z)); analytic:plane,a=,b= or analytic:paraboloid,c=";
    }

    @Override
    public Generator open(ComponentSpec spec, ComponentContext context) {
        String surface = spec.argument() == null ? "plane" : spec.argument();
        String name = "analytic:" + surface;
        switch (surface) {
            case "plane": {
                spec.requireOnly(List.of("a", "b"));
                double a = spec.number("a", 1);
                double b = spec.number("b", 0);
                // one point at a time; the toolkit batches it and reports a NaN/Inf output with its point
                return Generator.pointwise(name, 2, 3, (z, zo, out, oo) -> {
                    out[oo] = z[zo];
                    out[oo + 1] = z[zo + 1];
                    out[oo + 2] = a * z[zo] + b * z[zo + 1];
                });
            }
            case "paraboloid": {
                spec.requireOnly(List.of("c"));
                double c = spec.number("c", 1);
                return Generator.pointwise(name, 2, 3, (z, zo, out, oo) -> {
                    double x = z[zo];
                    double y = z[zo + 1];
                    out[oo] = x;
                    out[oo + 1] = y;
                    out[oo + 2] = c * (x * x + y * y);
                });
            }
            default:
                // a bad spec is a usage error (exit status 2), with one line naming the input
                throw new UsageException("analytic: unknown surface '" + surface + "'; known: plane, paraboloid");
        }
    }
}
