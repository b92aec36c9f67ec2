package org.latentcartography.measures.classifier;

import java.util.Arrays;
import org.latentcartography.core.CartographyException;

/**
 * Class labels mapped to indices: the distinct label ids, in increasing order, become classes
 * 0..K-1. Ids may be any integers (negative, with gaps). Immutable.
 */
final class ClassLabels {
    private final int[] ids;
    private final int[] index;

    private ClassLabels(int[] ids, int[] index) {
        this.ids = ids;
        this.index = index;
    }

    /**
     * @param labels one label id per point, never null; not modified
     * @return the mapping
     * @throws CartographyException when the labels hold fewer than two classes
     */
    static ClassLabels of(int[] labels) {
        int[] ids = Arrays.stream(labels).distinct().sorted().toArray();
        if (ids.length < 2) {
            throw new CartographyException("classifier: the labels hold "
                    + (ids.length == 0 ? "no class" : "only one class (" + ids[0] + ")")
                    + "; a classifier needs at least two");
        }
        int[] index = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            index[i] = Arrays.binarySearch(ids, labels[i]);
        }
        return new ClassLabels(ids, index);
    }

    /** @return K, the number of classes, at least 2 */
    int classCount() {
        return ids.length;
    }

    /** @return the label id of class {@code c} */
    int id(int c) {
        return ids[c];
    }

    /** @return the label ids in class order (a copy) */
    int[] ids() {
        return ids.clone();
    }

    /** @return the class index of point {@code i} */
    int classOf(int i) {
        return index[i];
    }

    /** @return the class index of every point (a copy) */
    int[] indices() {
        return index.clone();
    }

    /** @return the class index of label id {@code id}, or -1 when no point has it */
    int indexOf(int id) {
        int c = Arrays.binarySearch(ids, id);
        return c < 0 ? -1 : c;
    }

    /** @return the number of points */
    int size() {
        return index.length;
    }
}
