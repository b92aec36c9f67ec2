package org.latentcartography.core.map;

import java.util.Arrays;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;

/**
 * Prepares a measure on an {@code n1 x n2} grid (cell (i, j) at {@code i * n2 + j}) as the density of
 * a density-equalising map (paper sec. 3, 4.1.3, 4.2). All lengths are in cell widths. The
 * operations return new arrays and never modify their input.
 *
 * <p>{@link #prepare} applies, in this order: {@link #floor}, {@link #validate}, {@link #blur},
 * {@link #relax}.
 *
 * <p>Stability: stable. Stateless.
 */
public final class Densities {
    private Densities() {
    }

    /**
     * Checks that a measure can be a density: every value finite and non-negative, the total
     * positive, and no zero cell (add a {@link #floor} first where zeros are expected).
     *
     * @param measure the values; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param name the input's name for messages (e.g. the file)
     * @throws CartographyException "NAME: value at cell (i, j) is ..." for the first bad cell, or
     *     naming a size mismatch or an all-zero measure; a {@link ZeroDensityException} for a zero cell
     */
    public static void validate(double[] measure, int n1, int n2, String name) {
        if (n1 < 1 || n2 < 1 || measure.length != (long) n1 * n2) {
            throw new CartographyException(name + ": has " + measure.length + " values; a " + n1 + " x " + n2
                    + " grid needs " + (long) n1 * n2);
        }
        int firstZero = -1;
        double total = 0;
        for (int c = 0; c < measure.length; c++) {
            double v = measure[c];
            if (Double.isNaN(v)) {
                throw new CartographyException(name + ": value at cell " + cell(c, n2) + " is NaN");
            }
            if (Double.isInfinite(v)) {
                throw new CartographyException(name + ": value at cell " + cell(c, n2) + " is infinite (" + v + ")");
            }
            if (v < 0) {
                throw new CartographyException(name + ": value at cell " + cell(c, n2) + " is negative (" + v
                        + "); a density must be >= 0");
            }
            if (v == 0 && firstZero < 0) {
                firstZero = c;
            }
            total += v;
        }
        if (!(total > 0)) {
            throw new CartographyException(name + ": the measure is zero everywhere; there is nothing to equalise");
        }
        if (!Double.isFinite(total)) {
            throw new CartographyException(name + ": the measure's total overflows");
        }
        if (firstZero >= 0) {
            throw new ZeroDensityException(name + ": value at cell " + cell(firstZero, n2)
                    + " is 0; a density-equalising map needs positive values (add a floor, e.g. 0.01 of the mean)",
                    firstZero / n2, firstZero % n2);
        }
    }

    private static String cell(int c, int n2) {
        return "(" + c / n2 + ", " + c % n2 + ")";
    }

    /**
     * @param values the values, not modified
     * @return the mean of the values
     */
    public static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    /**
     * Adds a floor: m'<sub>i</sub> = m<sub>i</sub> + F &#183; mean(m).
     *
     * @param measure the values; not modified
     * @param f the floor as a fraction of the mean, &#8805; 0
     * @return a new array
     */
    public static double[] floor(double[] measure, double f) {
        if (!(f >= 0) || !Double.isFinite(f)) {
            throw new UsageException("floor " + f + " must be a finite number >= 0");
        }
        double add = f * mean(measure);
        double[] out = measure.clone();
        for (int c = 0; c < out.length; c++) {
            out[c] += add;
        }
        return out;
    }

