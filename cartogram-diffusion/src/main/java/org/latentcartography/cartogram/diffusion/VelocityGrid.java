package org.latentcartography.cartogram.diffusion;

/**
 * A velocity field given at the cell centres of an {@code n1 x n2} grid (cell units), with one
 * ring of ghost cells mirrored across the walls, and its bilinear interpolation at any point of
 * the box [0, n1] &#215; [0, n2].
 *
 * <p>Across a wall normal to x, v<sub>x</sub> is mirrored with a change of sign and v<sub>y</sub>
 * without (and likewise across walls normal to y): the reflection of a field with zero normal flux.
 * So the interpolated normal velocity on a wall is exactly 0 and nodes on the walls stay on them.
 *
 * <p>Padded cell (p, q), p in [0, n1 + 1], q in [0, n2 + 1], sits at (p - 1/2, q - 1/2).
 */
final class VelocityGrid {
    /** Cells of the lattice now in use (finer or coarser than the base grid). */
    int n1;
    int n2;
    /** Lattice cells per base cell along x and y; positions are always in base cells. */
    double scale1 = 1;
    double scale2 = 1;
    private int stride;
    private final int base1;
    private final int base2;
    private final int max1;
    private final int max2;
    /** Single precision: the velocity's rounding (6e-8 relative) is far below the step tolerance, and it halves the largest arrays of the transforms. */
    final float[] vx;
    final float[] vy;

    VelocityGrid(int n1, int n2) {
        this(n1, n2, 1);
    }

    /**
     * @param n1 base cells along x
     * @param n2 base cells along y
     * @param maxScale the finest lattice that {@link #setLattice} may select, in lattice cells per
     *     base cell
     */
    VelocityGrid(int n1, int n2, int maxScale) {
        this(n1, n2, maxScale, new float[length(n1, n2, maxScale)], new float[length(n1, n2, maxScale)]);
    }

    /**
     * As {@link #VelocityGrid(int, int, int)}, on given arrays (at least {@link #length} long, any
     * contents: every fill writes the whole lattice in use and its ghost ring before it is read).
     */
    VelocityGrid(int n1, int n2, int maxScale, float[] vx, float[] vy) {
        this.base1 = n1;
        this.base2 = n2;
        this.max1 = maxScale * n1;
        this.max2 = maxScale * n2;
        int length = length(n1, n2, maxScale);
        if (vx.length < length || vy.length < length) {
            throw new IllegalArgumentException("arrays of " + vx.length + ", " + vy.length + " for " + length);
        }
        this.vx = vx;
        this.vy = vy;
        setLattice(n1, n2);
    }

    /** @return the length of each component's array for these arguments of {@link #VelocityGrid(int, int, int)} */
    static int length(int n1, int n2, int maxScale) {
        return (maxScale * n1 + 2) * (maxScale * n2 + 2);
    }

    /**
     * Selects the lattice: {@code c1 x c2} cells spanning the box, so values are written at the
     * centres of the lattice cells ({@link #index} in lattice cells) while {@link #sample} still
     * takes positions in base cells.
     */
    void setLattice(int c1, int c2) {
        if (c1 < 1 || c2 < 1 || c1 > max1 || c2 > max2) {
            throw new IllegalArgumentException("lattice " + c1 + " x " + c2);
        }
        this.n1 = c1;
        this.n2 = c2;
        this.scale1 = (double) c1 / base1;
        this.scale2 = (double) c2 / base2;
        this.stride = c2 + 2;
    }

    /** @return index in {@link #vx}/{@link #vy} of cell (i, j), 0-based without the ghost ring */
    int index(int i, int j) {
        return (i + 1) * stride + j + 1;
    }

    /** Fills the ghost ring from the interior; call after writing every interior cell. */
    void mirror() {
        int last = (n1 + 1) * stride;
        int inner = n1 * stride;
        for (int q = 1; q <= n2; q++) {
            vx[q] = -vx[stride + q];
            vy[q] = vy[stride + q];
            vx[last + q] = -vx[inner + q];
            vy[last + q] = vy[inner + q];
        }
        for (int p = 0; p <= n1 + 1; p++) {
            int row = p * stride;
            vx[row] = vx[row + 1];
            vy[row] = -vy[row + 1];
            vx[row + n2 + 1] = vx[row + n2];
            vy[row + n2 + 1] = -vy[row + n2];
        }
    }

