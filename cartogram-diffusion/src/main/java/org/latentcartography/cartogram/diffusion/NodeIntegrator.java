package org.latentcartography.cartogram.diffusion;

import org.latentcartography.core.CartographyException;

/**
 * Moves the grid nodes with a time-dependent velocity field, dx/dt = v(x, t), by Heun's method
 * (explicit trapezoidal rule) with an embedded Euler step for error control.
 *
 * <p>One step from t to t + h needs the field at t + h only (the field at t is kept from the
 * previous step), so it costs one field evaluation and two interpolations at all nodes:
 * <pre>
 *   k1 = v(x, t),  k2 = v(x + h k1, t + h),  x' = x + h (k1 + k2) / 2,
 *   error = max over nodes of h |k2 - k1| / 2.
 * </pre>
 * A step is accepted when the error is at most the tolerance (in cell widths), the same error's
 * difference between neighbouring nodes at most {@link #STRAIN_TOLERANCE}, and h times the
 * largest velocity gradient on the grid is at most {@link #MAX_STRAIN} (explicit steps that
 * compress a cell by more than that could fold it). The next step is h &#183; min(MAX_GROWTH,
 * 0.9 (tol / error)<sup>1/2</sup>); a rejected step is retried with a smaller h.
 *
 * <p>From {@link #bs3From(double)} on it takes Bogacki-Shampine 3(2) steps instead (see
 * {@code integrateBs3}): three field evaluations and three interpolations per step, but steps that
 * grow as (tol / error)<sup>1/3</sup>, so 4-6 times fewer of them where the fields are cheap.
 * The per-node loops run on the {@link Workers}; their reductions are maxima, so the result does not
 * depend on the number of threads.
 */
final class NodeIntegrator {
    /**
     * Largest error of one step in the vector between neighbouring nodes, in cell widths: keeps
     * steps from distorting cells where the absolute tolerance alone would allow it.
     */
    static final double STRAIN_TOLERANCE = 0.05;
    /** Largest factor by which a step may grow. */
    static final double MAX_GROWTH = 4.0;
    /** Largest h |&#8711;v| allowed in one step. */
    static final double MAX_STRAIN = 0.5;
    /** Rejections in a row after which the integration is abandoned. */
    private static final int MAX_REJECTIONS = 60;
    private static final System.Logger LOG = System.getLogger("org.latentcartography.cartogram.diffusion");
    private static final boolean DEBUG = LOG.isLoggable(System.Logger.Level.DEBUG);
    /** Use the older Heun-Euler pair instead of Bogacki-Shampine 3(2) (for comparisons). */
    /** Points per parallel chunk. */
    private static final int CHUNK = 8192;

    /** Fills the velocity field for a time. */
    interface Field {
        /**
         * @param t the time
         * @param out receives the velocity at the cell centres (then mirrored)
         * @return the largest velocity gradient component on the grid, |&#8706;v<sub>a</sub>/&#8706;x<sub>b</sub>|
         */
        double fill(double t, VelocityGrid out);
    }

    /** Decides after each accepted step whether to stop. */
    interface Stop {
        /**
         * @param t time reached
         * @param maxSpeed the largest node speed at t
         * @param lastStep the step just taken
         * @return true to stop
         */
        boolean done(double t, double maxSpeed, double lastStep);
    }

    /** What an integration did. */
    record Outcome(double time, int steps, int rejected) {
    }

