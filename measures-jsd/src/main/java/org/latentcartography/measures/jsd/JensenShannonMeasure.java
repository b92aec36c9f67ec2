package org.latentcartography.measures.jsd;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.SlabView;

/**
 * The Jensen–Shannon measure of paper Eq. 2 (mean JS distance to the face neighbours), equal to
 * {@code MeanDissimilarityMeasure} over {@link Divergences#jensenShannon} up to rounding, but
 * cheaper over wide distributions: each cell's normalisation and negative entropy Σ p log p are
 * computed once, and with them a pair needs one logarithm per word instead of two (JSD = ½[Σ p
 * log p + Σ q log q − Σ s log s] with s = (p+q)/2), and each pair is computed once for both its
 * cells. A slab's terms and the distances between two adjacent slabs are needed by the calls for
 * up to three slabs, which may run on different threads: they are kept per view, computed by the
 * first call that needs them (the same numbers whichever call it is: a pair's distance is exactly
 * symmetric) and dropped after the last, so a run keeps a few slabs' worth of them. Nothing is
 * allocated per pair.
 */
final class JensenShannonMeasure implements Measure {
    private static final double LN2 = Math.log(2);

    /** Per-call scratch: per-cell sums and counts. */
    private static final class Scratch {
        double[] sum = new double[0];
        int[] n = new int[0];

        void ensure(int cells) {
            if (sum.length < cells) {
                sum = new double[cells];
                n = new int[cells];
            }
        }
    }

    /**
     * Per-slab values shared between calls: a slab's scales (1 / sum) and negative entropies, or
     * the distances between slab s and s + 1 per cell; dropped after {@code uses} calls.
     */
    private static final class Entry {
        final double[] a;
        final double[] b;
        final AtomicInteger uses;

        Entry(double[] a, double[] b, int uses) {
            this.a = a;
            this.b = b;
            this.uses = new AtomicInteger(uses);
        }
    }

    /** What the calls over one view share: slab terms and the distances between adjacent slabs. */
    private static final class Shared {
        final ConcurrentHashMap<Integer, Entry> terms = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Integer, Entry> cross = new ConcurrentHashMap<>();
    }

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    /** Per view (held weakly: a view's values live as long as the view). */
    private final Map<SlabView, Shared> shared = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public void compute(SlabView view, int slab, double[] out, int outOffset) {
        Grid g = view.grid();
        int d = view.dimension();
        int dims = g.dimension();
        int cells = g.slabSize();
        int slabs = g.slabCount();
        Scratch sc = scratch.get();
        sc.ensure(cells);
        Shared sh = shared.computeIfAbsent(view, v -> new Shared());
        double[] cur = view.slab(slab);
        int curOff = view.offset(slab);
        double[] prev = view.slab(slab - 1);
        double[] next = view.slab(slab + 1);
        int prevOff = prev == null ? 0 : view.offset(slab - 1);
        int nextOff = next == null ? 0 : view.offset(slab + 1);
        Entry tc = terms(sh, slab, slabs, cur, curOff, cells, d);
        Entry tp = prev == null ? null : terms(sh, slab - 1, slabs, prev, prevOff, cells, d);
        Entry tn = next == null ? null : terms(sh, slab + 1, slabs, next, nextOff, cells, d);
        Entry dp = prev == null ? null : cross(sh, slab - 1, prev, prevOff, tp, cur, curOff, tc, cells, d);
        Entry dn = next == null ? null : cross(sh, slab, cur, curOff, tc, next, nextOff, tn, cells, d);
        java.util.Arrays.fill(sc.sum, 0, cells, 0.0);
        java.util.Arrays.fill(sc.n, 0, cells, 0);
        for (int c = 0; c < cells; c++) {
            if (dp != null) {
                sc.sum[c] += dp.a[c];
                sc.n[c]++;
            }
            if (dn != null) {
                sc.sum[c] += dn.a[c];
                sc.n[c]++;
            }
        }
        // pairs inside the slab (axes 1..D-1): each once, credited to both cells
        double[] scale = tc.a;
        double[] negEntropy = tc.b;
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
                    double v = distance(cur, curOff + c * d, scale[c], negEntropy[c],
                            cur, curOff + e * d, scale[e], negEntropy[e], d);
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
        release(sh.terms, slab, tc);
        release(sh.terms, slab - 1, tp);
        release(sh.terms, slab + 1, tn);
        release(sh.cross, slab - 1, dp);
        release(sh.cross, slab, dn);
    }

