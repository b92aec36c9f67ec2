package org.latentcartography.cartogram.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.spi.DensityTransform;

class FlowCartogramTest {
    /** The bound on the mean area error for smooth bumps of 100:1 contrast. */
    private static final double BUMPS_MEAN_ERROR = 0.005;

    @Test
    void bumpsAreEqualised() {
        int n = 256;
        double[] rho = TestDensities.bumps(n, n, 100, 1);
        DensityTransform.Result r = new FlowCartogram(FlowCartogram.Options.defaults()).transform(rho, n, n, (i, e) -> { });
        AreaError e = AreaError.of(rho, n, n, r.nodes());
        assertTrue(e.mean() < BUMPS_MEAN_ERROR, e.toString());
        assertEquals(0, e.foldedCells());
        DiffusionCartogramTest.assertWallsKept(r.nodes(), n, n);
    }

    @Test
    void uniformDensityGivesTheIdentity() {
        int n1 = 64;
        int n2 = 48;
        double[] rho = new double[n1 * n2];
        Arrays.fill(rho, 0.7);
        DensityTransform.Result r = new FlowCartogram(FlowCartogram.Options.defaults()).transform(rho, n1, n2, (i, e) -> { });
        DiffusionCartogramTest.assertIdentity(r.nodes(), n1, n2);
        assertEquals(1, r.iterations());
    }
}