    private final int n1;
    private final int n2;
    private final Workers workers;
    private long fillNanos;
    private long predictNanos;
    private long correctNanos;
    private VelocityGrid current;
    private VelocityGrid next;
    /**
     * Time from which Bogacki-Shampine 3(2) steps are taken instead of Heun's (infinite: Heun only).
     * Its three field evaluations per step pay where fields are cheap; while they are expensive
     * (the diffusion cartogram's refined lattice) Heun's one evaluation per step is cheaper.
     */
    private double bs3From = Double.POSITIVE_INFINITY;
    private boolean stopped;
    private double nextStep;
    /**
     * The stage velocities k1, k2, k4 (Heun uses the first two) in single precision (their rounding,
     * 6e-8 relative, is far below the step tolerance; they come from a single-precision
     * {@link VelocityGrid} anyway), taken from the transform's {@link WorkArrays} at the start of each integration.
     */
    private float[][] stageArrays;
    /** k3 of Bogacki-Shampine, which then holds the trial positions: double precision. */
    private double[] thirdStage;

    /**
     * @return three arrays of at least the given length (from the shared work arrays: their
     *     contents are undefined), and {@link #thirdStage} likewise
     */
    private float[][] stages(int length) {
        stageArrays = new float[][] {work.floats(6, length), work.floats(7, length), work.floats(8, length)};
        thirdStage = work.doubles(0, length);
        return stageArrays;
    }

    /** Takes the velocity grids (and with {@code withMid} the intermediate one) from the shared work arrays. */
    private void bindGrids(boolean withMid) {
        int length = VelocityGrid.length(n1, n2, maxScale);
        current = new VelocityGrid(n1, n2, maxScale, work.floats(0, length), work.floats(1, length));
        next = new VelocityGrid(n1, n2, maxScale, work.floats(2, length), work.floats(3, length));
        if (withMid) {
            mid = new VelocityGrid(n1, n2, maxScale, work.floats(4, length), work.floats(5, length));
        }
    }

    /** Velocity grids and stage arrays, shared with the other integrators of the transform. */
    private final WorkArrays work;

    /** Scratch field for the intermediate stages of Bogacki-Shampine. */
    private VelocityGrid mid;
    private final int maxScale;

    NodeIntegrator(int n1, int n2, Workers workers) {
        this(n1, n2, workers, 1);
    }

    /** @param maxScale the finest velocity lattice the field may use, in lattice cells per grid cell */
    NodeIntegrator(int n1, int n2, Workers workers, int maxScale) {
        this(n1, n2, workers, maxScale, new WorkArrays());
    }

    /**
     * @param maxScale the finest velocity lattice the field may use, in lattice cells per grid cell
     * @param work where the velocity grids and stage arrays come from, at the start of each
     *     integration: integrators that share it must not run at the same time
     */
    NodeIntegrator(int n1, int n2, Workers workers, int maxScale, WorkArrays work) {
        this.n1 = n1;
        this.n2 = n2;
        this.workers = workers;
        this.maxScale = maxScale;
        this.work = work;
    }

    /** @return the step the last integration would have taken next */
    double lastStep() {
        return nextStep;
    }

    /**
     * @param heun true to integrate with Heun's method throughout (the transform option
     *     {@code integrator=heun}, for comparisons), false for the default schedule
     * @return this
     */
    NodeIntegrator heunOnly(boolean heun) {
        this.heunOnly = heun;
        return this;
    }

    private boolean heunOnly;

    /** Takes Bogacki-Shampine 3(2) steps from time {@code t} on; before it, Heun steps. */
    NodeIntegrator bs3From(double t) {
        this.bs3From = t;
        return this;
    }

