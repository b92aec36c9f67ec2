package org.latentcartography.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BatcherTest {
    @Test
    void concurrentRequestsShareModelCallsAndGetTheirOwnResults() throws Exception {
        // the first model call is held until the other 19 requests are queued behind it: they then go in
        // one call (19 x 2 points < 256), whatever the machine's load
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (Batcher<Double> b = new Batcher<>("test", 2, 256, 1, (z, n, seeds) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                r.add(z[2 * i] + 10 * z[2 * i + 1]);
            }
            return r;
        })) {
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<List<Double>>> fs = new ArrayList<>();
            fs.add(pool.submit(() -> b.run(new double[] {0, 1, 0, 2}, new long[2])));
            while (b.calls() < 1) {
                Thread.sleep(1);
            }
            for (int i = 1; i < 20; i++) {
                double x = i;
                fs.add(pool.submit(() -> b.run(new double[] {x, 1, x, 2}, new long[2])));
            }
            while (b.waiting() < 19) {
                Thread.sleep(1);
            }
            release.countDown();
            for (int i = 0; i < 20; i++) {
                assertEquals(List.of(i + 10.0, i + 20.0), fs.get(i).get());
            }
            pool.shutdown();
            assertEquals(2, b.calls(), "20 concurrent requests, 19 of them queued behind the first call");
        }
    }

    @Test
    void aFailingCallFailsOnlyItsRequests() {
        try (Batcher<Double> b = new Batcher<>("test", 1, 8, 1, (z, n, seeds) -> {
            throw new IllegalStateException("model broke");
        })) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> b.run(new double[] {1}, new long[1]));
            assertEquals("model broke", e.getMessage());
        }
    }
}
