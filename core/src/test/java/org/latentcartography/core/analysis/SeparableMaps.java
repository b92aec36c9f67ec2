package org.latentcartography.core.analysis;

import org.latentcartography.core.map.LatentMap;

/**
 * Exact density-equalising maps for separable measures, built in closed form for tests.
 *
 * <p>For a per-cell measure {@code m_ij = f_i g_j} on an n1 x n2 grid, the map
 * {@code T(x, y) = (F(x), G(y))} with {@code F} the normalised cumulative sum of f (node i at
 * {@code n1 * sum_{i' < i} f_i' / sum f}, in cell units) and likewise G sends cell (i, j) to the
 * rectangle of area {@code n1 n2 f_i g_j / (sum f sum g)}, proportional to m_ij: it equalises
 * the density exactly, and is bilinear (indeed linear) on every cell.
 */
final class SeparableMaps {
    private SeparableMaps() {
    }

    /** @return node positions in cell units: 0, n * cumsum(f) / sum(f), with the last exactly n */
    static double[] cumulative(double[] f) {
        int n = f.length;
        double[] c = new double[n + 1];
        for (int i = 0; i < n; i++) {
            c[i + 1] = c[i] + f[i];
        }
        double total = c[n];
        for (int i = 0; i <= n; i++) {
            c[i] = c[i] / total * n;
        }
        c[n] = n;
        return c;
    }

    /** @return the exact equalising map of {@code m_ij = f_i g_j} on the box lower..upper */
    static LatentMap map(double[] lower, double[] upper, double[] f, double[] g) {
        int n1 = f.length;
        int n2 = g.length;
        double[] cf = cumulative(f);
        double[] cg = cumulative(g);
        double[] nodes = new double[2 * (n1 + 1) * (n2 + 1)];
        int k = 0;
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                nodes[k++] = cf[i];
                nodes[k++] = cg[j];
            }
        }
        return LatentMap.ofCellNodes(lower, upper, n1, n2, nodes);
    }

    /** @return {@code m_ij = f_i g_j} in C order */
    static double[] measure(double[] f, double[] g) {
        double[] m = new double[f.length * g.length];
        for (int i = 0; i < f.length; i++) {
            for (int j = 0; j < g.length; j++) {
                m[i * g.length + j] = f[i] * g[j];
            }
        }
        return m;
    }
}
