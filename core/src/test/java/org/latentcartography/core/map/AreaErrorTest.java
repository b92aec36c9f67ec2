package org.latentcartography.core.map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AreaErrorTest {

    @Test
    void handComputedTwoByOne() {
        // 2 x 1 cells; the middle nodes (1, 0) and (1, 1) move to (1.5, 0) and (1.5, 1): areas 1.5 and 0.5.
        double[] nodes = {0, 0, 0, 1, 1.5, 0, 1.5, 1, 2, 0, 2, 1};
        double[] areas = AreaError.cellAreas(nodes, 2, 1);
        assertEquals(1.5, areas[0], 0);
        assertEquals(0.5, areas[1], 0);
        // density 3:1 -> shares 0.75, 0.25 = area shares: exact
        AreaError exact = AreaError.of(new double[] {3, 1}, 2, 1, nodes);
        assertEquals(0, exact.max(), 1e-15);
        assertEquals(0, exact.foldedCells());
        // density 1:1 -> area shares 0.75 and 0.25 against 0.5: errors 0.5 and 0.5
        AreaError even = AreaError.of(new double[] {1, 1}, 2, 1, nodes);
        assertEquals(0.5, even.max(), 1e-15);
        assertEquals(0.5, even.mean(), 1e-15);
    }

    @Test
    void countsFoldedCells() {
        // the middle nodes move past the right wall: cell 1 turns inside out (area -0.5)
        double[] nodes = {0, 0, 0, 1, 2.5, 0, 2.5, 1, 2, 0, 2, 1};
        AreaError e = AreaError.of(new double[] {1, 1}, 2, 1, nodes);
        assertEquals(1, e.foldedCells());
        // shares: 2.5/2 and -0.5/2 against 0.5: errors 1.5 and 1.5
        assertEquals(1.5, e.max(), 1e-15);
    }
}
