package org.latentcartography.core.map;

import org.latentcartography.core.CartographyException;

/**
 * How well a map equalises a density: for every cell i of an {@code n1 x n2} grid, the relative
 * area error
 * <pre>
 *   eᵢ = | (Aᵢ / &#931;A) / (&#961;ᵢ / &#931;&#961;) - 1 |,
 * </pre>
 * where A<sub>i</sub> is the signed area of the cell's transformed quadrilateral (the shoelace
 * formula over its four transformed corners, which is the exact area of the bilinear patch) and
 * &#961;<sub>i</sub> the cell's density. A cell whose A<sub>i</sub> &#8804; 0 is <em>folded</em>.
 *
 * <p>On a 3-D grid ({@link #ofVolumes}) the same figures are taken of volumes: V<sub>i</sub> is the
 * signed volume of the trilinear hexahedron on the cell's eight transformed corners, and a cell with
 * V<sub>i</sub> &#8804; 0 is folded.
 *
 * <p>Stability: stable. Immutable.
 *
 * @param max the largest e<sub>i</sub>
 * @param mean the mean of e<sub>i</sub> over all cells
 * @param foldedCells the number of cells with non-positive transformed area
 */
public record AreaError(double max, double mean, int foldedCells) {

    /**
     * Signed areas of the transformed cells: for corners p00 = node (i, j), p10 = (i + 1, j),
     * p11 = (i + 1, j + 1), p01 = (i, j + 1), A = ((p11 - p00) &#215; (p01 - p10)) / 2, positive for
     * the original orientation (axis 0 to axis 1 counter-clockwise).
     *
     * @param nodes node (i, j) at {@code 2 * (i * (n2 + 1) + j)}, any units; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @return cell (i, j)'s area at {@code i * n2 + j}, in the nodes' units squared
     */
    public static double[] cellAreas(double[] nodes, int n1, int n2) {
        checkNodes(nodes, n1, n2);
        double[] areas = new double[n1 * n2];
        int row = 2 * (n2 + 1);
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                int a = 2 * (i * (n2 + 1) + j);
                int b = a + row;
                double dx1 = nodes[b + 2] - nodes[a];
                double dy1 = nodes[b + 3] - nodes[a + 1];
                double dx2 = nodes[a + 2] - nodes[b];
                double dy2 = nodes[a + 3] - nodes[b + 1];
                areas[i * n2 + j] = 0.5 * (dx1 * dy2 - dy1 * dx2);
            }
        }
        return areas;
    }

    /**
     * @param density cell (i, j) at {@code i * n2 + j}, positive with a positive total; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param nodes the transformed nodes, node (i, j) at {@code 2 * (i * (n2 + 1) + j)}; not modified
     * @return the area errors
     */
    public static AreaError of(double[] density, int n1, int n2, double[] nodes) {
        if (density.length != (long) n1 * n2) {
            throw new CartographyException("area error: density has " + density.length + " values for a "
                    + n1 + " x " + n2 + " grid");
        }
        double[] areas = cellAreas(nodes, n1, n2);
        double totalArea = 0;
        double totalDensity = 0;
        int folded = 0;
        for (int c = 0; c < areas.length; c++) {
            totalArea += areas[c];
            totalDensity += density[c];
            if (!(areas[c] > 0)) {
                folded++;
            }
        }
        if (!(totalDensity > 0) || !(totalArea > 0)) {
            throw new CartographyException("area error: the total density (" + totalDensity
                    + ") and the total transformed area (" + totalArea + ") must be positive");
        }
        double max = 0;
        double sum = 0;
        double scale = totalDensity / totalArea;
        for (int c = 0; c < areas.length; c++) {
            double e = Math.abs(areas[c] * scale / density[c] - 1);
            sum += e;
            if (!(e <= max)) {
                max = e;
            }
        }
        return new AreaError(max, sum / areas.length, folded);
    }

    /** Gauss–Legendre abscissae on [0, 1], two per axis: exact for the volume of a trilinear cell. */
    private static final double[] GAUSS = {0.5 - 0.5 / Math.sqrt(3), 0.5 + 0.5 / Math.sqrt(3)};

    /**
     * Signed volumes of the transformed cells of a 3-D grid. Between its eight transformed corners
     * a cell is the trilinear map T(s, u, w) of its local coordinates, whose Jacobian determinant is
     * a polynomial of degree at most 2 in each of s, u, w; the 2 &#215; 2 &#215; 2-point Gauss–Legendre
     * rule integrates it exactly, so V = &#8747; det DT over the unit cube is the exact volume
     * (positive for the original orientation).
     *
     * @param nodes node (i, j, k) at {@code 3 * ((i * (n2 + 1) + j) * (n3 + 1) + k)}, any units; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param n3 cells along axis 2
     * @return cell (i, j, k)'s volume at {@code (i * n2 + j) * n3 + k}, in the nodes' units cubed
     */
    public static double[] cellVolumes(double[] nodes, int n1, int n2, int n3) {
        if (n1 < 1 || n2 < 1 || n3 < 1 || nodes.length != 3L * (n1 + 1) * (n2 + 1) * (n3 + 1)) {
            throw new CartographyException("map: " + nodes.length + " node coordinates do not fit a "
                    + n1 + " x " + n2 + " x " + n3 + " grid (need " + 3L * (n1 + 1) * (n2 + 1) * (n3 + 1) + ")");
        }
        double[] volumes = new double[n1 * n2 * n3];
        int sk = 3;
        int sj = 3 * (n3 + 1);
        int si = sj * (n2 + 1);
        double[] p = new double[24];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                for (int k = 0; k < n3; k++) {
                    int base = i * si + j * sj + k * sk;
                    for (int c = 0; c < 8; c++) {
                        int o = base + ((c >> 2) & 1) * si + ((c >> 1) & 1) * sj + (c & 1) * sk;
                        p[3 * c] = nodes[o];
                        p[3 * c + 1] = nodes[o + 1];
                        p[3 * c + 2] = nodes[o + 2];
                    }
                    volumes[(i * n2 + j) * n3 + k] = trilinearVolume(p);
                }
            }
        }
        return volumes;
    }

    /**
     * @param p the eight corners, corner (a, b, c) (a, b, c in {0, 1}, local axes s, u, w) at
     *     {@code 3 * (4a + 2b + c)}; not modified
     * @return the signed volume of the trilinear hexahedron on them
     */
    static double trilinearVolume(double[] p) {
        double v = 0;
        double[] ds = new double[3];
        double[] du = new double[3];
        double[] dw = new double[3];
        for (double s : GAUSS) {
            for (double u : GAUSS) {
                for (double w : GAUSS) {
                    for (int d = 0; d < 3; d++) {
                        double p000 = p[d];
                        double p001 = p[3 + d];
                        double p010 = p[6 + d];
                        double p011 = p[9 + d];
                        double p100 = p[12 + d];
                        double p101 = p[15 + d];
                        double p110 = p[18 + d];
                        double p111 = p[21 + d];
                        ds[d] = (1 - u) * (1 - w) * (p100 - p000) + u * (1 - w) * (p110 - p010)
                                + (1 - u) * w * (p101 - p001) + u * w * (p111 - p011);
                        du[d] = (1 - s) * (1 - w) * (p010 - p000) + s * (1 - w) * (p110 - p100)
                                + (1 - s) * w * (p011 - p001) + s * w * (p111 - p101);
                        dw[d] = (1 - s) * (1 - u) * (p001 - p000) + s * (1 - u) * (p101 - p100)
                                + (1 - s) * u * (p011 - p010) + s * u * (p111 - p110);
                    }
                    double det = ds[0] * (du[1] * dw[2] - du[2] * dw[1]) - ds[1] * (du[0] * dw[2] - du[2] * dw[0])
                            + ds[2] * (du[0] * dw[1] - du[1] * dw[0]);
                    v += det;
                }
            }
        }
        return v / 8;
    }

    /**
     * The relative volume errors and folded cells of a map of a 3-D grid (see the class comment).
     *
     * @param density cell (i, j, k) at {@code (i * n2 + j) * n3 + k}, positive with a positive total; not modified
     * @param n1 cells along axis 0
     * @param n2 cells along axis 1
     * @param n3 cells along axis 2
     * @param nodes the transformed nodes, node (i, j, k) at {@code 3 * ((i * (n2 + 1) + j) * (n3 + 1) + k)}; not modified
     * @return the volume errors: {@code max}, {@code mean} and {@code foldedCells} taken of volumes
     */
    public static AreaError ofVolumes(double[] density, int n1, int n2, int n3, double[] nodes) {
        if (density.length != (long) n1 * n2 * n3) {
            throw new CartographyException("volume error: density has " + density.length + " values for a "
                    + n1 + " x " + n2 + " x " + n3 + " grid");
        }
        return of(density, cellVolumes(nodes, n1, n2, n3), "volume");
    }

    private static AreaError of(double[] density, double[] sizes, String what) {
        double totalSize = 0;
        double totalDensity = 0;
        int folded = 0;
        for (int c = 0; c < sizes.length; c++) {
            totalSize += sizes[c];
            totalDensity += density[c];
            if (!(sizes[c] > 0)) {
                folded++;
            }
        }
        if (!(totalDensity > 0) || !(totalSize > 0)) {
            throw new CartographyException(what + " error: the total density (" + totalDensity
                    + ") and the total transformed " + what + " (" + totalSize + ") must be positive");
        }
        double max = 0;
        double sum = 0;
        double scale = totalDensity / totalSize;
        for (int c = 0; c < sizes.length; c++) {
            double e = Math.abs(sizes[c] * scale / density[c] - 1);
            sum += e;
            if (!(e <= max)) {
                max = e;
            }
        }
        return new AreaError(max, sum / sizes.length, folded);
    }

    private static void checkNodes(double[] nodes, int n1, int n2) {
        if (n1 < 1 || n2 < 1 || nodes.length != 2L * (n1 + 1) * (n2 + 1)) {
            throw new CartographyException("map: " + nodes.length + " node coordinates do not fit a "
                    + n1 + " x " + n2 + " grid (need " + 2L * (n1 + 1) * (n2 + 1) + ")");
        }
    }
}
