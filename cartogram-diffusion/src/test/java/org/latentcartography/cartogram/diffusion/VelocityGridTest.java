package org.latentcartography.cartogram.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VelocityGridTest {

    /**
     * The strain estimate by its definition, in a second pass over the mirrored grid: the largest
     * absolute difference of either component between padded cells (p, q) and (p + 1, q) or
     * (p, q + 1), p in [0, n1], q in [0, n2], times the larger lattice scale.
     */
    private static double strainByDefinition(VelocityGrid g) {
        int stride = g.n2 + 2;
        double m = 0;
        for (int p = 0; p <= g.n1; p++) {
            for (int q = 0; q <= g.n2; q++) {
                int a = p * stride + q;
                for (float[] v : new float[][] {g.vx, g.vy}) {
                    m = Math.max(m, Math.abs((double) v[a + stride] - v[a]));
                    m = Math.max(m, Math.abs((double) v[a + 1] - v[a]));
                }
            }
        }
        return m * Math.max(g.scale1, g.scale2);
    }

    /**
     * fillRows takes the differences row by row while writing, in parts on several threads, with the
     * walls' ghost ring implied: its value must be exactly that of the two-pass definition, for
     * lattices from one cell to many rows per worker, coarser and finer than the base grid, with
     * the largest difference anywhere (interior, seams between workers, the walls).
     */
    @Test
    void fillRowsGivesTheStrainOfItsDefinitionExactly() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] shapes = {{1, 1}, {1, 5}, {4, 1}, {3, 7}, {17, 9}, {64, 33}, {130, 70}};
        for (int threads : new int[] {1, 2, 3}) {
            try (Workers workers = new Workers(threads)) {
                for (int[] shape : shapes) {
                    VelocityGrid grid = new VelocityGrid(shape[0], shape[1], 2);
                    int[][] lattices = {{shape[0], shape[1]}, {2 * shape[0], 2 * shape[1]},
                            {Math.max(1, shape[0] / 2), shape[1]}};
                    for (int[] lattice : lattices) {
                        for (int trial = 0; trial < 8; trial++) {
                            grid.setLattice(lattice[0], lattice[1]);
                            float[] vx = new float[lattice[0] * lattice[1]];
                            float[] vy = new float[vx.length];
                            for (int k = 0; k < vx.length; k++) {
                                vx[k] = (float) random.nextDouble(-1, 1);
                                vy[k] = (float) random.nextDouble(-1, 1);
                            }
                            // one outlier, so that the largest difference sits at one chosen place
                            int at = random.nextInt(vx.length);
                            (trial % 2 == 0 ? vx : vy)[at] = (float) (trial % 4 < 2 ? 40 : -40);
                            int c2 = lattice[1];
                            double strain = grid.fillRows(workers, 1, i -> {
                                int v = grid.index(i, 0);
                                System.arraycopy(vx, i * c2, grid.vx, v, c2);
                                System.arraycopy(vy, i * c2, grid.vy, v, c2);
                            });
                            assertEquals(strainByDefinition(grid), strain, 0.0,
                                    "threads " + threads + ", grid " + shape[0] + " x " + shape[1] + ", lattice "
                                            + lattice[0] + " x " + lattice[1] + ", trial " + trial);
                        }
                    }
                }
            }
        }
    }
}
