package org.latentcartography.cartogram.diffusion;

import java.util.Objects;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.map.LatentMap;
import org.latentcartography.core.spi.DensityTransform;

/**
 * The flow-based cartogram of Gastner, Seguy and More (2018, PNAS 115:E2156). The density is
 * interpolated linearly from &#961; to its mean &#961;&#772;,
 * &#961;<sub>t</sub> = (1 - t) &#961; + t &#961;&#772; for t from 0 to 1, and carried by the flux
 * -&#8711;&#966;, where &#8711;<sup>2</sup>&#966; = &#961;&#772; - &#961; with zero normal derivative
 * on the walls (one cosine-space Poisson solve: &#966;<sub>kl</sub> = a<sub>kl</sub> /
 * (&#960;<sup>2</sup>(k<sup>2</sup>/n1<sup>2</sup> + l<sup>2</sup>/n2<sup>2</sup>))). The
 * continuity equation &#8706;&#961;<sub>t</sub>/&#8706;t + &#8711;&#183;(&#961;<sub>t</sub> v) = 0
 * then holds for the velocity
 * <pre>
 *   v(x, t) = -&#8711;&#966;(x) / &#961;<sub>t</sub>(x),
 * </pre>
 * so the flux is computed once and each time step only divides it by &#961;<sub>t</sub>. The nodes
 * are integrated from t = 0 to 1 by {@link NodeIntegrator}.
 *
 * <p>That pass leaves a small area error from discretisation. The transform then repeats: the
 * density still to be equalised is, in the transformed space, each cell's density share over its
 * area share, r<sub>i</sub> = (&#961;<sub>i</sub>/&#931;&#961;) / (A<sub>i</sub>/&#931;A); it is
 * resampled at the regular cell centres (each centre is mapped back by the current map's inverse
 * and r is interpolated bilinearly between the original cell centres there), and the nodes are moved
 * by another flow of that density. It stops when the mean area error is below
 * {@link Options#tolerance()}, after {@link Options#maxIterations()} passes, or when a pass
 * makes the error worse (then the previous pass's nodes are returned). Following Gastner, Seguy and
 * More, early passes equalise a blurred density (see {@link #FIRST_BLUR}). A correction pass that
 * folds cells is refused and tried once more with a wider blur from the best map so far.
 *
 * <p>Thread-safe: each call of {@link #transform} uses its own threads and buffers.
 */
public final class FlowCartogram implements DensityTransform {

