package org.latentcartography.measures.riemannian;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.SlabView;

/**
 * The approximate Riemannian measure of paper sec. 2.2.1: m(z) = sqrt(det JᵀJ), where the
 * Jacobian J (D_h &#215; D_z) of the meaning function is approximated from the grid by
 * <pre>
 *   J[:, k] = (h(c + e_k) - h(c - e_k)) / (2 Δ_k)     inside the grid,
 *   J[:, k] = (h(c + e_k) - h(c)) / Δ_k               at the lower border (one-sided),
 *   J[:, k] = (h(c) - h(c - e_k)) / Δ_k               at the upper border,
 *   J[:, k] = 0                                       when axis k has a single cell.
 * </pre>
 * The central difference has error O(Δ²) in the interior, the one-sided one O(Δ) at the border.
 * In two dimensions det JᵀJ = |J₀|²|J₁|² − (J₀·J₁)² is computed directly; above, the Gram matrix
 * is formed and its determinant taken by LU decomposition (EJML). The determinant of a positive
 * semi-definite matrix is clamped at 0 against rounding.
 *
 * <p>Thread-safe: no state beyond the immutable configuration.
 */
final class RiemannianMeasure implements Measure {

    @Override
    public void compute(SlabView view, int slab, double[] out, int outOffset) {
        run(view, slab, out, outOffset, false);
    }

    @Override
    public boolean hasMetric() {
        return true;
    }

    @Override
    public void metric(SlabView view, int slab, double[] out, int outOffset) {
        run(view, slab, out, outOffset, true);
    }

    private static void run(SlabView view, int slab, double[] out, int outOffset, boolean metric) {
        Grid g = view.grid();
        int dz = g.dimension();
        int dh = view.dimension();
        int cells = g.slabSize();
        double[] cur = view.slab(slab);
        int curOff = view.offset(slab);
        double[] prev = view.slab(slab - 1);
        double[] next = view.slab(slab + 1);
        // axis 0: neighbours in other slabs
        double[] lo0 = prev != null ? prev : cur;
        int lo0Off = prev != null ? view.offset(slab - 1) : curOff;
        double[] hi0 = next != null ? next : cur;
        int hi0Off = next != null ? view.offset(slab + 1) : curOff;
        int span0 = (prev != null ? 1 : 0) + (next != null ? 1 : 0);
        double scale0 = span0 == 0 ? 0 : 1.0 / (span0 * g.width(0));

        int[] size = g.shape();
        int[] stride = new int[dz];
        for (int k = 0; k < dz; k++) {
            stride[k] = k == 0 ? 0 : g.stride(k);
        }
        double[] gram = new double[dz * dz];
        double[] cols = dz == 2 ? null : new double[dz * dh];
        DMatrixRMaj gm = dz > 2 ? new DMatrixRMaj(dz, dz) : null;
        int[] index = new int[dz];
        int[] loOff = new int[dz];
        int[] hiOff = new int[dz];
        double[] scale = new double[dz];

        for (int c = 0; c < cells; c++) {
            int rem = c;
            for (int k = dz - 1; k >= 1; k--) {
                index[k] = rem % size[k];
                rem /= size[k];
            }
            int base = curOff + c * dh;
            for (int k = 1; k < dz; k++) {
                boolean hasLo = index[k] > 0;
                boolean hasHi = index[k] + 1 < size[k];
                loOff[k] = hasLo ? base - stride[k] * dh : base;
                hiOff[k] = hasHi ? base + stride[k] * dh : base;
                int span = (hasLo ? 1 : 0) + (hasHi ? 1 : 0);
                scale[k] = span == 0 ? 0 : 1.0 / (span * g.width(k));
            }
            int lo0c = lo0Off + c * dh;
            int hi0c = hi0Off + c * dh;
            if (dz == 1) {
                double a = 0;
                for (int j = 0; j < dh; j++) {
                    double d0 = (hi0[hi0c + j] - lo0[lo0c + j]) * scale0;
                    a += d0 * d0;
                }
                gram[0] = a;
            } else if (dz == 2) {
                double a = 0;
                double b = 0;
                double e = 0;
                int l1 = loOff[1];
                int h1 = hiOff[1];
                double s1 = scale[1];
                for (int j = 0; j < dh; j++) {
                    double d0 = (hi0[hi0c + j] - lo0[lo0c + j]) * scale0;
                    double d1 = (cur[h1 + j] - cur[l1 + j]) * s1;
                    a += d0 * d0;
                    b += d0 * d1;
                    e += d1 * d1;
                }
                gram[0] = a;
                gram[1] = b;
                gram[2] = b;
                gram[3] = e;
            } else {
                for (int j = 0; j < dh; j++) {
                    cols[j] = (hi0[hi0c + j] - lo0[lo0c + j]) * scale0;
                }
                for (int k = 1; k < dz; k++) {
                    int l = loOff[k];
                    int h = hiOff[k];
                    double s = scale[k];
                    int o = k * dh;
                    for (int j = 0; j < dh; j++) {
                        cols[o + j] = (cur[h + j] - cur[l + j]) * s;
                    }
                }
                for (int k = 0; k < dz; k++) {
                    for (int l = k; l < dz; l++) {
                        double s = 0;
                        int ok = k * dh;
                        int ol = l * dh;
                        for (int j = 0; j < dh; j++) {
                            s += cols[ok + j] * cols[ol + j];
                        }
                        gram[k * dz + l] = s;
                        gram[l * dz + k] = s;
                    }
                }
            }
            if (metric) {
                System.arraycopy(gram, 0, out, outOffset + c * dz * dz, dz * dz);
            } else {
                double det;
                if (dz == 1) {
                    det = gram[0];
                } else if (dz == 2) {
                    det = gram[0] * gram[3] - gram[1] * gram[2];
                } else {
                    System.arraycopy(gram, 0, gm.data, 0, dz * dz);
                    det = CommonOps_DDRM.det(gm);
                }
                out[outOffset + c] = det > 0 ? Math.sqrt(det) : (Double.isNaN(det) ? Double.NaN : 0.0);
            }
        }
    }
}
