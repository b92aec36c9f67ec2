package org.latentcartography.core.eval;

import java.util.Objects;
import org.latentcartography.core.spi.Dissimilarity;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.SlabView;

/**
 * The heuristic measure of paper sec. 2.2.2 (Eq. 2) for any dissimilarity: the mean of
 * d_h(h_c, h_c') over the 2·D face neighbours c' of cell c, fewer at the border of the grid
 * (written with {@link FaceNeighbours}).
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
        FaceNeighbours.compute(view, slab, out, outOffset, this::mean);
    }

    private double mean(FaceNeighbours.Cell cell) {
        int n = cell.count();
        if (n == 0) {
            return 0;
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += dissimilarity.between(cell.values(), cell.offset(), cell.values(k), cell.offset(k), cell.dimension());
        }
        return sum / n;
    }
}
