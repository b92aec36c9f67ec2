package org.latentcartography.cli;

import java.util.Locale;
import java.util.Map;
import org.latentcartography.core.UsageException;

/**
 * Whether a density-equalising map met its area tolerance: records it in the report
 * ({@code area_error_tolerance}, {@code tolerance_met}) and words a warning for standard error
 * when it did not (a map whose cells do not hold equal measure is not the map asked for).
 */
final class MapTolerance {
    /** The default largest mean relative area error a map may have: far above the transforms' own tolerances (0.1%-0.5%). */
    static final double DEFAULT = 0.05;

    private MapTolerance() {
    }

    /** @throws UsageException unless 0 &lt; limit, finite */
    static void check(double limit) {
        if (!(limit > 0) || !Double.isFinite(limit)) {
            throw new UsageException("--max-area-error " + limit + ": must be a number above 0 (a fraction, e.g. 0.05 for 5%)");
        }
    }

    /**
     * Adds {@code area_error_tolerance} and {@code tolerance_met} to the report.
     *
     * @param report a transform's report, with mean_area_error, max_area_error, blur and floor
     * @param limit the largest mean relative area error accepted
     * @return a one-line warning when the map is above it, or null
     */
    static String judge(Map<String, Object> report, double limit) {
        String what = report.containsKey("mean_volume_error") ? "volume" : "area";
        double mean = ((Number) report.get("mean_" + what + "_error")).doubleValue();
        boolean met = mean <= limit;
        report.put(what + "_error_tolerance", limit);
        report.put("tolerance_met", met);
        if (met) {
            return null;
        }
        double blur = report.get("blur") instanceof Number b ? b.doubleValue() : 0;
        double floor = report.get("floor") instanceof Number f ? f.doubleValue() : 0;
        String lift = "lift small cells with --floor " + (floor > 0 ? "above " + fmt(floor) : "0.01");
        String advice = "the measure varies more than the grid and the method resolve: smooth it with --blur "
                + (blur > 0 ? "above " + fmt(blur) : "1 or 2") + " or " + lift;
        return String.format(Locale.ROOT, "transform: warning: the map does not equalise the measure: mean %s error %s, "
                + "max %s, above the limit %s (--max-area-error); %s", what, pct(mean),
                pct(((Number) report.get("max_" + what + "_error")).doubleValue()), pct(limit), advice);
    }

    private static String pct(double f) {
        return Double.isFinite(f) ? String.format(Locale.ROOT, "%.3g%%", 100 * f) : String.valueOf(f);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
