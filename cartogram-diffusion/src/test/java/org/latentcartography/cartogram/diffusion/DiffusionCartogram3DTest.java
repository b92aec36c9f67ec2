package org.latentcartography.cartogram.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.map.LatentMap3D;
import org.latentcartography.core.spi.DensityTransform;

class DiffusionCartogram3DTest {
    /** The bound for the separable ground truth at 128³, in cell widths. */
    private static final double SEPARABLE = 0.02;
    /** A uniform density's coefficients vanish to rounding, so nodes do not move beyond it. */
    private static final double IDENTITY = 1e-9;
    /** Series against the direct sum: both in double precision, about 1e-13 apart on a few hundred terms. */
    private static final double SERIES = 1e-11;

    private static final DensityTransform.Listener QUIET = (i, e) -> { };

    /** Smooth 1-D profiles (widths of 10+ cells at 128), 1 to 5 apart. */
    static double[] profile(int n, double centre, double width, double height) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double x = (i + 0.5) / n;
            a[i] = 1 + height * Math.exp(-Math.pow((x - centre) / width, 2));
        }
        return a;
    }

    /**
     * rho(x, y, z) = a(x) b(y) c(z): the diffusion keeps it a product, so each coordinate of a node
     * moves on its own, and ends where a 1-D equalising map puts it: node i at
     * N &#931;<sub>k&lt;i</sub> a<sub>k</sub> / &#931; a<sub>k</sub> (equal mass before it).
     */
    @Test
    void separableDensityGivesTheProductOfTheCumulativeMaps() {
        int n = 128;
        double[] a = profile(n, 0.3, 0.1, 4);
        double[] b = profile(n, 0.6, 0.12, 2);
        double[] c = profile(n, 0.45, 0.09, 3);
        double[] rho = new double[n * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    rho[(i * n + j) * n + k] = a[i] * b[j] * c[k];
                }
            }
        }
        long start = System.nanoTime();
        DensityTransform.Result r = new DiffusionCartogram(DiffusionCartogram.Options.defaults()).transform(rho, n, n, n,
                QUIET);
        System.out.printf("3-D separable 128^3: %d steps, %.1f s%n", r.iterations(), (System.nanoTime() - start) / 1e9);
        double[][] cum = {cumulative(a), cumulative(b), cumulative(c)};
        double worst = 0;
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                for (int k = 0; k <= n; k++) {
                    int o = 3 * ((i * (n + 1) + j) * (n + 1) + k);
                    worst = Math.max(worst, Math.abs(r.nodes()[o] - cum[0][i]));
                    worst = Math.max(worst, Math.abs(r.nodes()[o + 1] - cum[1][j]));
                    worst = Math.max(worst, Math.abs(r.nodes()[o + 2] - cum[2][k]));
                }
            }
        }
        AreaError e = AreaError.ofVolumes(rho, n, n, n, r.nodes());
        System.out.printf("largest deviation %.5f cells; volume error mean %.5f max %.5f, folded %d%n", worst, e.mean(),
                e.max(), e.foldedCells());
        assertTrue(worst < SEPARABLE, "largest deviation " + worst + " cell widths");
        assertEquals(0, e.foldedCells());
    }

    /** @return N &#931;<sub>k&lt;i</sub> a<sub>k</sub> / &#931; a<sub>k</sub> for i = 0..N */
    static double[] cumulative(double[] a) {
        double total = 0;
        for (double v : a) {
            total += v;
        }
        double[] c = new double[a.length + 1];
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
            c[i + 1] = a.length * s / total;
        }
        c[a.length] = a.length;
        return c;
    }

    /** Every value is computed per line or per node: one and two threads give the same map, bit for bit. */
    @Test
    void threadCountDoesNotChangeTheMap() {
        int n1 = 20;
        int n2 = 16;
        int n3 = 18;
        double[] a = profile(n1, 0.3, 0.15, 4);
        double[] b = profile(n2, 0.7, 0.2, 2);
        double[] c = profile(n3, 0.5, 0.1, 3);
        double[] rho = new double[n1 * n2 * n3];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                for (int k = 0; k < n3; k++) {
                    // not separable: a bump off the axes as well
                    rho[(i * n2 + j) * n3 + k] = a[i] * b[j] * c[k] + 5 * Math.exp(-((i - 5) * (i - 5) + (j - 9) * (j - 9)
                            + (k - 12) * (k - 12)) / 8.0);
                }
            }
        }
        DiffusionCartogram.Options d = DiffusionCartogram.Options.defaults();
        double[] one = new DiffusionCartogram(new DiffusionCartogram.Options(d.stepTolerance(), d.endTolerance(),
                d.maxSteps(), 1)).transform(rho, n1, n2, n3, QUIET).nodes();
        double[] two = new DiffusionCartogram(new DiffusionCartogram.Options(d.stepTolerance(), d.endTolerance(),
                d.maxSteps(), 2)).transform(rho, n1, n2, n3, QUIET).nodes();
        org.junit.jupiter.api.Assertions.assertArrayEquals(one, two);
        AreaError e = AreaError.ofVolumes(rho, n1, n2, n3, one);
        assertEquals(0, e.foldedCells());
    }

    @Test
    void uniformDensityLeavesTheGridAlone() {
        int n1 = 8;
        int n2 = 6;
        int n3 = 5;
        double[] rho = new double[n1 * n2 * n3];
        java.util.Arrays.fill(rho, 3.5);
        DensityTransform.Result r = new DiffusionCartogram(DiffusionCartogram.Options.defaults()).transform(rho, n1, n2,
                n3, QUIET);
        double[] id = LatentMap3D.identityCellNodes(n1, n2, n3);
        for (int k = 0; k < id.length; k++) {
            assertEquals(id[k], r.nodes()[k], IDENTITY);
        }
    }

    @Test
    void badDensityIsRefusedNamingTheCell() {
        double[] rho = new double[4 * 4 * 4];
        java.util.Arrays.fill(rho, 1);
        rho[(1 * 4 + 2) * 4 + 3] = 0;
        CartographyException e = assertThrows(CartographyException.class,
                () -> new DiffusionCartogram(DiffusionCartogram.Options.defaults()).transform(rho, 4, 4, 4, QUIET));
        assertTrue(e.getMessage().contains("(1, 2, 3)"), e.getMessage());
    }

    /**
     * The series at the lattice centres against the direct triple sum of
     * a<sub>klm</sub> f<sub>k</sub> g<sub>l</sub> h<sub>m</sub> cos cos cos and its derivatives, on a
     * coarse lattice (truncated series) of an uneven grid.
     */
    @Test
    void synthesisMatchesTheDirectSum() {
        int n1 = 12;
        int n2 = 10;
        int n3 = 9;
        int c1 = 6;
        int c2 = 5;
        int c3 = 9;
        java.util.Random rnd = new java.util.Random(7);
        double[] coef = new double[n1 * n2 * n3];
        for (int q = 0; q < coef.length; q++) {
            coef[q] = rnd.nextGaussian();
        }
        double[] fx = {1, 0.9, 0.8, 0.7, 0.6, 0.5};
        double[] fy = {1, 0.5, 0.25, 0.125, 0.0625};
        double[] fz = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        try (Workers w = new Workers(2)) {
            CosineField3D field = new CosineField3D(n1, n2, n3, c1, c2, c3, w);
            int cells = c1 * c2 * c3;
            double[] f = new double[cells];
            double[] gx = new double[cells];
            double[] gy = new double[cells];
            double[] gz = new double[cells];
            field.synthesize(coef, fx, fy, fz, f, gx, gy, gz);
            for (int p = 0; p < c1; p++) {
                for (int q = 0; q < c2; q++) {
                    for (int r = 0; r < c3; r++) {
                        double x = (p + 0.5) * n1 / c1;
                        double y = (q + 0.5) * n2 / c2;
                        double z = (r + 0.5) * n3 / c3;
                        double[] want = new double[4];
                        for (int k = 0; k < c1; k++) {
                            for (int l = 0; l < c2; l++) {
                                for (int m = 0; m < c3; m++) {
                                    double amp = coef[(k * n2 + l) * n3 + m] * fx[k] * fy[l] * fz[m];
                                    double ax = Math.PI * k / n1;
                                    double ay = Math.PI * l / n2;
                                    double az = Math.PI * m / n3;
                                    double cx = Math.cos(ax * x);
                                    double cy = Math.cos(ay * y);
                                    double cz = Math.cos(az * z);
                                    want[0] += amp * cx * cy * cz;
                                    want[1] += -amp * ax * Math.sin(ax * x) * cy * cz;
                                    want[2] += -amp * ay * cx * Math.sin(ay * y) * cz;
                                    want[3] += -amp * az * cx * cy * Math.sin(az * z);
                                }
                            }
                        }
                        int o = (p * c2 + q) * c3 + r;
                        assertEquals(want[0], f[o], SERIES);
                        assertEquals(want[1], gx[o], SERIES);
                        assertEquals(want[2], gy[o], SERIES);
                        assertEquals(want[3], gz[o], SERIES);
                    }
                }
            }
        }
    }

    /** The coefficients make a series whose mean over each cell is the cell's value: a single cosine mode checks the scale. */
    @Test
    void coefficientsOfOneModeAreItsAmplitudeOverItsCellMean() {
        int n1 = 8;
        int n2 = 6;
        int n3 = 4;
        int k = 3;
        int l = 2;
        int m = 1;
        double[] v = new double[n1 * n2 * n3];
        // cell means of cos(pi k x/n1) cos(pi l y/n2) cos(pi m z/n3)
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                for (int q = 0; q < n3; q++) {
                    v[(i * n2 + j) * n3 + q] = cellMean(k, n1, i) * cellMean(l, n2, j) * cellMean(m, n3, q);
                }
            }
        }
        try (Workers w = new Workers(2)) {
            double[] a = CosineField3D.coefficients(v, n1, n2, n3, w);
            for (int q = 0; q < a.length; q++) {
                assertEquals(q == (k * n2 + l) * n3 + m ? 1.0 : 0.0, a[q], 1e-12, "coefficient " + q);
            }
        }
    }

    /** @return the mean of cos(pi k x / n) over [i, i + 1] */
    private static double cellMean(int k, int n, int i) {
        double w = Math.PI * k / n;
        return (Math.sin(w * (i + 1)) - Math.sin(w * i)) / w;
    }
}
