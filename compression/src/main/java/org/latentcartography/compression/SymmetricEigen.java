package org.latentcartography.compression;

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (Golub and Van Loan,
 * alg. 8.5.3): accurate to a few ulps of the largest eigenvalue, and deterministic.
 */
final class SymmetricEigen {
    private SymmetricEigen() {
    }

    /**
     * @param a the symmetric n × n matrix, row-major; not modified
     * @param n its order
     * @return {values (n, decreasing), vectors (n × n, row k = unit eigenvector of values[k])}
     */
    static double[][] decompose(double[] a, int n) {
        double[] m = a.clone();
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int p = 0; p < n; p++) {
                diag += m[p * n + p] * m[p * n + p];
                for (int q = p + 1; q < n; q++) {
                    off += m[p * n + q] * m[p * n + q];
                }
            }
            if (off <= 1e-30 * diag || off == 0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p * n + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k * n + p];
                        double mkq = m[k * n + q];
                        m[k * n + p] = c * mkp - s * mkq;
                        m[k * n + q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p * n + k];
                        double mqk = m[q * n + k];
                        m[p * n + k] = c * mpk - s * mqk;
                        m[q * n + k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p];
                        double vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = m[i * n + i];
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(diagonal[y], diagonal[x]));
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int k = 0; k < n; k++) {
            int col = order[k];
            values[k] = diagonal[col];
            // sign convention: the largest component of each eigenvector is positive
            int big = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(v[i * n + col]) > Math.abs(v[big * n + col])) {
                    big = i;
                }
            }
            double sign = v[big * n + col] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                vectors[k * n + i] = sign * v[i * n + col];
            }
        }
        return new double[][] {values, vectors};
    }
}
