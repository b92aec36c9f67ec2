package org.latentcartography.core.analysis;

import java.util.Arrays;
import org.latentcartography.core.UsageException;

/**
 * The linear assignment problem by the Hungarian method (Kuhn 1955, Munkres 1957), in the
 * shortest-augmenting-path form with row and column potentials (Jonker and Volgenant's
 * formulation as commonly written), O(n<sup>2</sup> m) for an n &#215; m matrix with n &le; m, so
 * O(n<sup>3</sup>) when square.
 *
 * <p>Given costs {@code C[i][j]} for n rows and m columns, find an assignment {@code j = a(i)} of
 * each row to a distinct column minimising {@code sum_i C[i][a(i)]}. When n &gt; m the matrix is
 * solved transposed: each column gets a distinct row and the {@code n - m} rows left over are
 * assigned -1. {@link #maximise} solves the same problem for {@code -C}.
 *
 * <p>The potentials {@code u_i + v_j <= C[i][j]}, with equality on the assignment, certify
 * optimality (LP duality); with finite costs the method is exact up to rounding in the sums.
 *
 * <p>Stability: experimental. Stateless; static methods; the matrix is not modified.
 */
public final class Hungarian {
    private Hungarian() {
    }

    /**
     * @param cost an n &#215; m matrix, rectangular, finite, n and m at least 1; not modified
     * @return {@code a} with {@code a[i]} the column of row i, or -1 for rows left over when n &gt; m
     * @throws UsageException when the matrix is empty, ragged or not finite
     */
    public static int[] minimise(double[][] cost) {
        int n = cost.length;
        if (n == 0 || cost[0].length == 0) {
            throw new UsageException("assignment: the cost matrix is empty");
        }
        int m = cost[0].length;
        for (int i = 0; i < n; i++) {
            if (cost[i].length != m) {
                throw new UsageException("assignment: row " + i + " has " + cost[i].length + " entries, row 0 has " + m);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(cost[i][j])) {
                    throw new UsageException("assignment: cost[" + i + "][" + j + "] = " + cost[i][j] + " is not finite");
                }
            }
        }
        if (n <= m) {
            return solve(cost, n, m, false);
        }
        int[] colToRow = solve(cost, m, n, true);
        int[] out = new int[n];
        Arrays.fill(out, -1);
        for (int j = 0; j < m; j++) {
            out[colToRow[j]] = j;
        }
        return out;
    }

    /**
     * The assignment maximising {@code sum_i W[i][a(i)]}.
     *
     * @param weight an n &#215; m matrix, finite; not modified
     * @return {@code a} as for {@link #minimise}
     */
    public static int[] maximise(double[][] weight) {
        double[][] neg = new double[weight.length][];
        for (int i = 0; i < weight.length; i++) {
            neg[i] = new double[weight[i].length];
            for (int j = 0; j < weight[i].length; j++) {
                neg[i][j] = -weight[i][j];
            }
        }
        return minimise(neg);
    }

    /**
     * @param cost the matrix
     * @param assignment as returned by {@link #minimise}
     * @return {@code sum_i C[i][a(i)]} over assigned rows
     */
    public static double total(double[][] cost, int[] assignment) {
        double s = 0;
        for (int i = 0; i < assignment.length; i++) {
            if (assignment[i] >= 0) {
                s += cost[i][assignment[i]];
            }
        }
        return s;
    }

    /**
     * Shortest augmenting paths for n rows, m columns, n &lt;= m; {@code transposed} reads
     * {@code c(i, j)} as {@code cost[j][i]}. Arrays are 1-based, index 0 is the virtual root.
     */
    private static int[] solve(double[][] cost, int n, int m, boolean transposed) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1]; // p[j]: row matched to column j, 0 if none
        int[] way = new int[m + 1];
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                for (int j = 1; j <= m; j++) {
                    if (used[j]) {
                        continue;
                    }
                    double c = transposed ? cost[j - 1][i0 - 1] : cost[i0 - 1][j - 1];
                    double cur = c - u[i0] - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                rowToCol[p[j] - 1] = j - 1;
            }
        }
        return rowToCol;
    }
}