    /** The terms of a slab, computed by the first of the (up to three) calls that need them. */
    private static Entry terms(Shared sh, int slab, int slabs, double[] h, int off, int cells, int d) {
        Entry e = sh.terms.get(slab);
        if (e != null) {
            return e;
        }
        double[] scale = new double[cells];
        double[] negEntropy = new double[cells];
        sums(h, off, cells, d, scale); // the sums, until each cell's scale replaces its sum
        for (int c = 0; c < cells; c++) {
            int o = off + c * d;
            double s = 1 / scale[c];
            double en = 0;
            for (int i = 0; i < d; i++) {
                double q = h[o + i] * s;
                if (q > 0) {
                    en += q * Math.log(q);
                }
            }
            scale[c] = s;
            negEntropy[c] = en;
        }
        int uses = (slab > 0 ? 1 : 0) + 1 + (slab + 1 < slabs ? 1 : 0);
        Entry made = new Entry(scale, negEntropy, uses);
        Entry raced = sh.terms.putIfAbsent(slab, made);
        return raced != null ? raced : made;
    }

    /**
     * Each cell's sum, as {@link Divergences#sum} gives it (same order of additions, same checks
     * and messages), two cells side by side: two chains of dependent additions overlap.
     */
    private static void sums(double[] h, int off, int cells, int d, double[] sum) {
        int c = 0;
        for (; c + 1 < cells; c += 2) {
            int o = off + c * d;
            int o2 = o + d;
            double s = 0;
            double s2 = 0;
            boolean ok = true;
            for (int i = 0; i < d; i++) {
                double x = h[o + i];
                double y = h[o2 + i];
                ok &= x >= 0 & y >= 0;
                s += x;
                s2 += y;
            }
            if (!ok || !(s > 0) || !(s2 > 0) || Double.isInfinite(s) || Double.isInfinite(s2)) {
                s = Divergences.sum(h, o, d); // throws the first cell's error, as one cell at a time would
                s2 = Divergences.sum(h, o2, d);
            }
            sum[c] = s;
            sum[c + 1] = s2;
        }
        if (c < cells) {
            sum[c] = Divergences.sum(h, off + c * d, d);
        }
    }

    /** The distances between slab s and s + 1, cell by cell, computed by the first of the two calls that need them. */
    private static Entry cross(Shared sh, int slab, double[] a, int ao, Entry ta, double[] b, int bo, Entry tb, int cells, int d) {
        Entry e = sh.cross.get(slab);
        if (e != null) {
            return e;
        }
        double[] dist = new double[cells];
        for (int c = 0; c < cells; c++) {
            dist[c] = distance(a, ao + c * d, ta.a[c], ta.b[c], b, bo + c * d, tb.a[c], tb.b[c], d);
        }
        Entry made = new Entry(dist, null, 2);
        Entry raced = sh.cross.putIfAbsent(slab, made);
        return raced != null ? raced : made;
    }

    private static void release(ConcurrentHashMap<Integer, Entry> map, int key, Entry e) {
        if (e != null && e.uses.decrementAndGet() <= 0) {
            map.remove(key, e);
        }
    }

    private static double distance(double[] a, int ao, double sa, double ea, double[] b, int bo, double sb, double eb, int d) {
        double m = 0;
        for (int i = 0; i < d; i++) {
            double half = 0.5 * (a[ao + i] * sa + b[bo + i] * sb);
            if (half > 0) {
                m += half * Math.log(half);
            }
        }
        // ½ KL(p‖m) + ½ KL(q‖m) = ½ Σ p log p + ½ Σ q log q − Σ m log m, in nats
        double js = (0.5 * (ea + eb) - m) / LN2;
        return js > 0 ? Math.sqrt(Math.min(1.0, js)) : 0.0;
    }
}
