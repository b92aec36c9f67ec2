package org.latentcartography.measures.riemannian;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MetricTensor;
import org.latentcartography.core.spi.SlabView;

/**
 * The approximate Riemannian measure of paper sec. 2.2.1: m(z) = sqrt(det JᵀJ), where the
 * Jacobian J (D_h &#215; D_z) of the meaning function is approximated from the grid, on an axis k
 * of n cells of width Δ, with h_i the meaning of the cell i steps along k:
 * <pre>
 *   J[:, k] = (h₊₁ − h₋₁) / (2Δ)                 inside the grid (central),
 *   J[:, k] = (−3h₀ + 4h₊₁ − h₊₂) / (2Δ)         in the first cell (one-sided, second order),
 *   J[:, k] = (3h₀ − 4h₋₁ + h₋₂) / (2Δ)          in the last cell,
 *   J[:, k] = ±(h₊₁ − h₀) / Δ                    when n = 2 (first order: no third cell),
 *   J[:, k] = 0                                  when n = 1.
 * </pre>
 * Both three-point rules are exact for quadratics and err by Δ²·h'''/6 (central) and Δ²·h'''/3
 * (one-sided) per derivative, so the outer ring of cells is as accurate as the interior up to
 * O(Δ²). Axis 0 runs across slabs, so the measure reads two slabs on each side ({@link #halo()}
 * = 2). In two dimensions det JᵀJ = |J₀|²|J₁|² − (J₀·J₁)² is computed directly; above, the Gram
 * matrix is formed and its determinant taken by LU decomposition (EJML). The determinant of a
 * positive semi-definite matrix is clamped at 0 against rounding. The metric tensor field JᵀJ
 * (capability {@link MetricTensor}) uses the same differences.
 *
 * <p>Differences finer than the outputs' precision are refused, not measured. A meaning function
 * stores its values in some floating-point type (a float32 ONNX decoder's outputs are float32
 * values, then widened): neighbouring cells whose outputs differ by a few units in the last place
 * (ulp) of that type give differences that are rounding noise, and sqrt(det JᵀJ) of noise is a
 * wrong number that looks like a measure. For each cell, axis k's difference
 * {@code d_k = J[:, k] Δ_k} (e.g. {@code (h₊₁ − h₋₁)/2}) is compared with the cell's rounding
 * scale {@code u = |(ulp(h_j))_j|}, with ulp that of float32 when every value of the cell is a
 * float32 value and of double otherwise: the cell is unresolved when {@code |d_k| ≤ 16 u} on
 * some axis ({@link #RESOLVE_ULPS}; a difference of 16 ulps is off by at most 1/32 from rounding). When more than half of a slab's cells are unresolved the measure throws, naming
 * the cell width that resolves: the median over the slab's cells of
 * {@code Δ_k · 16 u / |d_k|}, since differences grow with the cell width. Refused rather than
 * warned: the numbers of a measure end up in figures and papers, and a warning beside a map of
 * noise is easily missed (the input side, {@code InputPrecision}, is refused the same way).
 *
 * <p>Thread-safe: no state beyond the immutable configuration.
 */
final class RiemannianMeasure implements Measure, MetricTensor {
    /** Differences of at most this many units in the last place of the outputs are rounding noise. */
    static final int RESOLVE_ULPS = 16;

    @Override
    public int halo() {
        return 2;
    }

    /** Reads float32 slabs as they are, widening each value as it reads it (exactly). */
    @Override
    public boolean readsFloatSlabs() {
        return true;
    }

    @Override
    public void compute(SlabView view, int slab, double[] out, int outOffset) {
        run(view, slab, out, outOffset, false);
    }

    @Override
    public void metric(SlabView view, int slab, double[] out, int outOffset) {
        run(view, slab, out, outOffset, true);
    }