    /**
     * @param tolerance mean relative area error at which to stop (e.g. 0.001 = 0.1%)
     * @param maxIterations most flow passes
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

        /** Defaults: mean area error 0.1%, 8 passes, step error 0.01 cell widths, 2 threads. */
        public static Options defaults() {
            return new Options(0.001, 8, 0.01, 2);
        }
    }

    /**
     * The first pass equalises the density blurred by a Gaussian of this many cells (in cosine
     * space: each mode times exp(-&#963;<sup>2</sup>&#955;/2)); each later pass halves it, down to 0
     * below 1 cell. Sharp features otherwise force tiny time steps in the first pass.
     */
    private static final double FIRST_BLUR = 4;
    /** Most time steps within one pass from t = 0 to 1. */
    private static final int MAX_STEPS = 100_000;
    /** Bounds of the remaining density ratio, against folded or collapsed cells. */
    private static final double MAX_RATIO = 100;
    /** First time step of a pass. */
    private static final double FIRST_STEP = 1e-3;

    private static final boolean DEBUG = Boolean.getBoolean("cartogram.debug");
    private final Options options;

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
        int iterations = 0;
        try (Workers workers = new Workers(options.threads())) {
            CosineField cosine = new CosineField(n1, n2, workers);
            NodeIntegrator integrator = new NodeIntegrator(n1, n2, workers);
            double[] gx = new double[n1 * n2];
            double[] gy = new double[n1 * n2];
            double[] scratch = new double[n1 * n2];
            double[] rho = density;
            double sigma = FIRST_BLUR;
            double[] best = null;
            double bestMean = Double.POSITIVE_INFINITY;
            int bestFolded = Integer.MAX_VALUE;
            int refused = 0;
            while (true) {
                pass(cosine, integrator, workers, rho, nodes, gx, gy, scratch, sigma);
                iterations++;
                AreaError error = AreaError.of(density, n1, n2, nodes);
                if (DEBUG) {
                    System.err.println("pass " + iterations + " sigma " + sigma + ": " + error);
                }
                listener.progress(iterations, error.mean());
                if (best != null && error.foldedCells() > bestFolded) {
                    // a correction that folds cells is refused: features finer than the lattice
                    // (thin ridges) need the blur; retry once from the best map with a wider one
                    System.arraycopy(best, 0, nodes, 0, nodes.length);
                    if (++refused > 1 || iterations >= options.maxIterations()) {
                        break;
                    }
                    sigma = Math.max(1, 2 * sigma);
                    continue;
                }
                refused = 0;
                sigma = sigma >= 1 ? sigma / 2 : 0;
                if (error.mean() >= bestMean && error.foldedCells() >= bestFolded) {
                    // the correction no longer helps: keep the best map so far
                    System.arraycopy(best, 0, nodes, 0, nodes.length);
                    break;
                }
                if (error.mean() <= options.tolerance() || iterations >= options.maxIterations()) {
                    break;
                }
                bestMean = error.mean();
                bestFolded = error.foldedCells();
                best = nodes.clone();
                rho = Cartograms.remainingDensity(density, nodes, n1, n2, workers);
            }
        }
        return new Result(nodes, iterations);
    }

    /** Moves the nodes by one flow from t = 0 to 1 that equalises {@code rho}. */
    private void pass(CosineField cosine, NodeIntegrator integrator, Workers workers, double[] rho, double[] nodes,
                      double[] gx, double[] gy, double[] scratch, double sigma) {
        int n1 = cosine.n1;
        int n2 = cosine.n2;
        double[] phi = cosine.coefficients(rho);
        double mean = phi[0];
        workers.range(n1, 64, (part, from, to) -> {
            for (int k = from; k < to; k++) {
                for (int l = 0; l < n2; l++) {
                    double lambda = cosine.rateX(k) + cosine.rateY(l);
                    phi[k * n2 + l] = lambda > 0 ? phi[k * n2 + l] * Math.exp(-0.5 * sigma * sigma * lambda) / lambda : 0.0;
                }
            }
        });
        cosine.synthesize(phi, null, null, null, gx, gy, scratch);
        double[] rhoUsed;
        if (sigma > 0) {
            double[] c = cosine.coefficients(rho);
            double[] f1 = new double[n1];
            double[] f2 = new double[n2];
            for (int k = 0; k < n1; k++) {
                f1[k] = Math.exp(-0.5 * sigma * sigma * cosine.rateX(k));
            }
            for (int l = 0; l < n2; l++) {
                f2[l] = Math.exp(-0.5 * sigma * sigma * cosine.rateY(l));
            }
            rhoUsed = new double[n1 * n2];
            cosine.synthesize(c, f1, f2, rhoUsed, new double[n1 * n2], new double[n1 * n2], null);
        } else {
            rhoUsed = rho;
        }
        double[] rho0 = rhoUsed;
        NodeIntegrator.Field field = (t, out) -> {
            workers.range(n1, 32, (part, from, to) -> {
                for (int i = from; i < to; i++) {
                    int base = i * n2;
                    int v = out.index(i, 0);
                    for (int j = 0; j < n2; j++) {
                        double r = (1 - t) * rho0[base + j] + t * mean;
                        out.vx[v + j] = -gx[base + j] / r;
                        out.vy[v + j] = -gy[base + j] / r;
                    }
                }
            });
            out.mirror();
            return out.maxGradient(workers);
        };
        integrator.integrate(nodes, field, 0.0, 1.0, FIRST_STEP, options.stepTolerance(), NodeIntegrator.STRAIN_TOLERANCE, MAX_STEPS,
                (t, speed, h) -> false, step -> { });
    }
}
