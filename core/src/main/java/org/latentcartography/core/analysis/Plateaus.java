package org.latentcartography.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.map.AreaError;
import org.latentcartography.core.map.LatentMap;

/**
 * Finds latent regions that a decoder fills with near-constant output but that hold few distinct
 * training codes: the trace of memorised or duplicated training data (paper sec. 4.1.2, Fig. 3).
 *
 * <p>The detector works on a measure map alone and is meant to be explained in one paragraph:
 *
 * <ol>
 *   <li><b>Plateau cells.</b> A cell is a plateau cell when its measure is at most
 *       {@code threshold × median}, the median taken over all cells. A measure near zero means the
 *       decoder's output hardly changes across the cell.</li>
 *   <li><b>Regions.</b> Plateau cells that share a face form one region (connected components);
 *       regions of fewer than {@link Settings#minCells} cells are dropped.</li>
 *   <li><b>What a region should hold.</b> A Gaussian is fitted to the distinct training codes
 *       (mean and covariance); its mass over the region, summed over the cells (density at the
 *       centre × cell volume), times the number of distinct codes, is the region's
 *       <i>expected</i> count: how many codes a region of that size and place would hold if the
 *       codes were spread as smoothly as the Gaussian. Far outside the data the expected count
 *       is small, so empty margins of the grid are not suspects.</li>
 *   <li><b>What it holds.</b> The codes inside the region's cells, and how many of them are
 *       distinct (codes equal in every coordinate, such as copies of one training row, count
 *       once).</li>
 *   <li><b>Score.</b> {@code expected / distinct}: how many times fewer distinct codes the region
 *       holds than its area and place would suggest. Regions holding at least one code are ranked
 *       by it, highest first ({@link Diagnosis#suspects}). Regions holding no code (e.g. the empty
 *       margin, or a disconnected part of a memorised region) are listed apart
 *       ({@link Diagnosis#empty}), ranked by their expected count.</li>
 * </ol>
 *
 * <p>Every region also reports its <i>fence</i>: the 90th percentile of the measure in a band of
 * cells just outside it (2% of the grid's longest axis wide, at least 2 cells), relative to the
 * median over the grid. A memorised region is typically fenced by high measure (the paper's
 * Fig. 3), but the fence does not enter the score.
 *
 * <p>Stability: experimental. Stateless; arguments are not modified.
 */
public final class Plateaus {
    private Plateaus() {
    }

    /**
     * How plateau cells and regions are chosen.
     *
     * <p>Stability: experimental.
     *
     * @param threshold a cell is a plateau cell when its measure is at most {@code threshold}
     *     times the median measure; in (0, 1]
     * @param minCells regions with fewer cells are dropped; at least 1
     */
    public record Settings(double threshold, int minCells) {
        /** The defaults: a fifth of the median, regions of at least 16 cells. */
        public static final Settings DEFAULT = new Settings(0.2, 16);

