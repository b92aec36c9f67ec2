package org.latentcartography.cartogram.diffusion;

import org.latentcartography.core.CartographyException;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.spi.DensityTransform;

/** Checks and helpers shared by the two cartograms. */
final class Cartograms {
    private Cartograms() {
    }

    /**
     * @return the mean of a density that is finite and positive in every cell
     * @throws CartographyException naming the first bad cell, or a size mismatch
     */
    static double checkDensity(double[] density, int n1, int n2) {
        if (n1 < 2 || n2 < 2) {
            throw new CartographyException("cartogram: the grid must have at least 2 x 2 cells (got "
                    + n1 + " x " + n2 + ")");
        }
        if (density.length != (long) n1 * n2) {
            throw new CartographyException("cartogram: density has " + density.length + " values for a "
                    + n1 + " x " + n2 + " grid");
        }
        double sum = 0;
        for (int c = 0; c < density.length; c++) {
            double v = density[c];
            if (!(v > 0) || v == Double.POSITIVE_INFINITY) {
                throw new CartographyException("cartogram: density in cell (" + c / n2 + ", " + c % n2 + ") is "
                        + v + "; it must be finite and positive (add a floor to the measure)");
            }
            sum += v;
        }
        if (!Double.isFinite(sum)) {
            throw new CartographyException("cartogram: the density's total overflows");
        }
        return sum / density.length;
    }

    /** One pass of a cartogram: moves the nodes so as to equalise a density. */
    interface Pass {
        /**
         * @param rho the density to equalise, on the regular grid of the space the nodes are in
         * @param nodes moved in place
         * @param onStep called with the time steps taken so far in this pass
         * @return the time steps taken
         */
        int run(double[] rho, double[] nodes, java.util.function.IntConsumer onStep);
    }

    /** What {@link #equalise} did: passes made and time steps taken in all of them. */
    record Passes(int passes, int steps) {
    }

    /**
     * Runs a pass on {@code density}, then correction passes on the density still to be equalised
     * (see {@link #remainingDensity}) while the mean area error is above {@code tolerance}. A pass
     * that folds cells or does not lower the error is undone and ends the loop; no pass follows
     * one that left more than {@code stalled} of the error before it (a correction that gained
     * little is unlikely to be followed by one that gains more).
     *
     * @param nodes start at the identity; moved in place
     * @param maxPasses most passes, the first included
     * @param label names the method in debug output
     */
    static Passes equalise(double[] density, int n1, int n2, double[] nodes, Workers workers, double tolerance,
                           int maxPasses, double stalled, Pass pass, DensityTransform.Listener listener, String label) {
        double[] rho = density;
        double[] best = null;
        double bestMean = Double.POSITIVE_INFINITY;
        int steps = 0;
        int passes = 0;
        while (true) {
            long start = System.nanoTime();
            int done = steps;
            steps += pass.run(rho, nodes, step -> listener.progress(done + step, Double.NaN));
            passes++;
            AreaError error = AreaError.of(density, n1, n2, nodes);
            if (DEBUG) {
                LOG.log(System.Logger.Level.DEBUG, String.format(java.util.Locale.ROOT, "%s pass %d: %d steps in all, %s, %.0f ms%n", label, passes, steps,
                        error, (System.nanoTime() - start) * 1e-6));
            }
            listener.progress(steps, error.mean());
            if (error.foldedCells() > 0 || !(error.mean() < bestMean)) {
                if (best != null) {
                    // the correction made it worse: keep the previous map
                    System.arraycopy(best, 0, nodes, 0, nodes.length);
                }
                break;
            }
            if (error.mean() <= tolerance || passes >= maxPasses || error.mean() > stalled * bestMean) {
                break;
            }
            bestMean = error.mean();
            best = nodes.clone();
            rho = remainingDensity(density, nodes, n1, n2, workers);
        }
        return new Passes(passes, steps);
    }

    private static final System.Logger LOG = System.getLogger("org.latentcartography.cartogram.diffusion");
    private static final boolean DEBUG = LOG.isLoggable(System.Logger.Level.DEBUG);