    /**
     * @param nodes node k at {@code nodes[2k], nodes[2k + 1]}, cell units; moved in place
     * @param field the velocity field
     * @param t0 start time
     * @param tEnd end time (may be infinite; then {@code stop} ends the integration)
     * @param h0 first step
     * @param tol largest local error per step, in cell widths
     * @param maxSteps most accepted steps
     * @param stop called after every accepted step
     * @param onStep called after every accepted step with the step count
     * @return what happened
     */
    Outcome integrate(double[] nodes, Field field, double t0, double tEnd, double h0, double tol,
                      double strainTol, int maxSteps, Stop stop, java.util.function.IntConsumer onStep) {
        stopped = false;
        if (heunOnly || !(tEnd > bs3From)) {
            return integrateHeun(nodes, field, t0, tEnd, h0, tol, strainTol, maxSteps, stop, onStep);
        }
        if (!(t0 < bs3From)) {
            return integrateBs3(nodes, field, t0, tEnd, h0, tol, strainTol, maxSteps, stop, onStep);
        }
        Outcome a = integrateHeun(nodes, field, t0, bs3From, h0, tol, strainTol, maxSteps, stop, onStep);
        if (stopped || a.steps() >= maxSteps || a.time() < bs3From) {
            return a;
        }
        Outcome b = integrateBs3(nodes, field, a.time(), tEnd, nextStep, tol, strainTol, maxSteps - a.steps(), stop,
                s -> onStep.accept(a.steps() + s));
        return new Outcome(b.time(), a.steps() + b.steps(), a.rejected() + b.rejected());
    }

    /** Heun-Euler steps (see the class comment). */
    private Outcome integrateHeun(double[] nodes, Field field, double t0, double tEnd, double h0, double tol,
                                  double strainTol, int maxSteps, Stop stop, java.util.function.IntConsumer onStep) {
        int count = nodes.length / 2;
        float[][] stage = stages(nodes.length);
        bindGrids(false);
        float[] k1 = stage[0];
        float[] k2 = stage[1];
        int parts = workers.parts(count, CHUNK);
        double[] partMax = new double[parts];
        double[] rowMax = new double[workers.parts(n1 + 1, 16)];

        double t = t0;
        double strainCur = field.fill(t, current);
        interpolateAll(current, nodes, k1, partMax);
        double h = h0;
        int steps = 0;
        int rejected = 0;
        int rejectedInRow = 0;
        while (t < tEnd && steps < maxSteps) {
            if (t + h > tEnd) {
                h = tEnd - t;
            }
            double strainMax = Math.max(strainCur, 0);
            if (h * strainMax > MAX_STRAIN) {
                h = MAX_STRAIN / strainMax;
            }
            double t1 = t + h;
            long c0 = System.nanoTime();
            double strainNext = field.fill(t1, next);
            fillNanos += System.nanoTime() - c0;
            c0 = System.nanoTime();
            double step = h;
            VelocityGrid nv = next;
            // predictor and error estimate
            workers.range(count, CHUNK, (part, from, to) -> {
                double errMax = 0;
                for (int k = from; k < to; k++) {
                    double px = clamp(nodes[2 * k] + step * k1[2 * k], n1);
                    double py = clamp(nodes[2 * k + 1] + step * k1[2 * k + 1], n2);
                    nv.sample(px, py, k2, 2 * k);
                    double ex = (double) k2[2 * k] - k1[2 * k];
                    double ey = (double) k2[2 * k + 1] - k1[2 * k + 1];
                    double e2 = ex * ex + ey * ey;
                    if (e2 > errMax) {
                        errMax = e2;
                    }
                }
                partMax[part] = 0.5 * step * Math.sqrt(errMax);
            });
            double absErr = max(partMax);
            double strainErr = strainError(k1, k2, 0.5 * step, rowMax);
            double err = Math.max(absErr / tol, strainErr / strainTol);
            predictNanos += System.nanoTime() - c0;
            boolean strained = h * strainNext > MAX_STRAIN * 1.5;
            if (!(err <= 1) || strained) {
                rejected++;
                h = shrunkStep(h, err, false, strained ? strainNext : 0, ++rejectedInRow, t);
                continue;
            }
            rejectedInRow = 0;
            c0 = System.nanoTime();
            // corrector, and the velocity at the new positions for the next step
            workers.range(count, CHUNK, (part, from, to) -> {
                double half = 0.5 * step;
                for (int k = from; k < to; k++) {
                    nodes[2 * k] = clamp(nodes[2 * k] + half * ((double) k1[2 * k] + k2[2 * k]), n1);
                    nodes[2 * k + 1] = clamp(nodes[2 * k + 1] + half * ((double) k1[2 * k + 1] + k2[2 * k + 1]), n2);
                }
                partMax[part] = nv.interpolate(nodes, k1, from, to);
            });
            double maxSpeed = max(partMax);
            correctNanos += System.nanoTime() - c0;
            VelocityGrid swap = current;
            current = next;
            next = swap;
            strainCur = strainNext;
            t = t1;
            steps++;
            onStep.accept(steps);
            if (DEBUG) {
                LOG.log(System.Logger.Level.DEBUG, String.format(java.util.Locale.ROOT, "step %d t=%.4g h=%.4g err=%.3g (abs %.3g, strain %.3g) strain=%.3g speed=%.3g rej=%d%n",
                        steps, t, step, err, absErr, strainErr, strainCur, maxSpeed, rejected));
            }
            if (stop.done(t, maxSpeed, step)) {
                stopped = true;
                break;
            }
            h = grownStep(h, err, false, t);
            nextStep = h;
        }
        if (DEBUG) {
            LOG.log(System.Logger.Level.DEBUG, String.format(java.util.Locale.ROOT, "fill %.3f s, predict %.3f s, correct %.3f s%n",
                    fillNanos * 1e-9, predictNanos * 1e-9, correctNanos * 1e-9));
        }
        return new Outcome(t, steps, rejected);
    }

