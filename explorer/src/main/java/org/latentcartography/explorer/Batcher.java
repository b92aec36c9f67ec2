package org.latentcartography.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.latentcartography.core.CartographyException;

/**
 * Batches point-wise work across concurrent requests: each request queues its points; a few
 * worker threads take whatever is queued (up to {@code maxBatch} points) and run it as one model
 * call, then hand every request its own results. Under load, many requests share one call; a lone
 * request waits for nothing.
 *
 * @param <R> the result for one point
 */
final class Batcher<R> implements AutoCloseable {

    /** One model call over several requests' points. */
    interface BatchFunction<R> {
        /**
         * @param z points, {@code count * dimension} values
         * @param count the number of points
         * @param seeds one seed per point
         * @return one result per point
         */
        List<R> apply(double[] z, int count, long[] seeds);
    }

    private record Job<R>(double[] z, long[] seeds, CompletableFuture<List<R>> result) {
        int count() {
            return seeds.length;
        }
    }

    private static final long TIMEOUT_SECONDS = 60;

    private final int dimension;
    private final int maxBatch;
    private final BatchFunction<R> function;
    private final LinkedBlockingQueue<Job<R>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

    Batcher(String name, int dimension, int maxBatch, int threads, BatchFunction<R> function) {
        this.dimension = dimension;
        this.maxBatch = maxBatch;
        this.function = function;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "explorer-" + name + "-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /**
     * Runs points through the batch function, together with other requests' points.
     *
     * @param z points, {@code seeds.length * dimension} values
     * @param seeds one seed per point
     * @return one result per point
     */
    List<R> run(double[] z, long[] seeds) {
        if (closed) {
            throw new HttpError(503, "the server is stopping");
        }
        if (z.length != seeds.length * dimension) {
            throw new IllegalArgumentException("points and seeds do not match");
        }
        Job<R> job = new Job<>(z, seeds, new CompletableFuture<>());
        queue.add(job);
        try {
            return job.result().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        } catch (TimeoutException e) {
            throw new HttpError(503, "decoding took longer than " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new CartographyException("decoding failed: " + c, c);
        }
    }

    /** @return how many batch calls ran (for tests of the batching) */
    /** Requests waiting for a model call (for tests). */
    int waiting() {
        return queue.size();
    }

    long calls() {
        return calls.get();
    }

    private void work() {
        Job<R> carry = null;
        while (!closed) {
            List<Job<R>> batch = new ArrayList<>();
            try {
                Job<R> first = carry != null ? carry : queue.take();
                carry = null;
                batch.add(first);
                int n = first.count();
                Job<R> next;
                while (n < maxBatch && (next = queue.poll()) != null) {
                    if (n + next.count() > maxBatch) {
                        carry = next;
                        break;
                    }
                    batch.add(next);
                    n += next.count();
                }
                runBatch(batch, n);
            } catch (InterruptedException e) {
                for (Job<R> j : batch) {
                    j.result().completeExceptionally(new HttpError(503, "the server is stopping"));
                }
                return;
            }
        }
    }

    private void runBatch(List<Job<R>> batch, int n) {
        try {
            double[] z = new double[n * dimension];
            long[] seeds = new long[n];
            int o = 0;
            for (Job<R> j : batch) {
                System.arraycopy(j.z(), 0, z, o * dimension, j.z().length);
                System.arraycopy(j.seeds(), 0, seeds, o, j.count());
                o += j.count();
            }
            calls.incrementAndGet();
            List<R> all = function.apply(z, n, seeds);
            o = 0;
            for (Job<R> j : batch) {
                j.result().complete(List.copyOf(all.subList(o, o + j.count())));
                o += j.count();
            }
        } catch (RuntimeException | Error e) {
            for (Job<R> j : batch) {
                j.result().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        Job<R> j;
        while ((j = queue.poll()) != null) {
            j.result().completeExceptionally(new HttpError(503, "the server is stopping"));
        }
    }
}
