package org.latentcartography.measures.classifier;

import java.util.Map;
import java.util.Objects;
import org.latentcartography.core.spi.LatentFunction;

/**
 * The meaning h = p(c | z) of a classifier (paper 2.2.3): the K class probabilities, or, with
 * highlighted classes (paper 4.1.3), the probabilities of those m classes followed by one bucket
 * holding the sum of all other classes' probabilities (m + 1 entries that sum to 1).
 * Thread-safe when its source is.
 */
final class ClassifierFunction implements LatentFunction {

    /** Where the class probabilities come from: a trained network or an ONNX model. */
    interface Source extends AutoCloseable {
        /** @return D_z, or -1 for any */
        int latentDimension();

        /** @return K */
        int classCount();

        /** @return a good number of points per call */
        int preferredBatchSize();

        /** Writes K probabilities per point, as {@link LatentFunction#apply}. */
        void probabilities(double[] z, int count, double[] out, int outOffset, long[] seeds);

        @Override
        void close();
    }

    private final Source source;
    private final int[] highlight;
    private final boolean[] highlighted;
    private final Map<String, Object> report;

    /**
     * @param source the class probabilities, owned (closed) by this function
     * @param highlight the class indices to keep (in this order), or null for all classes
     * @param report facts for {@link #report()}; copied
     */
    ClassifierFunction(Source source, int[] highlight, Map<String, Object> report) {
        this.source = Objects.requireNonNull(source);
        this.highlight = highlight == null ? null : highlight.clone();
        if (highlight != null) {
            highlighted = new boolean[source.classCount()];
            for (int c : highlight) {
                highlighted[c] = true;
            }
        } else {
            highlighted = null;
        }
        this.report = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(report));
    }

    @Override
    public int latentDimension() {
        return source.latentDimension();
    }

    @Override
    public int outputDimension() {
        return highlight == null ? source.classCount() : highlight.length + 1;
    }

    @Override
    public int preferredBatchSize() {
        return source.preferredBatchSize();
    }

    @Override
    public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
        if (highlight == null) {
            source.probabilities(z, count, out, outOffset, seeds);
            return;
        }
        int k = source.classCount();
        int m = highlight.length;
        double[] p = new double[count * k];
        source.probabilities(z, count, p, 0, seeds);
        for (int r = 0; r < count; r++) {
            int o = outOffset + r * (m + 1);
            for (int j = 0; j < m; j++) {
                out[o + j] = p[r * k + highlight[j]];
            }
            double others = 0;
            for (int c = 0; c < k; c++) {
                if (!highlighted[c]) {
                    others += p[r * k + c];
                }
            }
            out[o + m] = others;
        }
    }

    @Override
    public Map<String, Object> report() {
        return report;
    }

    @Override
    public void close() {
        source.close();
    }
}
