package org.latentcartography.core.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.map.LatentMap;

/**
 * Paths between latent points, and equidistance lines (paper sec. 3, Fig. 1), for 2-D latent
 * spaces with a {@link LatentMap} T from the latent box Z onto the transformed box Z&#771; (the same
 * bounds) and its inverse T&#771;.
 *
 * <p>A path is a polyline, returned as a flat array of (x, y) pairs: point i at
 * {@code [2i, 2i + 1]}.
 *
 * <ul>
 *   <li><b>Straight path</b> from a to b with K points: {@code p_i = a + (i / (K - 1)) (b - a)},
 *       i = 0..K-1, equally spaced in Z.
 *   <li><b>Pseudo-geodesic</b> from a to b with K points: the straight path from T(a) to T(b) in
 *       Z&#771;, equally spaced there, each point mapped back: {@code q_i = T~(T(a) + (i / (K - 1))
 *       (T(b) - T(a)))}. Its first and last points are set to a and b exactly (T&#771;(T(a)) = a holds
 *       only to rounding). Its points are not equally spaced in Z: they crowd where the measure is
 *       high. The paper calls these pseudo-geodesics because T equalises area, not length, so a
 *       straight line in Z&#771; is in general not a geodesic of any metric on Z.
 *   <li><b>Equidistance line</b> of radius r around a with M points: the circle
 *       {@code T(a) + r (cos t, sin t)} in Z&#771;, sampled at {@code t_j = 2 pi j / M}, clipped to the
 *       box, mapped back by T&#771;; see {@link #equidistanceLine} for the clipping.
 * </ul>
 *
 * <p>The image of a path in Z&#771; is {@code map.forward(path)}; the pseudo-geodesic's image there is
 * {@code straight(T(a), T(b), K)}.
 *
 * <p>Stability: experimental. Stateless; static methods; arguments are not modified.
 */
public final class Paths {
    /** Angles closer than this (radians) are taken as the same boundary crossing. */
    private static final double ANGLE_EPS = 1e-12;

    private Paths() {
    }

    /**
     * Points spaced equally along a polyline's length (e.g. a geodesic traced in small steps, to be
     * decoded at K points like the straight path).
     *
     * @param path the polyline, (x, y) pairs, at least 2 points; not modified
     * @param k K, the number of points wanted, at least 2
     * @return 2K values: the polyline's ends exactly, and between them the points at lengths
     *     i/(K-1) of its total length
     * @throws UsageException when K is below 2 or the polyline has fewer than 2 points
     */
    public static double[] resample(double[] path, int k) {
        int n = path.length / 2;
        if (k < 2 || n < 2) {
            throw new UsageException("resampling needs a polyline of at least 2 points and K >= 2 (got " + n + " points, K = "
                    + k + ")");
        }
        double[] cum = new double[n];
        for (int i = 1; i < n; i++) {
            cum[i] = cum[i - 1] + Math.hypot(path[2 * i] - path[2 * i - 2], path[2 * i + 1] - path[2 * i - 1]);
        }
        double[] out = new double[2 * k];
        int seg = 1;
        for (int j = 0; j < k; j++) {
            double s = cum[n - 1] * j / (k - 1);
            while (seg < n - 1 && cum[seg] < s) {
                seg++;
            }
            double len = cum[seg] - cum[seg - 1];
            double t = len > 0 ? Math.min(1, Math.max(0, (s - cum[seg - 1]) / len)) : 0;
            out[2 * j] = path[2 * seg - 2] + t * (path[2 * seg] - path[2 * seg - 2]);
            out[2 * j + 1] = path[2 * seg - 1] + t * (path[2 * seg + 1] - path[2 * seg - 1]);
        }
        return out;
    }