    /**
     * The difference rule for cell {@code i} of {@code n} on an axis of cell width {@code width}:
     * fills {@code steps} (cells relative to i) and {@code weights}.
     *
     * @return how many terms the rule has (0, 2 or 3)
     */
    static int stencil(int i, int n, double width, int[] steps, double[] weights) {
        if (n == 1) {
            return 0;
        }
        if (n == 2) {
            steps[0] = -i;
            steps[1] = 1 - i;
            weights[0] = -1 / width;
            weights[1] = 1 / width;
            return 2;
        }
        double half = 0.5 / width;
        if (i == 0) {
            steps[0] = 0;
            steps[1] = 1;
            steps[2] = 2;
            weights[0] = -3 * half;
            weights[1] = 4 * half;
            weights[2] = -half;
            return 3;
        }
        if (i == n - 1) {
            steps[0] = 0;
            steps[1] = -1;
            steps[2] = -2;
            weights[0] = 3 * half;
            weights[1] = -4 * half;
            weights[2] = half;
            return 3;
        }
        steps[0] = -1;
        steps[1] = 1;
        weights[0] = -half;
        weights[1] = half;
        return 2;
    }

    /** cols[at .. at + dh) = Σ_t w[t] · src[t][off[t] + shift .. + dh). */
    private static void column(double[] cols, int at, int dh, int terms, double[][] src, int[] off, int shift,
                               double[] w) {
        switch (terms) {
            case 0 -> java.util.Arrays.fill(cols, at, at + dh, 0.0);
            case 2 -> {
                double[] a = src[0];
                double[] b = src[1];
                int oa = off[0] + shift;
                int ob = off[1] + shift;
                double wa = w[0];
                double wb = w[1];
                for (int j = 0; j < dh; j++) {
                    cols[at + j] = wa * a[oa + j] + wb * b[ob + j];
                }
            }
            default -> {
                double[] a = src[0];
                double[] b = src[1];
                double[] c = src[2];
                int oa = off[0] + shift;
                int ob = off[1] + shift;
                int oc = off[2] + shift;
                double wa = w[0];
                double wb = w[1];
                double wc = w[2];
                for (int j = 0; j < dh; j++) {
                    cols[at + j] = wa * a[oa + j] + wb * b[ob + j] + wc * c[oc + j];
                }
            }
        }
    }

