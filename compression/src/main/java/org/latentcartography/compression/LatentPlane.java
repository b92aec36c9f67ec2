package org.latentcartography.compression;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.spi.Generator;

/**
 * An affine plane (or 3-D flat) in a model's D-dimensional latent space: the map
 * u ↦ z = o + Σ_a u_a·A_a from d = 2 or 3 coordinates u to latent points, with origin o and axes
 * A_a (not necessarily orthogonal or of unit length). Put in front of a decoder
 * ({@code plane>onnx:decoder.onnx}, or {@link Generator#compose}), it turns a model of many latent
 * dimensions into one a 2-D (or 3-D) grid can measure; the volume element seen through it is the
 * decoder's restricted to the plane.
 *
 * <p>Three ways to choose it: {@link #principal} (the embeddings' first principal components,
 * centred at their mean, each axis scaled by the standard deviation along it, so that the
 * embeddings' coordinates on it have unit variance), {@link #throughPoints} (three embeddings at
 * (0, 0), (1, 0), (0, 1)), and {@link #of} or {@link #read} (a given matrix).
 * {@link #project} gives the embeddings' coordinates on the plane and their distances from it.
 *
 * <p>Stability: experimental. Immutable and thread-safe.
 */
public final class LatentPlane {
    private final double[] origin;
    private final double[][] axes;
    private final double[] variances;

    private LatentPlane(double[] origin, double[][] axes, double[] variances) {
        this.origin = origin;
        this.axes = axes;
        this.variances = variances;
    }

    /**
     * @param origin o, D values; copied
     * @param axes d rows of D values (d = 1 to D); copied
     * @return the plane u ↦ o + Σ u_a A_a
     * @throws IllegalArgumentException when the shapes disagree, a value is not finite, or the
     *     axes are linearly dependent
     */
    public static LatentPlane of(double[] origin, double[][] axes) {
        int d = axes.length;
        if (d < 1 || d > origin.length) {
            throw new IllegalArgumentException("a plane needs 1 to " + origin.length + " axes, not " + d);
        }
        double[][] a = new double[d][];
        for (int k = 0; k < d; k++) {
            if (axes[k].length != origin.length) {
                throw new IllegalArgumentException("axis " + k + " has " + axes[k].length + " values, the origin "
                        + origin.length);
            }
            a[k] = axes[k].clone();
        }
        for (double v : origin) {
            finite(v);
        }
        for (double[] row : a) {
            for (double v : row) {
                finite(v);
            }
        }
        LatentPlane plane = new LatentPlane(origin.clone(), a, null);
        if (!(Math.abs(det(plane.gram(), d)) > 1e-12 * scale(plane.gram(), d))) {
            throw new IllegalArgumentException("the plane's axes are linearly dependent");
        }
        return plane;
    }

