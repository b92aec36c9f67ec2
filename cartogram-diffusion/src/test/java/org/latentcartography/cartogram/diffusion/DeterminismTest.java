package org.latentcartography.cartogram.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.DensityTransform;

/** The same density gives the same map, bit for bit, whatever the number of threads. */
class DeterminismTest {
    static double[] map(String spec, double[] rho, int n1, int n2) {
        ComponentSpec s = ComponentSpec.parse(spec);
        DensityTransform t = s.id().equals("flow") ? new FlowProvider().create(s, ComponentContext.empty())
                : new DiffusionProvider().create(s, ComponentContext.empty());
        return t.transform(rho, n1, n2, (i, e) -> { }).nodes();
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalMaps() {
        // the harsh regression density: it needs correction passes, whose resampling sums in parallel
        double[] rho = RealMeasureShapeTest.paleWallsWithRidges(96, 80, 5);
        for (String method : new String[] {"diffusion", "flow"}) {
            assertArrayEquals(map(method + ",threads=1", rho, 96, 80), map(method + ",threads=2", rho, 96, 80), 0.0, method);
        }
    }
}
