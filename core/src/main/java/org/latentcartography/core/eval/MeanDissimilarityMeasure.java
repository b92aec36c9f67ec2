package org.latentcartography.core.eval;

import java.util.Objects;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.SlabView;

/**
 * The heuristic measure of paper sec. 2.2.2 (Eq. 2) for any dissimilarity: the mean of
 * d_h(h_c, h_c') over the 2·D face neighbours c' of cell c, fewer at the border of the grid.
 *
 * <p>Stability: stable. Thread-safe when the dissimilarity is.
 */
public final class MeanDissimilarityMeasure implements Measure {
    private final Dissimilarity dissimilarity;

    /** @param dissimilarity d_h, never null */
    public MeanDissimilarityMeasure(Dissimilarity dissimilarity) {
        this.dissimilarity = Objects.requireNonNull(dissimilarity, "dissimilarity");
    }

    @Override
    public void compute(SlabView view, int slab, double[] out, int outOffset) {
        Grid g = view.grid();
        int d = view.dimension();
        int dims = g.dimension();
        int cells = g.slabSize();
        double[] cur = view.slab(slab);
        int curOff = view.offset(slab);
        double[] prev = view.slab(slab - 1);
        double[] next = view.slab(slab + 1);
        int prevOff = prev == null ? 0 : view.offset(slab - 1);
        int nextOff = next == null ? 0 : view.offset(slab + 1);
        int[] index = new int[dims];
        for (int c = 0; c < cells; c++) {
            int a = curOff + c * d;
            double sum = 0;
            int n = 0;
            if (prev != null) {
                sum += dissimilarity.between(cur, a, prev, prevOff + c * d, d);
                n++;
            }
            if (next != null) {
                sum += dissimilarity.between(cur, a, next, nextOff + c * d, d);
                n++;
            }
            // neighbours along axes 1..D-1 lie in the same slab
            int rem = c;
            for (int k = dims - 1; k >= 1; k--) {
                index[k] = rem % g.size(k);
                rem /= g.size(k);
            }
            for (int k = 1; k < dims; k++) {
                int stride = 1;
                for (int j = k + 1; j < dims; j++) {
                    stride *= g.size(j);
                }
                if (index[k] > 0) {
                    sum += dissimilarity.between(cur, a, cur, a - stride * d, d);
                    n++;
                }
                if (index[k] + 1 < g.size(k)) {
                    sum += dissimilarity.between(cur, a, cur, a + stride * d, d);
                    n++;
                }
            }
            out[outOffset + c] = n == 0 ? 0 : sum / n;
        }
    }
}
