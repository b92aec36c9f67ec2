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
 * (DCT-III and sine passes) of a lattice that is 2&#215; finer than the grid early on (grids below
 * {@link #REFINE_BELOW_CELLS} cells) and 2, 4, 8, ...
 * times coarser once only long waves are left (then interpolated to the grid's centres by
 * {@link Upsampler}), the velocity is interpolated bilinearly at the nodes, and the nodes are
 * integrated by {@link NodeIntegrator} (Heun while the field is on the refined lattice, then
 * Bogacki-Shampine 3(2), with error control). Once the density is blurred over
 * {@link #TRACER_SIGMA} times {@link #TRACER_SPACING} cells (t = 512 with the defaults), the rest
 * of the flow is a smooth map: a {@link TracerLattice} of points {@link #TRACER_SPACING} cells
 * apart is integrated instead of the nodes (velocity on a lattice with {@link #VELOCITY_SIGMA}
 * cells per blur width), and the nodes follow by cubic interpolation of its displacement. The walls stay put: nodes on them
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
         * Defaults: step error 0.02 cell widths, stop at 1e-3 cell widths to go, 10,000 steps, 2
         * threads, corrections while the mean area error is above 0.1%, at most 2.
         */
        public static Options defaults() {
            return new Options(0.02, 1e-3, 10_000, 2);
        }
    }

    static final double DEFAULT_TOLERANCE = 0.001;
    static final int DEFAULT_CORRECTIONS = 2;

    /** First time step: small against the time (about 1) a one-cell feature takes to spread. */
    private static final double FIRST_STEP = 0.01;
    /** Refinement of the velocity lattice in the early phase (1 = none). */
    static final int REFINE = 2;
    /**
     * Grids of at least this many cells (1024 x 1024) skip the refined lattice, in both methods: at
     * that size a feature of a few cells is many cells of the series wide. On the latent-like
     * benchmark (issue 19) without it: 1024 diffusion 0.066% instead of 0.094% (it then makes a
     * correction pass), flow 0.077% instead of 0.073%; 2048 diffusion 0.046% instead of 0.045%,
     * flow 0.029% as before; peak heap at 2048 0.9 instead of 1.7 GB (diffusion) and 1.1 instead of
     * 2.1 GB (flow), and about half the time. (At 512 it would cost accuracy: 0.30% instead of 0.15%.)
     */
    static final long REFINE_BELOW_CELLS = 1024L * 1024;

    /** @return the refinement of the early lattice for an n1 x n2 grid: REFINE, or 1 for large grids */
    static int refinement(int n1, int n2) {
        return (long) n1 * n2 < REFINE_BELOW_CELLS ? REFINE : 1;
    }
    /** Time until which the refined lattice is used (modes of two cells have decayed by about 6e-4). */
    static final double FINE_UNTIL = 3;
    /**
     * A lattice d = 2, 4, 8, ... times coarser than the grid is used from t = COARSEN_AFTER d<sup>2</sup>
     * on, when the modes of wavelength four lattice cells have decayed by exp(-&#960;<sup>2</sup> 12 / 4),
     * about 1e-13 (with 3 instead of 12 the smooth decoder measures lost up to 0.03 points of mean
     * area error at 800).
     */
    static final double COARSEN_AFTER = 12;
    /**
     * No further correction pass is made when the last one left more than this fraction of the
     * mean area error before it (on ae-relu 800 the second pass only made it worse).
     */
    static final double STALLED = 0.8;
    /**
     * The late phase moves a tracer lattice this many cells apart (1: never), once the density's
     * blur width sqrt(2t) is TRACER_SIGMA spacings. On the latent-like benchmark at 1024 it cut the
     * transform from 7.0 to 4.8 s and the mean area error from 0.098% to 0.094%.
     */
    static final int TRACER_SPACING = 4;
    static final double TRACER_SIGMA = 8;
    /** The tracers' velocity lattice has at least this many cells per blur width (32: 0.104% instead of 0.094% at 1024). */
    static final double VELOCITY_SIGMA = 64;
    /** Fewest tracer spacings along each side. */
    static final int MIN_TRACERS = 32;
    /** Fewest cells along the shorter side of a coarsened lattice. */
    static final int MIN_LATTICE = 64;
    /**
     * Floor on the density in the velocity, as a fraction of the smallest cell value: the series
     * may undershoot between samples (Gibbs) where the measure jumps, while exact diffusion of the
     * cells' values never goes below their minimum.
     */
    static final double FLOOR_FRACTION = 0.5;
    /**
     * Most time steps a pass may take before t = {@link #FINE_UNTIL}, by when detail finer than two
     * cells has spread. The decoders' measures and the latent-like benchmark take about 20; cell-scale
     * white noise of 10<sup>4</sup>:1 at 32 x 32 had reached only t = 0.045 after 10,000 steps (the
     * default cap). Such a measure now stops there: the map so far is returned (its area error
     * tells the caller it is not equalised), no correction pass follows, and a warning with advice
     * is logged.
     */
    static final int ROUGH_STEPS = 2_000;

    private static final System.Logger LOG = System.getLogger("org.latentcartography.cartogram.diffusion");
    private final Options options;

    private boolean heunOnly;

    /**
     * @param heun integrate with Heun's method throughout (option {@code integrator=heun}) instead
     *     of the default schedule; for comparisons
     * @return this
     */
    DiffusionCartogram heunOnly(boolean heun) {
        this.heunOnly = heun;
        return this;
    }

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
        Cartograms.Passes passes;
        try (Workers workers = new Workers(options.threads())) {
            Lattices lattices = new Lattices(new CosineField(n1, n2, workers), workers);
            lattices.heunOnly = heunOnly;
            int refine = refinement(n1, n2);
            NodeIntegrator integrator = new NodeIntegrator(n1, n2, workers, refine, lattices.work).bs3From(FINE_UNTIL)
                    .heunOnly(heunOnly);
            Buffers buffers = new Buffers(n1, n2, refine);
            passes = Cartograms.equalise(density, n1, n2, nodes, workers, options.tolerance(), options.corrections() + 1,
                    STALLED, (rho, moved, onStep) -> Double.isNaN(lattices.roughAt)
                            ? pass(lattices, integrator, workers, buffers, rho, moved, onStep) : 0,
                    listener, "diffusion");
        }
        return new Result(nodes, passes.steps());
    }

    /** @return true: 3-D grids are mapped by {@link DiffusionCartogram3D} */
    @Override
    public boolean supports3D() {
        return true;
    }

    /** The 3-D map, by {@link DiffusionCartogram3D} with these options. */
    @Override
    public Result transform(double[] density, int n1, int n2, int n3, Listener listener) {
        return new DiffusionCartogram3D(options).transform(density, n1, n2, n3, listener);
    }

    /** Work arrays of one transform, sized for the refined lattice. */
    private static final class Buffers {
        final double[] rho;
        final double[] gx;
        final double[] gy;

        Buffers(int n1, int n2, int r) {
            int m = r * n1 * r * n2;
            rho = new double[m];
            gx = new double[m];
            gy = new double[m];
        }
    }

    /** The cosine fields of the lattices used so far, by coarsening level (-1: refined, 0: the grid, 1: 2x coarser, ...). */
    private static final class Lattices {
        /** Integrate with Heun's method throughout (option integrator=heun). */
        boolean heunOnly;
        /** Velocity grids and stage arrays of the integrators, which run one after another. */
        final WorkArrays work = new WorkArrays();
        /** The time at which a pass stopped as too rough (see ROUGH_STEPS), NaN while none has. */
        double roughAt = Double.NaN;

        final int n1;
        final int n2;
        final Workers workers;
        final java.util.Map<Integer, CosineField> fields = new java.util.HashMap<>();

        Lattices(CosineField base, Workers workers) {
            this.n1 = base.n1;
            this.n2 = base.n2;
            this.workers = workers;
            fields.put(0, base);
        }

        /** @return the level to use at time t: the coarsest whose unresolved modes have decayed */
        int level(double t) {
            if (t < FINE_UNTIL) {
                return refinement(n1, n2) > 1 ? -1 : 0;
            }
            int level = 0;
            while (true) {
                double d = 1 << (level + 1);
                if (t < COARSEN_AFTER * d * d || size(n1, level + 1) < Math.min(n1, MIN_LATTICE)
                        || size(n2, level + 1) < Math.min(n2, MIN_LATTICE)) {
                    return level;
                }
                level++;
            }
        }

        static int size(int n, int level) {
            return level < 0 ? REFINE * n : (n + (1 << level) - 1) >> level;
        }

        /** Interpolators between lattices (coarse to the grid, or to a tracer phase's velocity lattice), with their scratch arrays. */
        final java.util.Map<java.util.List<Integer>, Upsampler> upsamplers = new java.util.HashMap<>();
        final java.util.Map<Long, TracerLattice> tracerLattices = new java.util.HashMap<>();
        final java.util.Map<Long, NodeIntegrator> tracerIntegrators = new java.util.HashMap<>();

        /** @return an interpolator from a c1 x c2 lattice to a v1 x v2 one (both spanning the box) */
        Upsampler upsampler(int c1, int c2, int v1, int v2) {
            return upsamplers.computeIfAbsent(java.util.List.of(c1, c2, v1, v2), k -> new Upsampler(c1, c2, v1, v2));
        }

        TracerLattice tracers(int t1, int t2) {
            return tracerLattices.computeIfAbsent(((long) t1 << 32) | t2, k -> new TracerLattice(t1, t2, n1, n2, false));
        }

        NodeIntegrator tracerIntegrator(int t1, int t2, int maxScale) {
            return tracerIntegrators.computeIfAbsent(((long) t1 << 32) | t2,
                    k -> new NodeIntegrator(t1, t2, workers, maxScale, work).bs3From(0).heunOnly(heunOnly));
        }

        /** @return the late phase's tracer spacing, or 1 when the grid is too small for one */
        int tracerSpacing() {
            int d = TRACER_SPACING;
            return d > 1 && n1 / d >= MIN_TRACERS && n2 / d >= MIN_TRACERS ? d : 1;
        }

        /** @return the interpolator from the lattice of a coarsening level to the grid */
        Upsampler upsampler(int level) {
            return upsampler(size(n1, level), size(n2, level), n1, n2);
        }

        CosineField field(int level) {
            return fields.computeIfAbsent(level, l -> new CosineField(size(n1, l), size(n2, l), workers));
        }
    }

    /**
     * Moves the nodes (positions in the space where {@code density} is given) by one diffusion of
     * {@code density} to uniform.
     *
     * @return the time steps taken
     */
    private int pass(Lattices lattices, NodeIntegrator integrator, Workers workers, Buffers buf, double[] density,
                     double[] nodes, java.util.function.IntConsumer onStep) {
        CosineField cosine = lattices.field(0);
        int n1 = cosine.n1;
        int n2 = cosine.n2;
        double[] coef = cosine.coefficients(density, true);
        // Early on, while modes finer than two cells are alive, the fields are evaluated on a
        // lattice refined REFINE times (the same series, zero-padded): the velocity between the
        // centres of the base cells is not well described by bilinear interpolation then. Later,
        // when only long waves are left, on lattices 2, 4, 8, ... times coarser (the series
        // truncated): the cell centres of a lattice of c cells across n grid cells sit at
        // x = (m + 1/2) n / c, where cos(pi k x / n) = cos(pi k (m + 1/2) / c), so a DCT of size c
        // evaluates the truncated series exactly there.
        // the series truncated or zero-padded to each lattice, by its cells along x
        java.util.Map<Integer, double[]> coefs = new java.util.HashMap<>();
        coefs.put(n1, coef);
        double[] rho = buf.rho;
        double[] gx = buf.gx;
        double[] gy = buf.gy;
        double least = Double.POSITIVE_INFINITY;
        for (double v : density) {
            least = Math.min(least, v);
        }
        double floor = FLOOR_FRACTION * least;
        // the density at time t and its gradient on the lattice of that level, into rho, gx, gy
        java.util.function.ObjDoubleConsumer<CosineField> synthesize = (cf, t) -> {
            int c1 = cf.n1;
            int c2 = cf.n2;
            double[] a = coefs.computeIfAbsent(c1, unused -> {
                double[] r = new double[c1 * c2];
                int k1 = Math.min(n1, c1);
                int l1 = Math.min(n2, c2);
                for (int k = 0; k < k1; k++) {
                    System.arraycopy(coef, k * n2, r, k * c2, l1);
                }
                return r;
            });
            double[] fx = new double[c1];
            double[] fy = new double[c2];
            for (int k = 0; k < Math.min(n1, c1); k++) {
                fx[k] = Math.exp(-cosine.rateX(k) * t);
            }
            for (int l = 0; l < Math.min(n2, c2); l++) {
                fy[l] = Math.exp(-cosine.rateY(l) * t);
            }
            cf.synthesize(a, fx, fy, rho, gx, gy, null);
        };
        NodeIntegrator.Field field = (t, out) -> {
            int level = lattices.level(t);
            CosineField cf = lattices.field(level);
            int c1 = cf.n1;
            int c2 = cf.n2;
            synthesize.accept(cf, t);
            // gradients come per lattice cell: c/n times smaller than per grid cell
            double s1 = (double) c1 / n1;
            double s2 = (double) c2 / n2;
            if (level > 0) {
                // coarse: the velocity at the lattice centres, then cubic interpolation to the grid's
                workers.range(c1 * c2, 4096, (part, from, to) -> {
                    for (int k = from; k < to; k++) {
                        double q = 1 / Math.max(rho[k], floor);
                        gx[k] = -gx[k] * q * s1;
                        gy[k] = -gy[k] * q * s2;
                    }
                });
                return lattices.upsampler(level).upsample(gx, gy, out, workers);
            }
            out.setLattice(c1, c2);
            return out.fillRows(workers, 32, i -> {
                int base = i * c2;
                int v = out.index(i, 0);
                for (int j = 0; j < c2; j++) {
                    double q = 1 / Math.max(rho[base + j], floor);
                    out.vx[v + j] = (float) (-gx[base + j] * q * s1);
                    out.vy[v + j] = (float) (-gy[base + j] * q * s2);
                }
            });
        };
        double longest = Math.max(n1, n2);
        double slowest = longest * longest / (Math.PI * Math.PI);
        int d = lattices.tracerSpacing();
        double switchAt = d > 1 ? 0.5 * (TRACER_SIGMA * d) * (TRACER_SIGMA * d) : Double.POSITIVE_INFINITY;
        int[] taken = {0};
        NodeIntegrator.Outcome outcome = integrator.integrate(nodes, field, 0.0, switchAt,
                FIRST_STEP, options.stepTolerance(), NodeIntegrator.STRAIN_TOLERANCE, options.maxSteps(),
                (t, speed, h) -> {
                    if (++taken[0] >= ROUGH_STEPS && t < FINE_UNTIL) {
                        lattices.roughAt = t;
                        return true;
                    }
                    return speed * slowest < options.endTolerance();
                },
                onStep);
        if (!Double.isNaN(lattices.roughAt)) {
            LOG.log(System.Logger.Level.WARNING, String.format(java.util.Locale.ROOT,
                    "cartogram: the diffusion stopped after %d time steps at t = %.3g, short of the %.0f by which"
                    + " cell-scale detail has spread: the measure changes faster than the grid resolves, so the map"
                    + " does not equalise it (try a blur or a floor on the measure)", taken[0], lattices.roughAt, FINE_UNTIL));
            return outcome.steps();
        }
        if (outcome.time() < switchAt || outcome.steps() >= options.maxSteps()) {
            return outcome.steps();
        }
        // Late phase: the density is blurred over at least TRACER_SIGMA tracer spacings, so the rest
        // of the flow is a smooth map; a coarse lattice of tracers carries it and every node follows
        // by cubic interpolation (see TracerLattice). The velocity for the tracers is interpolated
        // (cubic) from the synthesis lattice to a lattice with VELOCITY_SIGMA spacings per blur width,
        // on which the tracers sample it bilinearly.
        int t1 = (n1 + d - 1) / d;
        int t2 = (n2 + d - 1) / d;
        double u1 = (double) t1 / n1;
        double u2 = (double) t2 / n2;
        NodeIntegrator.Field tracerField = (t, out) -> {
            CosineField cf = lattices.field(Math.max(0, lattices.level(t)));
            int c1 = cf.n1;
            int c2 = cf.n2;
            synthesize.accept(cf, t);
            // per lattice cell to per grid cell (c/n), then grid cells to tracer spacings (t/n)
            double s1 = (double) c1 / n1 * u1;
            double s2 = (double) c2 / n2 * u2;
            workers.range(c1 * c2, 4096, (part, from, to) -> {
                for (int k = from; k < to; k++) {
                    double q = 1 / Math.max(rho[k], floor);
                    gx[k] = -gx[k] * q * s1;
                    gy[k] = -gy[k] * q * s2;
                }
            });
            // the velocity lattice: m cells per tracer spacing, at least VELOCITY_SIGMA cells per blur width
            double sigma = Math.sqrt(2 * t);
            int m = d;
            while (m > 1 && sigma >= VELOCITY_SIGMA * d / (m / 2.0) && (m / 2) * t1 >= c1 && (m / 2) * t2 >= c2) {
                m /= 2;
            }
            return lattices.upsampler(c1, c2, m * t1, m * t2).upsample(gx, gy, out, workers);
        };
        TracerLattice tracers = lattices.tracers(t1, t2);
        tracers.reset();
        double toCells = Math.max(1 / u1, 1 / u2);
        int done = outcome.steps();
        NodeIntegrator.Outcome late = lattices.tracerIntegrator(t1, t2, d).integrate(tracers.tracers, tracerField, switchAt,
                Double.POSITIVE_INFINITY, integrator.lastStep(), options.stepTolerance() / toCells,
                NodeIntegrator.STRAIN_TOLERANCE, options.maxSteps() - done,
                (t, speed, h) -> speed * toCells * slowest < options.endTolerance(),
                step -> onStep.accept(done + step));
        tracers.apply(nodes, workers);
        return done + late.steps();
    }
}