    /**
     * The straight path {@code p_i = a + (i / (K - 1)) (b - a)}, i = 0..K-1; {@code p_0 = a} and
     * {@code p_{K-1} = b} exactly.
     *
     * @param a start, 2 coordinates; not modified
     * @param b end, 2 coordinates; not modified
     * @param k K, the number of points, at least 2
     * @return 2K values, point i at {@code [2i, 2i + 1]}
     * @throws UsageException when K is below 2 or a point is not 2-D and finite
     */
    public static double[] straight(double[] a, double[] b, int k) {
        checkPoint("start", a);
        checkPoint("end", b);
        if (k < 2) {
            throw new UsageException("path: need at least 2 points, got " + k);
        }
        double[] out = new double[2 * k];
        for (int i = 0; i < k; i++) {
            double t = (double) i / (k - 1);
            out[2 * i] = a[0] + t * (b[0] - a[0]);
            out[2 * i + 1] = a[1] + t * (b[1] - a[1]);
        }
        out[0] = a[0];
        out[1] = a[1];
        out[2 * k - 2] = b[0];
        out[2 * k - 1] = b[1];
        return out;
    }

    /**
     * The pseudo-geodesic {@code q_i = T~(T(a) + (i / (K - 1)) (T(b) - T(a)))}, i = 0..K-1, with
     * {@code q_0 = a} and {@code q_{K-1} = b} set exactly.
     *
     * @param map T, never null
     * @param a start in Z, 2 coordinates inside the map's box; not modified
     * @param b end in Z, 2 coordinates inside the map's box; not modified
     * @param k K, the number of points, at least 2
     * @return 2K values, point i at {@code [2i, 2i + 1]}, in Z
     * @throws UsageException when K is below 2 or a point is not 2-D and finite
     * @throws CartographyException when a or b lies outside the box, or the map is folded where the
     *     line passes
     */
    public static double[] pseudoGeodesic(LatentMap map, double[] a, double[] b, int k) {
        checkPoint("start", a);
        checkPoint("end", b);
        double[] ta = map.forward(a.clone());
        double[] tb = map.forward(b.clone());
        double[] line = straight(ta, tb, k);
        double[] out = map.inverse(line);
        out[0] = a[0];
        out[1] = a[1];
        out[2 * k - 2] = b[0];
        out[2 * k - 1] = b[1];
        return out;
    }

    /**
     * The equidistance line of radius r around a: the circle {@code C(t) = T(a) + r (cos t, sin t)}
     * in Z&#771;, clipped to the transformed box, mapped back to Z by T&#771;.
     *
     * <p><b>Sampling.</b> The full circle is sampled at {@code t_j = 2 pi j / M}, j = 0..M-1; a
     * circle that stays inside the box is returned as one closed piece of M + 1 points, the first
     * repeated at the end.
     *
     * <p><b>Clipping.</b> Since T(a) lies in the box, the circle leaves it only by crossing one of
     * the four sides. The crossing angles are solved in closed form ({@code cos t = (x0 - cx) / r}
     * for the side x = x0, and so on), sorted, and split the circle into arcs that lie wholly
     * inside or wholly outside; each arc is classified by its midpoint. Each inside arc becomes one
     * piece: its exact start crossing, the samples {@code t_j} strictly inside it, its exact end
     * crossing. Arcs that only touch at a crossing (the circle grazes a side, or passes a corner)
     * are joined into one piece. All points are clamped into the box and each piece's two end points
     * are set exactly onto the side they cross, so rounding puts nothing outside. A circle
     * enclosing the whole box gives no pieces. So the pieces are the exact
     * intersection of the circle with the closed box, sampled no more coarsely than the full
     * circle.
     *
     * @param map T, never null
     * @param a the centre in Z, inside the map's box; not modified
     * @param radius r, in the transformed space's (latent) units, positive and finite
     * @param m M, samples on the full circle, at least 3
     * @return the line, in Z&#771; and in Z
     * @throws UsageException when r or M is unusable, or a is not 2-D and finite
     * @throws CartographyException when a lies outside the box, or the map is folded where the
     *     circle passes
     */
    public static EquidistanceLine equidistanceLine(LatentMap map, double[] a, double radius, int m) {
        checkPoint("centre", a);
        if (!(radius > 0) || !Double.isFinite(radius)) {
            throw new UsageException("equidistance line: radius " + radius + " must be positive and finite");
        }
        if (m < 3) {
            throw new UsageException("equidistance line: need at least 3 points on a circle, got " + m);
        }
        double[] c = map.forward(a.clone());
        List<double[]> transformed = clipCircle(c[0], c[1], radius, m, map.lower(), map.upper());
        List<double[]> latent = new ArrayList<>(transformed.size());
        for (double[] piece : transformed) {
            latent.add(map.inverse(piece));
        }
        return new EquidistanceLine(radius, transformed, latent);
    }