    /**
     * Gaussian blur with reflecting edges: m' = G<sub>&#963;</sub> * m along each axis in turn,
     * with the sampled kernel w<sub>k</sub> &#8733; exp(-k<sup>2</sup> / (2&#963;<sup>2</sup>)),
     * |k| &#8804; ceil(4&#963;), normalised to sum 1, and the grid mirrored about its edges
     * (index -1 reads 0, index n reads n - 1, and so on, repeatedly for wide kernels). Mirroring
     * makes every cell's weights, summed over the outputs, equal to 1, so the total is preserved
     * exactly (up to rounding).
     *
     * @param measure the values; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param sigma the kernel's standard deviation in cells; 0 returns a copy
     * @return a new array
     */
    public static double[] blur(double[] measure, int n1, int n2, double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new UsageException("blur " + sigma + " must be a finite number >= 0 (cells)");
        }
        checkSize(measure, n1, n2);
        if (sigma == 0) {
            return measure.clone();
        }
        double[] w = gaussianKernel(sigma);
        int radius = w.length / 2;
        double[] tmp = new double[measure.length];
        // along axis 1 (rows are contiguous)
        double[] line = new double[Math.max(n1, n2)];
        double[] res = new double[Math.max(n1, n2)];
        for (int i = 0; i < n1; i++) {
            System.arraycopy(measure, i * n2, line, 0, n2);
            convolve(line, n2, w, radius, res);
            System.arraycopy(res, 0, tmp, i * n2, n2);
        }
        double[] out = new double[measure.length];
        for (int j = 0; j < n2; j++) {
            for (int i = 0; i < n1; i++) {
                line[i] = tmp[i * n2 + j];
            }
            convolve(line, n1, w, radius, res);
            for (int i = 0; i < n1; i++) {
                out[i * n2 + j] = res[i];
            }
        }
        return out;
    }

    /** The normalised Gaussian weights of offsets -r..r, r = ceil(4 sigma). */
    private static double[] gaussianKernel(double sigma) {
        int radius = (int) Math.ceil(4 * sigma);
        double[] w = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            w[k + radius] = Math.exp(-0.5 * k * k / (sigma * sigma));
            sum += w[k + radius];
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= sum;
        }
        return w;
    }

    /**
     * Gaussian blur of a 3-D measure: the kernel of {@link #blur} applied along each of the three
     * axes in turn, with the same half-sample mirroring at the walls (so the total is kept).
     *
     * @param measure cell (i, j, k) at {@code (i * n2 + j) * n3 + k}; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param n3 cells along axis 2
     * @param sigma the kernel's standard deviation in cells; 0 returns a copy
     * @return a new array
     */
    public static double[] blurVolume(double[] measure, int n1, int n2, int n3, double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new UsageException("blur " + sigma + " must be a finite number >= 0 (cells)");
        }
        if (n1 < 1 || n2 < 1 || n3 < 1 || measure.length != (long) n1 * n2 * n3) {
            throw new CartographyException("measure has " + measure.length + " values; a " + n1 + " x " + n2 + " x " + n3
                    + " grid needs " + (long) n1 * n2 * n3);
        }
        double[] out = measure.clone();
        if (sigma == 0) {
            return out;
        }
        double[] w = gaussianKernel(sigma);
        int radius = w.length / 2;
        int[] n = {n1, n2, n3};
        int[] stride = {n2 * n3, n3, 1};
        int longest = Math.max(n1, Math.max(n2, n3));
        double[] line = new double[longest];
        double[] res = new double[longest];
        for (int axis = 0; axis < 3; axis++) {
            int len = n[axis];
            int st = stride[axis];
            for (int start = 0; start < out.length; start++) {
                // the first cell of each line along this axis: index 0 along it
                if (start / st % len != 0) {
                    continue;
                }
                for (int p = 0; p < len; p++) {
                    line[p] = out[start + p * st];
                }
                convolve(line, len, w, radius, res);
                for (int p = 0; p < len; p++) {
                    out[start + p * st] = res[p];
                }
            }
        }
        return out;
    }

    private static void convolve(double[] x, int n, double[] w, int radius, double[] out) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            if (i - radius >= 0 && i + radius < n) {
                for (int k = -radius; k <= radius; k++) {
                    s += w[k + radius] * x[i + k];
                }
            } else {
                for (int k = -radius; k <= radius; k++) {
                    s += w[k + radius] * x[mirror(i + k, n)];
                }
            }
            out[i] = s;
        }
    }

    /** Half-sample mirror: ... 1 0 | 0 1 ... n-1 | n-1 n-2 ..., periodic with period 2n. */
    static int mirror(int i, int n) {
        int p = Math.floorMod(i, 2 * n);
        return p < n ? p : 2 * n - 1 - p;
    }

    /**
     * Relaxes the measure to its mean away from the data (paper sec. 4.2): with d<sub>i</sub> the
     * Euclidean distance from cell i's centre to the centre of the nearest cell holding an
     * embedding (an exact distance transform, see {@link #squaredDistances}),
     * <pre>
     *   wᵢ = exp(-(dᵢ / L)²),   m'ᵢ = wᵢ mᵢ + (1 - wᵢ) mean(m).
     * </pre>
     * Cells holding an embedding keep their value; cells many L away get the mean.
     *
     * @param measure the values; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param w0 cell width along axis 0 (latent units)
     * @param w1 cell width along axis 1
     * @param cells flat indices {@code i * n2 + j} of the cells that hold embeddings, at least one
     * @param length L, in the same units as the widths, &gt; 0
     * @return a new array
     * @throws CartographyException when no cell holds an embedding
     */
    public static double[] relax(double[] measure, int n1, int n2, double w0, double w1, int[] cells, double length) {
        if (!(length > 0) || !Double.isFinite(length)) {
            throw new UsageException("relax " + length + " must be a positive number");
        }
        checkSize(measure, n1, n2);
        double[] d2 = squaredDistances(n1, n2, w0, w1, cells);
        double mean = mean(measure);
        double[] out = new double[measure.length];
        double l2 = length * length;
        for (int c = 0; c < out.length; c++) {
            double w = Math.exp(-d2[c] / l2);
            out[c] = w * measure[c] + (1 - w) * mean;
        }
        return out;
    }

    /**
     * Squared Euclidean distance from each cell's centre to the nearest centre of a marked cell,
     * with cell widths w0 and w1: exact, by Felzenszwalb and Huttenlocher's separable lower envelope
     * of parabolas, along axis 1 and then axis 0, O(n1 n2).
     *
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param w0 cell width along axis 0
     * @param w1 cell width along axis 1
     * @param marked flat indices {@code i * n2 + j} of the marked cells, at least one
     * @return cell (i, j)'s squared distance at {@code i * n2 + j}
     * @throws CartographyException when no cell is marked
     */
    public static double[] squaredDistances(int n1, int n2, double w0, double w1, int[] marked) {
        if (marked.length == 0) {
            throw new CartographyException("relax: no embedding lies inside the grid");
        }
        double[] f = new double[n1 * n2];
        Arrays.fill(f, FAR);
        for (int c : marked) {
            if (c < 0 || c >= f.length) {
                throw new CartographyException("relax: cell index " + c + " is outside the " + n1 + " x " + n2 + " grid");
            }
            f[c] = 0;
        }
        int n = Math.max(n1, n2);
        double[] line = new double[n];
        double[] res = new double[n];
        int[] v = new int[n];
        double[] z = new double[n + 1];
        for (int i = 0; i < n1; i++) {
            System.arraycopy(f, i * n2, line, 0, n2);
            distance1d(line, n2, w1 * w1, res, v, z);
            System.arraycopy(res, 0, f, i * n2, n2);
        }
        for (int j = 0; j < n2; j++) {
            for (int i = 0; i < n1; i++) {
                line[i] = f[i * n2 + j];
            }
            distance1d(line, n1, w0 * w0, res, v, z);
            for (int i = 0; i < n1; i++) {
                f[i * n2 + j] = res[i];
            }
        }
        return f;
    }

    /** Stands for "no marked cell on this line yet". */
    private static final double FAR = 1e300;

    /** d(q) = min over p of a (q - p)<sup>2</sup> + f(p): the lower envelope of parabolas. */
    private static void distance1d(double[] f, int n, double a, double[] d, int[] v, double[] z) {
        int k = 0;
        int first = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] < FAR) {
                first = q;
                break;
            }
        }
        if (first < 0) {
            Arrays.fill(d, 0, n, FAR);
            return;
        }
        v[0] = first;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = first + 1; q < n; q++) {
            if (!(f[q] < FAR)) {
                continue;
            }
            double s;
            while (true) {
                int p = v[k];
                s = ((f[q] + a * q * q) - (f[p] + a * p * p)) / (2.0 * a * (q - p));
                if (s <= z[k] && k > 0) {
                    k--;
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            double dq = q - v[k];
            d[q] = a * dq * dq + f[v[k]];
        }
    }

    /**
     * The preparation of {@code cartography transform}: {@link #floor} (when F &gt; 0), then
     * {@link #validate}, {@link #blur} and {@link #relax} where asked for.
     *
     * @param name the input's name for messages
     * @param measure the values; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param floor F &#8805; 0 (0: none)
     * @param blurSigma &#963; in cells &#8805; 0 (0: none)
     * @param w0 cell width along axis 0 (for relax)
     * @param w1 cell width along axis 1
     * @param cells cells holding embeddings (for relax), or null
     * @param relaxLength L in latent units (0: none)
     * @return the density, positive everywhere
     */
    public static double[] prepare(String name, double[] measure, int n1, int n2, double floor, double blurSigma,
                                   double w0, double w1, int[] cells, double relaxLength) {
        checkSize(measure, n1, n2);
        for (int c = 0; c < measure.length; c++) {
            if (measure[c] < 0) {
                throw new CartographyException(name + ": value at cell " + cell(c, n2) + " is negative (" + measure[c]
                        + "); a density must be >= 0");
            }
        }
        if (!(floor >= 0) || !Double.isFinite(floor) || !(blurSigma >= 0) || !Double.isFinite(blurSigma)
                || !(relaxLength >= 0) || !Double.isFinite(relaxLength)) {
            throw new UsageException("floor, blur and relax length must be finite and >= 0 (got " + floor + ", "
                    + blurSigma + ", " + relaxLength + ")");
        }
        double[] m = floor > 0 ? floor(measure, floor) : measure.clone();
        validate(m, n1, n2, name);
        if (blurSigma > 0) {
            m = blur(m, n1, n2, blurSigma);
        }
        if (relaxLength > 0) {
            if (cells == null) {
                throw new UsageException("relaxing the density needs the embeddings (the cells that hold data)");
            }
            m = relax(m, n1, n2, w0, w1, cells, relaxLength);
        }
        return m;
    }

    /**
     * Prepares the measure of a 3-D grid as a density: checks it (finite, non-negative, not all
     * zero, no zero cell once floored), adds {@code floor} times its mean to every cell and blurs it
     * ({@link #blurVolume}). Relaxation is 2-D only.
     *
     * @param name the measure's name in messages
     * @param measure cell (i, j, k) at {@code (i * n2 + j) * n3 + k}; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param n3 cells along axis 2
     * @param floor f &#8805; 0: add f &#215; mean to every cell
     * @param blurSigma &#963; in cells &#8805; 0 (0: none)
     * @return the density, positive everywhere
     * @throws ZeroDensityException for a zero cell left after the floor (row and column: its first two indices)
     */
    public static double[] prepareVolume(String name, double[] measure, int n1, int n2, int n3, double floor,
                                         double blurSigma) {
        if (n1 < 1 || n2 < 1 || n3 < 1 || measure.length != (long) n1 * n2 * n3) {
            throw new CartographyException(name + ": has " + measure.length + " values; a " + n1 + " x " + n2 + " x "
                    + n3 + " grid needs " + (long) n1 * n2 * n3);
        }
        if (!(floor >= 0) || !Double.isFinite(floor)) {
            throw new UsageException("floor must be finite and >= 0 (got " + floor + ")");
        }
        for (int c = 0; c < measure.length; c++) {
            double v = measure[c];
            String cell = "(" + c / (n2 * n3) + ", " + c / n3 % n2 + ", " + c % n3 + ")";
            if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
                throw new CartographyException(name + ": value at cell " + cell + " is " + v
                        + "; a density must be finite and >= 0");
            }
        }
        double[] m = floor > 0 ? floor(measure, floor) : measure.clone();
        double total = 0;
        int firstZero = -1;
        for (int c = 0; c < m.length; c++) {
            total += m[c];
            if (m[c] == 0 && firstZero < 0) {
                firstZero = c;
            }
        }
        if (!(total > 0)) {
            throw new CartographyException(name + ": the measure is zero everywhere; there is nothing to equalise");
        }
        if (!Double.isFinite(total)) {
            throw new CartographyException(name + ": the measure's total overflows");
        }
        if (firstZero >= 0) {
            throw new ZeroDensityException(name + ": value at cell (" + firstZero / (n2 * n3) + ", "
                    + firstZero / n3 % n2 + ", " + firstZero % n3
                    + ") is 0; a density-equalising map needs positive values (add a floor, e.g. 0.01 of the mean)",
                    firstZero / (n2 * n3), firstZero / n3 % n2);
        }
        return blurSigma > 0 ? blurVolume(m, n1, n2, n3, blurSigma) : m;
    }

    private static void checkSize(double[] measure, int n1, int n2) {
        if (n1 < 1 || n2 < 1 || measure.length != (long) n1 * n2) {
            throw new CartographyException("measure has " + measure.length + " values; a " + n1 + " x " + n2
                    + " grid needs " + (long) n1 * n2);
        }
    }
}
