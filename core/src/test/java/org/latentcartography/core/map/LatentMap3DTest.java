package org.latentcartography.core.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Grid;

class LatentMap3DTest {
    /** The bound on the forward-inverse round trip, in cell widths. */
    private static final double ROUND_TRIP = 1e-6;
    /** Trilinear interpolation and Gauss quadrature in double precision on values of order 10: rounding. */
    private static final double EXACT = 1e-12;

    /**
     * A smooth monotone map of the box onto itself, separable per axis plus a shear that vanishes on
     * the walls: T(x, y, z) = (f(x) + e s(x) s(y) s(z), g(y), h(z)) with s(u) = sin(pi u / n).
     */
    private static double[] smoothNodes(int n1, int n2, int n3, double e) {
        double[] nodes = new double[3 * (n1 + 1) * (n2 + 1) * (n3 + 1)];
        int o = 0;
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                for (int k = 0; k <= n3; k++) {
                    double sx = Math.sin(Math.PI * i / n1);
                    double sy = Math.sin(Math.PI * j / n2);
                    double sz = Math.sin(Math.PI * k / n3);
                    nodes[o++] = warp(i, n1, 0.3) + e * sx * sy * sz;
                    nodes[o++] = warp(j, n2, -0.2);
                    nodes[o++] = warp(k, n3, 0.25);
                }
            }
        }
        return nodes;
    }

    /** A monotone map of [0, n] onto itself: u + a n sin(2 pi u / n) / (2 pi), monotone for |a| < 1. */
    private static double warp(double u, int n, double a) {
        return u + a * n / (2 * Math.PI) * Math.sin(2 * Math.PI * u / n);
    }

    @Test
    void forwardThenInverseReturnsEveryPoint() {
        Grid grid = new Grid(new double[] {-2, 0, 1}, new double[] {2, 3, 1.5}, new int[] {12, 10, 8});
        LatentMap3D map = LatentMap3D.ofCellNodes(grid, smoothNodes(12, 10, 8, 0.4));
        Random rnd = new Random(3);
        int count = 2000;
        double[] p = new double[3 * count];
        for (int q = 0; q < count; q++) {
            for (int d = 0; d < 3; d++) {
                // include points on the walls
                double u = q < 8 ? (q >> d & 1) : rnd.nextDouble();
                p[3 * q + d] = grid.lower(d) + u * (grid.upper(d) - grid.lower(d));
            }
        }
        double[] back = map.inverse(map.forward(p));
        double worst = 0;
        for (int q = 0; q < 3 * count; q++) {
            worst = Math.max(worst, Math.abs(back[q] - p[q]) / grid.width(q % 3));
        }
        assertTrue(worst < ROUND_TRIP, "largest round-trip error " + worst + " cell widths");
        // and the other way round: T(T~(z~)) = z~
        double[] again = map.forward(map.inverse(p));
        for (int q = 0; q < 3 * count; q++) {
            assertEquals(p[q], again[q], ROUND_TRIP * grid.width(q % 3));
        }
    }

    @Test
    void forwardIsExactAtTheNodesAndTrilinearBetween() {
        int n = 4;
        double[] nodes = smoothNodes(n, n, n, 0.3);
        LatentMap3D map = LatentMap3D.ofCellNodes(n, n, n, nodes);
        // node (1, 2, 3)
        double[] at = map.forward(new double[] {1, 2, 3});
        int o = 3 * ((1 * (n + 1) + 2) * (n + 1) + 3);
        for (int d = 0; d < 3; d++) {
            assertEquals(nodes[o + d], at[d], EXACT);
        }
        // the centre of cell (1, 2, 3) is the mean of its eight corners
        double[] centre = map.forward(new double[] {1.5, 2.5, 3.5});
        for (int d = 0; d < 3; d++) {
            double mean = 0;
            for (int c = 0; c < 8; c++) {
                mean += nodes[3 * (((1 + (c >> 2 & 1)) * (n + 1) + 2 + (c >> 1 & 1)) * (n + 1) + 3 + (c & 1)) + d] / 8;
            }
            assertEquals(mean, centre[d], EXACT);
        }
    }

    @Test
    void latentNodesRoundTripThroughTheFileLayout() {
        Grid grid = new Grid(new double[] {-1, -1, -1}, new double[] {1, 2, 3}, new int[] {3, 4, 5});
        LatentMap3D map = LatentMap3D.ofCellNodes(grid, smoothNodes(3, 4, 5, 0.2));
        LatentMap3D read = LatentMap3D.ofLatentNodes(grid, map.latentNodes());
        double[] a = map.cellNodes();
        double[] b = read.cellNodes();
        for (int q = 0; q < a.length; q++) {
            assertEquals(a[q], b[q], EXACT);
        }
    }

    @Test
    void pointsOutsideTheBoxAreNamed() {
        LatentMap3D map = LatentMap3D.ofCellNodes(2, 2, 2, LatentMap3D.identityCellNodes(2, 2, 2));
        CartographyException e = assertThrows(CartographyException.class, () -> map.forward(new double[] {1, 1, 2.5}));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertThrows(CartographyException.class, () -> map.inverse(new double[] {1, 1}));
    }

    /**
     * The volume of a trilinear cell: for an affine image of the unit cube it is |det A|; for the
     * map (x, y, z) -> (x, y, z (1 + x y)) of the unit cube it is the integral of 1 + x y, 5/4; the
     * identity's cells are 1; a cell turned inside out has negative volume and counts as folded.
     */
    @Test
    void cellVolumesAreExact() {
        double[][] a = {{2, 0.5, 0}, {0.1, 1, 0.3}, {0, 0.2, 3}};
        double det = 2 * (1 * 3 - 0.3 * 0.2) - 0.5 * (0.1 * 3 - 0.3 * 0) + 0;
        double[] affine = new double[24];
        double[] bent = new double[24];
        for (int c = 0; c < 8; c++) {
            double[] u = {c >> 2 & 1, c >> 1 & 1, c & 1};
            for (int d = 0; d < 3; d++) {
                affine[3 * c + d] = a[d][0] * u[0] + a[d][1] * u[1] + a[d][2] * u[2] + 7;
            }
            bent[3 * c] = u[0];
            bent[3 * c + 1] = u[1];
            bent[3 * c + 2] = u[2] * (1 + u[0] * u[1]);
        }
        assertEquals(det, AreaError.cellVolumes(affine, 1, 1, 1)[0], EXACT);
        assertEquals(1.25, AreaError.cellVolumes(bent, 1, 1, 1)[0], EXACT);
        double[] id = LatentMap3D.identityCellNodes(3, 2, 2);
        for (double v : AreaError.cellVolumes(id, 3, 2, 2)) {
            assertEquals(1, v, EXACT);
        }
        // uniform density on the identity: no error, no fold
        double[] rho = new double[12];
        java.util.Arrays.fill(rho, 2);
        AreaError none = AreaError.ofVolumes(rho, 3, 2, 2, id);
        assertEquals(0, none.mean(), EXACT);
        assertEquals(0, none.foldedCells());
        // push node (1, 1, 1) through the opposite faces of cell (0, 0, 0): that cell inverts
        double[] folded = id.clone();
        int o = 3 * ((1 * 3 + 1) * 3 + 1);
        folded[o] = -1.5;
        folded[o + 1] = -1.5;
        folded[o + 2] = -1.5;
        assertTrue(AreaError.cellVolumes(folded, 3, 2, 2)[0] < 0);
        assertTrue(AreaError.ofVolumes(rho, 3, 2, 2, folded).foldedCells() >= 1);
    }

    /** Density 2 in one cell of a 2 x 1 x 1 grid and 1 in the other, on the identity. */
    @Test
    void volumeErrorsFollowTheDefinition() {
        double[] rho = {2, 1};
        AreaError e = AreaError.ofVolumes(rho, 2, 1, 1, LatentMap3D.identityCellNodes(2, 1, 1));
        // volume share 1/2 each; density shares 2/3 and 1/3: errors |(1/2)/(2/3) - 1| = 1/4, |(1/2)/(1/3) - 1| = 1/2
        assertEquals(0.5, e.max(), EXACT);
        assertEquals(0.375, e.mean(), EXACT);
    }
}
