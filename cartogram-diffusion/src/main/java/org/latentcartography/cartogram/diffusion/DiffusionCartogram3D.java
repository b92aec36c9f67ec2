package org.latentcartography.cartogram.diffusion;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.spi.DensityTransform;

/**
 * The diffusion cartogram of Gastner and Newman (2004) in three dimensions: volumes instead of
 * areas. The density spreads under &#8706;&#961;/&#8706;t = &#8711;<sup>2</sup>&#961; in the box
 * [0, n1] &#215; [0, n2] &#215; [0, n3] with zero flux through its walls, and every grid node moves
 * with dx/dt = -&#8711;&#961;/&#961; until the density is uniform; each cell's transformed volume then
 * holds its share of the density.
 *
 * <p><b>Field.</b> The diffusion is exact in cosine space ({@link CosineField3D}): with the cells'
 * values as the cell means of a cosine series, mode (k, l, m) decays as
 * exp(-&#960;<sup>2</sup>(k<sup>2</sup>/n1<sup>2</sup> + l<sup>2</sup>/n2<sup>2</sup> +
 * m<sup>2</sup>/n3<sup>2</sup>) t). The density and its gradient are evaluated at the centres of a
 * lattice: the grid itself early on, and 2, 4, 8, ... times coarser from t = {@link #COARSEN_AFTER}
 * d<sup>2</sup> on, when the modes that a lattice of spacing d cannot carry have decayed (the series
 * truncated, evaluated exactly at the coarse centres). The velocity -&#8711;&#961;/&#961; is taken
 * there (the density floored at half its smallest cell value, against the series' undershoot between
 * samples) and interpolated trilinearly to the nodes, mirrored at the walls so that its normal
 * component vanishes on them: nodes on a wall slide along it and the box stays the box.
 *
 * <p><b>Integration.</b> Bogacki-Shampine 3(2) with error control ({@code stepTolerance} cell widths
 * per step, largest over all nodes and axes), in five node arrays (the stages are folded into the
 * solution and error sums as they come). It ends when the largest node speed times the decay time of
 * the slowest mode, n<sup>2</sup>/&#960;<sup>2</sup> (n the longest side), is below
 * {@code endTolerance} cell widths.
 *
 * <p><b>Memory.</b> About 5 &#215; 3 doubles per node and 5 doubles per cell: 2.7 GB at 256<sup>3</sup>,
 * 340 MB at 128<sup>3</sup>.
 *
 * <p>Unlike the 2-D {@link DiffusionCartogram} there is no correction pass and no tracer phase: the
 * volume errors are those of the one diffusion.
 *
 * <p>Thread-safe: each call uses its own threads and buffers.
 */
final class DiffusionCartogram3D {
    /** The lattice d times coarser than the grid is used from t = COARSEN_AFTER d<sup>2</sup> on. */
    static final double COARSEN_AFTER = 96;
    /** Fewest lattice cells along an axis of a coarsened lattice (or the grid's, if fewer). */
    static final int MIN_LATTICE = 16;
    /** First time step: small against the time (about 1) that a one-cell feature takes to spread. */
    private static final double FIRST_STEP = 0.01;
    /** Floor on the density in the velocity, as a fraction of the smallest cell value (see {@link DiffusionCartogram}). */
    private static final double FLOOR_FRACTION = 0.5;
    /** Step-size control: safety factor and bounds of the change of one step. */
    private static final double SAFETY = 0.9;
    private static final double MIN_GROWTH = 0.2;
    private static final double MAX_GROWTH = 4;

    private final DiffusionCartogram.Options options;

