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

    private static void checkNodes(double[] nodes, int n1, int n2) {
        if (n1 < 1 || n2 < 1 || nodes.length != 2L * (n1 + 1) * (n2 + 1)) {
            throw new CartographyException("map: " + nodes.length + " node coordinates do not fit a "
                    + n1 + " x " + n2 + " grid (need " + 2L * (n1 + 1) * (n2 + 1) + ")");
        }
    }
}