    /**
     * Interpolates the velocity at points {@code [from, to)}.
     *
     * @param pos point k at {@code pos[2k], pos[2k + 1]}, inside the box; not modified
     * @param out receives velocity k at {@code out[2k], out[2k + 1]}
     * @return the largest speed among these points
     */
    double interpolate(double[] pos, double[] out, int from, int to) {
        double maxSpeed2 = 0;
        for (int k = from; k < to; k++) {
            double x = pos[2 * k];
            double y = pos[2 * k + 1];
            sample(x, y, out, 2 * k);
            double sx = out[2 * k];
            double sy = out[2 * k + 1];
            double s2 = sx * sx + sy * sy;
            if (s2 > maxSpeed2) {
                maxSpeed2 = s2;
            }
        }
        return Math.sqrt(maxSpeed2);
    }

    /** As {@link #interpolate(double[], double[], int, int)}, into single precision. */
    double interpolate(double[] pos, float[] out, int from, int to) {
        double maxSpeed2 = 0;
        for (int k = from; k < to; k++) {
            sample(pos[2 * k], pos[2 * k + 1], out, 2 * k);
            double sx = out[2 * k];
            double sy = out[2 * k + 1];
            double s2 = sx * sx + sy * sy;
            if (s2 > maxSpeed2) {
                maxSpeed2 = s2;
            }
        }
        return Math.sqrt(maxSpeed2);
    }

    /** As {@link #sample(double, double, double[], int)}, rounded to single precision. */
    void sample(double x, double y, float[] out, int o) {
        double u = x * scale1 + 0.5;
        double w = y * scale2 + 0.5;
        if (!(u >= 0.5)) {
            u = 0.5;
        } else if (u > n1 + 0.5) {
            u = n1 + 0.5;
        }
        if (!(w >= 0.5)) {
            w = 0.5;
        } else if (w > n2 + 0.5) {
            w = n2 + 0.5;
        }
        int p = (int) u;
        int q = (int) w;
        if (p > n1) {
            p = n1;
        }
        if (q > n2) {
            q = n2;
        }
        double fu = u - p;
        double fw = w - q;
        int i00 = p * stride + q;
        int i10 = i00 + stride;
        // Grouped so that the mirrored pairs cancel exactly on the walls: across x for vx, across y for vy.
        out[o] = (float) ((1 - fw) * ((1 - fu) * vx[i00] + fu * vx[i10]) + fw * ((1 - fu) * vx[i00 + 1] + fu * vx[i10 + 1]));
        out[o + 1] = (float) ((1 - fu) * ((1 - fw) * vy[i00] + fw * vy[i00 + 1]) + fu * ((1 - fw) * vy[i10] + fw * vy[i10 + 1]));
    }

    /** Writes the velocity at (x, y) to {@code out[o], out[o + 1]}. */
    void sample(double x, double y, double[] out, int o) {
        double u = x * scale1 + 0.5;
        double w = y * scale2 + 0.5;
        if (!(u >= 0.5)) {
            u = 0.5;
        } else if (u > n1 + 0.5) {
            u = n1 + 0.5;
        }
        if (!(w >= 0.5)) {
            w = 0.5;
        } else if (w > n2 + 0.5) {
            w = n2 + 0.5;
        }
        int p = (int) u;
        int q = (int) w;
        if (p > n1) {
            p = n1;
        }
        if (q > n2) {
            q = n2;
        }
        double fu = u - p;
        double fw = w - q;
        int i00 = p * stride + q;
        int i10 = i00 + stride;
        // Grouped so that the mirrored pairs cancel exactly on the walls: across x for vx, across y for vy.
        out[o] = (1 - fw) * ((1 - fu) * vx[i00] + fu * vx[i10]) + fw * ((1 - fu) * vx[i00 + 1] + fu * vx[i10 + 1]);
        out[o + 1] = (1 - fu) * ((1 - fw) * vy[i00] + fw * vy[i00 + 1]) + fu * ((1 - fw) * vy[i10] + fw * vy[i10 + 1]);
    }