    DiffusionCartogram3D(DiffusionCartogram.Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param density cell (i, j, k) at {@code (i * n2 + j) * n3 + k}, finite and positive; not modified
     * @return node (i, j, k) at {@code 3 * ((i * (n2 + 1) + j) * (n3 + 1) + k)}, in cell units
     */
    DensityTransform.Result transform(double[] density, int n1, int n2, int n3, DensityTransform.Listener listener) {
        Objects.requireNonNull(listener, "listener");
        double least = check(density, n1, n2, n3);
        try (Workers workers = new Workers(options.threads())) {
            Run run = new Run(density, n1, n2, n3, FLOOR_FRACTION * least, workers);
            int steps = run.integrate(listener);
            return new DensityTransform.Result(run.y, steps);
        }
    }

    /** @return the smallest cell value, after checking the grid and the density */
    static double check(double[] density, int n1, int n2, int n3) {
        if (n1 < 2 || n2 < 2 || n3 < 2) {
            throw new CartographyException("cartogram: the grid must have at least 2 x 2 x 2 cells (got "
                    + n1 + " x " + n2 + " x " + n3 + ")");
        }
        if (density.length != (long) n1 * n2 * n3) {
            throw new CartographyException("cartogram: density has " + density.length + " values for a "
                    + n1 + " x " + n2 + " x " + n3 + " grid");
        }
        double least = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int c = 0; c < density.length; c++) {
            double v = density[c];
            if (!(v > 0) || v == Double.POSITIVE_INFINITY) {
                throw new CartographyException("cartogram: density in cell (" + c / (n2 * n3) + ", " + c / n3 % n2
                        + ", " + c % n3 + ") is " + v + "; it must be finite and positive (add a floor to the measure)");
            }
            least = Math.min(least, v);
            sum += v;
        }
        if (!Double.isFinite(sum)) {
            throw new CartographyException("cartogram: the density's total overflows");
        }
        return least;
    }

    /** The state of one transform: the series, the lattices, the node arrays. */
    private final class Run {
        final int n1;
        final int n2;
        final int n3;
        final int[] n;
        final double floor;
        final Workers workers;
        final double[] coef;
        final Map<Integer, CosineField3D> lattices = new HashMap<>();
        /** Fields on the current lattice (sized for the grid, the finest). */
        final double[] rho;
        final double[] vx;
        final double[] vy;
        final double[] vz;
        /** The nodes, a trial position, and three stage arrays. */
        double[] y;
        double[] trial;
        double[] a;
        double[] b;
        double[] c;
        /** Largest speed of each worker's part in the last velocity evaluation. */
        final double[] partSpeed;

        Run(double[] density, int n1, int n2, int n3, double floor, Workers workers) {
            this.n1 = n1;
            this.n2 = n2;
            this.n3 = n3;
            this.n = new int[] {n1, n2, n3};
            this.floor = floor;
            this.workers = workers;
            this.coef = CosineField3D.coefficients(density, n1, n2, n3, workers);
            int cells = n1 * n2 * n3;
            rho = new double[cells];
            vx = new double[cells];
            vy = new double[cells];
            vz = new double[cells];
            y = org.latentcartography.core.map.LatentMap3D.identityCellNodes(n1, n2, n3);
            trial = new double[y.length];
            a = new double[y.length];
            b = new double[y.length];
            c = new double[y.length];
            partSpeed = new double[workers.threads()];
        }

        /** @return the coarsening level (lattice spacing 2<sup>level</sup> cells) to use at time t */
        int level(double t) {
            int level = 0;
            while (true) {
                double d = 1 << (level + 1);
                if (t < COARSEN_AFTER * d * d) {
                    return level;
                }
                for (int axis = 0; axis < 3; axis++) {
                    if (size(n[axis], level + 1) < Math.min(n[axis], MIN_LATTICE)) {
                        return level;
                    }
                }
                level++;
            }
        }

        int size(int cells, int level) {
            return (cells + (1 << level) - 1) >> level;
        }

        CosineField3D lattice(int level) {
            return lattices.computeIfAbsent(level, l -> new CosineField3D(n1, n2, n3, size(n1, l), size(n2, l),
                    size(n3, l), workers));
        }

        /**
         * The velocity at time t at the node positions {@code pos}, into {@code out}.
         *
         * @return the largest speed (cell widths per unit time)
         */
        double velocity(double t, double[] pos, double[] out) {
            CosineField3D lat = lattice(level(t));
            double[] ex = decay(t, n1, lat.c1);
            double[] ey = decay(t, n2, lat.c2);
            double[] ez = decay(t, n3, lat.c3);
            lat.synthesize(coef, ex, ey, ez, rho, vx, vy, vz);
            int cells = lat.c1 * lat.c2 * lat.c3;
            workers.range(cells, 4096, (part, from, to) -> {
                for (int k = from; k < to; k++) {
                    double q = -1 / Math.max(rho[k], floor);
                    vx[k] *= q;
                    vy[k] *= q;
                    vz[k] *= q;
                }
            });
            java.util.Arrays.fill(partSpeed, 0);
            int nodes = pos.length / 3;
            workers.range(nodes, 4096, (part, from, to) -> partSpeed[part] = interpolate(lat, pos, out, from, to));
            double max = 0;
            for (double s : partSpeed) {
                max = Math.max(max, s);
            }
            return max;
        }

