package org.latentcartography.cartogram.diffusion;

import java.util.Objects;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.spi.DensityTransform;

/**
 * A flow-based cartogram after Gastner, Seguy and More (2018, PNAS 115:E2156): the density is
 * interpolated linearly in time between two densities and carried by a flux that comes from one
 * Poisson solve, so each time step only divides that flux by the interpolated density.
 *
 * <p>Going from &#961; straight to its mean &#961;&#772; in one such flow is ill-conditioned for
 * sharp measures: next to a thin ridge of high measure the flux that drains the ridge crosses cells
 * of low measure, where v = flux / &#961;<sub>t</sub> reaches thousands of cells per unit time for
 * as long as &#961;<sub>t</sub> stays low there (a 100:1 latent-like density at 512 took 16,000
 * steps before t = 0.13). The paper's remedy, blurring the density a lot in the first flow and less
 * in each later one, equalises the large scales first; on thin ridges the later flows must then
 * squeeze cells that the first ones stretched, which leaves slivers that fold. So here one pass is a
 * <em>ladder</em> of flows from fine to coarse: stage k carries the density blurred by a Gaussian of
 * &#963;<sub>k</sub> cells to the density blurred by &#963;<sub>k+1</sub> = 4 &#963;<sub>k</sub>
 * (&#963;<sub>0</sub> = 0, &#963;<sub>1</sub> = 1 cell), and the last stage carries it to the mean:
 * <pre>
 *   &#961;<sub>t</sub> = (1 - t) &#961;<sub>k</sub> + t &#961;<sub>k+1</sub>,   &#8711;<sup>2</sup>&#966;<sub>k</sub> = &#961;<sub>k+1</sub> - &#961;<sub>k</sub>,   v = -&#8711;&#966;<sub>k</sub> / &#961;<sub>t</sub>,   t from 0 to 1,
 * </pre>
 * with zero normal flux on the walls (the cosine series of the cells' means, Gaussian blur and
 * Poisson solve exact per mode: &#966;<sub>kl</sub> = (e<sub>a</sub> - e<sub>b</sub>) a<sub>kl</sub> /
 * &#955;<sub>kl</sub>). Since the flow carries &#961;<sub>k</sub> exactly to &#961;<sub>k+1</sub>, each
 * stage starts from a known density and nothing is resampled between stages. Every stage moves
 * matter by about its own blur width, so its velocity stays moderate, and the ladder is a
 * few-stage version of the diffusion cartogram (a Gaussian blur of &#963; is diffusion for time
 * &#963;<sup>2</sup>/2) in which each stage costs one field synthesis instead of one per time step.
 *
 * <p>Stages with &#963;<sub>k</sub> &lt; 1 use a velocity lattice 2&#215; finer than the grid (below
 * 1024 x 1024 cells), like
 * the diffusion cartogram's early phase. Stages whose density is smooth on many cells
 * (&#963;<sub>k</sub> at least {@link #TRACER_SIGMA} coarse spacings, or {@link #FINE_TRACER_SIGMA}
 * for a spacing of 2 cells: from &#963;<sub>k</sub> = 4 on) do not move the nodes one by one: they integrate a coarse {@link TracerLattice} of points with the field synthesised on the
 * coarse lattice (the truncated series) and then move every node by cubic spline interpolation of the
 * tracers' displacement. The nodes are integrated by {@link NodeIntegrator} (Bogacki-Shampine 3(2)
 * with error control).
 *
 * <p>A pass leaves a small area error from discretisation. The transform then repeats on the
 * density still to be equalised (each transformed cell's density share over its area share,
 * resampled conservatively on the regular grid, see {@link Cartograms#remainingDensity}). It stops
 * when the mean area error is at most {@link Options#tolerance()}, after
 * {@link Options#maxIterations()} passes, or when a pass gains little or makes the map worse (folded
 * cells or a larger error: then the previous map is returned).
 *
 * <p>Thread-safe: each call of {@link #transform} uses its own threads and buffers.
 */
public final class FlowCartogram implements DensityTransform {

    /**
     * @param tolerance mean relative area error at which to stop (e.g. 0.001 = 0.1%)
     * @param maxIterations most flow passes (each a ladder of stages)
     * @param stepTolerance largest local error of one time step, in cell widths
     * @param threads worker threads
     */
    public record Options(double tolerance, int maxIterations, double stepTolerance, int threads) {
        public Options {
            if (!(tolerance > 0) || maxIterations < 1 || !(stepTolerance > 0) || threads < 1) {
                throw new IllegalArgumentException("bad options " + tolerance + ", " + maxIterations + ", "
                        + stepTolerance + ", " + threads);
            }
        }

        /** Defaults: mean area error 0.1%, 4 passes, step error 0.02 cell widths, 2 threads. */
        public static Options defaults() {
            return new Options(0.001, 4, STEP_TOLERANCE, 2);
        }
    }

