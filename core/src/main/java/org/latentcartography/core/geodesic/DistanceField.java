package org.latentcartography.core.geodesic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Grid;

/**
 * The geodesic distance u from the nearest of some sources, on the centres of a grid's cells, and
 * the shortest paths it defines.
 *
 * <p><b>Values.</b> {@code values()[i]} is u at the centre of cell i (C order); {@link #at}
 * interpolates multilinearly between centres (clamped to them within half a cell of the box's
 * sides).
 *
 * <p><b>Paths.</b> {@link #geodesicTo} integrates {@code dz/ds = -A^-1 grad u / |A^-1 grad u|}
 * (A the metric tensor, the identity's multiple for a conformal metric) from the target with
 * classical Runge–Kutta (RK4) steps of a quarter of the smallest cell width, on the multilinear
 * interpolation of the centres' central-difference gradients (and tensors), until it comes within
 * one cell width of a source, to which it then steps straight. The path is therefore smooth to
 * within a quarter cell, not a staircase through cell centres. Where that descent does not reach a
 * source (a measure rough at the scale of a cell can trap it), the path follows the cell centres
 * down instead, each step to the neighbouring centre of least u (straight to the source from
 * within the radius the march seeded with straight segments), and a warning is logged.
 *
 * <p><b>Accuracy</b> (the tests' ground truths, 512 × 512 cells): a constant measure gives the
 * Euclidean distance times its length element; the hyperbolic upper half-plane (length element
 * |dz|/y) gives {@code arcosh(1 + |p - q|^2 / (2 p_y q_y))} within a relative 1e-3, its paths
 * within a small fraction of a cell of the semicircles; two half-planes of different measure give
 * paths that refract by Snell's law; a constant tensor A gives {@code sqrt(dz^T A dz)} within the
 * tolerance {@code TensorMetricTest} states.
 *
 * <p>Stability: experimental. Immutable and thread-safe.
 */
public final class DistanceField {
    private final LatentMetric metric;
    private final double[] values;
    private final double[][] sources;

    DistanceField(LatentMetric metric, double[] values, double[][] sources) {
        this.metric = metric;
        this.values = values;
        this.sources = sources;
    }

    /** @return the metric the distances are measured in */
    public LatentMetric metric() {
        return metric;
    }

    /** @return the grid */
    public Grid grid() {
        return metric.grid();
    }

    /** @return a copy of u per cell centre, C order */
    public double[] values() {
        return values.clone();
    }

    /** @return copies of the sources */
    public List<double[]> sources() {
        List<double[]> out = new ArrayList<>();
        for (double[] s : sources) {
            out.add(s.clone());
        }
        return out;
    }

    /**
     * @param point D coordinates inside the grid's box; not modified
     * @return u at the point, interpolated multilinearly between cell centres
     * @throws org.latentcartography.core.UsageException when the point has the wrong dimension or
     *     is not finite
     * @throws CartographyException when it lies outside the box
     */
    public double at(double[] point) {
        Geodesics.checkPoints(metric.grid, new double[][] {point}, "point");
        return metric.lattice.interpolate(values, point);
    }

    /**
     * The shortest path from the nearest source to the target, traced down the field (see the
     * class comment).
     *
     * @param target D coordinates inside the grid's box; not modified
     * @return the path, its length under the metric and the field's value at the target
     * @throws org.latentcartography.core.UsageException when the target has the wrong dimension or
     *     is not finite
     * @throws CartographyException when it lies outside the box, or the field is flat somewhere
     *     on the way (a length element of zero) so that no direction is defined
     */
    public Geodesic geodesicTo(double[] target) {
        double[] end = Geodesics.checkPoints(metric.grid, new double[][] {target}, "target")[0];
        Lattice lat = metric.lattice;
        int d = lat.dim;
        double h = Double.POSITIVE_INFINITY;
        long cells = 0;
        for (int k = 0; k < d; k++) {
            h = Math.min(h, lat.width[k]);
            cells += lat.shape[k];
        }
        double step = 0.25 * h;
        long maxSteps = 64 * cells;
        List<double[]> trace = new ArrayList<>();
        double[] x = end.clone();
        trace.add(x.clone());
        double[][] k = new double[4][d];
        double[] y = new double[d];
        double[] g = new double[d];
        for (long n = 0;; n++) {
            double[] near = nearestSource(x);
            if (lat.cellDistance(x, near) <= 1.0) {
                trace.add(near.clone());
                break;
            }
            if (n == maxSteps) {
                // the interpolated descent circles (a measure rough at the scale of a cell gives
                // the interpolated field local traps): follow the lattice nodes down instead
                System.getLogger(DistanceField.class.getName()).log(System.Logger.Level.WARNING,
                        "geodesic: the smooth descent from " + Arrays.toString(end) + " did not reach a source in "
                                + n + " steps (the measure is rough at the scale of a cell); the path follows the"
                                + " grid's cell centres instead");
                return alongNodes(end);
            }
            direction(x, g, k[0]);
            for (int s = 1; s < 4; s++) {
                double f = s == 3 ? step : 0.5 * step;
                for (int q = 0; q < d; q++) {
                    y[q] = x[q] + f * k[s - 1][q];
                }
                clamp(y);
                direction(y, g, k[s]);
            }
            for (int q = 0; q < d; q++) {
                x[q] += step / 6 * (k[0][q] + 2 * k[1][q] + 2 * k[2][q] + k[3][q]);
            }
            clamp(x);
            trace.add(x.clone());
        }
        // from the source to the target
        double[] path = new double[trace.size() * d];
        for (int i = 0; i < trace.size(); i++) {
            System.arraycopy(trace.get(trace.size() - 1 - i), 0, path, i * d, d);
        }
        System.arraycopy(end, 0, path, path.length - d, d);
        return new Geodesic(path, d, metric.length(path), lat.interpolate(values, end));
    }

