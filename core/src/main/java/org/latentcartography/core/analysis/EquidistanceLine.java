package org.latentcartography.core.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * One equidistance line (paper sec. 3, Fig. 1): the circle of a given radius around T(a) in the
 * transformed space, clipped to the transformed box, and its image under T&#771; in the latent
 * space. Made by {@link Paths#equidistanceLine}.
 *
 * <p>The clipped circle is a list of <em>pieces</em>, each an open or closed polyline of (x, y)
 * pairs. A circle that stays inside the box is one closed piece (its first point repeated at the
 * end); a circle that leaves the box is one piece per arc inside it, each starting and ending
 * exactly on the box's boundary; a circle that lies wholly outside the box (it encloses the box)
 * has no pieces. {@code latent.get(i)} is {@code transformed.get(i)} mapped back point by point.
 *
 * <p>Stability: experimental. The lists and arrays are copied in and out; the record is
 * immutable.
 *
 * @param radius the circle's radius in the transformed space, in latent units
 * @param transformed the pieces in the transformed space
 * @param latent the same pieces mapped back to the latent space by T&#771;
 */
public record EquidistanceLine(double radius, List<double[]> transformed, List<double[]> latent) {
    /**
     * Copies the pieces in.
     *
     * @param radius the circle's radius in the transformed space, in latent units
     * @param transformed the pieces in the transformed space
     * @param latent the same pieces mapped back to the latent space
     */
    public EquidistanceLine {
        transformed = copy(transformed);
        latent = copy(latent);
    }

    /** @return a copy of the pieces in the transformed space */
    @Override
    public List<double[]> transformed() {
        return copy(transformed);
    }

    /** @return a copy of the pieces mapped back to the latent space */
    @Override
    public List<double[]> latent() {
        return copy(latent);
    }

    /** @return true when the circle is one closed piece inside the box */
    public boolean closed() {
        if (transformed.size() != 1) {
            return false;
        }
        double[] p = transformed.get(0);
        int n = p.length;
        return n >= 4 && p[0] == p[n - 2] && p[1] == p[n - 1];
    }

    private static List<double[]> copy(List<double[]> pieces) {
        List<double[]> out = new ArrayList<>(pieces.size());
        for (double[] p : pieces) {
            out.add(p.clone());
        }
        return List.copyOf(out);
    }
}
