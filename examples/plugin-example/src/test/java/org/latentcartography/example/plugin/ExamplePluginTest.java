package org.latentcartography.example.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.spi.DensityTransform;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.TransformProvider;
import org.junit.jupiter.api.Test;

class ExamplePluginTest {

    /**
     * Node positions are sums of at most 9 positive terms divided by a total and scaled by n &#8804; 9:
     * a few ulps of n, far below 1e-12; the area error is a ratio of such sums, likewise.
     */
    private static final double ROUNDING = 1e-12;

    @Test
    void marginalIsTheClosedFormMapOfASeparableDensity() {
        int n1 = 9;
        int n2 = 6;
        double[] f = new double[n1];
        double[] g = new double[n2];
        for (int i = 0; i < n1; i++) {
            f[i] = 1 + 0.9 * Math.sin(i);
        }
        for (int j = 0; j < n2; j++) {
            g[j] = Math.exp(0.7 * j);
        }
        double[] density = new double[n1 * n2];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                density[i * n2 + j] = f[i] * g[j];
            }
        }
        DensityTransform t = provider().create(ComponentSpec.parse("marginal"), null);
        DensityTransform.Result r = t.transform(density, n1, n2, (it, err) -> { });
        // closed form: x_i = n1 * (f_0 + ... + f_(i-1)) / sum f, y_j likewise with g
        double sumF = 0;
        for (double v : f) {
            sumF += v;
        }
        double sumG = 0;
        for (double v : g) {
            sumG += v;
        }
        double x = 0;
        for (int i = 0; i <= n1; i++) {
            double y = 0;
            for (int j = 0; j <= n2; j++) {
                int k = 2 * (i * (n2 + 1) + j);
                assertEquals(n1 * x / sumF, r.nodes()[k], ROUNDING, "x of node (" + i + ", " + j + ")");
                assertEquals(n2 * y / sumG, r.nodes()[k + 1], ROUNDING, "y of node (" + i + ", " + j + ")");
                if (j < n2) {
                    y += g[j];
                }
            }
            if (i < n1) {
                x += f[i];
            }
        }
        AreaError e = AreaError.of(density, n1, n2, r.nodes());
        assertTrue(e.max() < ROUNDING, "max area error " + e.max());
        assertEquals(0, e.foldedCells());
    }

    @Test
    void marginalIsFoundThroughItsServiceListingAndTakesNoArgument() {
        TransformProvider p = provider();
        assertThrows(UsageException.class, () -> p.create(ComponentSpec.parse("marginal:x"), null));
        assertThrows(UsageException.class, () -> p.create(ComponentSpec.parse("marginal,steps=3"), null));
        CartographyException e = assertThrows(CartographyException.class,
                () -> p.create(ComponentSpec.parse("marginal"), null).transform(new double[5], 2, 3, (it, err) -> { }));
        assertTrue(e.getMessage().startsWith("marginal: density has 5 values"), e.getMessage());
    }

    @Test
    void analyticGeneratorReportsANonFiniteOutputWithItsPoint() {
        Generator g = new AnalyticSurfaceProvider().open(ComponentSpec.parse("analytic:paraboloid,c=1e308"), null);
        double[] out = new double[3];
        g.apply(new double[] {0.5, -0.5}, 1, out, 0, new long[1]);
        assertEquals(0.5e308, out[2], 1e293);
        CartographyException e = assertThrows(CartographyException.class,
                () -> g.apply(new double[] {2, 2}, 1, new double[3], 0, new long[1]));
        assertEquals("analytic:paraboloid: output 2 is Infinity at z = (2.0, 2.0)", e.getMessage());
    }

    private static TransformProvider provider() {
        return ServiceLoader.load(TransformProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("marginal")).findFirst().orElseThrow();
    }
}
