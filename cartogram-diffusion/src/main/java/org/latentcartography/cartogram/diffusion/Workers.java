package org.latentcartography.cartogram.diffusion;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed set of worker threads that split index ranges between them. With one thread everything
 * runs on the caller. Owned by one transform run and closed at its end.
 */
final class Workers implements AutoCloseable {

    /** A body that handles indices {@code [from, to)}. */
    @FunctionalInterface
    interface RangeBody {
        /**
         * @param part which part this is, {@code 0 <= part < parts(n, minChunk)}
         * @param from first index
         * @param to one past the last index
         */
        void run(int part, int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    Workers(int threads) {
        this.threads = Math.max(1, threads);
        if (this.threads == 1) {
            pool = null;
        } else {
            pool = Executors.newFixedThreadPool(this.threads - 1, r -> {
                Thread t = new Thread(r, "cartogram-worker");
                t.setDaemon(true);
                return t;
            });
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into one contiguous part per thread; the caller
     * does the first part itself. Ranges below {@code minChunk} per thread are not split.
     */
    /** @return how many parts {@link #range} splits {@code n} indices into */
    int parts(int n, int minChunk) {
        return pool == null ? 1 : (int) Math.min(threads, Math.max(1, n / Math.max(1, minChunk)));
    }

    void range(int n, int minChunk, RangeBody body) {
        int parts = parts(n, minChunk);
        if (parts <= 1) {
            body.run(0, 0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            int part = p;
            futures.add(pool.submit(() -> body.run(part, from, to)));
        }
        RuntimeException failure = null;
        try {
            body.run(0, 0, (int) ((long) n / parts));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (failure == null) {
                    failure = c instanceof RuntimeException r ? r : new IllegalStateException(c);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
