package org.latentcartography.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.latentcartography.core.CartographyException;

/**
 * Independent parts of a command run side by side (each on a thread of its own, started for it):
 * the demo's studies, a map's figure beside its arrays. Every part computes what it computed when
 * they ran one after the other, from the same inputs, so the results do not depend on the order;
 * a failure is rethrown as it was. (Public for the demo's package; the module exports neither.)
 */
public final class Concurrently {
    private Concurrently() {
    }

    /** Starts {@code work} on a thread of its own (a daemon: it never keeps the process alive). */
    public static <T> CompletableFuture<T> start(String name, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * A lane: an executor that runs its tasks one at a time, in the order given, on one daemon
     * thread of its own (each task then has all the cores for its parallel work).
     */
    public static ExecutorService lane(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The result of {@code f}; its failure rethrown as it was (a CartographyException stays one). */
    public static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CartographyException("interrupted");
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new CartographyException(String.valueOf(c), c);
        }
    }
}