    private static void run(SlabView view, int slab, double[] out, int outOffset, boolean metric) {
        Grid g = view.grid();
        int dz = g.dimension();
        int dh = view.dimension();
        int cells = g.slabSize();
        if (view.floats()) {
            if (dz == 2 && !metric && g.size(1) >= 3 && 2 * planeFloat(view, slab, out, outOffset) <= cells) {
                return;
            }
            // the general loop below (other dimensions, the metric, a slab most of whose cells are
            // unresolved) reads the slabs it needs widened to double: the same values
            view = new WidenedView(view);
        }
        double[] cur = view.slab(slab);
        int curOff = view.offset(slab);
        int[] steps = new int[3];
        double[] weights = new double[3];

        // axis 0 runs across slabs: one rule for the whole slab
        int terms0 = stencil(slab, g.size(0), g.width(0), steps, weights);
        double[][] src0 = new double[3][];
        int[] off0 = new int[3];
        double[] w0 = weights.clone();
        for (int t = 0; t < terms0; t++) {
            src0[t] = view.slab(slab + steps[t]);
            off0[t] = view.offset(slab + steps[t]);
        }
        // axes 1..D-1 lie within the slab
        double[][] srcK = {cur, cur, cur};
        int[] offK = new int[3];
        int[] size = g.shape();
        double[] width = new double[dz];
        int[] stride = new int[dz];
        for (int k = 1; k < dz; k++) {
            stride[k] = g.stride(k);
            width[k] = g.width(k);
        }

        double[] cols = new double[dz * dh];
        double[][] need = new double[dz][cells];
        int unresolved = 0;
        double r2 = (double) RESOLVE_ULPS * RESOLVE_ULPS;
        double[] gram = new double[dz * dz];
        DMatrixRMaj gm = dz > 2 ? new DMatrixRMaj(dz, dz) : null;
        int[] index = new int[dz];
        if (dz == 2 && !metric && size[1] >= 3
                && 2 * plane(cur, curOff, terms0, src0, off0, w0, cells, dh, g.width(0), width[1], out, outOffset) <= cells) {
            return;
        }
        // (a slab most of whose cells are unresolved goes through the general loop, which names the width)
        for (int c = 0; c < cells; c++) {
            int rem = c;
            for (int k = dz - 1; k >= 1; k--) {
                index[k] = rem % size[k];
                rem /= size[k];
            }
            column(cols, 0, dh, terms0, src0, off0, c * dh, w0);
            for (int k = 1; k < dz; k++) {
                int terms = stencil(index[k], size[k], width[k], steps, weights);
                for (int t = 0; t < terms; t++) {
                    offK[t] = curOff + (c + steps[t] * stride[k]) * dh;
                }
                column(cols, k * dh, dh, terms, srcK, offK, 0, weights);
            }
            for (int k = 0; k < dz; k++) {
                for (int l = k; l < dz; l++) {
                    double s = 0;
                    int ok = k * dh;
                    int ol = l * dh;
                    for (int j = 0; j < dh; j++) {
                        s += cols[ok + j] * cols[ol + j];
                    }
                    gram[k * dz + l] = s;
                    gram[l * dz + k] = s;
                }
            }
            double noise2 = roundingScale2(cur, curOff + c * dh, dh);
            boolean bad = false;
            for (int k = 0; k < dz; k++) {
                if (size[k] > 1) {
                    double w = k == 0 ? g.width(0) : width[k];
                    double d2 = gram[k * dz + k] * w * w;
                    bad |= d2 <= r2 * noise2;
                    need[k][c] = d2 > 0 ? w * RESOLVE_ULPS * Math.sqrt(noise2 / d2) : Double.POSITIVE_INFINITY;
                }
            }
            if (bad) {
                unresolved++;
            }
            if (metric) {
                System.arraycopy(gram, 0, out, outOffset + c * dz * dz, dz * dz);
            } else {
                double det;
                if (dz == 1) {
                    det = gram[0];
                } else if (dz == 2) {
                    det = gram[0] * gram[3] - gram[1] * gram[2];
                } else {
                    System.arraycopy(gram, 0, gm.data, 0, dz * dz);
                    det = CommonOps_DDRM.det(gm);
                }
                out[outOffset + c] = det > 0 ? Math.sqrt(det) : (Double.isNaN(det) ? Double.NaN : 0.0);
            }
        }
        if (2 * unresolved > cells) {
            throw unresolved(g, need, unresolved, cells, float32(cur, curOff, cells * dh));
        }
    }

    /** {@link #plane} over a view of float32 slabs. */
    private static int planeFloat(SlabView view, int slab, double[] out, int outOffset) {
        Grid g = view.grid();
        int[] steps = new int[3];
        double[] weights = new double[3];
        int terms0 = stencil(slab, g.size(0), g.width(0), steps, weights);
        float[][] src0 = new float[3][];
        int[] off0 = new int[3];
        for (int t = 0; t < terms0; t++) {
            src0[t] = view.floatSlab(slab + steps[t]);
            off0[t] = view.offset(slab + steps[t]);
        }
        return planeFloat(view.floatSlab(slab), view.offset(slab), terms0, src0, off0, weights, g.slabSize(),
                view.dimension(), g.width(0), g.width(1), out, outOffset);
    }

    /**
     * A view of float32 slabs as double slabs: each slab asked for is widened into an array of its
     * own (the values unchanged), for the general loop, which is not the hot path.
     */
    private static final class WidenedView implements SlabView {
        private final SlabView floats;
        private final java.util.Map<Integer, double[]> widened = new java.util.HashMap<>();

        WidenedView(SlabView floats) {
            this.floats = floats;
        }

        @Override
        public Grid grid() {
            return floats.grid();
        }

        @Override
        public int dimension() {
            return floats.dimension();
        }

        @Override
        public double[] slab(int slab) {
            float[] f = floats.floatSlab(slab);
            if (f == null) {
                return null;
            }
            return widened.computeIfAbsent(slab, s -> {
                int n = floats.grid().slabSize() * floats.dimension();
                int at = floats.offset(s);
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = f[at + i];
                }
                return d;
            });
        }