        /**
         * Checks the settings.
         *
         * @param threshold a cell is a plateau cell when its measure is at most {@code threshold} times the median measure; in (0, 1]
         * @param minCells regions with fewer cells are dropped; at least 1
         * @throws UsageException when a value is out of range
         */
        public Settings {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new UsageException("plateau threshold must be in (0, 1] (a fraction of the median measure), got " + threshold);
            }
            if (minCells < 1) {
                throw new UsageException("plateau regions need at least 1 cell, got a minimum of " + minCells);
            }
        }
    }

    /**
     * One region of plateau cells.
     *
     * <p>Stability: experimental. Arrays are owned by the record; do not modify them.
     *
     * @param rank 1 for the strongest suspect (or, among empty regions, the largest expected count)
     * @param cells the region's cells (flat C-order indices into the grid), ascending
     * @param area the region's volume in latent units (cells × cell volume)
     * @param areaShare the region's share of the grid's volume
     * @param meanMeasure the mean measure over the region's cells
     * @param fence the 90th percentile of the measure in the band of cells just outside the region
     *     (within 2% of the grid's longest axis, at least 2 cells, in face steps), divided by the
     *     grid's median measure (NaN when there are no cells outside)
     * @param expected the expected number of distinct codes (see the class comment)
     * @param indices the rows of the codes inside the region, ascending
     * @param distinct how many of those codes are distinct
     * @param score {@code expected / distinct}, or {@code expected} for an empty region
     * @param centroid the region's centre of area in latent coordinates
     * @param touchesBoundary whether the region reaches the grid's outer boundary
     */
    public record Region(int rank, int[] cells, double area, double areaShare, double meanMeasure, double fence,
                         double expected, int[] indices, int distinct, double score, double[] centroid,
                         boolean touchesBoundary) {
        /** @return the region as a JSON-ready map (cells left out; indices in full) */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rank", rank);
            m.put("score", score);
            m.put("cells", cells.length);
            m.put("area", area);
            m.put("area_share", areaShare);
            m.put("mean_measure", meanMeasure);
            m.put("fence_over_median", Double.isNaN(fence) ? null : fence);
            m.put("expected_codes", expected);
            m.put("codes", indices.length);
            m.put("distinct_codes", distinct);
            m.put("centroid", centroid);
            m.put("touches_boundary", touchesBoundary);
            m.put("indices", indices);
            return m;
        }
    }

    /**
     * What the detector found.
     *
     * <p>Stability: experimental.
     *
     * @param grid the grid
     * @param settings the settings used
     * @param median the median measure over the grid
     * @param plateauCells how many cells are plateau cells (before regions are dropped)
     * @param suspects regions holding at least one code, highest score first
     * @param empty regions holding no code, highest expected count first
     * @param outside how many codes lie outside the grid (they are in no region)
     * @param distinctCodes how many distinct codes there are in all
     */
    public record Diagnosis(Grid grid, Settings settings, double median, int plateauCells, List<Region> suspects,
                            List<Region> empty, int outside, int distinctCodes) {
        /** @return the diagnosis as a JSON-ready map */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", "plateau cells: measure <= threshold x median; face-connected regions of at least min_cells; "
                    + "score = expected distinct codes (Gaussian fitted to the distinct codes, mass over the region) / distinct codes inside");
            m.put("threshold", settings.threshold());
            m.put("min_cells", settings.minCells());
            m.put("median_measure", median);
            m.put("plateau_cells", plateauCells);
            m.put("plateau_share", plateauCells / (double) grid.cellCount());
            m.put("distinct_codes", distinctCodes);
            m.put("codes_outside_grid", outside);
            m.put("suspects", suspects.stream().map(Region::toMap).toList());
            m.put("empty_regions", empty.stream().map(Region::toMap).toList());
            return m;
        }
    }

    /**
     * Runs the detector.
     *
     * @param grid the measure's grid, never null
     * @param measure the measure of every cell, C order, length = cells; non-negative and finite;
     *     not modified
     * @param codes the training codes (rows may repeat), of the grid's dimension, never null
     * @param settings the settings, never null
     * @return the regions found
     * @throws CartographyException when the measure does not fit the grid, is not finite or not
     *     positive somewhere, or the codes have another dimension than the grid
     */
    public static Diagnosis find(Grid grid, double[] measure, Embeddings codes, Settings settings) {
        int d = grid.dimension();
        int n = grid.cellCount();
        if (measure.length != n) {
            throw new CartographyException("plateaus: the measure has " + measure.length + " values for a grid of " + n + " cells");
        }
        if (codes.dimension() != d) {
            throw new CartographyException("plateaus: the codes have " + codes.dimension() + " dimensions, the grid " + d);
        }
        for (int c = 0; c < n; c++) {
            if (!(measure[c] >= 0) || Double.isInfinite(measure[c])) {
                throw new CartographyException("plateaus: measure of cell " + c + " is " + measure[c]);
            }
        }
        double median = median(measure);
        if (!(median > 0)) {
            throw new CartographyException("plateaus: the median measure is " + median + "; the measure is zero on at least half the grid");
        }
        double cut = settings.threshold() * median;
        int[] component = new int[n];
        Arrays.fill(component, -1);
        int plateau = 0;
        for (int c = 0; c < n; c++) {
            if (measure[c] <= cut) {
                plateau++;
            }
        }
        List<int[]> regions = label(grid, measure, cut, component);

        // codes per cell, distinct codes overall
        int[] cellOf = new int[codes.count()];
        int outside = 0;
        double[] p = new double[d];
        int[] idx = new int[d];
        for (int i = 0; i < codes.count(); i++) {
            for (int k = 0; k < d; k++) {
                p[k] = codes.get(i, k);
            }
            cellOf[i] = cellOf(grid, p, idx);
            if (cellOf[i] < 0) {
                outside++;
            }
        }
        double[] distinctRows = distinctRows(codes);
        int distinctCount = distinctRows.length / d;
        Gaussian gauss = Gaussian.fit(distinctRows, d);
        double cellVolume = 1;
        for (int k = 0; k < d; k++) {
            cellVolume *= grid.width(k);
        }
        double[] centre = new double[d];
        List<Region> suspects = new ArrayList<>();
        List<Region> empty = new ArrayList<>();
        for (int r = 0; r < regions.size(); r++) {
            int[] cells = regions.get(r);
            if (cells.length < settings.minCells()) {
                continue;
            }
            double mass = 0;
            double sumMeasure = 0;
            double[] centroid = new double[d];
            boolean boundary = false;
            for (int c : cells) {
                grid.centre(c, centre, 0);
                mass += gauss.density(centre) * cellVolume;
                sumMeasure += measure[c];
                for (int k = 0; k < d; k++) {
                    centroid[k] += centre[k] / cells.length;
                }
                grid.unravel(c, idx);
                for (int k = 0; k < d; k++) {
                    boundary |= idx[k] == 0 || idx[k] == grid.size(k) - 1;
                }
            }
            int[] inside = inside(component, cellOf, r);
            int distinct = countDistinct(codes, inside);
            double expected = mass * distinctCount;
            double score = distinct > 0 ? expected / distinct : expected;
            Region region = new Region(0, cells, cells.length * cellVolume, cells.length / (double) n,
                    sumMeasure / cells.length, fence(grid, measure, component, r, cells, fenceWidth(grid)) / median, expected, inside,
                    distinct, score, centroid, boundary);
            (distinct > 0 ? suspects : empty).add(region);
        }
        return new Diagnosis(grid, settings, median, plateau, ranked(suspects), ranked(empty), outside, distinctCount);
    }

    /**
     * A region's share of the transformed space under a density-equalising map: the summed areas
     * of its cells' transformed quads over the total. Under a map made from the same measure it
     * approaches the region's share of the measure, so a plateau all but vanishes there.
     *
     * @param region a region of a 2-D grid, never null
     * @param map a map over the same grid, never null
     * @return the share, in [0, 1] when no cell is folded
     * @throws CartographyException when the map's grid has another number of cells
     */
    public static double mapAreaShare(Region region, LatentMap map) {
        double[] areas = AreaError.cellAreas(map.cellNodes(), map.n1(), map.n2());
        double total = 0;
        for (double a : areas) {
            total += a;
        }
        double in = 0;
        for (int c : region.cells()) {
            if (c >= areas.length) {
                throw new CartographyException("plateaus: the map has " + areas.length + " cells, the region's grid more");
            }
            in += areas[c];
        }
        return in / total;
    }

    private static List<Region> ranked(List<Region> regions) {
        List<Region> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparingDouble(Region::score).reversed());
        List<Region> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Region r = sorted.get(i);
            out.add(new Region(i + 1, r.cells(), r.area(), r.areaShare(), r.meanMeasure(), r.fence(), r.expected(),
                    r.indices(), r.distinct(), r.score(), r.centroid(), r.touchesBoundary()));
        }
        return List.copyOf(out);
    }

    /** Face-connected components of the cells with measure at most {@code cut}; fills {@code component}. */
    private static List<int[]> label(Grid grid, double[] measure, double cut, int[] component) {
        int d = grid.dimension();
        int n = grid.cellCount();
        int[] idx = new int[d];
        int[] stack = new int[n];
        List<int[]> regions = new ArrayList<>();
        for (int start = 0; start < n; start++) {
            if (component[start] >= 0 || measure[start] > cut) {
                continue;
            }
            int id = regions.size();
            int top = 0;
            int size = 0;
            int[] cells = new int[16];
            stack[top++] = start;
            component[start] = id;
            while (top > 0) {
                int c = stack[--top];
                if (size == cells.length) {
                    cells = Arrays.copyOf(cells, size * 2);
                }
                cells[size++] = c;
                grid.unravel(c, idx);
                for (int k = 0; k < d; k++) {
                    int stride = grid.stride(k);
                    if (idx[k] > 0 && component[c - stride] < 0 && measure[c - stride] <= cut) {
                        component[c - stride] = id;
                        stack[top++] = c - stride;
                    }
                    if (idx[k] < grid.size(k) - 1 && component[c + stride] < 0 && measure[c + stride] <= cut) {
                        component[c + stride] = id;
                        stack[top++] = c + stride;
                    }
                }
            }
            int[] sorted = Arrays.copyOf(cells, size);
            Arrays.sort(sorted);
            regions.add(sorted);
        }
        return regions;
    }

    /**
     * The 90th percentile of the measure over the band of cells outside region {@code r} within
     * {@code width} face steps of it (breadth-first from the region); NaN when there is none.
     */
    private static double fence(Grid grid, double[] measure, int[] component, int r, int[] cells, int width) {
        int d = grid.dimension();
        int[] idx = new int[d];
        Map<Integer, Integer> step = new HashMap<>();
        List<Integer> frontier = new ArrayList<>();
        for (int c : cells) {
            frontier.add(c);
        }
        List<Integer> band = new ArrayList<>();
        for (int s = 1; s <= width && !frontier.isEmpty(); s++) {
            List<Integer> next = new ArrayList<>();
            for (int c : frontier) {
                grid.unravel(c, idx);
                for (int k = 0; k < d; k++) {
                    int stride = grid.stride(k);
                    for (int sign = -1; sign <= 1; sign += 2) {
                        int i = idx[k] + sign;
                        int nb = c + sign * stride;
                        if (i >= 0 && i < grid.size(k) && component[nb] != r && step.putIfAbsent(nb, s) == null) {
                            next.add(nb);
                            band.add(nb);
                        }
                    }
                }
            }
            frontier = next;
        }
        if (band.isEmpty()) {
            return Double.NaN;
        }
        double[] values = band.stream().mapToDouble(c -> measure[c]).toArray();
        Arrays.sort(values);
        return values[(int) Math.floor(0.9 * (values.length - 1))];
    }

    /** The fence's width in face steps: 2% of the grid's longest axis, at least 2 cells. */
    static int fenceWidth(Grid grid) {
        int longest = 0;
        for (int k = 0; k < grid.dimension(); k++) {
            longest = Math.max(longest, grid.size(k));
        }
        return Math.max(2, (int) Math.ceil(0.02 * longest));
    }

    private static int[] inside(int[] component, int[] cellOf, int r) {
        int count = 0;
        for (int cell : cellOf) {
            if (cell >= 0 && component[cell] == r) {
                count++;
            }
        }
        int[] out = new int[count];
        int j = 0;
        for (int i = 0; i < cellOf.length; i++) {
            if (cellOf[i] >= 0 && component[cellOf[i]] == r) {
                out[j++] = i;
            }
        }
        return out;
    }

    private static int countDistinct(Embeddings codes, int[] rows) {
        Set<List<Double>> seen = new HashSet<>();
        for (int i : rows) {
            seen.add(row(codes, i));
        }
        return seen.size();
    }

    private static List<Double> row(Embeddings codes, int i) {
        Double[] v = new Double[codes.dimension()];
        for (int k = 0; k < v.length; k++) {
            v[k] = codes.get(i, k);
        }
        return Arrays.asList(v);
    }

    /** The distinct rows, flattened, in order of first appearance. */
    private static double[] distinctRows(Embeddings codes) {
        Set<List<Double>> seen = new HashSet<>();
        int d = codes.dimension();
        double[] out = new double[codes.count() * d];
        int m = 0;
        for (int i = 0; i < codes.count(); i++) {
            if (seen.add(row(codes, i))) {
                for (int k = 0; k < d; k++) {
                    out[m * d + k] = codes.get(i, k);
                }
                m++;
            }
        }
        return Arrays.copyOf(out, m * d);
    }

    /** The cell holding a point (upper bounds included in the last cell), or -1 outside the grid. */
    static int cellOf(Grid grid, double[] p, int[] idx) {
        int cell = 0;
        for (int k = 0; k < grid.dimension(); k++) {
            double t = (p[k] - grid.lower(k)) / grid.width(k);
            if (!(t >= 0 && t <= grid.size(k))) {
                return -1;
            }
            idx[k] = Math.min(grid.size(k) - 1, (int) t);
            cell += idx[k] * grid.stride(k);
        }
        return cell;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    /** A Gaussian with full covariance, through its Cholesky factor. */
    private record Gaussian(double[] mean, double[] chol, double norm) {
        static Gaussian fit(double[] rows, int d) {
            int m = rows.length / d;
            if (m < d + 1) {
                throw new CartographyException("plateaus: " + m + " distinct codes are too few to fit a Gaussian in " + d + " dimensions");
            }
            double[] mean = new double[d];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < d; k++) {
                    mean[k] += rows[i * d + k] / m;
                }
            }
            double[] cov = new double[d * d];
            for (int i = 0; i < m; i++) {
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        cov[a * d + b] += (rows[i * d + a] - mean[a]) * (rows[i * d + b] - mean[b]) / (m - 1);
                    }
                }
            }
            double[] l = new double[d * d];
            double logDet = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = cov[i * d + j];
                    for (int k = 0; k < j; k++) {
                        s -= l[i * d + k] * l[j * d + k];
                    }
                    if (i == j) {
                        if (!(s > 0)) {
                            throw new CartographyException("plateaus: the distinct codes are degenerate (they lie in a lower-dimensional subspace)");
                        }
                        l[i * d + i] = Math.sqrt(s);
                        logDet += 2 * Math.log(l[i * d + i]);
                    } else {
                        l[i * d + j] = s / l[j * d + j];
                    }
                }
            }
            double norm = Math.exp(-0.5 * (d * Math.log(2 * Math.PI) + logDet));
            return new Gaussian(mean, l, norm);
        }

        double density(double[] x) {
            int d = mean.length;
            double[] y = new double[d];
            double q = 0;
            for (int i = 0; i < d; i++) {
                double s = x[i] - mean[i];
                for (int k = 0; k < i; k++) {
                    s -= chol[i * d + k] * y[k];
                }
                y[i] = s / chol[i * d + i];
                q += y[i] * y[i];
            }
            return norm * Math.exp(-0.5 * q);
        }
    }
}
