package org.latentcartography.example.plugin;

import java.util.List;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MeasureProvider;
import org.latentcartography.core.spi.SlabView;

/**
 * An example measure written against the SPI directly: the Frobenius norm of the forward-difference
 * Jacobian along the first two axes, sqrt(trace JᵀJ) = sqrt(|∂h/∂z₀|² + |∂h/∂z₁|²). Unlike the
 * volume element it does not vanish where the map collapses one direction. Works on 2-D grids.
 */
public final class GradientNormProvider implements MeasureProvider {
    @Override
    public String id() {
        return "gradient-norm";
    }

    @Override
    public String description() {
        return "example plugin: Frobenius norm of the finite-difference Jacobian, sqrt(trace J^T J)";
    }

    @Override
    public Measure create(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of());
        return new Measure() {
            @Override
            public void compute(SlabView view, int slab, double[] out, int outOffset) {
                Grid g = view.grid();
                int d = view.dimension();
                int n1 = g.dimension() > 1 ? g.size(1) : 1;
                int cells = g.slabSize();
                double[] cur = view.slab(slab);
                int co = view.offset(slab);
                boolean up = slab + 1 < g.slabCount();
                double[] other = view.slab(up ? slab + 1 : slab - 1);
                int oo = other == null ? 0 : view.offset(up ? slab + 1 : slab - 1);
                int stride1 = g.dimension() > 1 ? g.stride(1) : 0;
                for (int c = 0; c < cells; c++) {
                    double s0 = 0;
                    double s1 = 0;
                    int j1 = g.dimension() > 1 ? (c / stride1) % n1 : 0;
                    int nb = j1 + 1 < n1 ? c + stride1 : c - stride1;
                    for (int j = 0; j < d; j++) {
                        double h = cur[co + c * d + j];
                        if (other != null) {
                            double d0 = (other[oo + c * d + j] - h) / g.width(0);
                            s0 += d0 * d0;
                        }
                        if (n1 > 1) {
                            double d1 = (cur[co + nb * d + j] - h) / g.width(1);
                            s1 += d1 * d1;
                        }
                    }
                    out[outOffset + c] = Math.sqrt(s0 + s1);
                }
            }
        };
    }
}