    /**
     * The path down the field through cell centres: from the centre nearest the target, each step to
     * the neighbouring centre (sides and diagonals) of least u, until within the seeded radius of a
     * source ({@link FastMarching#SEED_RADIUS} cell widths, where the march took u from the straight
     * segment), then straight to it. u falls strictly at every step, so it ends.
     */
    Geodesic alongNodes(double[] end) {
        Lattice lat = metric.lattice;
        int d = lat.dim;
        List<double[]> trace = new ArrayList<>();
        trace.add(end.clone());
        int node = lat.nearestNode(end);
        int[] idx = new int[d];
        int neighbours = 1;
        for (int k = 0; k < d; k++) {
            neighbours *= 3;
        }
        while (true) {
            int rest = node;
            double[] p = new double[d];
            for (int k = 0; k < d; k++) {
                idx[k] = rest / lat.stride[k];
                rest -= idx[k] * lat.stride[k];
                p[k] = lat.position(k, idx[k]);
            }
            trace.add(p);
            double[] near = nearestSource(p);
            double toSource = lat.cellDistance(p, near);
            if (toSource <= FastMarching.SEED_RADIUS) {
                // the march seeded these centres with the straight segment's length: so is the path
                int parts = (int) Math.ceil(2 * toSource);
                for (int i = 1; i <= parts; i++) {
                    double[] x = new double[d];
                    for (int k = 0; k < d; k++) {
                        x[k] = p[k] + (near[k] - p[k]) * i / parts;
                    }
                    trace.add(x);
                }
                trace.add(near.clone());
                break;
            }
            int best = node;
            double bestValue = values[node];
            for (int o = 0; o < neighbours; o++) {
                int q = o;
                int nb = 0;
                boolean inside = true;
                for (int k = 0; k < d && inside; k++) {
                    int i = idx[k] + q % 3 - 1;
                    q /= 3;
                    inside = i >= 0 && i < lat.shape[k];
                    nb += i * lat.stride[k];
                }
                if (inside && values[nb] < bestValue) {
                    best = nb;
                    bestValue = values[nb];
                }
            }
            if (best == node) {
                throw new CartographyException("geodesic: the distance field has a local minimum at "
                        + Arrays.toString(p) + ", away from every source (the point was not reached)");
            }
            node = best;
        }
        double[] path = new double[trace.size() * d];
        for (int i = 0; i < trace.size(); i++) {
            System.arraycopy(trace.get(trace.size() - 1 - i), 0, path, i * d, d);
        }
        return new Geodesic(path, d, metric.length(path), lat.interpolate(values, end));
    }

    /** Writes the unit descent direction at x into out. */
    private void direction(double[] x, double[] g, double[] out) {
        metric.lattice.gradient(values, x, g);
        metric.ascent(x, g, out);
        double norm = 0;
        for (double v : out) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new CartographyException("geodesic: the distance field has no descent direction at "
                    + Arrays.toString(x) + " (the length element is zero or the point was not reached there)");
        }
        for (int q = 0; q < out.length; q++) {
            out[q] = -out[q] / norm;
        }
    }

    private double[] nearestSource(double[] x) {
        double[] best = sources[0];
        double bd = Double.POSITIVE_INFINITY;
        for (double[] s : sources) {
            double dd = metric.lattice.cellDistance(x, s);
            if (dd < bd) {
                bd = dd;
                best = s;
            }
        }
        return best;
    }

    private void clamp(double[] x) {
        Grid g = metric.grid;
        for (int q = 0; q < x.length; q++) {
            x[q] = Math.min(g.upper(q), Math.max(g.lower(q), x[q]));
        }
    }
}
