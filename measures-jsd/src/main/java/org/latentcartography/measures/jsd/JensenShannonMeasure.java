package org.latentcartography.measures.jsd;

import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.SlabView;

/**
 * The Jensen–Shannon measure of paper Eq. 2 (mean JS distance to the face neighbours), equal to
 * {@code MeanDissimilarityMeasure} over {@link Divergences#jensenShannon} up to rounding, but
 * cheaper over wide distributions: each cell's normalisation and negative entropy Σ p log p are
 * computed once per slab window instead of once per pair, and with them a pair needs one
 * logarithm per word instead of two (JSD = ½[Σ p log p + Σ q log q − Σ s log s] with s = (p+q)/2),
 * and each pair inside a slab is computed once for both its cells. Nothing is allocated per pair.
 */
final class JensenShannonMeasure implements Measure {
    private static final double LN2 = Math.log(2);

    /** Per-call scratch: scales and negative entropies of three slabs, and per-cell sums. */
    private static final class Scratch {
        double[] scale = new double[0];
        double[] negEntropy = new double[0];
        double[] sum = new double[0];
        int[] n = new int[0];

        void ensure(int cells) {
            if (sum.length < cells) {
                scale = new double[3 * cells];
                negEntropy = new double[3 * cells];
                sum = new double[cells];
                n = new int[cells];
            }
        }
    }

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    @Override
    public void compute(SlabView view, int slab, double[] out, int outOffset) {
        Grid g = view.grid();
        int d = view.dimension();
        int dims = g.dimension();
        int cells = g.slabSize();
        Scratch sc = scratch.get();
        sc.ensure(cells);
        double[] cur = view.slab(slab);
        int curOff = view.offset(slab);
        double[] prev = view.slab(slab - 1);
        double[] next = view.slab(slab + 1);
        int prevOff = prev == null ? 0 : view.offset(slab - 1);
        int nextOff = next == null ? 0 : view.offset(slab + 1);
        terms(cur, curOff, cells, d, sc, cells);
        if (prev != null) {
            terms(prev, prevOff, cells, d, sc, 0);
        }
        if (next != null) {
            terms(next, nextOff, cells, d, sc, 2 * cells);
        }
        java.util.Arrays.fill(sc.sum, 0, cells, 0.0);
        java.util.Arrays.fill(sc.n, 0, cells, 0);
        for (int c = 0; c < cells; c++) {
            int a = curOff + c * d;
            if (prev != null) {
                sc.sum[c] += distance(cur, a, cells + c, prev, prevOff + c * d, c, d, sc);
                sc.n[c]++;
            }
            if (next != null) {
                sc.sum[c] += distance(cur, a, cells + c, next, nextOff + c * d, 2 * cells + c, d, sc);
                sc.n[c]++;
            }
        }
        // pairs inside the slab (axes 1..D-1): each once, credited to both cells
        int[] index = new int[dims];
        for (int c = 0; c < cells; c++) {
            int rem = c;
            for (int k = dims - 1; k >= 1; k--) {
                index[k] = rem % g.size(k);
                rem /= g.size(k);
            }
            int stride = 1;
            for (int k = dims - 1; k >= 1; k--) {
                if (index[k] + 1 < g.size(k)) {
                    int e = c + stride;
                    double v = distance(cur, curOff + c * d, cells + c, cur, curOff + e * d, cells + e, d, sc);
                    sc.sum[c] += v;
                    sc.n[c]++;
                    sc.sum[e] += v;
                    sc.n[e]++;
                }
                stride *= g.size(k);
            }
        }
        for (int c = 0; c < cells; c++) {
            out[outOffset + c] = sc.n[c] == 0 ? 0 : sc.sum[c] / sc.n[c];
        }
    }

    /** Scale (1 / sum) and Σ q log q of the normalised q, per cell, into scratch from {@code at}. */
    private static void terms(double[] h, int off, int cells, int d, Scratch sc, int at) {
        for (int c = 0; c < cells; c++) {
            int o = off + c * d;
            double scale = 1 / Divergences.sum(h, o, d);
            double e = 0;
            for (int i = 0; i < d; i++) {
                double q = h[o + i] * scale;
                if (q > 0) {
                    e += q * Math.log(q);
                }
            }
            sc.scale[at + c] = scale;
            sc.negEntropy[at + c] = e;
        }
    }

    private static double distance(double[] a, int ao, int at, double[] b, int bo, int bt, int d, Scratch sc) {
        double sa = sc.scale[at];
        double sb = sc.scale[bt];
        double m = 0;
        for (int i = 0; i < d; i++) {
            double half = 0.5 * (a[ao + i] * sa + b[bo + i] * sb);
            if (half > 0) {
                m += half * Math.log(half);
            }
        }
        // ½ KL(p‖m) + ½ KL(q‖m) = ½ Σ p log p + ½ Σ q log q − Σ m log m, in nats
        double js = (0.5 * (sc.negEntropy[at] + sc.negEntropy[bt]) - m) / LN2;
        return js > 0 ? Math.sqrt(Math.min(1.0, js)) : 0.0;
    }
}