    /**
     * Bogacki-Shampine 3(2) with first-same-as-last: three field evaluations (t + h/2, t + 3h/4,
     * t + h) and three interpolations at all nodes per step,
     * <pre>
     *   k1 = v(x, t),  k2 = v(x + h k1 / 2, t + h / 2),  k3 = v(x + 3 h k2 / 4, t + 3 h / 4),
     *   x' = x + h (2 k1 + 3 k2 + 4 k3) / 9,  k4 = v(x', t + h)  (the next step's k1),
     *   error = h (-5 k1 / 72 + k2 / 12 + k3 / 9 - k4 / 8).
     * </pre>
     * The third-order solution is kept; the error estimate is that of the embedded second-order
     * one, so steps grow as (tol / error)<sup>1/3</sup>.
     */
    private Outcome integrateBs3(double[] nodes, Field field, double t0, double tEnd, double h0, double tol,
                                 double strainTol, int maxSteps, Stop stop, java.util.function.IntConsumer onStep) {
        int count = nodes.length / 2;
        float[][] k = stages(nodes.length);
        double[] k3 = thirdStage;
        int parts = workers.parts(count, CHUNK);
        double[] partMax = new double[parts];
        double[] partSpeed = new double[parts];
        double[] rowMax = new double[workers.parts(n1 + 1, 16)];
        bindGrids(true);

        double t = t0;
        double strainCur = field.fill(t, current);
        interpolateAll(current, nodes, k[0], partMax);
        double h = firstStep(h0, tEnd - t0, tol, strainCur, max(partMax));
        int steps = 0;
        int rejected = 0;
        int rejectedInRow = 0;
        while (t < tEnd && steps < maxSteps) {
            long fillBefore = fillNanos;
            if (t + h > tEnd) {
                h = tEnd - t;
            }
            double strainMax = Math.max(strainCur, 0);
            if (h * strainMax > MAX_STRAIN) {
                h = MAX_STRAIN / strainMax;
            }
            double step = h;
            float[] k1 = k[0];
            float[] k2 = k[1];
            float[] k4 = k[2];
            long c0 = System.nanoTime();
            double strain2 = field.fill(t + 0.5 * step, mid);
            fillNanos += System.nanoTime() - c0;
            c0 = System.nanoTime();
            VelocityGrid mv = mid;
            workers.range(count, CHUNK, (part, from, to) -> {
                double a = 0.5 * step;
                for (int q = from; q < to; q++) {
                    mv.sample(clamp(nodes[2 * q] + a * k1[2 * q], n1), clamp(nodes[2 * q + 1] + a * k1[2 * q + 1], n2),
                            k2, 2 * q);
                }
            });
            predictNanos += System.nanoTime() - c0;
            c0 = System.nanoTime();
            double strain3 = field.fill(t + 0.75 * step, mid);
            fillNanos += System.nanoTime() - c0;
            c0 = System.nanoTime();
            workers.range(count, CHUNK, (part, from, to) -> {
                double a = 0.75 * step;
                for (int q = from; q < to; q++) {
                    mv.sample(clamp(nodes[2 * q] + a * k2[2 * q], n1), clamp(nodes[2 * q + 1] + a * k2[2 * q + 1], n2),
                            k3, 2 * q);
                }
            });
            predictNanos += System.nanoTime() - c0;
            c0 = System.nanoTime();
            double t1 = t + step;
            double strainNext = field.fill(t1, next);
            fillNanos += System.nanoTime() - c0;
            c0 = System.nanoTime();
            VelocityGrid nv = next;
            // the new positions, the velocity there, and the error vector (into k2, no longer needed)
            workers.range(count, CHUNK, (part, from, to) -> {
                double b1 = step * (2.0 / 9);
                double b2 = step * (1.0 / 3);
                double b3 = step * (4.0 / 9);
                double e1 = step * (-5.0 / 72);
                double e2 = step * (1.0 / 12);
                double e3 = step * (1.0 / 9);
                double e4 = step * (-1.0 / 8);
                double errMax = 0;
                double speedMax = 0;
                for (int q = 2 * from; q < 2 * to; q += 2) {
                    double x = clamp(nodes[q] + b1 * k1[q] + b2 * k2[q] + b3 * k3[q], n1);
                    double y = clamp(nodes[q + 1] + b1 * k1[q + 1] + b2 * k2[q + 1] + b3 * k3[q + 1], n2);
                    nv.sample(x, y, k4, q);
                    double ex = e1 * k1[q] + e2 * k2[q] + e3 * k3[q] + e4 * k4[q];
                    double ey = e1 * k1[q + 1] + e2 * k2[q + 1] + e3 * k3[q + 1] + e4 * k4[q + 1];
                    k2[q] = (float) ex;
                    k2[q + 1] = (float) ey;
                    // k3 is read for the last time above: it keeps the new positions
                    k3[q] = x;
                    k3[q + 1] = y;
                    errMax = Math.max(errMax, ex * ex + ey * ey);
                    double sx = k4[q];
                    double sy = k4[q + 1];
                    speedMax = Math.max(speedMax, sx * sx + sy * sy);
                }
                partMax[part] = Math.sqrt(errMax);
                partSpeed[part] = Math.sqrt(speedMax);
            });
            double absErr = max(partMax);
            double strainErr = neighbourDifference(k2, rowMax);
            double err = Math.max(absErr / tol, strainErr / strainTol);
            predictNanos += System.nanoTime() - c0;
            double stageStrain = Math.max(strain2, Math.max(strain3, strainNext));
            boolean strained = h * stageStrain > MAX_STRAIN * 1.5;
            if (!(err <= 1) || strained) {
                rejected++;
                h = shrunkStep(h, err, true, strained ? stageStrain : 0, ++rejectedInRow, t);
                continue;
            }
            rejectedInRow = 0;
            c0 = System.nanoTime();
            workers.range(count, CHUNK, (part, from, to) -> System.arraycopy(k3, 2 * from, nodes, 2 * from, 2 * (to - from)));
            correctNanos += System.nanoTime() - c0;
            double maxSpeed = max(partSpeed);
            k[0] = k4;
            k[2] = k1;
            VelocityGrid swap = current;
            current = next;
            next = swap;
            strainCur = strainNext;
            t = t1;
            steps++;
            onStep.accept(steps);
            if (DEBUG) {
                LOG.log(System.Logger.Level.DEBUG, String.format(java.util.Locale.ROOT, "step %d t=%.4g h=%.4g err=%.3g (abs %.3g, strain %.3g) strain=%.3g speed=%.3g rej=%d fill %.1f ms%n",
                        steps, t, step, err, absErr, strainErr, strainCur, maxSpeed, rejected, (fillNanos - fillBefore) * 1e-6));
            }
            if (stop.done(t, maxSpeed, step)) {
                stopped = true;
                break;
            }
            h = grownStep(h, err, true, t);
            nextStep = h;
        }
        if (DEBUG) {
            LOG.log(System.Logger.Level.DEBUG, String.format(java.util.Locale.ROOT, "fill %.3f s, stages %.3f s, copy %.3f s%n",
                    fillNanos * 1e-9, predictNanos * 1e-9, correctNanos * 1e-9));
        }
        return new Outcome(t, steps, rejected);
    }

