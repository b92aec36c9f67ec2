package org.latentcartography.cartogram.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.spi.DensityTransform;

class DiffusionCartogramTest {
    /** The bound for the separable ground truth, in cell widths. */
    private static final double SEPARABLE = 0.02;
    /** The bound on the mean area error for smooth bumps of 100:1 contrast. */
    private static final double BUMPS_MEAN_ERROR = 0.005;
    /** A uniform density's cosine coefficients vanish to rounding (~1e-16), so nodes move by far less. */
    private static final double IDENTITY = 1e-9;

    private static final DensityTransform.Listener QUIET = (i, e) -> { };

    /**
     * rho(x, y) = a(x) b(y): the diffusion keeps it a product, each axis moves on its own, and the
     * equalising map of a 1-D density sends node i to N &#931;<sub>k&lt;i</sub> a<sub>k</sub> /
     * &#931; a<sub>k</sub> (equal mass left of the node before and after). Smooth a and b (widths of
     * 25+ cells), so that the cosine series' mass per cell matches the cell values closely.
     */
    @Test
    void separableDensityMatchesTheCumulativeSums() {
        int n = 512;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double x = (i + 0.5) / n;
            a[i] = 1 + 4 * Math.exp(-Math.pow((x - 0.3) / 0.08, 2)) + 2 * Math.exp(-Math.pow((x - 0.75) / 0.05, 2));
            b[i] = 1 + 6 * Math.exp(-Math.pow((x - 0.55) / 0.1, 2));
        }
        double[] rho = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rho[i * n + j] = a[i] * b[j];
            }
        }
        DensityTransform.Result r = new DiffusionCartogram(DiffusionCartogram.Options.defaults())
                .transform(rho, n, n, QUIET);
        double[] ca = cumulative(a);
        double[] cb = cumulative(b);
        double worst = 0;
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                int k = 2 * (i * (n + 1) + j);
                worst = Math.max(worst, Math.abs(r.nodes()[k] - ca[i]));
                worst = Math.max(worst, Math.abs(r.nodes()[k + 1] - cb[j]));
            }
        }
        assertTrue(worst < SEPARABLE, "largest deviation " + worst + " cell widths");
    }

    /** @return N &#931;<sub>k&lt;i</sub> a<sub>k</sub> / &#931; a<sub>k</sub> for i = 0..N */
    static double[] cumulative(double[] a) {
        double total = Arrays.stream(a).sum();
        double[] c = new double[a.length + 1];
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            c[i] = a.length * s / total;
            s += a[i];
        }
        c[a.length] = a.length;
        return c;
    }

    @Test
    void bumpsAreEqualised() {
        int n = 256;
        double[] rho = TestDensities.bumps(n, n, 100, 1);
        DensityTransform.Result r = new DiffusionCartogram(DiffusionCartogram.Options.defaults())
                .transform(rho, n, n, QUIET);
        AreaError e = AreaError.of(rho, n, n, r.nodes());
        assertTrue(e.mean() < BUMPS_MEAN_ERROR, e.toString());
        assertEquals(0, e.foldedCells());
        assertWallsKept(r.nodes(), n, n);
    }

    static void assertWallsKept(double[] nodes, int n1, int n2) {
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                int k = 2 * (i * (n2 + 1) + j);
                if (i == 0 || i == n1) {
                    assertEquals(i, nodes[k], 0.0, "x of node on a wall");
                }
                if (j == 0 || j == n2) {
                    assertEquals(j, nodes[k + 1], 0.0, "y of node on a wall");
                }
            }
        }
    }

    @Test
    void uniformDensityGivesTheIdentity() {
        int n1 = 64;
        int n2 = 48;
        double[] rho = new double[n1 * n2];
        Arrays.fill(rho, 2.5);
        DensityTransform.Result r = new DiffusionCartogram(DiffusionCartogram.Options.defaults())
                .transform(rho, n1, n2, QUIET);
        assertIdentity(r.nodes(), n1, n2);
    }

    static void assertIdentity(double[] nodes, int n1, int n2) {
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                int k = 2 * (i * (n2 + 1) + j);
                assertEquals(i, nodes[k], IDENTITY);
                assertEquals(j, nodes[k + 1], IDENTITY);
            }
        }
    }

    @Test
    void badDensitiesAreRefused() {
        DiffusionCartogram d = new DiffusionCartogram(DiffusionCartogram.Options.defaults());
        double[] rho = new double[16];
        Arrays.fill(rho, 1);
        rho[6] = 0;
        CartographyException e = assertThrows(CartographyException.class, () -> d.transform(rho, 4, 4, QUIET));
        assertTrue(e.getMessage().contains("cell (1, 2)"), e.getMessage());
        assertThrows(CartographyException.class, () -> d.transform(new double[15], 4, 4, QUIET));
    }

    @Test
    void cellScaleNoiseOfExtremeContrastStopsEarly() {
        // white noise stretched to 10^4:1 at 32 x 32: before, 10,000 steps to t = 0.045 and a folded
        // map; now the pass stops after ROUGH_STEPS and no correction pass follows
        int n = 32;
        java.util.Random r = new java.util.Random(1);
        double[] rho = new double[n * n];
        for (int k = 0; k < rho.length; k++) {
            rho[k] = r.nextDouble();
        }
        double[] noise = TestDensities.stretch(rho, 1e4);
        DensityTransform.Result stopped = new DiffusionCartogram(DiffusionCartogram.Options.defaults()).transform(noise, n, n, QUIET);
        assertEquals(DiffusionCartogram.ROUGH_STEPS, stopped.iterations());
        // the same noise blurred by a cell is mapped without folds, in far fewer steps
        double[] blurred = org.latentcartography.core.map.Densities.blur(noise, n, n, 1.0);
        DensityTransform.Result ok = new DiffusionCartogram(DiffusionCartogram.Options.defaults()).transform(blurred, n, n, QUIET);
        assertEquals(0, AreaError.of(blurred, n, n, ok.nodes()).foldedCells());
        assertTrue(ok.iterations() < DiffusionCartogram.ROUGH_STEPS / 2, "steps " + ok.iterations());
    }
}
