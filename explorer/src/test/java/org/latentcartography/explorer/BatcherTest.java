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
        // a slow "model": while one call runs, the other requests queue up and go in one call
        try (Batcher<Double> b = new Batcher<>("test", 2, 256, 1, (z, n, seeds) -> {
            try {
                Thread.sleep(100);
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
            for (int i = 0; i < 20; i++) {
                double x = i;
                fs.add(pool.submit(() -> b.run(new double[] {x, 1, x, 2}, new long[2])));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(List.of(i + 10.0, i + 20.0), fs.get(i).get());
            }
            pool.shutdown();
            assertTrue(b.calls() <= 4, "20 concurrent requests took " + b.calls() + " model calls");
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
