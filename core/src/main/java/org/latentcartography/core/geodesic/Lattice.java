package org.latentcartography.core.geodesic;

import org.latentcartography.core.grid.Grid;

/**
 * The nodes of a distance field: one per grid cell, at the cell's centre; C order. Multilinear
 * interpolation of node values and of their central-difference gradients between the nodes
 * (clamped to the nodes' hull, so a point within half a cell of the box's side takes the side's
 * values).
 */
final class Lattice {
    final Grid grid;
    final int dim;
    final int[] shape;
    final int[] stride;
    final double[] width;
    final double[] lower;
    final int count;

    Lattice(Grid grid) {
        this.grid = grid;
        this.dim = grid.dimension();
        this.shape = grid.shape();
        this.stride = new int[dim];
        this.width = new double[dim];
        this.lower = grid.lower();
        for (int k = 0; k < dim; k++) {
            stride[k] = grid.stride(k);
            width[k] = grid.width(k);
        }
        this.count = grid.cellCount();
    }

    /** @return the continuous node coordinate of x on axis k (node i at i), clamped to the nodes */
    double nodeCoordinate(int k, double x) {
        double c = (x - lower[k]) / width[k] - 0.5;
        return Math.min(Math.max(c, 0), shape[k] - 1);
    }

    /** @return the node's position along axis k */
    double position(int k, int i) {
        return lower[k] + (i + 0.5) * width[k];
    }

    /** @return the multilinear interpolation of node values at the point (clamped to the nodes) */
    double interpolate(double[] values, double[] point) {
        return interpolate(values, 1, 0, point);
    }

    /** As {@link #interpolate(double[], double[])} for a field of {@code per} values per node, component {@code offset}. */
    double interpolate(double[] values, int per, int offset, double[] point) {
        int base = 0;
        int[] off = new int[dim];
        double[] t = new double[dim];
        corner(point, off, t);
        for (int k = 0; k < dim; k++) {
            base += off[k] * stride[k];
        }
        double sum = 0;
        for (int corner = 0; corner < (1 << dim); corner++) {
            double w = 1;
            int idx = base;
            for (int k = 0; k < dim; k++) {
                boolean up = (corner >> k & 1) == 1;
                if (up) {
                    if (t[k] == 0) {
                        w = 0;
                        break;
                    }
                    w *= t[k];
                    idx += stride[k];
                } else {
                    w *= 1 - t[k];
                }
            }
            if (w != 0) {
                sum += w * values[per * idx + offset];
            }
        }
        return sum;
    }

    /**
     * Writes the multilinear interpolation of the nodes' central-difference gradients of u at the
     * point into {@code out} (D values).
     */
    void gradient(double[] u, double[] point, double[] out) {
        int[] off = new int[dim];
        double[] t = new double[dim];
        corner(point, off, t);
        java.util.Arrays.fill(out, 0);
        int[] c = new int[dim];
        for (int corner = 0; corner < (1 << dim); corner++) {
            double w = 1;
            int idx = 0;
            for (int k = 0; k < dim; k++) {
                boolean up = (corner >> k & 1) == 1;
                c[k] = off[k] + (up ? 1 : 0);
                w *= up ? t[k] : 1 - t[k];
                idx += c[k] * stride[k];
            }
            if (w == 0) {
                continue;
            }
            for (int k = 0; k < dim; k++) {
                out[k] += w * derivative(u, idx, c[k], k);
            }
        }
    }

    /** du/dz_k at a node: central where both neighbours are known, else one-sided, else 0. */
    private double derivative(double[] u, int idx, int ck, int k) {
        double here = u[idx];
        double minus = ck > 0 ? u[idx - stride[k]] : Double.NaN;
        double plus = ck + 1 < shape[k] ? u[idx + stride[k]] : Double.NaN;
        boolean m = Double.isFinite(minus);
        boolean p = Double.isFinite(plus);
        if (m && p) {
            return (plus - minus) / (2 * width[k]);
        }
        if (p) {
            return (plus - here) / width[k];
        }
        if (m) {
            return (here - minus) / width[k];
        }
        return 0;
    }

    /** The lower corner node of the point's interpolation cell, and the fractions along each axis. */
    private void corner(double[] point, int[] off, double[] t) {
        for (int k = 0; k < dim; k++) {
            double c = nodeCoordinate(k, point[k]);
            int i = (int) Math.floor(c);
            if (i >= shape[k] - 1) {
                i = Math.max(0, shape[k] - 2);
            }
            off[k] = i;
            t[k] = shape[k] == 1 ? 0 : c - i;
        }
    }

    /** @return the flat index of the node nearest the point */
    int nearestNode(double[] point) {
        int idx = 0;
        for (int k = 0; k < dim; k++) {
            idx += (int) Math.round(nodeCoordinate(k, point[k])) * stride[k];
        }
        return idx;
    }

    /** The nodes a multilinear interpolation at the point reads (2^D, some repeated at the sides). */
    int[] stencil(double[] point) {
        int[] off = new int[dim];
        double[] t = new double[dim];
        corner(point, off, t);
        int[] out = new int[1 << dim];
        for (int corner = 0; corner < out.length; corner++) {
            int idx = 0;
            for (int k = 0; k < dim; k++) {
                int ck = off[k] + (corner >> k & 1);
                idx += Math.min(ck, shape[k] - 1) * stride[k];
            }
            out[corner] = idx;
        }
        return out;
    }

    /** @return the distance from a to b in cell widths (each axis scaled by its width) */
    double cellDistance(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
            double d = (a[k] - b[k]) / width[k];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /**
     * Calls {@code visit} for every node within {@code radius} cell widths of the point.
     */
    void nodesNear(double[] point, double radius, java.util.function.IntConsumer visit) {
        int[] from = new int[dim];
        int[] to = new int[dim];
        for (int k = 0; k < dim; k++) {
            double c = (point[k] - lower[k]) / width[k] - 0.5;
            from[k] = Math.max(0, (int) Math.ceil(c - radius));
            to[k] = Math.min(shape[k] - 1, (int) Math.floor(c + radius));
            if (from[k] > to[k]) {
                return;
            }
        }
        int[] i = from.clone();
        double[] x = new double[dim];
        while (true) {
            int idx = 0;
            for (int k = 0; k < dim; k++) {
                x[k] = position(k, i[k]);
                idx += i[k] * stride[k];
            }
            if (cellDistance(x, point) <= radius) {
                visit.accept(idx);
            }
            int k = dim - 1;
            while (k >= 0 && ++i[k] > to[k]) {
                i[k] = from[k];
                k--;
            }
            if (k < 0) {
                return;
            }
        }
    }

    /** Writes the position of a node into out. */
    void position(int idx, double[] out) {
        for (int k = dim - 1; k >= 0; k--) {
            int i = idx % shape[k];
            idx /= shape[k];
            out[k] = position(k, i);
        }
    }
}