    private static void finite(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("a plane's origin and axes must be finite, not " + v);
        }
    }

    /**
     * The plane of the embeddings' first {@code dims} principal components: origin their mean,
     * axis a the a-th eigenvector of their covariance (divided by n) times the square root of its
     * eigenvalue (the standard deviation along it; sign: its largest component positive).
     *
     * @param embeddings the latent codes, at least dims + 1 of them, never null
     * @param dims 2 or 3 (any number from 1 to D)
     * @return the plane
     * @throws UsageException when the embeddings have no more than {@code dims} dimensions or too
     *     few points, or vary in fewer than {@code dims} directions
     */
    public static LatentPlane principal(Embeddings embeddings, int dims) {
        int n = embeddings.count();
        int dz = embeddings.dimension();
        if (dims < 1 || dims >= dz) {
            throw new UsageException("a principal plane of " + dims + " dimensions needs embeddings of more than "
                    + dims + " dimensions; these have " + dz);
        }
        if (n <= dims) {
            throw new UsageException("a principal plane of " + dims + " dimensions needs more than " + dims
                    + " embeddings; there are " + n);
        }
        double[] mean = new double[dz];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dz; k++) {
                mean[k] += embeddings.get(i, k);
            }
        }
        for (int k = 0; k < dz; k++) {
            mean[k] /= n;
        }
        double[] cov = new double[dz * dz];
        double[] row = new double[dz];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dz; k++) {
                row[k] = embeddings.get(i, k) - mean[k];
            }
            for (int k = 0; k < dz; k++) {
                double rk = row[k];
                for (int l = k; l < dz; l++) {
                    cov[k * dz + l] += rk * row[l];
                }
            }
        }
        for (int k = 0; k < dz; k++) {
            for (int l = k; l < dz; l++) {
                cov[k * dz + l] /= n;
                cov[l * dz + k] = cov[k * dz + l];
            }
        }
        double[][] eig = SymmetricEigen.decompose(cov, dz);
        double[][] axes = new double[dims][dz];
        double[] variances = new double[dims];
        for (int a = 0; a < dims; a++) {
            double var = eig[0][a];
            if (!(var > 1e-12 * Math.max(eig[0][0], Double.MIN_NORMAL))) {
                throw new UsageException("the embeddings vary in fewer than " + dims + " directions (variance "
                        + String.format(Locale.ROOT, "%.3g", var) + " along principal component " + (a + 1) + ")");
            }
            double sd = Math.sqrt(var);
            for (int k = 0; k < dz; k++) {
                axes[a][k] = eig[1][a * dz + k] * sd;
            }
            variances[a] = var;
        }
        double total = 0;
        for (int k = 0; k < dz; k++) {
            total += cov[k * dz + k];
        }
        double[] shares = new double[dims];
        for (int a = 0; a < dims; a++) {
            shares[a] = total > 0 ? variances[a] / total : 0;
        }
        return new LatentPlane(mean, axes, shares);
    }

    /**
     * The plane through three embeddings (or flat through four), with embedding {@code indices[0]}
     * at the origin and {@code indices[a]} at the a-th unit point: axes A_a = z_{i_a} − z_{i_0}.
     *
     * @param embeddings the latent codes, never null
     * @param indices d + 1 distinct embedding indices (d = 2 or 3)
     * @return the plane
     * @throws UsageException when an index is out of range or the points are collinear (coplanar)
     */
    public static LatentPlane throughPoints(Embeddings embeddings, int... indices) {
        int dz = embeddings.dimension();
        if (indices.length < 2 || indices.length - 1 > dz) {
            throw new UsageException("a plane through points needs 2 to " + (dz + 1) + " embeddings, not "
                    + indices.length);
        }
        for (int i : indices) {
            if (i < 0 || i >= embeddings.count()) {
                throw new UsageException("embedding " + i + " does not exist; there are " + embeddings.count());
            }
        }
        double[] origin = row(embeddings, indices[0]);
        double[][] axes = new double[indices.length - 1][];
        for (int a = 1; a < indices.length; a++) {
            axes[a - 1] = row(embeddings, indices[a]);
            for (int k = 0; k < dz; k++) {
                axes[a - 1][k] -= origin[k];
            }
        }
        try {
            return of(origin, axes);
        } catch (IllegalArgumentException e) {
            throw new UsageException("embeddings " + Arrays.toString(indices) + " do not span a "
                    + axes.length + "-D plane (they are collinear or repeat a point)");
        }
    }

    /**
     * Reads a plane written by {@link #write}: an NPY matrix of d + 1 rows of D values, the origin
     * first, then the axes.
     *
     * @param file the matrix, never null
     * @return the plane
     * @throws CartographyException naming the file when it cannot be read or is no plane
     */
    public static LatentPlane read(Path file) {
        NpyArray a = Npy.read(file);
        int[] shape = a.shape();
        if (shape.length != 2 || shape[0] < 2 || shape[0] - 1 > shape[1]) {
            throw new CartographyException(file + ": a plane is a matrix of d + 1 rows (origin, then d axes) of D values; "
                    + "this array has shape " + Arrays.toString(shape));
        }
        double[] v = a.data();
        int dz = shape[1];
        double[] origin = Arrays.copyOfRange(v, 0, dz);
        double[][] axes = new double[shape[0] - 1][];
        for (int r = 1; r < shape[0]; r++) {
            axes[r - 1] = Arrays.copyOfRange(v, r * dz, (r + 1) * dz);
        }
        try {
            return of(origin, axes);
        } catch (IllegalArgumentException e) {
            throw new CartographyException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the plane as an NPY float64 matrix of d + 1 rows (origin, then axes) of D values.
     *
     * @param file the file, written atomically, never null
     */
    public void write(Path file) {
        int dz = origin.length;
        double[] v = new double[(axes.length + 1) * dz];
        System.arraycopy(origin, 0, v, 0, dz);
        for (int a = 0; a < axes.length; a++) {
            System.arraycopy(axes[a], 0, v, (a + 1) * dz, dz);
        }
        Npy.writeFloat64(file, new int[] {axes.length + 1, dz}, v);
    }

    private static double[] row(Embeddings e, int i) {
        double[] r = new double[e.dimension()];
        for (int k = 0; k < r.length; k++) {
            r[k] = e.get(i, k);
        }
        return r;
    }

    /** @return d, the plane's dimension */
    public int dimension() {
        return axes.length;
    }

    /** @return D, the latent space's dimension */
    public int latentDimension() {
        return origin.length;
    }

    /** @return the origin o (a copy) */
    public double[] origin() {
        return origin.clone();
    }

    /**
     * @param a the axis, 0 to d − 1
     * @return axis A_a (a copy)
     */
    public double[] axis(int a) {
        return axes[a].clone();
    }

    /**
     * @return for a principal plane, the share of the embeddings' total variance along each axis;
     *     empty otherwise
     */
    public java.util.Optional<double[]> explainedVariance() {
        return java.util.Optional.ofNullable(variances).map(double[]::clone);
    }

    /**
     * z = o + Σ_a u_a A_a.
     *
     * @param u d coordinates from {@code uo}; not modified
     * @param uo offset of the first
     * @param z receives D values from {@code zo}
     * @param zo offset of the first
     */
    public void map(double[] u, int uo, double[] z, int zo) {
        int dz = origin.length;
        System.arraycopy(origin, 0, z, zo, dz);
        for (int a = 0; a < axes.length; a++) {
            double ua = u[uo + a];
            double[] ax = axes[a];
            for (int k = 0; k < dz; k++) {
                z[zo + k] += ua * ax[k];
            }
        }
    }

    /**
     * The plane as a generator from d coordinates to the D-dimensional latent space, to compose in
     * front of a decoder.
     *
     * @param name its name in messages, never null
     * @return the generator; holds no resources
     */
    public Generator generator(String name) {
        return Generator.pointwise(name, axes.length, origin.length, this::map);
    }

    /**
     * The embeddings' coordinates on the plane and their distances from it.
     *
     * @param coordinates n × d values, row-major: the least-squares coordinates u of each
     *     embedding (the u minimising |o + Σ u_a A_a − z|)
     * @param residuals n values: the Euclidean distance of each embedding from the plane
     */
    public record Projection(double[] coordinates, double[] residuals) {
        /** @return the mean residual distance */
        public double meanResidual() {
            return Arrays.stream(residuals).average().orElse(0);
        }

        /** @return the largest residual distance */
        public double maxResidual() {
            return Arrays.stream(residuals).max().orElse(0);
        }
    }

    /**
     * Projects embeddings orthogonally onto the plane.
     *
     * @param embeddings D-dimensional codes, never null
     * @return their coordinates on the plane and distances from it
     * @throws UsageException when the embeddings are not D-dimensional
     */
    public Projection project(Embeddings embeddings) {
        int dz = origin.length;
        int d = axes.length;
        if (embeddings.dimension() != dz) {
            throw new UsageException("the embeddings have " + embeddings.dimension() + " dimensions; the plane lies in "
                    + dz);
        }
        double[] inverse = invert(gram(), d);
        int n = embeddings.count();
        double[] coords = new double[n * d];
        double[] residuals = new double[n];
        double[] x = new double[dz];
        double[] b = new double[d];
        double[] z = new double[dz];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dz; k++) {
                x[k] = embeddings.get(i, k) - origin[k];
            }
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int k = 0; k < dz; k++) {
                    s += axes[a][k] * x[k];
                }
                b[a] = s;
            }
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += inverse[a * d + c] * b[c];
                }
                coords[i * d + a] = s;
            }
            map(coords, i * d, z, 0);
            double r = 0;
            for (int k = 0; k < dz; k++) {
                double e = embeddings.get(i, k) - z[k];
                r += e * e;
            }
            residuals[i] = Math.sqrt(r);
        }
        return new Projection(coords, residuals);
    }

    private double[] gram() {
        int d = axes.length;
        double[] g = new double[d * d];
        for (int a = 0; a < d; a++) {
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int k = 0; k < origin.length; k++) {
                    s += axes[a][k] * axes[c][k];
                }
                g[a * d + c] = s;
            }
        }
        return g;
    }

    private static double scale(double[] g, int d) {
        double p = 1;
        for (int a = 0; a < d; a++) {
            p *= g[a * d + a];
        }
        return p;
    }

    /** Determinant by Gaussian elimination with partial pivoting. */
    private static double det(double[] g, int d) {
        double[] m = g.clone();
        double det = 1;
        for (int c = 0; c < d; c++) {
            int piv = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(m[r * d + c]) > Math.abs(m[piv * d + c])) {
                    piv = r;
                }
            }
            if (m[piv * d + c] == 0) {
                return 0;
            }
            if (piv != c) {
                for (int k = 0; k < d; k++) {
                    double t = m[c * d + k];
                    m[c * d + k] = m[piv * d + k];
                    m[piv * d + k] = t;
                }
                det = -det;
            }
            det *= m[c * d + c];
            for (int r = c + 1; r < d; r++) {
                double f = m[r * d + c] / m[c * d + c];
                for (int k = c; k < d; k++) {
                    m[r * d + k] -= f * m[c * d + k];
                }
            }
        }
        return det;
    }

    /** Inverse by Gauss–Jordan elimination with partial pivoting (d is 1 to 3 in practice). */
    private static double[] invert(double[] g, int d) {
        double[] m = g.clone();
        double[] inv = new double[d * d];
        for (int a = 0; a < d; a++) {
            inv[a * d + a] = 1;
        }
        for (int c = 0; c < d; c++) {
            int piv = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(m[r * d + c]) > Math.abs(m[piv * d + c])) {
                    piv = r;
                }
            }
            for (int k = 0; k < d; k++) {
                double t = m[c * d + k];
                m[c * d + k] = m[piv * d + k];
                m[piv * d + k] = t;
                t = inv[c * d + k];
                inv[c * d + k] = inv[piv * d + k];
                inv[piv * d + k] = t;
            }
            double p = m[c * d + c];
            for (int k = 0; k < d; k++) {
                m[c * d + k] /= p;
                inv[c * d + k] /= p;
            }
            for (int r = 0; r < d; r++) {
                if (r != c) {
                    double f = m[r * d + c];
                    for (int k = 0; k < d; k++) {
                        m[r * d + k] -= f * m[c * d + k];
                        inv[r * d + k] -= f * inv[c * d + k];
                    }
                }
            }
        }
        return inv;
    }
}
