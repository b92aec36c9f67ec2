package org.latentcartography.example.plugin;

import java.util.List;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.GeneratorProvider;
import org.latentcartography.core.spi.LatentFunction;

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
 * A backend over another inference library looks the same: parse the spec, check it, load the
 * model in {@link #open}, and give a {@link Generator} whose {@code apply} is thread-safe.
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
        LatentFunction f;
        switch (surface) {
            case "plane": {
                spec.requireOnly(List.of("a", "b"));
                double a = spec.number("a", 1);
                double b = spec.number("b", 0);
                f = LatentFunction.pointwise(2, 3, (z, zo, out, oo) -> {
                    out[oo] = z[zo];
                    out[oo + 1] = z[zo + 1];
                    out[oo + 2] = a * z[zo] + b * z[zo + 1];
                });
                break;
            }
            case "paraboloid": {
                spec.requireOnly(List.of("c"));
                double c = spec.number("c", 1);
                f = LatentFunction.pointwise(2, 3, (z, zo, out, oo) -> {
                    double x = z[zo];
                    double y = z[zo + 1];
                    out[oo] = x;
                    out[oo + 1] = y;
                    out[oo + 2] = c * (x * x + y * y);
                });
                break;
            }
            default:
                // a bad spec is a usage error (exit status 2), with one line naming the input
                throw new UsageException("analytic: unknown surface '" + surface + "'; known: plane, paraboloid");
        }
        return new Surface("analytic:" + surface, f);
    }

    /** The generator: a name over a thread-safe, stateless function. */
    private static final class Surface implements Generator {
        private final String name;
        private final LatentFunction f;

        Surface(String name, LatentFunction f) {
            this.name = name;
            this.f = f;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int latentDimension() {
            return 2;
        }

        @Override
        public int outputDimension() {
            return 3;
        }

        @Override
        public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
            f.apply(z, count, out, outOffset, seeds);
            for (int i = 0; i < 3 * count; i++) {
                if (!Double.isFinite(out[outOffset + i])) {
                    // a failure while running is a CartographyException (exit status 1) naming the model and the point
                    throw new CartographyException(name + ": non-finite output at z = ("
                            + z[2 * (i / 3)] + ", " + z[2 * (i / 3) + 1] + ")");
                }
            }
        }
    }
}