        double[] decay(double t, int cells, int modes) {
            double[] e = new double[modes];
            for (int k = 0; k < modes; k++) {
                e[k] = Math.exp(-CosineField3D.rate(k, cells) * t);
            }
            return e;
        }

        /** Trilinear interpolation of the lattice velocity at nodes [from, to), mirrored at the walls. */
        double interpolate(CosineField3D lat, double[] pos, double[] out, int from, int to) {
            int c1 = lat.c1;
            int c2 = lat.c2;
            int c3 = lat.c3;
            double s1 = (double) c1 / n1;
            double s2 = (double) c2 / n2;
            double s3 = (double) c3 / n3;
            double max = 0;
            for (int p = from; p < to; p++) {
                double x = pos[3 * p];
                double yy = pos[3 * p + 1];
                double z = pos[3 * p + 2];
                double ux = x * s1 - 0.5;
                double uy = yy * s2 - 0.5;
                double uz = z * s3 - 0.5;
                int i0 = (int) Math.floor(ux);
                int j0 = (int) Math.floor(uy);
                int k0 = (int) Math.floor(uz);
                double fx = ux - i0;
                double fy = uy - j0;
                double fz = uz - k0;
                int i1 = i0 + 1;
                int j1 = j0 + 1;
                int k1 = k0 + 1;
                // a lattice centre beyond a wall is the mirror image of the one inside: the normal
                // component changes sign, the others stay
                double sx0 = 1;
                double sx1 = 1;
                double sy0 = 1;
                double sy1 = 1;
                double sz0 = 1;
                double sz1 = 1;
                if (i0 < 0) {
                    i0 = 0;
                    sx0 = -1;
                }
                if (i1 > c1 - 1) {
                    i1 = c1 - 1;
                    sx1 = -1;
                }
                if (j0 < 0) {
                    j0 = 0;
                    sy0 = -1;
                }
                if (j1 > c2 - 1) {
                    j1 = c2 - 1;
                    sy1 = -1;
                }
                if (k0 < 0) {
                    k0 = 0;
                    sz0 = -1;
                }
                if (k1 > c3 - 1) {
                    k1 = c3 - 1;
                    sz1 = -1;
                }
                int r00 = (i0 * c2 + j0) * c3;
                int r01 = (i0 * c2 + j1) * c3;
                int r10 = (i1 * c2 + j0) * c3;
                int r11 = (i1 * c2 + j1) * c3;
                double gx = 1 - fx;
                double gy = 1 - fy;
                double gz = 1 - fz;
                // x component: mirror signs along x
                double ax0 = gy * (gz * vx[r00 + k0] + fz * vx[r00 + k1]) + fy * (gz * vx[r01 + k0] + fz * vx[r01 + k1]);
                double ax1 = gy * (gz * vx[r10 + k0] + fz * vx[r10 + k1]) + fy * (gz * vx[r11 + k0] + fz * vx[r11 + k1]);
                double wx = gx * sx0 * ax0 + fx * sx1 * ax1;
                // y component: mirror signs along y
                double ay0 = gx * (gz * vy[r00 + k0] + fz * vy[r00 + k1]) + fx * (gz * vy[r10 + k0] + fz * vy[r10 + k1]);
                double ay1 = gx * (gz * vy[r01 + k0] + fz * vy[r01 + k1]) + fx * (gz * vy[r11 + k0] + fz * vy[r11 + k1]);
                double wy = gy * sy0 * ay0 + fy * sy1 * ay1;
                // z component: mirror signs along z
                double az0 = gx * (gy * vz[r00 + k0] + fy * vz[r01 + k0]) + fx * (gy * vz[r10 + k0] + fy * vz[r11 + k0]);
                double az1 = gx * (gy * vz[r00 + k1] + fy * vz[r01 + k1]) + fx * (gy * vz[r10 + k1] + fy * vz[r11 + k1]);
                double wz = gz * sz0 * az0 + fz * sz1 * az1;
                // nodes on a wall stay on it
                if (x <= 0 || x >= n1) {
                    wx = 0;
                }
                if (yy <= 0 || yy >= n2) {
                    wy = 0;
                }
                if (z <= 0 || z >= n3) {
                    wz = 0;
                }
                out[3 * p] = wx;
                out[3 * p + 1] = wy;
                out[3 * p + 2] = wz;
                max = Math.max(max, Math.sqrt(wx * wx + wy * wy + wz * wz));
            }
            return max;
        }