    /**
     * The first step of a Bogacki-Shampine integration: {@code h0}, or with {@link #firstStepFromField}
     * a longer one where the field is gentle, up to the whole interval. Along a step of h the
     * velocity changes by about h &#183; speed &#183; strain, so the step's error is about h<sup>2</sup>
     * &#183; speed &#183; strain; the step is the longest with that at most {@link #FIRST_STEP_SHARE}
     * of the tolerance (conservative: in a correction pass of the flow cartogram the estimated errors of
     * the steps so taken are 10<sup>-2</sup> to 10<sup>-8</sup> of the tolerance). A step too long
     * for the tolerance is rejected and retried shorter, as any other, so this costs no accuracy.
     */
    private double firstStep(double h0, double span, double tol, double strain, double speed) {
        if (!firstStepFromField || !(span > h0)) {
            return h0;
        }
        double rate = Math.max(strain, 0) * speed;
        double h = rate > 0 ? Math.sqrt(FIRST_STEP_SHARE * tol / rate) : span;
        return h > h0 ? Math.min(h, span) : h0;
    }

    /** Share of the step tolerance that the first step's estimated error may take (see {@link #firstStep}). */
    static final double FIRST_STEP_SHARE = 0.1;

    /**
     * @param fromField take a first step as long as the field allows (see {@link #firstStep}) instead of
     *     the caller's, where that is longer
     * @return this
     */
    NodeIntegrator firstStepFromField(boolean fromField) {
        this.firstStepFromField = fromField;
        return this;
    }