    /** @return node (i, j) at (i, j), packed at {@code 2 * (i * (n2 + 1) + j)} */
    static double[] identityNodes(int n1, int n2) {
        double[] nodes = new double[2 * (n1 + 1) * (n2 + 1)];
        int k = 0;
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                nodes[k++] = i;
                nodes[k++] = j;
            }
        }
        return nodes;
    }

    /**
     * The density still to be equalised after a map, on the regular grid of the transformed space,
     * conserving mass exactly: cell c of the original grid is to hold the share
     * &#961;<sub>c</sub>/&#931;&#961; of the total area but its transformed quadrilateral (straight
     * edges between its four transformed corners, the convention of the area error) has area
     * A<sub>c</sub>; its mass m<sub>c</sub> = n1 n2 &#961;<sub>c</sub>/&#931;&#961;, spread uniformly
     * over the quadrilateral, is deposited on the regular cells in proportion to the area each one
     * shares with the quadrilateral (exact polygon clipping). The result is in units of the mean
     * density: 1 everywhere once the map is exact. Cells of a folded or collapsed quadrilateral
     * deposit their mass as if their area were at least {@code minArea} (cell units).
     *
     * @param density cell (i, j) at {@code i * n2 + j}, positive; not modified
     * @param nodes transformed nodes in cell units, inside the box; not modified
     * @return the remaining density at {@code i * n2 + j}, positive
     */
    static double[] remainingDensity(double[] density, double[] nodes, int n1, int n2, Workers workers) {
        double total = 0;
        for (double v : density) {
            total += v;
        }
        double massScale = (double) n1 * n2 / total;
        // a fixed split into row blocks, each with its own buffer, summed in block order: the
        // rounding, hence the result, does not depend on the number of threads
        // Each buffer covers only the rows of cells that the block's quadrilaterals reach (about a
        // quarter of the grid each instead of all of it); adding the zeros outside was exact anyway.
        int parts = Math.max(1, Math.min(DEPOSIT_BLOCKS, n1 / 16));
        double[][] buffers = new double[parts][];
        int[] firstRow = new int[parts];
        int stride = 2 * (n2 + 1);
        workers.range(parts, 1, (unused, firstBlock, endBlock) -> {
            for (int block = firstBlock; block < endBlock; block++) {
                int from = (int) ((long) n1 * block / parts);
                int to = (int) ((long) n1 * (block + 1) / parts);
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int a = from * stride; a < (to + 1) * stride; a += 2) {
                    double x = nodes[a];
                    lo = x < lo ? x : lo;
                    hi = x > hi ? x : hi;
                }
                int p0 = Math.max(0, Math.min(n1 - 1, (int) Math.floor(lo)));
                int p1 = Math.max(0, Math.min(n1 - 1, (int) Math.floor(hi)));
                double[] out = new double[(p1 - p0 + 1) * n2];
                buffers[block] = out;
                firstRow[block] = p0;
                double[] px = new double[4];
                double[] py = new double[4];
                Clipper clip = new Clipper();
                for (int i = from; i < to; i++) {
                    for (int j = 0; j < n2; j++) {
                        int a = i * stride + 2 * j;
                        int b = a + stride;
                        px[0] = nodes[a];
                        py[0] = nodes[a + 1];
                        px[1] = nodes[b];
                        py[1] = nodes[b + 1];
                        px[2] = nodes[b + 2];
                        py[2] = nodes[b + 3];
                        px[3] = nodes[a + 2];
                        py[3] = nodes[a + 3];
                        double area = 0.5 * ((px[2] - px[0]) * (py[3] - py[1]) - (py[2] - py[0]) * (px[3] - px[1]));
                        double mass = density[i * n2 + j] * massScale;
                        clip.deposit(px, py, Math.abs(area) > MIN_AREA ? mass / area : mass / MIN_AREA, out, p0, n1, n2);
                    }
                }
            }
        });
        double[] out = new double[n1 * n2];
        for (int p = 0; p < parts; p++) {
            double[] o = buffers[p];
            int offset = firstRow[p] * n2;
            for (int c = 0; c < o.length; c++) {
                out[offset + c] += o[c];
            }
            buffers[p] = null;
        }
        for (int c = 0; c < out.length; c++) {
            out[c] = Math.min(MAX_RATIO, Math.max(1 / MAX_RATIO, out[c]));
        }
        return out;
    }

    /** Smallest transformed cell area (cell units) used when spreading a cell's mass. */
    private static final double MIN_AREA = 1e-3;
    /**
     * Row blocks of {@link #remainingDensity}, each with its own buffer: fixed, not the thread
     * count, so that the sums are the same for any number of threads.
     */
    private static final int DEPOSIT_BLOCKS = 4;
    /** Bounds of the remaining density, against folded or collapsed cells. */
    static final double MAX_RATIO = 100;

    /**
     * Clips a quadrilateral against the cells of the regular grid (Sutherland-Hodgman against the
     * strips x in [p, p + 1], then y in [q, q + 1]; correct for non-convex quadrilaterals too, as
     * only areas are used) and adds density &#215; overlap area to each cell.
     */
    private static final class Clipper {
        private final double[] sx = new double[16];
        private final double[] sy = new double[16];
        private final double[] tx = new double[24];
        private final double[] ty = new double[24];
        private final double[] ux = new double[24];
        private final double[] uy = new double[24];

        /** Adds to {@code out[(p - firstRow) n2 + q]} for cell (p, q). */
        void deposit(double[] px, double[] py, double d, double[] out, int firstRow, int n1, int n2) {
            double xmin = Math.min(Math.min(px[0], px[1]), Math.min(px[2], px[3]));
            double xmax = Math.max(Math.max(px[0], px[1]), Math.max(px[2], px[3]));
            double ymin = Math.min(Math.min(py[0], py[1]), Math.min(py[2], py[3]));
            double ymax = Math.max(Math.max(py[0], py[1]), Math.max(py[2], py[3]));
            int p0 = Math.max(0, Math.min(n1 - 1, (int) Math.floor(xmin)));
            int p1 = Math.max(0, Math.min(n1 - 1, (int) Math.floor(xmax)));
            int q0 = Math.max(0, Math.min(n2 - 1, (int) Math.floor(ymin)));
            int q1 = Math.max(0, Math.min(n2 - 1, (int) Math.floor(ymax)));
            if (p0 == p1 && q0 == q1) {
                out[(p0 - firstRow) * n2 + q0] += d * area(px, py, 4);
                return;
            }
            for (int p = p0; p <= p1; p++) {
                int m = 4;
                double[] cx = px;
                double[] cy = py;
                if (p0 != p1) {
                    m = clip(cx, cy, m, sx, sy, p, true, false, p == p0);
                    m = clip(sx, sy, m, tx, ty, p + 1, true, true, p == p1);
                    cx = tx;
                    cy = ty;
                }
                if (m < 3) {
                    continue;
                }
                if (q0 == q1) {
                    out[(p - firstRow) * n2 + q0] += d * area(cx, cy, m);
                    continue;
                }
                for (int q = q0; q <= q1; q++) {
                    int k = clip(cx, cy, m, sx, sy, q, false, false, q == q0);
                    k = clip(sx, sy, k, ux, uy, q + 1, false, true, q == q1);
                    if (k >= 3) {
                        out[(p - firstRow) * n2 + q] += d * area(ux, uy, k);
                    }
                }
            }
        }

        /**
         * Keeps the part of polygon (x, y, m) with coordinate &#8805; c (or &#8804; c when
         * {@code upper}); with {@code open} the half-plane is the whole plane (outermost strips
         * take whatever lies beyond the walls through rounding).
         */
        private static int clip(double[] x, double[] y, int m, double[] ox, double[] oy, double c, boolean alongX,
                                boolean upper, boolean open) {
            if (open) {
                System.arraycopy(x, 0, ox, 0, m);
                System.arraycopy(y, 0, oy, 0, m);
                return m;
            }
            int k = 0;
            for (int a = 0; a < m; a++) {
                int b = a + 1 == m ? 0 : a + 1;
                double va = alongX ? x[a] : y[a];
                double vb = alongX ? x[b] : y[b];
                boolean ina = upper ? va <= c : va >= c;
                boolean inb = upper ? vb <= c : vb >= c;
                if (ina) {
                    ox[k] = x[a];
                    oy[k] = y[a];
                    k++;
                }
                if (ina != inb) {
                    double s = (c - va) / (vb - va);
                    if (alongX) {
                        ox[k] = c;
                        oy[k] = y[a] + s * (y[b] - y[a]);
                    } else {
                        ox[k] = x[a] + s * (x[b] - x[a]);
                        oy[k] = c;
                    }
                    k++;
                }
            }
            return k;
        }

        private static double area(double[] x, double[] y, int m) {
            double s = 0;
            for (int a = 0, b = m - 1; a < m; b = a++) {
                s += x[b] * y[a] - x[a] * y[b];
            }
            return 0.5 * s;
        }
    }
}
