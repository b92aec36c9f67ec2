package org.latentcartography.cli;

import java.util.Locale;
import org.latentcartography.core.eval.Progress;

/**
 * Progress on standard error: a line rewritten in place on a terminal, otherwise a line every
 * quarter of the work. Quiet for work that ends within a second.
 */
public final class TerminalProgress implements Progress {
    private final String task;
    /** When the first report came (the work's start: opening models before it does not count). */
    private long start = -1;
    private final boolean tty = System.console() != null;
    private long lastPrint;
    private int lastQuarter;
    private boolean printed;

    public TerminalProgress(String task) {
        this.task = task;
    }

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        if (start < 0) {
            start = now;
        }
        double elapsed = (now - start) / 1e9;
        if (elapsed < 1.0 && done < total) {
            return;
        }
        double frac = total == 0 ? 1 : (double) done / total;
        String eta = frac > 0 && done < total ? String.format(Locale.ROOT, ", %.0f s left", elapsed * (1 - frac) / frac) : "";
        String line = String.format(Locale.ROOT, "%s: %3.0f%% (%d of %d points, %.1f s%s)", task, 100 * frac, done, total, elapsed, eta);
        if (tty) {
            if (now - lastPrint > 200_000_000L || done == total) {
                System.err.print("\r" + line + (done == total ? "\n" : ""));
                System.err.flush();
                lastPrint = now;
                printed = true;
            }
        } else {
            int quarter = (int) (frac * 4);
            if (quarter > lastQuarter && (printed || elapsed > 1.0)) {
                System.err.println(line);
                lastQuarter = quarter;
                printed = true;
            }
        }
    }
}
