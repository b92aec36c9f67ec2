package org.latentcartography.cartogram.diffusion;

import java.util.Objects;
import org.latentcartography.core.map.AreaError;
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
     * @param maxSteps most time steps of one pass
     * @param threads worker threads
     * @param tolerance mean relative area error below which no correction pass is made
     * @param corrections most correction passes (a diffusion of the density still to be
     *     equalised, resampled conservatively on the regular grid of the transformed space)
     */
    public record Options(double stepTolerance, double endTolerance, int maxSteps, int threads, double tolerance,
                          int corrections) {
        public Options {
            if (!(stepTolerance > 0) || !(endTolerance > 0) || maxSteps < 1 || threads < 1 || !(tolerance > 0)
                    || corrections < 0) {
                throw new IllegalArgumentException("bad options " + stepTolerance + ", " + endTolerance
                        + ", " + maxSteps + ", " + threads + ", " + tolerance + ", " + corrections);
            }
        }

        /** The default area tolerance and correction passes with the given integration options. */
        public Options(double stepTolerance, double endTolerance, int maxSteps, int threads) {
            this(stepTolerance, endTolerance, maxSteps, threads, DEFAULT_TOLERANCE, DEFAULT_CORRECTIONS);
        }

        /**
         * Defaults: step error 0.01 cell widths, stop at 1e-3 cell widths to go, 10,000 steps, 2
         * threads, corrections while the mean area error is above 0.1%, at most 2.
         */
        public static Options defaults() {
            return new Options(0.01, 1e-3, 10_000, 2);
        }
    }

    static final double DEFAULT_TOLERANCE = 0.001;
    static final int DEFAULT_CORRECTIONS = 2;
    private static final boolean DEBUG = Boolean.getBoolean("cartogram.debug");

    /** First time step: small against the time (about 1) a one-cell feature takes to spread. */
    private static final double FIRST_STEP = 0.01;
    /** Refinement of the velocity lattice in the early phase (1 = none). */
    static final int REFINE = Integer.getInteger("cartogram.refine", 2);
    /** Time until which the refined lattice is used. */
    static final double FINE_UNTIL = Double.parseDouble(System.getProperty("cartogram.fineUntil", "3"));

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
        Cartograms.checkDensity(density, n1, n2);
        double[] nodes = Cartograms.identityNodes(n1, n2);
        int steps = 0;
        try (Workers workers = new Workers(options.threads())) {
            CosineField cosine = new CosineField(n1, n2, workers);
            NodeIntegrator integrator = new NodeIntegrator(n1, n2, workers, REFINE);
            Buffers buffers = new Buffers(n1, n2, REFINE);
            double[] rho = density;
            double[] best = null;
            double bestMean = Double.POSITIVE_INFINITY;
            for (int pass = 0; ; pass++) {
                int done = steps;
                steps += pass(cosine, integrator, workers, buffers, rho, nodes,
                        step -> listener.progress(done + step, Double.NaN));
                AreaError error = AreaError.of(density, n1, n2, nodes);
                if (DEBUG) {
                    System.err.println("diffusion pass " + pass + ": " + steps + " steps, " + error);
                }
                if (error.foldedCells() > 0 || !(error.mean() < bestMean)) {
                    if (best != null) {
                        // the correction made it worse: keep the previous map
                        System.arraycopy(best, 0, nodes, 0, nodes.length);
                    }
                    break;
                }
                if (error.mean() <= options.tolerance() || pass >= options.corrections()) {
                    break;
                }
                bestMean = error.mean();
                best = nodes.clone();
                rho = Cartograms.remainingDensity(density, nodes, n1, n2, workers);
            }
        }
        return new Result(nodes, steps);
    }

    /** Work arrays of one transform, sized for the refined lattice. */
    private static final class Buffers {
        final double[] rho;
        final double[] gx;
        final double[] gy;
        final double[] fx;
        final double[] fy;
        final double[] coefFine;

        Buffers(int n1, int n2, int r) {
            int m = r * n1 * r * n2;
            rho = new double[m];
            gx = new double[m];
            gy = new double[m];
            fx = new double[r * n1];
            fy = new double[r * n2];
            coefFine = r > 1 ? new double[m] : null;
        }
    }

    /**
     * Moves the nodes (positions in the space where {@code density} is given) by one diffusion of
     * {@code density} to uniform.
     *
     * @return the time steps taken
     */
    private int pass(CosineField cosine, NodeIntegrator integrator, Workers workers, Buffers buf, double[] density,
                     double[] nodes, java.util.function.IntConsumer onStep) {
        int n1 = cosine.n1;
        int n2 = cosine.n2;
        double[] coef = cosine.coefficients(density, true);
        // Early on, while modes finer than two cells are alive, the fields are evaluated on a
        // lattice refined REFINE times (the same series, zero-padded): the velocity between the
        // centres of the base cells is not well described by bilinear interpolation then.
        int r = REFINE;
        int m1 = r * n1;
        int m2 = r * n2;
        CosineField fine = r > 1 ? new CosineField(m1, m2, workers) : null;
        double[] coefFine = buf.coefFine;
        if (fine != null) {
            for (int k = 0; k < n1; k++) {
                System.arraycopy(coef, k * n2, coefFine, k * m2, n2);
            }
        }
        double[] rho = buf.rho;
        double[] gx = buf.gx;
        double[] gy = buf.gy;
        double[] fx = buf.fx;
        double[] fy = buf.fy;
        double least = Double.POSITIVE_INFINITY;
        for (double v : density) {
            least = Math.min(least, v);
        }
        // The series may undershoot between samples (Gibbs) where the measure jumps; exact
        // diffusion of the cells' values never goes below their minimum.
        double floor = Double.parseDouble(System.getProperty("cartogram.floorfrac", "0.5")) * least;
        double[] coefFineF = coefFine;
        double fineUntil = FINE_UNTIL;
        NodeIntegrator.Field field = (t, out) -> {
            boolean refined = fine != null && t < fineUntil;
            int s = refined ? r : 1;
            CosineField cf = refined ? fine : cosine;
            int c1 = s * n1;
            int c2 = s * n2;
            java.util.Arrays.fill(fx, 0.0);
            java.util.Arrays.fill(fy, 0.0);
            for (int k = 0; k < n1; k++) {
                fx[k] = Math.exp(-cosine.rateX(k) * t);
            }
            for (int l = 0; l < n2; l++) {
                fy[l] = Math.exp(-cosine.rateY(l) * t);
            }
            cf.synthesize(refined ? coefFineF : coef, fx, fy, rho, gx, gy, null);
            out.setScale(s);
            // gradients come per lattice cell: s times smaller than per grid cell
            workers.range(c1, 32, (part, from, to) -> {
                for (int i = from; i < to; i++) {
                    int base = i * c2;
                    int v = out.index(i, 0);
                    for (int j = 0; j < c2; j++) {
                        double q = s / Math.max(rho[base + j], floor);
                        out.vx[v + j] = -gx[base + j] * q;
                        out.vy[v + j] = -gy[base + j] * q;
                    }
                }
            });
            out.mirror();
            return out.maxGradient(workers);
        };
        double longest = Math.max(n1, n2);
        double slowest = longest * longest / (Math.PI * Math.PI);
        NodeIntegrator.Outcome outcome = integrator.integrate(nodes, field, 0.0, Double.POSITIVE_INFINITY,
                FIRST_STEP, options.stepTolerance(), NodeIntegrator.STRAIN_TOLERANCE, options.maxSteps(),
                (t, speed, h) -> speed * slowest < options.endTolerance(),
                onStep);
        return outcome.steps();
    }
}
