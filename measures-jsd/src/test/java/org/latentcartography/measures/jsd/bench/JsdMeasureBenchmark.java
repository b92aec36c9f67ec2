package org.latentcartography.measures.jsd.bench;

import java.util.SplittableRandom;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.eval.MeanDissimilarityMeasure;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.SlabView;
import org.latentcartography.measures.jsd.JensenShannonProvider;

/**
 * The JSD measure's cost per slab, fast path against the generic mean of pairwise distances, on
 * random 3,004-word distributions (a third of the entries zero) over 200-cell slabs: alternating
 * rounds, median seconds per slab. Not a test; run (after mvn -q -pl measures-jsd -am test-compile):
 *
 * <pre>
 * java -cp measures-jsd/target/classes:measures-jsd/target/test-classes:core/target/classes \
 *     org.latentcartography.measures.jsd.bench.JsdMeasureBenchmark
 * </pre>
 */
public final class JsdMeasureBenchmark {
    private JsdMeasureBenchmark() {
    }

    public static void main(String[] args) {
        int v = 3004;
        int n = 200;
        Grid grid = new Grid(new double[] {0, 0}, new double[] {1, 1}, new int[] {n, n});
        SplittableRandom r = new SplittableRandom(5);
        double[][] slabs = new double[3][n * v];
        for (double[] s : slabs) {
            for (int i = 0; i < s.length; i++) {
                s[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble();
            }
        }
        SlabView view = new SlabView() {
            @Override
            public Grid grid() {
                return grid;
            }

            @Override
            public int dimension() {
                return v;
            }

            @Override
            public double[] slab(int slab) {
                return slabs[slab % 3];
            }

            @Override
            public int offset(int slab) {
                return 0;
            }
        };
        JensenShannonProvider p = new JensenShannonProvider();
        ComponentSpec spec = ComponentSpec.parse("jsd");
        Measure fast = p.specialisedMeasure(spec, ComponentContext.empty()).orElseThrow();
        Measure generic = new MeanDissimilarityMeasure(p.create(spec, ComponentContext.empty()));
        double[] out = new double[n];
        int rounds = 15;
        double[] tf = new double[rounds];
        double[] tg = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long t0 = System.nanoTime();
            fast.compute(view, 1, out, 0);
            long t1 = System.nanoTime();
            generic.compute(view, 1, out, 0);
            long t2 = System.nanoTime();
            tf[k] = (t1 - t0) / 1e9;
            tg[k] = (t2 - t1) / 1e9;
        }
        java.util.Arrays.sort(tf);
        java.util.Arrays.sort(tg);
        System.out.printf(java.util.Locale.ROOT, "JSD measure of one 200-cell slab, 3,004 words: fast %.4f s, generic %.4f s "
                + "(medians of %d alternating rounds after warm-up in the same loop); %.2fx%n", tf[rounds / 2], tg[rounds / 2],
                rounds, tg[rounds / 2] / tf[rounds / 2]);
    }
}