    /** Default step tolerance, cell widths (0.01 gave the same area errors to 0.001 points, 40% slower). */
    static final double STEP_TOLERANCE = 0.02;
    /** Blur of the first stage's target, in cells. */
    static final double FIRST_SIGMA = 1;
    /** Ratio of successive blurs. */
    static final double RATIO = 4;
    /** The ladder ends (the last stage goes to the mean) at a blur of this fraction of the longer side. */
    static final double LAST_SIGMA = 0.25;
    /**
     * Stages with a blur below this many cells use the 2x refined velocity lattice (on grids of fewer
     * than {@link DiffusionCartogram#REFINE_BELOW_CELLS} cells).
     */
    static final double REFINE_BELOW = 1;
    static final int REFINE = 2;
    /** A stage uses a tracer lattice d times coarser when its start blur is at least this many d. */
    static final double TRACER_SIGMA = 8;
    /**
     * A stage uses a tracer lattice 2 times coarser already when its start blur is at least this
     * many spacings (2: the stage from blur 4 on every second node). Its map is smooth enough for the
     * cubic spline of {@link TracerLattice}: on the latent-like benchmark the mean area error fell
     * (1024: 0.0768% to 0.0746%), while 4-point Lagrange interpolation raised it to 0.0829%.
     */
    static final double FINE_TRACER_SIGMA = 2;
    /** A coarse stage's velocity lattice is d times coarser than the grid when its start blur is at least this many d. */
    static final double VELOCITY_SIGMA = 32;
    /** Fewest cells along each side of a tracer lattice. */
    static final int MIN_TRACER_LATTICE = 32;
    /** No further pass when the last one left more than this fraction of the mean error before it. */
    static final double STALLED = 0.8;
    /**
     * Most time steps within one stage. The decoders' measures need at most about 60, the
     * latent-like benchmark 20; cell-scale noise of 10<sup>4</sup>:1 needs about 20,000 and then
     * folds cells anyway, so the transform stops with a message instead.
     */
    static final int MAX_STEPS = 2_000;
    /**
     * First time step of a stage, unless the field allows a longer one (correction passes, whose
     * stages then take one step instead of three: see {@link NodeIntegrator#firstStepFromField}).
     */
    private static final double FIRST_STEP = 0.05;

    private static final System.Logger LOG = System.getLogger("org.latentcartography.cartogram.diffusion");
    private static final boolean DEBUG = LOG.isLoggable(System.Logger.Level.DEBUG);
    private final Options options;

    private boolean heunOnly;

    /**
     * @param heun integrate with Heun's method throughout (option {@code integrator=heun}) instead
     *     of the default schedule; for comparisons
     * @return this
     */
    FlowCartogram heunOnly(boolean heun) {
        this.heunOnly = heun;
        return this;
    }

    public FlowCartogram(Options options) {
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
        Cartograms.Passes passes;
        try (Workers workers = new Workers(options.threads())) {
            Lattices lattices = new Lattices(n1, n2, workers);
            lattices.heunOnly = heunOnly;
            passes = Cartograms.equalise(density, n1, n2, nodes, workers, options.tolerance(), options.maxIterations(),
                    STALLED, (rho, moved, onStep) -> pass(lattices, workers, rho, moved, onStep), listener, "flow");
        }
        return new Result(nodes, passes.passes());
    }

    /**
     * Work arrays of one lattice size: coefficients, the densities at both ends of a stage, the flux.
     * The arrays of all sizes are the same (the largest): slots of the transform's {@link WorkArrays}
     * (1 to 5; the integrators use 0), since a stage on a new lattice synthesises everything afresh.
     */
    private static final class Buffers {
        /** Zero between uses (as a newly allocated array is): a stage writes its modes and clears it. */
        final double[] coef;
        final double[][] values;
        final double[] fx;
        final double[] fy;

        Buffers(int size, WorkArrays work) {
            coef = work.doubles(1, size);
            values = new double[][] {work.doubles(2, size), work.doubles(3, size)};
            fx = work.doubles(4, size);
            fy = work.doubles(5, size);
        }
    }

    /**
     * Writes {@code out[i c2 + j] = a[i n2 + j] filter(lambda_ij)} for the modes i &lt; k1, j &lt; l1
     * (the grid's coefficients a, lambda their decay rates).
     */
    private static void coefficients(double[] out, double[] a, CosineField cosine, int k1, int l1, int c2,
                                     java.util.function.DoubleUnaryOperator filter) {
        int n2 = cosine.n2;
        for (int i = 0; i < k1; i++) {
            double rx = cosine.rateX(i);
            for (int j = 0; j < l1; j++) {
                out[i * c2 + j] = a[i * n2 + j] * filter.applyAsDouble(rx + cosine.rateY(j));
            }
        }
    }

