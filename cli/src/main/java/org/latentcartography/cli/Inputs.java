package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;

/** Reading the command line's input files and grid options. */
public final class Inputs {
    /** The most worker threads an option may ask for. */
    public static final int MAX_THREADS = 1024;
    /** The most points a path may have (each becomes a decoded image or sentence). */
    public static final int MAX_STEPS = 10_000;

    private Inputs() {
    }

    /**
     * Checks a whole-number option against its stated range.
     *
     * @param option the option's name, e.g. {@code --threads}
     * @param value its value, or null when not given (then nothing to check)
     * @throws UsageException naming the option, the value and the range
     */
    public static void inRange(String option, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            throw new UsageException(option + " " + value + ": must be a whole number from " + min + " to " + max);
        }
    }

    /** Checks a number option: finite and from {@code min} to {@code max}. */
    static void between(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new UsageException(option + " " + value + ": must be a number from " + num(min) + " to " + num(max));
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** @return the worker threads asked for (checked), or the number of cores */
    public static int threads(Integer threads) {
        inRange("--threads", threads, 1, MAX_THREADS);
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /**
     * Refuses a command whose optional module is not in this distribution, in one line (instead of
     * a missing class deep in the run).
     */
    public static void requireModule(String command, String className, String module) {
        try {
            Class.forName(className, false, Inputs.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UsageException("'" + command + "' needs the module " + module
                    + ", which this distribution does not include (build it with -Ddist.modules=...," + module + ")");
        }
    }

    /** The embeddings' (x, y) pairs, checked to lie in the grid; a message names {@code file}. */
    public static double[] points(Grid grid, Embeddings emb, Object file) {
        try {
            return org.latentcartography.core.pipeline.MapResult.points(grid, emb);
        } catch (CartographyException e) {
            throw new CartographyException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code N} or {@code N1xN2x...} for a grid of {@code dims} dimensions. */
    static int[] shape(String text, int dims) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x", -1);
        int[] shape = new int[dims];
        if (parts.length != 1 && parts.length != dims) {
            throw new UsageException("--grid " + text + ": give one count, or one per latent dimension (" + dims + ")");
        }
        for (int k = 0; k < dims; k++) {
            String p = parts[parts.length == 1 ? 0 : k].strip();
            long n;
            if (!p.matches("[+-]?\\d+")) {
                throw new UsageException("--grid " + text + ": '" + p + "' is not a whole number");
            }
            try {
                n = Long.parseLong(p);
            } catch (NumberFormatException e) {
                n = p.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            if (n < 2) {
                throw new UsageException("--grid " + text + ": need at least 2 cells per axis");
            }
            if (n > Grid.MAX_CELLS / 2) {
                throw new UsageException("--grid " + text + ": " + p + " cells per axis; each axis takes 2 to "
                        + Grid.MAX_CELLS / 2 + " cells, and the grid at most " + Grid.MAX_CELLS + " cells");
            }
            shape[k] = (int) n;
        }
        long cells = 1;
        for (int s : shape) {
            cells *= s;
            if (cells > Grid.MAX_CELLS) {
                throw new UsageException("--grid " + text + ": more than " + Grid.MAX_CELLS + " cells");
            }
        }
        return shape;
    }

    /** Parses {@code LO1,HI1,LO2,HI2,...}. */
    static double[][] bounds(String text) {
        String[] parts = text.split(",");
        if (parts.length < 2 || parts.length % 2 != 0) {
            throw new UsageException("--bounds " + text + ": give LO,HI pairs, one per latent dimension");
        }
        int d = parts.length / 2;
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int k = 0; k < d; k++) {
            lo[k] = number(parts[2 * k], "--bounds");
            hi[k] = number(parts[2 * k + 1], "--bounds");
            if (!(hi[k] > lo[k])) {
                throw new UsageException("--bounds " + text + ": upper bound " + hi[k] + " of axis " + k
                        + " is not above the lower bound " + lo[k]);
            }
        }
        return new double[][] {lo, hi};
    }

    static double number(String s, String option) {
        try {
            double v = Double.parseDouble(s.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + s + "' is not a finite number");
        }
    }

    /** Formats seconds for the terminal. */
    /** @return a byte count for people: "512 KB", "3.4 MB", "12.0 GB" */
    static String bytes(long b) {
        if (b < 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%d KB", (b + 1023) >> 10);
        }
        if (b < 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", b / (double) (1L << 20));
        }
        return String.format(java.util.Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
    }

    static String seconds(double s) {
        return String.format(java.util.Locale.ROOT, "%.2f s", s);
    }

    static List<String> list(String... s) {
        return List.of(s);
    }
}