    /** Writes interior row i of {@link #vx} and {@link #vy} (from {@link #index}(i, 0) on). */
    @FunctionalInterface
    interface RowWriter {
        void write(int i);
    }

    /**
     * Fills the lattice row by row, mirrors it, and returns its strain estimate, with the neighbour
     * differences taken while each row is still in cache instead of in a second pass over the
     * lattice. The mirrored ghost ring only repeats the interior differences and adds twice the
     * normal component on each wall (see {@link #rowGradient}), so the interior rows suffice.
     *
     * @param writer writes one interior row; called once for every row, from the workers' threads
     * @return the largest difference between neighbouring centres (ghost ring included) of either
     *     velocity component, times the larger of {@link #scale1} and {@link #scale2}: an estimate of
     *     the largest velocity gradient in 1/time
     */
    double fillRows(Workers workers, int minChunk, RowWriter writer) {
        int rows = n1;
        int parts = workers.parts(rows, minChunk);
        double[] partMax = new double[parts];
        int[] partFrom = new int[parts];
        workers.range(rows, minChunk, (part, from, to) -> {
            double m = 0;
            for (int i = from; i < to; i++) {
                writer.write(i);
                double g = rowGradient(i, i > from);
                m = g > m ? g : m;
            }
            partMax[part] = m;
            partFrom[part] = from;
        });
        double m = 0;
        for (int part = 0; part < parts; part++) {
            m = Math.max(m, partMax[part]);
            // the pair of rows across each seam between two workers' ranges
            if (partFrom[part] > 0) {
                m = Math.max(m, rowGradient(partFrom[part], true));
            }
        }
        mirror();
        return m * Math.max(scale1, scale2);
    }

    /**
     * The largest absolute difference of either component between interior row i and its
     * neighbours: along the row, across the y walls (the ghost holds -v<sub>y</sub>, so 2|v<sub>y</sub>|),
     * across an x wall when i is the first or last row (2|v<sub>x</sub>|), and with row i - 1 when
     * {@code withPrevious}. All in double from the stored floats, so exact and independent of the order.
     */
    private double rowGradient(int i, boolean withPrevious) {
        int a = index(i, 0);
        int last = a + n2 - 1;
        // the largest and smallest signed difference; hi >= 0 >= lo, so a difference updates at most
        // one of them, and after the first cells the branches are almost never taken (predictable,
        // unlike choosing the larger of two differences, which is a coin toss per cell)
        double hi = 0;
        double lo = 0;
        for (int k = a; k < last; k++) {
            double d3 = (double) vx[k + 1] - vx[k];
            double d4 = (double) vy[k + 1] - vy[k];
            if (d3 > hi) {
                hi = d3;
            } else if (d3 < lo) {
                lo = d3;
            }
            if (d4 > hi) {
                hi = d4;
            } else if (d4 < lo) {
                lo = d4;
            }
        }
        if (withPrevious) {
            int b = a - stride;
            for (int j = 0; j < n2; j++) {
                double d1 = (double) vx[a + j] - vx[b + j];
                double d2 = (double) vy[a + j] - vy[b + j];
                if (d1 > hi) {
                    hi = d1;
                } else if (d1 < lo) {
                    lo = d1;
                }
                if (d2 > hi) {
                    hi = d2;
                } else if (d2 < lo) {
                    lo = d2;
                }
            }
        }
        double m = hi > -lo ? hi : -lo;
        m = Math.max(m, Math.max(Math.abs(2.0 * vy[a]), Math.abs(2.0 * vy[last])));
        if (i == 0 || i == n1 - 1) {
            for (int j = a; j <= last; j++) {
                double w = Math.abs(2.0 * vx[j]);
                m = w > m ? w : m;
            }
        }
        return m;
    }
}