    /** Cosine fields, integrators and tracer lattices by lattice size, made on first use, and the shared work arrays. */
    private static final class Lattices {
        /** Integrate with Heun's method throughout (option integrator=heun). */
        boolean heunOnly;

        final int n1;
        final int n2;
        final Workers workers;
        final CosineField base;
        private final java.util.Map<Long, CosineField> fields = new java.util.HashMap<>();
        private final java.util.Map<Long, NodeIntegrator> integrators = new java.util.HashMap<>();
        private final java.util.Map<Long, TracerLattice> tracers = new java.util.HashMap<>();
        /** Velocity grids and stage arrays of the integrators, which run one after another. */
        private final WorkArrays work = new WorkArrays();

        Lattices(int n1, int n2, Workers workers) {
            this.n1 = n1;
            this.n2 = n2;
            this.workers = workers;
            this.base = new CosineField(n1, n2, workers);
            fields.put(key(n1, n2), base);
        }

        static long key(int c1, int c2) {
            return ((long) c1 << 32) | c2;
        }

        CosineField field(int c1, int c2) {
            return fields.computeIfAbsent(key(c1, c2), k -> new CosineField(c1, c2, workers));
        }

        /** The integrator of the grid's nodes (velocity on the grid or the refined lattice). */
        NodeIntegrator nodes() {
            return integrators.computeIfAbsent(key(n1, n2),
                    k -> new NodeIntegrator(n1, n2, workers, DiffusionCartogram.refinement(n1, n2), work).bs3From(0).firstStepFromField(true).heunOnly(heunOnly));
        }

        NodeIntegrator tracerIntegrator(int c1, int c2, int m) {
            return integrators.computeIfAbsent(key(c1, c2) ^ ((long) m << 60) ^ Long.MIN_VALUE,
                    k -> new NodeIntegrator(c1, c2, workers, m, work).bs3From(0).firstStepFromField(true).heunOnly(heunOnly));
        }

        Buffers buffers(int c1, int c2) {
            return new Buffers(c1 * c2, work);
        }

        TracerLattice tracers(int c1, int c2) {
            return tracers.computeIfAbsent(key(c1, c2), k -> new TracerLattice(c1, c2, n1, n2, true));
        }

        /**
         * @return the coarsening of a lattice for a stage that starts at blur sigma: the largest
         *     power of two d with sigma &#8805; perSpacing d that leaves at least MIN_TRACER_LATTICE
         *     cells per side; 1 for none
         */
        int coarsening(double sigma, double perSpacing) {
            int d = 1;
            while (sigma >= perSpacing * 2 * d && (n1 + 2 * d - 1) / (2 * d) >= Math.min(n1, MIN_TRACER_LATTICE)
                    && (n2 + 2 * d - 1) / (2 * d) >= Math.min(n2, MIN_TRACER_LATTICE)) {
                d *= 2;
            }
            return d;
        }
    }

