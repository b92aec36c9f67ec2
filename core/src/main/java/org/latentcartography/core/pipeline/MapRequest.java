package org.latentcartography.core.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.map.Densities;
import org.latentcartography.core.spi.DensityTransform;

/**
 * What a density-equalising map is made from (paper sec. 3): a 2-D or 3-D measure over a grid, how to
 * prepare it as a density (floor, blur, relaxation away from the data) and the transform
 * ({@code diffusion}, {@code flow} or a plugin's, with options). Built with {@link #builder};
 * immutable once built.
 *
 * <p>Stability: experimental.
 */
public final class MapRequest {
    private final Grid grid;
    private final double[] measure;
    private final String name;
    private final ComponentSpec method;
    private final double floor;
    private final double blur;
    private final double relax;
    private final Embeddings embeddings;
    private final int threads;
    private final DensityTransform.Listener listener;

    private MapRequest(Builder b) {
        grid = b.grid;
        measure = b.measure;
        name = b.name;
        method = b.method;
        floor = b.floor;
        blur = b.blur;
        relax = b.relax;
        embeddings = b.embeddings;
        threads = b.threads;
        listener = b.listener;
        if (grid.dimension() != 2 && grid.dimension() != 3) {
            throw new CartographyException(name + ": density-equalising maps need a 2-D or 3-D latent space (this grid has "
                    + grid.dimension() + " dimensions)");
        }
        if (grid.dimension() == 3 && relax > 0) {
            throw new UsageException(name + ": relaxation is made for 2-D measures; a 3-D measure takes a floor and a blur");
        }
        if (measure.length != grid.cellCount()) {
            throw new CartographyException(name + ": " + measure.length + " values for a grid of " + grid.cellCount()
                    + " cells");
        }
        if (relax > 0 && embeddings == null) {
            throw new UsageException("relaxing the density needs the embeddings (the cells that hold data)");
        }
        if (embeddings != null && embeddings.dimension() != grid.dimension()) {
            throw new CartographyException("the embeddings have " + embeddings.dimension() + " dimensions, the grid "
                    + grid.dimension());
        }
    }

    /**
     * @param measure a measure map, never null
     * @return a builder for the map of that measure
     */
    public static Builder builder(MeasureResult measure) {
        return builder(measure.grid(), measure.values()).name(measure.measureName() + " of " + measure.functionName());
    }

    /**
     * @param grid the 2-D or 3-D grid, never null
     * @param measure one value per cell, C order, never null; not modified
     * @return a builder
     */
    public static Builder builder(Grid grid, double[] measure) {
        return new Builder(Objects.requireNonNull(grid, "grid"), Objects.requireNonNull(measure, "measure"));
    }

    /** @return the grid */
    public Grid grid() {
        return grid;
    }

    /** @return the measure as given (shared; not modified) */
    public double[] measure() {
        return measure;
    }

    /** @return the measure's name in messages */
    public String name() {
        return name;
    }

    /** @return the transform spec */
    public ComponentSpec method() {
        return method;
    }

    /** @return the embeddings, or null */
    public Embeddings embeddings() {
        return embeddings;
    }

    /** @return worker threads */
    public int threads() {
        return threads;
    }

    /** @return the progress listener */
    public DensityTransform.Listener listener() {
        return listener;
    }

    /**
     * @return the density the transform equalises: the measure checked (non-negative, finite),
     *     floored, blurred and relaxed as asked
     * @throws CartographyException naming the measure and the first cell that is not usable
     */
    public double[] density() {
        if (grid.dimension() == 3) {
            return Densities.prepareVolume(name, measure, grid.size(0), grid.size(1), grid.size(2), floor, blur);
        }
        int n1 = grid.size(0);
        int n2 = grid.size(1);
        return Densities.prepare(name, measure, n1, n2, floor, blur, grid.width(0), grid.width(1),
                embeddings == null ? null : occupiedCells(grid, embeddings), relax);
    }

    /** @return the preparation's settings, as {@code report.json} records them */
    Map<String, Object> reportSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blur", blur);
        m.put("relax", relax);
        m.put("floor", floor);
        return m;
    }

    /** Indices of the cells that hold at least one embedding. */
    static int[] occupiedCells(Grid grid, Embeddings emb) {
        int n2 = grid.size(1);
        boolean[] seen = new boolean[grid.cellCount()];
        List<Integer> cells = new ArrayList<>();
        for (int p = 0; p < emb.count(); p++) {
            int i = (int) Math.floor((emb.get(p, 0) - grid.lower(0)) / grid.width(0));
            int j = (int) Math.floor((emb.get(p, 1) - grid.lower(1)) / grid.width(1));
            if (i >= 0 && i < grid.size(0) && j >= 0 && j < n2 && !seen[i * n2 + j]) {
                seen[i * n2 + j] = true;
                cells.add(i * n2 + j);
            }
        }
        return cells.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Builds a {@link MapRequest}. Every setter checks its argument and returns this.
     *
     * <p>Stability: experimental.
     */
    public static final class Builder {
        private final Grid grid;
        private final double[] measure;
        private String name = "measure";
        private ComponentSpec method = ComponentSpec.parse("diffusion");
        private double floor;
        private double blur;
        private double relax;
        private Embeddings embeddings;
        private int threads = Runtime.getRuntime().availableProcessors();
        private DensityTransform.Listener listener = (it, err) -> { };

        private Builder(Grid grid, double[] measure) {
            this.grid = grid;
            this.measure = measure;
        }

        /**
         * @param name the measure's name in messages (e.g. its file), never null
         * @return this
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param spec the transform: {@code diffusion} (default), {@code flow}, or a plugin's, with options
         * @return this
         */
        public Builder method(String spec) {
            return method(ComponentSpec.parse(spec));
        }

        /**
         * @param spec the transform spec, never null
         * @return this
         */
        public Builder method(ComponentSpec spec) {
            this.method = Objects.requireNonNull(spec, "method");
            return this;
        }

        /**
         * @param f add f × mean to every cell, so that cells of zero measure are allowed (default 0)
         * @return this
         */
        public Builder floor(double f) {
            this.floor = nonNegative(f, "floor");
            return this;
        }

        /**
         * @param sigma Gaussian blur of the measure in cells; weakens the effect (default 0)
         * @return this
         */
        public Builder blur(double sigma) {
            this.blur = nonNegative(sigma, "blur");
            return this;
        }

        /**
         * @param length relax the measure to its mean with distance from the embeddings, in latent
         *     units (default 0: none; needs the embeddings)
         * @return this
         */
        public Builder relax(double length) {
            this.relax = nonNegative(length, "relax length");
            return this;
        }

        /**
         * @param embeddings the latent codes (for relaxation), or null
         * @return this
         */
        public Builder embeddings(Embeddings embeddings) {
            this.embeddings = embeddings;
            return this;
        }

        /**
         * @param threads worker threads, at least 1
         * @return this
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new UsageException("threads must be at least 1 (got " + threads + ")");
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param listener receives the transform's progress, never null
         * @return this
         */
        public Builder listener(DensityTransform.Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        private static double nonNegative(double v, String what) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new UsageException(what + " must be a finite number >= 0 (got " + v + ")");
            }
            return v;
        }

        /** @return the request */
        public MapRequest build() {
            return new MapRequest(this);
        }
    }
}
