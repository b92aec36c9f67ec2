package org.latentcartography.measures.riemannian;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MeasureProvider;

/**
 * Provides {@code riemannian}: sqrt(det JᵀJ) from finite differences over the grid, central inside
 * and one-sided second-order in the outer ring of cells (see {@link RiemannianMeasure}); offers
 * the metric tensor field JᵀJ as the {@code MetricTensor} capability. Takes no argument or option.
 */
public final class RiemannianProvider implements MeasureProvider {
    @Override
    public String id() {
        return "riemannian";
    }

    @Override
    public String description() {
        return "approximate Riemannian volume element sqrt(det J^T J) (paper 2.2.1); J from central differences"
                + " inside and one-sided second-order ones (-3h0+4h1-h2)/2d in the border cells, both O(d^2)";
    }

    @Override
    public Measure create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return new RiemannianMeasure();
    }
}
