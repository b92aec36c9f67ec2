package org.latentcartography.example.plugin;

import java.util.List;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.DensityTransform;
import org.latentcartography.core.spi.TransformProvider;

/**
 * An example density-equalising transform, {@code marginal}: one 1-D equalisation per axis. With
 * the density's marginals r_i = Σ_j m_ij (rows) and c_j = Σ_i m_ij (columns), node (i, j) goes to
 * <pre>
 *   x_i = n1 · (r_0 + … + r_(i−1)) / Σ r,      y_j = n2 · (c_0 + … + c_(j−1)) / Σ c
 * </pre>
 * (cell units), so grid lines stay straight and cell (i, j) becomes a rectangle of area
 * n1·n2·r_i·c_j / (Σr)². For a separable density m_ij = f_i·g_j the marginals are proportional to
 * f and g and that area is n1·n2·m_ij / Σm: the map equalises it exactly. For any other density it
 * equalises only the marginals (a quick first look; {@code diffusion} and {@code flow} do the
 * real work). It never folds a cell, and takes no argument or option.
 *
 * <p>A transform is a plain object with no resources: parse and check the spec in
 * {@link #create}, and compute in {@link DensityTransform#transform}, which the toolkit calls once
 * per run with a validated density (finite and positive).
 */
public final class MarginalTransformProvider implements TransformProvider {
    @Override
    public String id() {
        return "marginal";
    }

    @Override
    public String description() {
        return "example plugin: separable equalisation, one cumulative marginal per axis (exact for separable densities)";
    }

    @Override
    public DensityTransform create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return MarginalTransformProvider::transform;
    }

    static DensityTransform.Result transform(double[] density, int n1, int n2, DensityTransform.Listener listener) {
        if (n1 < 1 || n2 < 1 || density.length != (long) n1 * n2) {
            throw new CartographyException("marginal: density has " + density.length + " values; a " + n1 + " x " + n2
                    + " grid needs " + (long) n1 * n2);
        }
        double[] rows = new double[n1];
        double[] cols = new double[n2];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                double m = density[i * n2 + j];
                rows[i] += m;
                cols[j] += m;
            }
        }
        double[] x = cumulative(rows);
        double[] y = cumulative(cols);
        double[] nodes = new double[2 * (n1 + 1) * (n2 + 1)];
        int k = 0;
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                nodes[k++] = x[i];
                nodes[k++] = y[j];
            }
        }
        listener.progress(1, Double.NaN);
        return new DensityTransform.Result(nodes, 1);
    }

    /** @return n + 1 node positions 0, n·cumsum(w)/Σw, the last exactly n */
    static double[] cumulative(double[] w) {
        int n = w.length;
        double[] c = new double[n + 1];
        for (int i = 0; i < n; i++) {
            c[i + 1] = c[i] + w[i];
        }
        double total = c[n];
        if (!(total > 0) || !Double.isFinite(total)) {
            throw new CartographyException("marginal: a marginal of the density sums to " + total
                    + "; the density must be finite and positive");
        }
        for (int i = 0; i < n; i++) {
            c[i] = c[i] / total * n;
        }
        c[n] = n;
        return c;
    }
}