        /** trial = y + h (p a + q b + r c), clamped to the box (any of a, b, c may be skipped with weight 0). */
        void combine(double h, double p, double[] pa, double q, double[] pb, double r, double[] pc) {
            double[] yy = y;
            double[] out = trial;
            int nodes = y.length / 3;
            workers.range(nodes, 4096, (part, from, to) -> {
                for (int k = 3 * from; k < 3 * to; k++) {
                    double v = yy[k] + h * (p * pa[k] + (q == 0 ? 0 : q * pb[k]) + (r == 0 ? 0 : r * pc[k]));
                    int axis = k % 3;
                    out[k] = Math.min(n[axis], Math.max(0, v));
                }
            });
        }

        /**
         * Bogacki-Shampine 3(2): k1 = v(y), k2 = v(y + h/2 k1), k3 = v(y + 3h/4 k2),
         * y' = y + h (2/9 k1 + 1/3 k2 + 4/9 k3), k4 = v(y'), error h (-5/72 k1 + 1/12 k2 + 1/9 k3 - 1/8 k4).
         * Array roles: a holds k1 (then the solution's sum), b k2 (then the error's sum), c k3 (then k4).
         *
         * @return the steps taken
         */
        int integrate(DensityTransform.Listener listener) {
            double longest = Math.max(n1, Math.max(n2, n3));
            double slowest = longest * longest / (Math.PI * Math.PI);
            double tol = options.stepTolerance();
            double t = 0;
            double h = FIRST_STEP;
            double speed = velocity(t, y, a);
            int steps = 0;
            while (steps < options.maxSteps() && speed * slowest >= options.endTolerance()) {
                combine(h, 0.5, a, 0, null, 0, null);
                velocity(t + 0.5 * h, trial, b);
                combine(h, 0, a, 0.75, b, 0, null);
                velocity(t + 0.75 * h, trial, c);
                fold(a, b, c);
                combine(h, 1, a, 0, null, 0, null);
                double nextSpeed = velocity(t + h, trial, c);
                double err = h * maxError(b, c);
                if (err <= tol || h <= FIRST_STEP * 1e-3) {
                    t += h;
                    double[] s = y;
                    y = trial;
                    trial = s;
                    s = a;
                    a = c;
                    c = s;
                    speed = nextSpeed;
                    steps++;
                    listener.progress(steps, Double.NaN);
                } else {
                    // k1 was folded into the sums: take it again
                    velocity(t, y, a);
                }
                double grow = err > 0 ? SAFETY * Math.cbrt(tol / err) : MAX_GROWTH;
                h *= Math.min(MAX_GROWTH, Math.max(MIN_GROWTH, grow));
            }
            return steps;
        }

        /** a = 2/9 a + 1/3 b + 4/9 c (the solution's slope); b = -5/72 a + 1/12 b + 1/9 c (the error's, without k4). */
        void fold(double[] pa, double[] pb, double[] pc) {
            workers.range(pa.length, 3 * 4096, (part, from, to) -> {
                for (int k = from; k < to; k++) {
                    double k1 = pa[k];
                    double k2 = pb[k];
                    double k3 = pc[k];
                    pa[k] = 2.0 / 9 * k1 + 1.0 / 3 * k2 + 4.0 / 9 * k3;
                    pb[k] = -5.0 / 72 * k1 + 1.0 / 12 * k2 + 1.0 / 9 * k3;
                }
            });
        }

        /** @return max over components of |b - k4 / 8| */
        double maxError(double[] pb, double[] k4) {
            double[] worst = new double[workers.threads()];
            workers.range(pb.length, 3 * 4096, (part, from, to) -> {
                double m = 0;
                for (int k = from; k < to; k++) {
                    m = Math.max(m, Math.abs(pb[k] - 0.125 * k4[k]));
                }
                worst[part] = m;
            });
            double m = 0;
            for (double w : worst) {
                m = Math.max(m, w);
            }
            return m;
        }
    }
}
