package org.latentcartography.cartogram.diffusion;

import java.util.Objects;
import org.latentcartography.core.spi.DensityTransform;

/**
 * The diffusion cartogram of Gastner and Newman (2004, PNAS 101:7499): the density spreads under
 * the diffusion equation &#8706;&#961;/&#8706;t = &#8711;<sup>2</sup>&#961; inside the box, with zero
 * flux through its walls, and every point moves with the flow it is carried by,
 * <pre>
 *   dx/dt = v(x, t) = -&#8711;&#961;(x, t) / &#961;(x, t),
 * </pre>
 * until the density is uniform. The diffusion is solved exactly in cosine space: with
 * &#961;(x, y, 0) = &#931; a<sub>kl</sub> cos(&#960;kx/n1) cos(&#960;ly/n2) (a DCT-II of the cells,
 * in cell units), each mode decays as exp(-&#960;<sup>2</sup>(k<sup>2</sup>/n1<sup>2</sup> +
 * l<sup>2</sup>/n2<sup>2</sup>) t). The density and its gradient are evaluated at the cell centres
 * (DCT-III and sine passes), the velocity is interpolated bilinearly at the nodes, and the nodes are
 * integrated by {@link NodeIntegrator} (Heun with error control). The walls stay put: nodes on them
 * slide along them, and the map's outer boundary stays the rectangle (no sea around the map).
 *
 * <p>The integration ends when the largest node speed times the decay time of the slowest mode,
 * n<sup>2</sup>/&#960;<sup>2</sup> (n the longer side), is below {@code endTolerance} cell widths:
 * an upper bound on how far any node still has to go.
 *
 * <p>Thread-safe: each call of {@link #transform} uses its own threads and buffers.
 */
public final class DiffusionCartogram implements DensityTransform {

    /**
     * @param stepTolerance largest local error of one time step, in cell widths
     * @param endTolerance remaining displacement at which to stop, in cell widths
     * @param maxSteps most time steps
     * @param threads worker threads
     */
    public record Options(double stepTolerance, double endTolerance, int maxSteps, int threads) {
        public Options {
            if (!(stepTolerance > 0) || !(endTolerance > 0) || maxSteps < 1 || threads < 1) {
                throw new IllegalArgumentException("bad options " + stepTolerance + ", " + endTolerance
                        + ", " + maxSteps + ", " + threads);
            }
        }

        /**
         * Defaults: step error 0.01 cell widths, stop at 1e-3 cell widths to go, 10,000 steps, 2
         * threads. The step error bounds the node positions' error: on the separable test at 512 x 512
         * the largest deviation from the exact map is 0.010 cell widths at 0.01 and 0.058 at 0.05.
         * The mean area error is less sensitive: 0.12% at both on the benchmark density at 1024, which
         * 0.05 reaches in half the steps; 0.2 raises it to 0.2%.
         */
        public static Options defaults() {
            return new Options(0.01, 1e-3, 10_000, 2);
        }
    }

    /** First time step: small against the time (about 1) a one-cell feature takes to spread. */
    private static final double FIRST_STEP = 0.01;

    private final Options options;

    public DiffusionCartogram(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** @return the options */
    public Options options() {
        return options;
    }

    @Override
    public Result transform(double[] density, int n1, int n2, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        double mean = Cartograms.checkDensity(density, n1, n2);
        double[] nodes = Cartograms.identityNodes(n1, n2);
        try (Workers workers = new Workers(options.threads())) {
            CosineField cosine = new CosineField(n1, n2, workers);
            double[] coef = cosine.coefficients(density);
            double[] rho = new double[n1 * n2];
            double[] gx = new double[n1 * n2];
            double[] gy = new double[n1 * n2];
            double[] fx = new double[n1];
            double[] fy = new double[n2];
            double floor = 1e-9 * mean;
            NodeIntegrator.Field field = (t, out) -> {
                for (int k = 0; k < n1; k++) {
                    fx[k] = Math.exp(-cosine.rateX(k) * t);
                }
                for (int l = 0; l < n2; l++) {
                    fy[l] = Math.exp(-cosine.rateY(l) * t);
                }
                cosine.synthesize(coef, fx, fy, rho, gx, gy, null);
                workers.range(n1, 32, (part, from, to) -> {
                    for (int i = from; i < to; i++) {
                        int base = i * n2;
                        int v = out.index(i, 0);
                        for (int j = 0; j < n2; j++) {
                            double r = Math.max(rho[base + j], floor);
                            out.vx[v + j] = -gx[base + j] / r;
                            out.vy[v + j] = -gy[base + j] / r;
                        }
                    }
                });
                out.mirror();
                return out.maxGradient(workers);
            };
            double longest = Math.max(n1, n2);
            double slowest = longest * longest / (Math.PI * Math.PI);
            NodeIntegrator integrator = new NodeIntegrator(n1, n2, workers);
            NodeIntegrator.Outcome outcome = integrator.integrate(nodes, field, 0.0, Double.POSITIVE_INFINITY,
                    FIRST_STEP, options.stepTolerance(), NodeIntegrator.STRAIN_TOLERANCE, options.maxSteps(),
                    (t, speed, h) -> speed * slowest < options.endTolerance(),
                    step -> listener.progress(step, Double.NaN));
            return new Result(nodes, outcome.steps());
        }
    }
}