    /**
     * One {@link #equidistanceLine} per radius.
     *
     * @param map T, never null
     * @param a the centre in Z; not modified
     * @param radii the radii, each positive and finite; not modified
     * @param m M, samples on a full circle, at least 3
     * @return one line per radius, in the order given
     */
    public static List<EquidistanceLine> equidistanceLines(LatentMap map, double[] a, double[] radii, int m) {
        List<EquidistanceLine> out = new ArrayList<>(radii.length);
        for (double r : radii) {
            out.add(equidistanceLine(map, a, r, m));
        }
        return List.copyOf(out);
    }

    /**
     * The circle {@code (cx, cy) + r (cos t, sin t)} intersected with the closed box, as pieces;
     * see {@link #equidistanceLine}. The centre must lie in the box.
     *
     * @param cx centre x
     * @param cy centre y
     * @param r radius, positive
     * @param m samples on the full circle, at least 3
     * @param lower {x0, y0}
     * @param upper {x1, y1}
     * @return the pieces, each (x, y) pairs
     */
    static List<double[]> clipCircle(double cx, double cy, double r, int m, double[] lower, double[] upper) {
        double x0 = lower[0];
        double y0 = lower[1];
        double x1 = upper[0];
        double y1 = upper[1];
        double twoPi = 2 * Math.PI;
        double[] cross = new double[8];
        int nc = 0;
        for (double side : new double[] {x0, x1}) {
            double q = (side - cx) / r;
            if (Math.abs(q) <= 1) {
                double t = Math.acos(q);
                cross[nc++] = t;
                cross[nc++] = twoPi - t;
            }
        }
        for (double side : new double[] {y0, y1}) {
            double q = (side - cy) / r;
            if (Math.abs(q) <= 1) {
                double t = Math.asin(q);
                cross[nc++] = t;
                cross[nc++] = Math.PI - t;
            }
        }
        for (int i = 0; i < nc; i++) {
            cross[i] = normalise(cross[i]);
        }
        Arrays.sort(cross, 0, nc);
        int u = 0;
        for (int i = 0; i < nc; i++) {
            if (u == 0 || cross[i] - cross[u - 1] > ANGLE_EPS) {
                cross[u++] = cross[i];
            }
        }
        if (u > 1 && cross[u - 1] > cross[0] + twoPi - ANGLE_EPS) {
            u--;
        }
        List<double[]> pieces = new ArrayList<>();
        if (u == 0) {
            if (inside(cx + r, cy, x0, x1, y0, y1)) {
                pieces.add(sample(cx, cy, r, m, 0, twoPi, true, lower, upper));
            }
            return pieces;
        }
        // arc i runs from cross[i] to cross[i + 1] (the last wraps to cross[0] + 2 pi)
        boolean[] in = new boolean[u];
        for (int i = 0; i < u; i++) {
            double s = cross[i];
            double e = i + 1 < u ? cross[i + 1] : cross[0] + twoPi;
            double mid = 0.5 * (s + e);
            in[i] = inside(cx + r * Math.cos(mid), cy + r * Math.sin(mid), x0, x1, y0, y1);
        }
        int first = -1;
        for (int i = 0; i < u; i++) {
            if (!in[i]) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            // only grazing contacts: the whole circle lies in the closed box
            pieces.add(sample(cx, cy, r, m, 0, twoPi, true, lower, upper));
            return pieces;
        }
        // walk the arcs once, starting just after an outside arc, with unwrapped increasing angles,
        // so that runs of inside arcs never wrap; each run becomes one piece
        double runStart = Double.NaN;
        for (int q = 0; q < u; q++) {
            int i = (first + 1 + q) % u;
            double offset = first + 1 + q >= u ? twoPi : 0;
            double s = cross[i] + offset;
            double e = (i + 1 < u ? cross[i + 1] : cross[0] + twoPi) + offset;
            if (in[i]) {
                if (Double.isNaN(runStart)) {
                    runStart = s;
                }
                if (!in[(i + 1) % u]) {
                    pieces.add(sample(cx, cy, r, m, runStart, e, false, lower, upper));
                    runStart = Double.NaN;
                }
            }
        }
        return pieces;
    }

