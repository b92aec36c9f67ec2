package org.latentcartography.core.grid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;

/**
 * Class labels of embeddings, as the toolkit's folders hold them: {@code labels.npy} (one integer
 * per embedding) and, optionally, {@code categories.json} beside it (a JSON list of class names,
 * index = label).
 *
 * <p>Stability: stable.
 */
public final class Labels {
    /** Largest label magnitude accepted (labels are small class indices). */
    public static final long MAX_LABEL = 1_000_000_000L;

    private Labels() {
    }

    /**
     * Reads labels: a rank-1 (or [n, 1]) NPY array of whole numbers of magnitude at most
     * {@link #MAX_LABEL}.
     *
     * @param file the file, never null
     * @param count the number of embeddings the labels must match, or -1 for any
     * @return one label per embedding
     * @throws CartographyException naming the file when the array is not such labels
     */
    public static int[] read(Path file, int count) {
        NpyArray a = Npy.read(file);
        if (a.rank() != 1 && !(a.rank() == 2 && a.shape()[1] == 1)) {
            throw new CartographyException(file + ": labels must be a 1-D array, got shape " + Arrays.toString(a.shape()));
        }
        double[] d = a.data();
        if (count >= 0 && d.length != count) {
            throw new CartographyException(file + ": " + d.length + " labels for " + count + " embeddings");
        }
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i])) {
                throw new CartographyException(file + ": label " + i + " is " + d[i] + ", not a whole number");
            }
            if (Math.abs(d[i]) > MAX_LABEL) {
                throw new CartographyException(file + ": label " + i + " is " + d[i] + ", outside the range of class "
                        + "labels (" + -MAX_LABEL + " to " + MAX_LABEL + ")");
            }
            out[i] = (int) d[i];
        }
        return out;
    }

    /**
     * @param labelsFile a labels.npy, never null
     * @return the class names from a {@code categories.json} beside it, or an empty list when there is none
     * @throws CartographyException when that file is not a JSON list
     */
    public static List<String> names(Path labelsFile) {
        Path file = labelsFile.toAbsolutePath().resolveSibling("categories.json");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        if (!(Json.read(file) instanceof List<?> list)) {
            throw new CartographyException(file + ": not a JSON list of class names");
        }
        return list.stream().map(String::valueOf).toList();
    }
}
