package org.latentcartography.core.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.junit.jupiter.api.Test;

class GridTest {
    @Test
    void centresFollowTheContract() {
        Grid g = new Grid(new double[] {-1, 0}, new double[] {1, 10}, new int[] {4, 5});
        assertEquals(-1 + 0.5 * 0.5, g.centre(0, 0), 1e-15);
        assertEquals(0 + 4.5 * 2, g.centre(1, 4), 1e-15);
        double[] z = new double[2];
        g.centre(2 * 5 + 3, z, 0);
        assertArrayEquals(new double[] {0.25, 7}, z, 1e-15);
        assertEquals(5, g.slabSize());
        assertEquals(4, g.slabCount());
        int[] idx = new int[2];
        g.unravel(13, idx);
        assertArrayEquals(new int[] {2, 3}, idx);
    }

    @Test
    void aroundEmbeddingsAddsTheMargin() {
        Embeddings e = new Embeddings(new double[] {0, 0, 10, 2}, 2, 2);
        Grid g = Grid.around(e, 0.1, new int[] {8, 8});
        assertArrayEquals(new double[] {-1, -0.2}, g.lower(), 1e-12);
        assertArrayEquals(new double[] {11, 2.2}, g.upper(), 1e-12);
    }

    @Test
    void refusesDegenerateInput() {
        Embeddings same = new Embeddings(new double[] {1, 2, 1, 3}, 2, 2);
        assertThrows(CartographyException.class, () -> Grid.around(same, 0.1, new int[] {8, 8}));
        assertThrows(UsageException.class, () -> new Grid(new double[] {1}, new double[] {0}, new int[] {4}));
        assertThrows(UsageException.class, () -> new Grid(new double[] {0}, new double[] {1}, new int[] {0}));
        assertThrows(UsageException.class, () -> new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {100000, 100000}));
        assertThrows(CartographyException.class, () -> new Embeddings(new double[] {1, Double.NaN}, 1, 2));
    }
}
