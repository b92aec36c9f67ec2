package org.latentcartography.measures.riemannian;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MeasureProvider;

/** Provides {@code riemannian}: sqrt(det JᵀJ) from finite differences over the grid. */
public final class RiemannianProvider implements MeasureProvider {
    @Override
    public String id() {
        return "riemannian";
    }

    @Override
    public String description() {
        return "approximate Riemannian volume element sqrt(det J^T J), J from central differences (paper 2.2.1)";
    }

    @Override
    public Measure create(ComponentSpec spec, ComponentContext context) {
        spec.requireOnly(List.of());
        return new RiemannianMeasure();
    }
}