        @Override
        public int offset(int slab) {
            return 0;
        }
    }

    /** {@link #roundingScale2(double[], int, int)} of float32 values: float32's units in the last place. */
    static double roundingScale2(float[] h, int at, int dh) {
        double s = 0;
        for (int j = 0; j < dh; j++) {
            double u = Math.ulp(h[at + j]);
            s += u * u;
        }
        return s;
    }

    /**
     * The squared rounding scale of one cell's outputs: the sum of their squared units in the last
     * place, of float32 when every value is a float32 value, else of double.
     */
    static double roundingScale2(double[] h, int at, int dh) {
        boolean single = float32(h, at, dh);
        double s = 0;
        for (int j = 0; j < dh; j++) {
            double v = h[at + j];
            double u = single ? Math.ulp((float) v) : Math.ulp(v);
            s += u * u;
        }
        return s;
    }

    /** True when every value in the range is a float32 value (widened without change). */
    private static boolean float32(double[] h, int at, int n) {
        for (int j = 0; j < n; j++) {
            double v = h[at + j];
            if ((double) (float) v != v && !Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    private static org.latentcartography.core.CartographyException unresolved(Grid g, double[][] need, int unresolved,
                                                                             int cells, boolean single) {
        int axis = -1;
        double worst = 0;
        for (int k = 0; k < g.dimension(); k++) {
            if (g.size(k) < 2) {
                continue;
            }
            double[] sorted = need[k].clone();
            java.util.Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            if (axis < 0 || median / g.width(k) > worst / g.width(axis)) {
                axis = k;
                worst = median;
            }
        }
        String wide = Double.isInfinite(worst) ? "the outputs do not change between neighbouring cells at all on axis "
                + axis + " (cells " + String.format(java.util.Locale.ROOT, "%.3g", g.width(axis)) + " wide); use a wider range"
                : String.format(java.util.Locale.ROOT, "on axis %d cells must be at least %.3g wide to resolve them, but they are "
                        + "%.3g wide; use fewer cells or a wider range on that axis", axis, worst, g.width(axis));
        return new org.latentcartography.core.CartographyException(String.format(java.util.Locale.ROOT,
                "the outputs of neighbouring cells differ by at most %d units in the last place of their type (%s) in %d of "
                        + "%d cells: the differences are rounding noise, not a measure; %s", RESOLVE_ULPS,
                single ? "float32" : "double", unresolved, cells, wide));
    }

    /**
     * The measure of a slab of a 2-D grid of at least 3 cells along axis 1, in one pass per cell: the
     * two difference columns and the three sums of J₀·J₀, J₀·J₁ and J₁·J₁ together, each sum taken in
     * the order of the general loop above (j = 0, 1, …), so the values are the same bit for bit. The
     * three sums are independent chains of additions that the processor runs side by side, instead of
     * one after the other over columns written to memory first; the cells inside the slab (central
     * differences on both axes) go two at a time, so that eight chains run side by side, each cell's
     * still in its own order. This matters because it runs beside the model on the same cores.
     *
     * <p>The work is split into small methods (the two border cells, one or two inner cells), each
     * with one hot loop: the just-in-time compiler compiles them quickly, and no rarely taken branch
     * (a border cell) inside a hot loop makes it throw away and redo its compiled code.
     */
    private static int plane(double[] cur, int curOff, int terms0, double[][] src0, int[] off0, double[] w0,
                             int cells, int dh, double width0, double width1, double[] out, int outOffset) {
        PlaneSlab p = new PlaneSlab(cur, curOff, terms0, src0, off0, w0, dh, width0, width1, out, outOffset);
        int unresolved = p.border(0, cells) + p.border(cells - 1, cells);
        int last = cells - 1;
        if (terms0 == 3) { // the first and the last slab: one-sided differences on axis 0
            for (int c = 1; c < last; c++) {
                unresolved += p.innerOneSided(c);
            }
            return unresolved;
        }
        if (terms0 != 2) {
            for (int c = 1; c < last; c++) {
                unresolved += p.border(c, cells);
            }
            return unresolved;
        }
        int c = 1;
        for (; c + 1 < last; c += 2) {
            unresolved += p.innerPair(c);
        }
        if (c < last) {
            unresolved += p.inner(c);
        }
        return unresolved;
    }

    /** One slab of {@link #plane}: its inputs, and the sums of its cells by kind of cell. */
    private static final class PlaneSlab {
        private static final double R2 = (double) RESOLVE_ULPS * RESOLVE_ULPS;
        private final double[] cur;
        private final int curOff;
        private final int terms0;
        private final double[] a0;
        private final double[] b0;
        private final double[] c0;
        private final int oa;
        private final int ob;
        private final int oc;
        private final double wa;
        private final double wb;
        private final double wc;
        private final int dh;
        private final double half;
        private final double w00;
        private final double w11;
        private final double[] out;
        private final int outOffset;

        PlaneSlab(double[] cur, int curOff, int terms0, double[][] src0, int[] off0, double[] w0, int dh,
                  double width0, double width1, double[] out, int outOffset) {
            this.cur = cur;
            this.curOff = curOff;
            this.terms0 = terms0;
            this.a0 = terms0 > 0 ? src0[0] : null;
            this.b0 = terms0 > 1 ? src0[1] : null;
            this.c0 = terms0 > 2 ? src0[2] : null;
            this.oa = off0[0];
            this.ob = off0[1];
            this.oc = off0[2];
            this.wa = w0[0];
            this.wb = w0[1];
            this.wc = w0[2];
            this.dh = dh;
            this.half = 0.5 / width1;
            this.w00 = width0 * width0;
            this.w11 = width1 * width1;
            this.out = out;
            this.outOffset = outOffset;
        }

        /**
         * Any cell c of n (axis 1: the rule of stencil(c, n, width1, ...); axis 0: terms0 terms); used
         * for the two border cells of each slab (and every cell of a grid one cell deep on axis 0).
         */
        int border(int c, int n1) {
            int s0;
            int s1;
            int s2 = 0;
            double v0;
            double v1;
            double v2 = 0;
            int terms1;
            if (c == 0) {
                s0 = 0;
                s1 = 1;
                s2 = 2;
                v0 = -3 * half;
                v1 = 4 * half;
                v2 = -half;
                terms1 = 3;
            } else if (c == n1 - 1) {
                s0 = 0;
                s1 = -1;
                s2 = -2;
                v0 = 3 * half;
                v1 = -4 * half;
                v2 = half;
                terms1 = 3;
            } else {
                s0 = -1;
                s1 = 1;
                v0 = -half;
                v1 = half;
                terms1 = 2;
            }
            int p0 = curOff + (c + s0) * dh;
            int p1 = curOff + (c + s1) * dh;
            int p2 = curOff + (c + s2) * dh;
            int shift = c * dh;
            int pc = curOff + shift;
            double g00 = 0;
            double g01 = 0;
            double g11 = 0;
            double hh = 0;
            for (int j = 0; j < dh; j++) {
                double x = switch (terms0) {
                    case 0 -> 0.0;
                    case 2 -> wa * a0[oa + shift + j] + wb * b0[ob + shift + j];
                    default -> wa * a0[oa + shift + j] + wb * b0[ob + shift + j] + wc * c0[oc + shift + j];
                };
                double y = terms1 == 2 ? v0 * cur[p0 + j] + v1 * cur[p1 + j]
                        : v0 * cur[p0 + j] + v1 * cur[p1 + j] + v2 * cur[p2 + j];
                double h = cur[pc + j];
                g00 += x * x;
                g01 += x * y;
                g11 += y * y;
                hh += h * h;
            }
            return finish(c, g00, g01, g11, hh);
        }

        /** Inner cell c (central differences on both axes; terms0 == 2). */
        int inner(int c) {
            double v0 = -half;
            double v1 = half;
            int shift = c * dh;
            int pa = oa + shift;
            int pb = ob + shift;
            int pc = curOff + shift;
            double g00 = 0;
            double g01 = 0;
            double g11 = 0;
            double hh = 0;
            for (int j = 0; j < dh; j++) {
                double x = wa * a0[pa + j] + wb * b0[pb + j];
                double y = v0 * cur[pc - dh + j] + v1 * cur[pc + dh + j];
                double h = cur[pc + j];
                g00 += x * x;
                g01 += x * y;
                g11 += y * y;
                hh += h * h;
            }
            return finish(c, g00, g01, g11, hh);
        }

        /** Cell c of a first or last slab, not at a border on axis 1 (terms0 == 3). */
        int innerOneSided(int c) {
            double v0 = -half;
            double v1 = half;
            int shift = c * dh;
            int pa = oa + shift;
            int pb = ob + shift;
            int pq = oc + shift;
            int pc = curOff + shift;
            double g00 = 0;
            double g01 = 0;
            double g11 = 0;
            double hh = 0;
            for (int j = 0; j < dh; j++) {
                double x = wa * a0[pa + j] + wb * b0[pb + j] + wc * c0[pq + j];
                double y = v0 * cur[pc - dh + j] + v1 * cur[pc + dh + j];
                double h = cur[pc + j];
                g00 += x * x;
                g01 += x * y;
                g11 += y * y;
                hh += h * h;
            }
            return finish(c, g00, g01, g11, hh);
        }

        /** Inner cells c and c + 1 together: the same sums as {@link #inner} for each, side by side. */
        int innerPair(int c) {
            double[] a = a0;
            double[] b = b0;
            double[] h = cur;
            double ka = wa;
            double kb = wb;
            double v0 = -half;
            double v1 = half;
            int shift = c * dh;
            int pa = oa + shift;
            int pb = ob + shift;
            int pc = curOff + shift;
            int d = dh;
            double g00 = 0;
            double g01 = 0;
            double g11 = 0;
            double hh = 0;
            double e00 = 0;
            double e01 = 0;
            double e11 = 0;
            double ee = 0;
            for (int j = 0; j < d; j++) {
                double left = h[pc - d + j];
                double mid = h[pc + j];
                double right = h[pc + d + j];
                double far = h[pc + 2 * d + j];
                double x = ka * a[pa + j] + kb * b[pb + j];
                double y = v0 * left + v1 * right;
                g00 += x * x;
                g01 += x * y;
                g11 += y * y;
                hh += mid * mid;
                double x2 = ka * a[pa + d + j] + kb * b[pb + d + j];
                double y2 = v0 * mid + v1 * far;
                e00 += x2 * x2;
                e01 += x2 * y2;
                e11 += y2 * y2;
                ee += right * right;
            }
            return finish(c, g00, g01, g11, hh) + finish(c + 1, e00, e01, e11, ee);
        }

        /**
         * Writes cell c's measure and says whether its differences are unresolved (1) or not (0).
         * Resolution, as in the general loop: |h| 2^-23 bounds a value's ulp (float32, and so double
         * too) but for the smallest numbers, so this bound is at least the cell's rounding scale; only
         * cells it does not clear are checked exactly.
         */
        private int finish(int c, double g00, double g01, double g11, double hh) {
            double det = g00 * g11 - g01 * g01;
            out[outOffset + c] = det > 0 ? Math.sqrt(det) : (Double.isNaN(det) ? Double.NaN : 0.0);
            double bound = 0x1p-46 * hh + dh * 0x1p-296;
            double d0 = terms0 > 0 ? g00 * w00 : Double.POSITIVE_INFINITY;
            double d1 = g11 * w11;
            if (!(d0 > R2 * bound && d1 > R2 * bound)) {
                double noise2 = roundingScale2(cur, curOff + c * dh, dh);
                if (d0 <= R2 * noise2 || d1 <= R2 * noise2) {
                    return 1;
                }
            }
            return 0;
        }
    }

    /** {@link #plane} over float32 slabs ({@link FloatPlaneSlab}). */
    private static int planeFloat(float[] cur, int curOff, int terms0, float[][] src0, int[] off0, double[] w0,
                             int cells, int dh, double width0, double width1, double[] out, int outOffset) {
        FloatPlaneSlab p = new FloatPlaneSlab(cur, curOff, terms0, src0, off0, w0, dh, width0, width1, out, outOffset);
        int unresolved = p.border(0, cells) + p.border(cells - 1, cells);
        int last = cells - 1;
        if (terms0 == 3) { // the first and the last slab: one-sided differences on axis 0
            for (int c = 1; c < last; c++) {
                unresolved += p.innerOneSided(c);
            }
            return unresolved;
        }
        if (terms0 != 2) {
            for (int c = 1; c < last; c++) {
                unresolved += p.border(c, cells);
            }
            return unresolved;
        }
        int c = 1;
        for (; c + 1 < last; c += 2) {
            unresolved += p.innerPair(c);
        }
        if (c < last) {
            unresolved += p.inner(c);
        }
        return unresolved;
    }

    /**
     * {@link PlaneSlab} over float32 slabs: the same sums, each value widened to double as it is read
     * (exactly), in the same order, so the values are the same bit for bit.
     */
    private static final class FloatPlaneSlab {
        private static final double R2 = (double) RESOLVE_ULPS * RESOLVE_ULPS;
        private final float[] cur;
        private final int curOff;
        private final int terms0;
        private final float[] a0;
        private final float[] b0;
        private final float[] c0;
        private final int oa;
        private final int ob;
        private final int oc;
        private final double wa;
        private final double wb;
        private final double wc;
        private final int dh;
        private final double half;
        private final double w00;
        private final double w11;
        private final double[] out;
        private final int outOffset;

        FloatPlaneSlab(float[] cur, int curOff, int terms0, float[][] src0, int[] off0, double[] w0, int dh,
                  double width0, double width1, double[] out, int outOffset) {
            this.cur = cur;
            this.curOff = curOff;
            this.terms0 = terms0;
            this.a0 = terms0 > 0 ? src0[0] : null;
            this.b0 = terms0 > 1 ? src0[1] : null;
            this.c0 = terms0 > 2 ? src0[2] : null;
            this.oa = off0[0];
            this.ob = off0[1];
            this.oc = off0[2];
            this.wa = w0[0];
            this.wb = w0[1];
            this.wc = w0[2];
            this.dh = dh;
            this.half = 0.5 / width1;
            this.w00 = width0 * width0;
            this.w11 = width1 * width1;
            this.out = out;
            this.outOffset = outOffset;
        }

        /**
         * Any cell c of n (axis 1: the rule of stencil(c, n, width1, ...); axis 0: terms0 terms); used
         * for the two border cells of each slab (and every cell of a grid one cell deep on axis 0).
         */
        int border(int c, int n1) {
            int s0;
            int s1;
            int s2 = 0;
            double v0;
            double v1;
            double v2 = 0;
            int terms1;
            if (c == 0) {
                s0 = 0;
                s1 = 1;
                s2 = 2;
                v0 = -3 * half;
                v1 = 4 * half;
                v2 = -half;
                terms1 = 3;
            } else if (c == n1 - 1) {
                s0 = 0;
                s1 = -1;
                s2 = -2;
                v0 = 3 * half;
                v1 = -4 * half;
                v2 = half;
                terms1 = 3;
            } else {
                s0 = -1;
                s1 = 1;
                v0 = -half;
                v1 = half;
                terms1 = 2;
            }
            int p0 = curOff + (c + s0) * dh;
            int p1 = curOff + (c + s1) * dh;
            int p2 = curOff + (c + s2) * dh;
            int shift = c * dh;
            int pc = curOff + shift;
            double g00 = 0;
            double g01 = 0;
            double g11 = 0;
            double hh = 0;
            for (int j = 0; j < dh; j++) {
                double x = switch (terms0) {
                    case 0 -> 0.0;
                    case 2 -> wa * a0[oa + shift + j] + wb * b0[ob + shift + j];
                    default -> wa * a0[oa + shift + j] + wb * b0[ob + shift + j] + wc * c0[oc + shift + j];
                };
                double y = terms1 == 2 ? v0 * cur[p0 + j] + v1 * cur[p1 + j]
                        : v0 * cur[p0 + j] + v1 * cur[p1 + j] + v2 * cur[p2 + j];
                double h = cur[pc + j];
                g00 += x * x;
                g01 += x * y;
                g11 += y * y;
                hh += h * h;
            }
            return finish(c, g00, g01, g11, hh);
        }

        /** Inner cell c (central differences on both axes; terms0 == 2). */
        int inner(int c) {
            double v0 = -half;
            double v1 = half;
            int shift = c * dh;
            int pa = oa + shift;
            int pb = ob + shift;
            int pc = curOff + shift;
            double g00 = 0;
            double g01 = 0;
            double g11 = 0;
            double hh = 0;
            for (int j = 0; j < dh; j++) {
                double x = wa * a0[pa + j] + wb * b0[pb + j];
                double y = v0 * cur[pc - dh + j] + v1 * cur[pc + dh + j];
                double h = cur[pc + j];
                g00 += x * x;
                g01 += x * y;
                g11 += y * y;
                hh += h * h;
            }
            return finish(c, g00, g01, g11, hh);
        }

        /** Cell c of a first or last slab, not at a border on axis 1 (terms0 == 3). */
        int innerOneSided(int c) {
            double v0 = -half;
            double v1 = half;
            int shift = c * dh;
            int pa = oa + shift;
            int pb = ob + shift;
            int pq = oc + shift;
            int pc = curOff + shift;
            double g00 = 0;
            double g01 = 0;
            double g11 = 0;
            double hh = 0;
            for (int j = 0; j < dh; j++) {
                double x = wa * a0[pa + j] + wb * b0[pb + j] + wc * c0[pq + j];
                double y = v0 * cur[pc - dh + j] + v1 * cur[pc + dh + j];
                double h = cur[pc + j];
                g00 += x * x;
                g01 += x * y;
                g11 += y * y;
                hh += h * h;
            }
            return finish(c, g00, g01, g11, hh);
        }

        /** Inner cells c and c + 1 together: the same sums as {@link #inner} for each, side by side. */
        int innerPair(int c) {
            float[] a = a0;
            float[] b = b0;
            float[] h = cur;
            double ka = wa;
            double kb = wb;
            double v0 = -half;
            double v1 = half;
            int shift = c * dh;
            int pa = oa + shift;
            int pb = ob + shift;
            int pc = curOff + shift;
            int d = dh;
            double g00 = 0;
            double g01 = 0;
            double g11 = 0;
            double hh = 0;
            double e00 = 0;
            double e01 = 0;
            double e11 = 0;
            double ee = 0;
            for (int j = 0; j < d; j++) {
                double left = h[pc - d + j];
                double mid = h[pc + j];
                double right = h[pc + d + j];
                double far = h[pc + 2 * d + j];
                double x = ka * a[pa + j] + kb * b[pb + j];
                double y = v0 * left + v1 * right;
                g00 += x * x;
                g01 += x * y;
                g11 += y * y;
                hh += mid * mid;
                double x2 = ka * a[pa + d + j] + kb * b[pb + d + j];
                double y2 = v0 * mid + v1 * far;
                e00 += x2 * x2;
                e01 += x2 * y2;
                e11 += y2 * y2;
                ee += right * right;
            }
            return finish(c, g00, g01, g11, hh) + finish(c + 1, e00, e01, e11, ee);
        }

        /**
         * Writes cell c's measure and says whether its differences are unresolved (1) or not (0).
         * Resolution, as in the general loop: |h| 2^-23 bounds a value's ulp (float32, and so double
         * too) but for the smallest numbers, so this bound is at least the cell's rounding scale; only
         * cells it does not clear are checked exactly.
         */
        private int finish(int c, double g00, double g01, double g11, double hh) {
            double det = g00 * g11 - g01 * g01;
            out[outOffset + c] = det > 0 ? Math.sqrt(det) : (Double.isNaN(det) ? Double.NaN : 0.0);
            double bound = 0x1p-46 * hh + dh * 0x1p-296;
            double d0 = terms0 > 0 ? g00 * w00 : Double.POSITIVE_INFINITY;
            double d1 = g11 * w11;
            if (!(d0 > R2 * bound && d1 > R2 * bound)) {
                double noise2 = roundingScale2(cur, curOff + c * dh, dh);
                if (d0 <= R2 * noise2 || d1 <= R2 * noise2) {
                    return 1;
                }
            }
            return 0;
        }
    }
}