    private boolean firstStepFromField;

    /**
     * The step after an accepted one whose error was {@code err} times the tolerance: the usual
     * safety factor 0.9 times err^(-1/2) for Heun (its error estimate is the embedded Euler step)
     * or err^(-1/3) for Bogacki–Shampine 3(2), the growth limited to [0.2, MAX_GROWTH].
     *
     * @throws CartographyException when the step becomes negligible against t
     */
    private static double grownStep(double h, double err, boolean thirdOrder, double t) {
        double grow = err > 0 ? 0.9 * root(1 / err, thirdOrder) : MAX_GROWTH;
        double next = h * Math.min(MAX_GROWTH, Math.max(grow, 0.2));
        if (next < 1e-12 * Math.max(1, t)) {
            throw new CartographyException("cartogram: the time step fell to " + next + " at t = " + t
                    + "; the velocity field is too steep (try a blur or a floor on the measure)");
        }
        return next;
    }

    /**
     * The step to retry after a rejected one: shrunk by the same rule as {@link #grownStep} (at
     * least to a tenth; by half when the error was fine but the strain was not), and further so
     * that h·strain stays within MAX_STRAIN when the strain caused the rejection.
     *
     * @param strain the largest strain rate of the step when it caused the rejection, else 0
     * @throws CartographyException after too many rejections in a row or a non-finite error
     */
    private static double shrunkStep(double h, double err, boolean thirdOrder, double strain, int rejectedInRow,
                                     double t) {
        if (rejectedInRow > MAX_REJECTIONS || !Double.isFinite(err) || h < 1e-12 * Math.max(1, t)) {
            throw new CartographyException("cartogram: the integration does not converge at t = " + t
                    + " (step error " + err + " cell widths); try a blur or a floor on the measure");
        }
        double shrink = err > 1 ? Math.max(0.1, 0.9 * root(1 / err, thirdOrder)) : 0.5;
        if (strain > 0) {
            shrink = Math.min(shrink, MAX_STRAIN / (h * strain));
        }
        return h * shrink;
    }

