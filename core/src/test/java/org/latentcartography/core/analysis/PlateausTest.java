package org.latentcartography.core.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.spi.Generator;

class PlateausTest {

    /** A hand-made 8x8 measure: 1 everywhere except a 3x3 block of 0.01; exact cells and indices. */
    @Test
    void handMadePlateauGivesItsCellsAndTheCodesInside() {
        Grid g = new Grid(new double[] {0, 0}, new double[] {8, 8}, new int[] {8, 8});
        double[] m = new double[64];
        Arrays.fill(m, 1);
        int[] block = {2 * 8 + 3, 2 * 8 + 4, 2 * 8 + 5, 3 * 8 + 3, 3 * 8 + 4, 3 * 8 + 5, 4 * 8 + 3, 4 * 8 + 4, 4 * 8 + 5};
        for (int c : block) {
            m[c] = 0.01;
        }
        // codes: one per cell centre outside the block, plus rows 64.. inside the block: 5 copies of one point
        double[] data = new double[(64 + 5) * 2];
        for (int c = 0; c < 64; c++) {
            data[2 * c] = c / 8 + 0.5;
            data[2 * c + 1] = c % 8 + 0.5;
        }
        for (int i = 64; i < 69; i++) {
            data[2 * i] = 3.25;
            data[2 * i + 1] = 4.75;
        }
        // move the codes that sat at the block's centres out of it (to cell (0, 0)), so that only the copies are inside
        for (int c : block) {
            data[2 * c] = 0.1 + 0.01 * c;
            data[2 * c + 1] = 0.2;
        }
        Plateaus.Diagnosis d = Plateaus.find(g, m, new Embeddings(data, 69, 2), new Plateaus.Settings(0.1, 1));
        assertEquals(1.0, d.median());
        assertEquals(9, d.plateauCells());
        assertEquals(1, d.suspects().size());
        assertTrue(d.empty().isEmpty());
        Plateaus.Region r = d.suspects().get(0);
        assertEquals(1, r.rank());
        assertArrayEquals(block, r.cells());
        assertArrayEquals(new int[] {64, 65, 66, 67, 68}, r.indices());
        assertEquals(1, r.distinct());
        assertEquals(9.0, r.area(), 1e-12);
        assertArrayEquals(new double[] {3.5, 4.5}, r.centroid(), 1e-12);
        assertEquals(1.0, r.fence());
        assertFalse(r.touchesBoundary());
        assertEquals(r.expected(), r.score(), 1e-12, "one distinct code: score = expected count");
    }

    /**
     * A pure-Java decoder whose output is constant over a planted disc and smooth elsewhere, measured
     * with the built-in {@code l2} measure through the pipeline: the detector finds the disc and
     * exactly the codes inside it (copies of one point), ranks it first, and lists a second planted
     * disc that holds no code as empty.
     */
    @Test
    void plantedPlateauOfASyntheticDecoderIsFoundWithTheCodesInside() {
        double[] full = {1.0, -1.0};
        double[] bare = {-2.0, 2.0};
        double radius = 0.8;
        Generator decoder = Generator.pointwise("planted-plateau", 2, 3, (z, zo, out, o) -> {
            double x = z[zo];
            double y = z[zo + 1];
            if (Math.hypot(x - full[0], y - full[1]) < radius) {
                x = full[0];
                y = full[1];
            } else if (Math.hypot(x - bare[0], y - bare[1]) < radius) {
                x = bare[0];
                y = bare[1];
            }
            out[o] = x;
            out[o + 1] = y;
            out[o + 2] = Math.sin(x) * Math.cos(y);
        });
        // 600 codes from a standard normal, none inside the discs, then 40 copies of one point in the first disc
        Random rnd = new Random(7);
        int spread = 600;
        int copies = 40;
        double[] data = new double[(spread + copies) * 2];
        for (int i = 0; i < spread; i++) {
            double x;
            double y;
            do {
                x = rnd.nextGaussian() * 1.2;
                y = rnd.nextGaussian() * 1.2;
            } while (Math.hypot(x - full[0], y - full[1]) < radius + 0.1 || Math.hypot(x - bare[0], y - bare[1]) < radius + 0.1
                    || Math.abs(x) > 3 || Math.abs(y) > 3);
            data[2 * i] = x;
            data[2 * i + 1] = y;
        }
        for (int i = spread; i < spread + copies; i++) {
            data[2 * i] = full[0] + 0.2;
            data[2 * i + 1] = full[1] - 0.1;
        }
        Embeddings codes = new Embeddings(data, spread + copies, 2);
        Grid g = new Grid(new double[] {-3, -3}, new double[] {3, 3}, new int[] {60, 60});
        MeasureResult mr = Cartography.discover().measure(MeasureRequest.builder("l2").generator(decoder).grid(g).threads(1).build());

        Plateaus.Diagnosis d = Plateaus.find(g, mr.values(), codes, Plateaus.Settings.DEFAULT);

        assertEquals(1, d.suspects().size(), () -> d.toMap().toString());
        Plateaus.Region r = d.suspects().get(0);
        assertArrayEquals(IntStream.range(spread, spread + copies).toArray(), r.indices());
        assertEquals(1, r.distinct());
        // the region is the disc less the ring of cells its edge cuts (whose neighbours across the edge differ)
        double h = g.width(0);
        assertTrue(r.area() <= Math.PI * radius * radius && r.area() >= Math.PI * (radius - 2 * h) * (radius - 2 * h),
                () -> "area " + r.area());
        assertEquals(full[0], r.centroid()[0], g.width(0));
        assertEquals(full[1], r.centroid()[1], g.width(1));
        assertTrue(r.fence() > 1, "the jump at the disc's edge fences it with high measure");
        assertEquals(1, d.empty().size());
        Plateaus.Region e = d.empty().get(0);
        assertEquals(0, e.indices().length);
        assertEquals(bare[0], e.centroid()[0], g.width(0));
        assertEquals(bare[1], e.centroid()[1], g.width(1));
    }

    @Test
    void badInputIsRefusedWithTheFacts() {
        Grid g = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {4, 4});
        Embeddings codes = new Embeddings(new double[] {0.1, 0.2, 0.5, 0.9, 0.7, 0.3}, 3, 2);
        CartographyException e = assertThrows(CartographyException.class,
                () -> Plateaus.find(g, new double[15], codes, Plateaus.Settings.DEFAULT));
        assertTrue(e.getMessage().contains("15 values for a grid of 16 cells"), e.getMessage());
        double[] zeros = new double[16];
        e = assertThrows(CartographyException.class, () -> Plateaus.find(g, zeros, codes, Plateaus.Settings.DEFAULT));
        assertTrue(e.getMessage().contains("median measure is 0"), e.getMessage());
        assertThrows(UsageException.class, () -> new Plateaus.Settings(0, 1));
        assertThrows(UsageException.class, () -> new Plateaus.Settings(0.1, 0));
    }
}
