package org.latentcartography.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.Measure;
import org.junit.jupiter.api.Test;

class FaceNeighboursTest {

    /**
     * On a 5 x 4 x 3 grid whose meaning is the cell's integer index (i, j, k), every neighbour
     * must differ from its cell by exactly its direction along its axis and by nothing elsewhere,
     * and the count must be 6 minus the number of axes on which the cell is at the border. The
     * measure encodes (count, and any mismatch) so that one run checks every cell; slabs come one
     * per group (batch 12 = one slab) so that neighbours lie in different buffers.
     */
    @Test
    void everyCellSeesExactlyItsFaceNeighboursInsideTheGrid() {
        int[] shape = {5, 4, 3};
        Grid g = new Grid(new double[] {0, 0, 0}, new double[] {5, 4, 3}, shape);
        // cell centres are (i + 0.5, j + 0.5, k + 0.5): the meaning is the integer index
        LatentFunction index = LatentFunction.pointwise(3, 3, (z, zo, out, o) -> {
            for (int k = 0; k < 3; k++) {
                out[o + k] = Math.floor(z[zo + k]);
            }
        });
        Measure m = FaceNeighbours.measure(cell -> {
            double mismatches = 0;
            for (int n = 0; n < cell.count(); n++) {
                for (int k = 0; k < 3; k++) {
                    double step = cell.values(n)[cell.offset(n) + k] - cell.values()[cell.offset() + k];
                    double expected = k == cell.axis(n) ? cell.direction(n) : 0;
                    if (step != expected) {
                        mismatches++;
                    }
                }
            }
            return cell.count() + 100 * mismatches;
        });
        double[] values = new GridEvaluator(g, index, m).batchSize(12).threads(2).run().measure();
        int[] idx = new int[3];
        for (int c = 0; c < g.cellCount(); c++) {
            g.unravel(c, idx);
            int border = 0;
            for (int k = 0; k < 3; k++) {
                border += (idx[k] == 0 ? 1 : 0) + (idx[k] == shape[k] - 1 ? 1 : 0);
            }
            assertEquals(6 - border, values[c], 0.0, "cell " + java.util.Arrays.toString(idx));
        }
    }

    @Test
    void cellIndexIsTheGridsAndNeighboursOutsideTheCountAreRefused() {
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {3, 2});
        LatentFunction zero = LatentFunction.pointwise(2, 1, (z, zo, out, o) -> out[o] = 0);
        double[] values = new GridEvaluator(g, zero, FaceNeighbours.measure(cell -> {
            assertThrows(IndexOutOfBoundsException.class, () -> cell.values(cell.count()));
            return cell.index();
        })).run().measure();
        for (int c = 0; c < 6; c++) {
            assertEquals(c, values[c], 0.0);
        }
    }
}