    /**
     * Samples the arc from angle s to e (e > s): the point at s, the points at {@code 2 pi j / m}
     * strictly between, the point at e; or the closed circle when {@code full}.
     */
    private static double[] sample(double cx, double cy, double r, int m, double s, double e, boolean full,
            double[] lower, double[] upper) {
        double step = 2 * Math.PI / m;
        double[] out;
        if (full) {
            out = new double[2 * (m + 1)];
            for (int j = 0; j < m; j++) {
                double t = j * step;
                out[2 * j] = cx + r * Math.cos(t);
                out[2 * j + 1] = cy + r * Math.sin(t);
            }
            out[2 * m] = out[0];
            out[2 * m + 1] = out[1];
        } else {
            long jFirst = (long) Math.floor((s + ANGLE_EPS) / step) + 1;
            long jLast = (long) Math.ceil((e - ANGLE_EPS) / step) - 1;
            int inner = (int) Math.max(0, jLast - jFirst + 1);
            out = new double[2 * (inner + 2)];
            out[0] = cx + r * Math.cos(s);
            out[1] = cy + r * Math.sin(s);
            for (int q = 0; q < inner; q++) {
                double t = (jFirst + q) * step;
                out[2 * q + 2] = cx + r * Math.cos(t);
                out[2 * q + 3] = cy + r * Math.sin(t);
            }
            out[2 * inner + 2] = cx + r * Math.cos(e);
            out[2 * inner + 3] = cy + r * Math.sin(e);
        }
        for (int k = 0; k < out.length; k += 2) {
            out[k] = Math.min(upper[0], Math.max(lower[0], out[k]));
            out[k + 1] = Math.min(upper[1], Math.max(lower[1], out[k + 1]));
        }
        if (!full) {
            snap(out, 0, lower, upper);
            snap(out, out.length - 2, lower, upper);
        }
        return out;
    }

    /**
     * Puts a crossing point exactly on the box: it lies on a side up to rounding, so the nearest
     * side is its side; a second side just as near (a corner, within 1e-12 of the extent) too.
     */
    private static void snap(double[] p, int o, double[] lower, double[] upper) {
        double ex = upper[0] - lower[0];
        double ey = upper[1] - lower[1];
        double[] dist = {(p[o] - lower[0]) / ex, (upper[0] - p[o]) / ex, (p[o + 1] - lower[1]) / ey,
            (upper[1] - p[o + 1]) / ey};
        int near = 0;
        for (int s = 1; s < 4; s++) {
            if (dist[s] < dist[near]) {
                near = s;
            }
        }
        for (int s = 0; s < 4; s++) {
            if (s == near || dist[s] <= 1e-12) {
                switch (s) {
                    case 0 -> p[o] = lower[0];
                    case 1 -> p[o] = upper[0];
                    case 2 -> p[o + 1] = lower[1];
                    default -> p[o + 1] = upper[1];
                }
            }
        }
    }

    private static double normalise(double t) {
        double twoPi = 2 * Math.PI;
        double v = t % twoPi;
        return v < 0 ? v + twoPi : v;
    }

    private static boolean inside(double x, double y, double x0, double x1, double y0, double y1) {
        return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }

    private static void checkPoint(String what, double[] p) {
        if (p.length != 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
            throw new UsageException("path: the " + what + " point must be 2 finite coordinates, got "
                    + Arrays.toString(p));
        }
    }
}
