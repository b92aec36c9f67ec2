package org.latentcartography.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.Composable;
import org.latentcartography.core.spi.Generator;

/**
 * {@code second(first(z))}, made by {@link Generator#compose}. The intermediate values live in a
 * per-thread buffer; a stochastic stage gets its own seeds (the second stage's seeds are the
 * caller's, mixed), so the composition is as deterministic per seed as its stages. Capabilities:
 * the second's, where they implement {@link Composable}, as they compose; no others.
 */
public final class ComposedGenerator implements Generator {
    private final Generator first;
    private final Generator second;
    private final ThreadLocal<double[]> middle = new ThreadLocal<>();
    private final Composable.Composition stages = new Stages();

    /**
     * @param first the inner generator
     * @param second the outer generator
     */
    public ComposedGenerator(Generator first, Generator second) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
        int need = second.latentDimension();
        if (need >= 0 && first.outputDimension() != need) {
            throw new UsageException("cannot compose " + first.name() + " (output dimension " + first.outputDimension()
                    + ") with " + second.name() + " (latent dimension " + need + ")");
        }
    }

    @Override
    public String name() {
        return first.name() + ">" + second.name();
    }

    @Override
    public int latentDimension() {
        return first.latentDimension();
    }

    @Override
    public int outputDimension() {
        return second.outputDimension();
    }

    @Override
    public boolean isStochastic() {
        return first.isStochastic() || second.isStochastic();
    }

    @Override
    public int preferredBatchSize() {
        return Math.min(first.preferredBatchSize(), second.preferredBatchSize());
    }

    private double[] middle(int count) {
        int n = count * first.outputDimension();
        double[] m = middle.get();
        if (m == null || m.length < n) {
            m = new double[n];
            middle.set(m);
        }
        return m;
    }

    @Override
    public void apply(double[] z, int count, double[] out, int outOffset, long[] seeds) {
        double[] m = middle(count);
        first.apply(z, count, m, 0, seeds);
        second.apply(m, count, out, outOffset, mixed(seeds, count));
    }

    /** The stages as composed capabilities see them: the same feeding and seeds as {@link #apply}. */
    private final class Stages implements Composable.Composition {
        @Override
        public Generator first() {
            return first;
        }

        @Override
        public Generator second() {
            return second;
        }

        @Override
        public double[] firstStage(double[] z, int count, long[] seeds) {
            double[] m = new double[count * first.outputDimension()];
            first.apply(z, count, m, 0, seeds);
            return m;
        }

        @Override
        public long[] secondSeeds(long[] seeds, int count) {
            return mixed(seeds, count);
        }
    }

    private static long[] mixed(long[] seeds, int count) {
        long[] s = new long[count];
        for (int i = 0; i < count; i++) {
            long x = seeds[i] + 0x9E3779B97F4A7C15L;
            x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
            x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
            s[i] = x ^ (x >>> 31);
        }
        return s;
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return second.capability(type)
                .flatMap(c -> c instanceof Composable k ? k.composeAfter(type, stages) : Optional.empty())
                .filter(type::isInstance)
                .map(type::cast);
    }

    @Override
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        first.report().forEach((k, v) -> r.put("first." + k, v));
        second.report().forEach((k, v) -> r.put("second." + k, v));
        return r;
    }

    @Override
    public void close() {
        try {
            second.close();
        } finally {
            first.close();
        }
    }

    @Override
    public String toString() {
        return first + " > " + second;
    }
}