    /** Square root for Heun's error estimate, cube root for Bogacki–Shampine's. */
    private static double root(double x, boolean third) {
        return third ? Math.cbrt(x) : Math.sqrt(x);
    }

    /**
     * @return the largest difference of the vectors {@code e} between neighbouring nodes (plain
     *     comparisons, not Math.max: a NaN here is already in the absolute error of the same vectors,
     *     which rejects the step)
     */
    private double neighbourDifference(float[] e, double[] partMax) {
        int rows = n1 + 1;
        int cols = n2 + 1;
        workers.range(rows, 16, (part, from, to) -> {
            double m = 0;
            for (int i = from; i < to; i++) {
                for (int j = 0; j < cols; j++) {
                    int a = 2 * (i * cols + j);
                    if (j + 1 < cols) {
                        double dx = (double) e[a + 2] - e[a];
                        double dy = (double) e[a + 3] - e[a + 1];
                        double v = dx * dx + dy * dy;
                        if (v > m) {
                            m = v;
                        }
                    }
                    if (i + 1 < rows) {
                        int b = a + 2 * cols;
                        double dx = (double) e[b] - e[a];
                        double dy = (double) e[b + 1] - e[a + 1];
                        double v = dx * dx + dy * dy;
                        if (v > m) {
                            m = v;
                        }
                    }
                }
            }
            partMax[part] = m;
        });
        return Math.sqrt(max(partMax));
    }

    /**
     * @return the largest difference of the error vector {@code scale (k2 - k1)} between
     *     neighbouring nodes: the error in the cells' edge vectors, relative to a cell width
     */
    private double strainError(float[] k1, float[] k2, double scale, double[] partMax) {
        int rows = n1 + 1;
        int cols = n2 + 1;
        workers.range(rows, 16, (part, from, to) -> {
            double m = 0;
            for (int i = from; i < to; i++) {
                for (int j = 0; j < cols; j++) {
                    int a = 2 * (i * cols + j);
                    double ex = (double) k2[a] - k1[a];
                    double ey = (double) k2[a + 1] - k1[a + 1];
                    if (j + 1 < cols) {
                        double dx = (double) k2[a + 2] - k1[a + 2] - ex;
                        double dy = (double) k2[a + 3] - k1[a + 3] - ey;
                        m = Math.max(m, dx * dx + dy * dy);
                    }
                    if (i + 1 < rows) {
                        int b = a + 2 * cols;
                        double dx = (double) k2[b] - k1[b] - ex;
                        double dy = (double) k2[b + 1] - k1[b + 1] - ey;
                        m = Math.max(m, dx * dx + dy * dy);
                    }
                }
            }
            partMax[part] = m;
        });
        return scale * Math.sqrt(max(partMax));
    }

    private void interpolateAll(VelocityGrid v, double[] nodes, float[] out, double[] partMax) {
        workers.range(nodes.length / 2, CHUNK, (part, from, to) -> partMax[part] = v.interpolate(nodes, out, from, to));
    }

    private static double max(double[] a) {
        double m = a[0];
        for (int i = 1; i < a.length; i++) {
            if (!(a[i] <= m)) {
                m = a[i];
            }
        }
        return m;
    }

    private static double clamp(double v, int n) {
        return v < 0 ? 0 : (v > n ? n : v);
    }
}