    /** @return the blurs of the ladder: 0, FIRST_SIGMA, ... below LAST_SIGMA times the longer side, then infinity */
    static double[] ladder(int n1, int n2) {
        java.util.List<Double> sigmas = new java.util.ArrayList<>();
        sigmas.add(0.0);
        for (double s = FIRST_SIGMA; s < LAST_SIGMA * Math.max(n1, n2); s *= RATIO) {
            sigmas.add(s);
        }
        sigmas.add(Double.POSITIVE_INFINITY);
        return sigmas.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Moves the nodes by one ladder of flows that equalises {@code rho}.
     *
     * @param onStep called with the time steps taken so far in this pass (all stages)
     * @return the time steps taken
     */
    private int pass(Lattices lattices, Workers workers, double[] rho, double[] nodes, java.util.function.IntConsumer onStep) {
        int n1 = lattices.n1;
        int n2 = lattices.n2;
        CosineField cosine = lattices.base;
        double[] coef = cosine.coefficients(rho, true);
        double least = Double.POSITIVE_INFINITY;
        for (double v : rho) {
            least = Math.min(least, v);
        }
        // the series may undershoot between samples where the measure jumps (Gibbs); blurs never go below the minimum
        double floor = 0.5 * least;
        double[] sigmas = ladder(n1, n2);
        double[] start = null;
        long startKey = -1;
        int steps = 0;
        for (int k = 0; k + 1 < sigmas.length; k++) {
            double sa = sigmas[k];
            double sb = sigmas[k + 1];
            long s0 = System.nanoTime();
            // tracers every d cells (d = 1: the grid's nodes), velocity on a lattice m times finer than theirs
            int d = Math.max(lattices.coarsening(sa, TRACER_SIGMA), Math.min(2, lattices.coarsening(sa, FINE_TRACER_SIGMA)));
            int m = d > 1 ? d / lattices.coarsening(sa, VELOCITY_SIGMA) : sa < REFINE_BELOW ? DiffusionCartogram.refinement(n1, n2) : 1;
            int t1 = d > 1 ? (n1 + d - 1) / d : n1;
            int t2 = d > 1 ? (n2 + d - 1) / d : n2;
            int c1 = m * t1;
            int c2 = m * t2;
            CosineField cf = lattices.field(c1, c2);
            // the series' modes that the lattice holds (all of them on the grid or a finer lattice)
            int k1 = Math.min(n1, c1);
            int l1 = Math.min(n2, c2);
            Buffers buf = lattices.buffers(c1, c2);
            boolean fresh = start == null || startKey != Lattices.key(c1, c2);
            // the stage starts where the last one on this lattice ended; its end goes to the other buffer
            double[] ra = fresh ? buf.values[0] : start;
            double[] rb = ra == buf.values[0] ? buf.values[1] : buf.values[0];
            double[] fx = buf.fx;
            double[] fy = buf.fy;
            // one coefficient array (modes the lattice lacks stay 0) serves the three series in turn,
            // and is the scratch of the last synthesis
            if (fresh) {
                coefficients(buf.coef, coef, cosine, k1, l1, c2, lambda -> Math.exp(-0.5 * sa * sa * lambda));
                cf.synthesize(buf.coef, null, null, ra, null, null, null);
            }
            coefficients(buf.coef, coef, cosine, k1, l1, c2,
                    lambda -> lambda == 0 ? 1.0 : Double.isInfinite(sb) ? 0.0 : Math.exp(-0.5 * sb * sb * lambda));
            cf.synthesize(buf.coef, null, null, rb, null, null, null);
            coefficients(buf.coef, coef, cosine, k1, l1, c2, lambda -> lambda > 0
                    ? (Math.exp(-0.5 * sa * sa * lambda) - (Double.isInfinite(sb) ? 0.0 : Math.exp(-0.5 * sb * sb * lambda))) / lambda
                    : 0.0);
            cf.synthesize(buf.coef, null, null, null, fx, fy, buf.coef);
            java.util.Arrays.fill(buf.coef, 0, c1 * c2, 0.0); // what the stage wrote (the array may be longer)
            start = rb;
            startKey = Lattices.key(c1, c2);
            long synthesized = System.nanoTime();
            // velocity in the integrator's units: d/dx = (c/n) d/du on a lattice of c cells across n,
            // and tracer positions are in lattice units (times c/n again)
            double s1 = (double) t1 / n1 * c1 / n1;
            double s2 = (double) t2 / n2 * c2 / n2;
            double[] ra0 = ra;
            NodeIntegrator.Field field = (t, out) -> {
                out.setLattice(c1, c2);
                return out.fillRows(workers, 32, i -> {
                    int base = i * c2;
                    int v = out.index(i, 0);
                    for (int j = 0; j < c2; j++) {
                        double q = 1 / Math.max((1 - t) * ra0[base + j] + t * rb[base + j], floor);
                        out.vx[v + j] = (float) (-fx[base + j] * q * s1);
                        out.vy[v + j] = (float) (-fy[base + j] * q * s2);
                    }
                });
            };
            NodeIntegrator.Outcome outcome;
            int before = steps;
            if (d > 1) {
                TracerLattice lattice = lattices.tracers(t1, t2);
                lattice.reset();
                outcome = lattices.tracerIntegrator(t1, t2, m).integrate(lattice.tracers, field, 0.0, 1.0, FIRST_STEP,
                        options.stepTolerance() / d, NodeIntegrator.STRAIN_TOLERANCE, MAX_STEPS, (t, speed, h) -> false,
                        step -> onStep.accept(before + step));
                lattice.apply(nodes, workers);
            } else {
                outcome = lattices.nodes().integrate(nodes, field, 0.0, 1.0, FIRST_STEP, options.stepTolerance(),
                        NodeIntegrator.STRAIN_TOLERANCE, MAX_STEPS, (t, speed, h) -> false, step -> onStep.accept(before + step));
            }
            if (outcome.time() < 1.0) {
                throw new CartographyException("cartogram: the flow did not finish its stage from blur " + sa
                        + " in " + MAX_STEPS + " time steps: the measure changes faster than the grid resolves"
                        + " (try a blur or a floor on the measure)");
            }
            if (DEBUG) {
                LOG.log(System.Logger.Level.DEBUG, String.format(java.util.Locale.ROOT, "flow stage %g -> %g, lattice %d x %d%s: %s, %.0f ms (fields %.0f ms)%n", sa, sb, c1, c2,
                        d > 1 ? " (tracers " + t1 + " x " + t2 + ")" : "", outcome, (System.nanoTime() - s0) * 1e-6,
                        (synthesized - s0) * 1e-6));
            }
            steps += outcome.steps();
        }
        return steps;
    }
}
