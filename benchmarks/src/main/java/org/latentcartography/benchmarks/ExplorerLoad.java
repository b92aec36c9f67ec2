package org.latentcartography.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load on a running {@code cartography serve}: decode requests at a fixed rate (open loop: a
 * request is sent every 1/rate seconds whether or not the earlier ones have answered), each at a
 * random point of the grid, for a number of seconds; prints the answered count, errors and the
 * latency percentiles. Arguments: the page's URL (the server's first line), requests per second
 * (default 200), seconds (default 30), and seconds of warm-up at the same rate before that, not
 * counted (default 5: the server's JIT and its second model session start on the first requests).
 */
public final class ExplorerLoad {
    private ExplorerLoad() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/+$", "");
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String info = client.send(HttpRequest.newBuilder(URI.create(base + "/api/info")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double[] bounds = bounds(info);
        SplittableRandom random = new SplittableRandom(1);
        if (warmup > 0) {
            run(client, base, bounds, random, rate, warmup);
        }
        run(client, base, bounds, random, rate, seconds);
    }

    private static void run(HttpClient client, String base, double[] bounds, SplittableRandom random, int rate,
                            int seconds) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            double x = bounds[0] + random.nextDouble() * (bounds[1] - bounds[0]);
            double y = bounds[2] + random.nextDouble() * (bounds[3] - bounds[2]);
            HttpRequest req = HttpRequest.newBuilder(URI.create(String.format(Locale.ROOT, "%s/api/decode?z=%.6f,%.6f",
                    base, x, y))).timeout(Duration.ofSeconds(10)).build();
            long sent = System.nanoTime();
            pending.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).handle((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    errors.incrementAndGet();
                } else {
                    latencies.add(System.nanoTime() - sent);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double wall = (System.nanoTime() - start) / 1e9;
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%d requests at %d/s over %.1f s: %d answered, %d errors; latency p50 %.1f ms, "
                        + "p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", total, rate, wall, l.length, errors.get(),
                pct(l, 0.5), pct(l, 0.9), pct(l, 0.99), l.length == 0 ? Double.NaN : l[l.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** lower/upper of the first two axes from /api/info's "lower" and "upper" arrays. */
    private static double[] bounds(String json) {
        double[] lo = numbers(json, "\"lower\"");
        double[] hi = numbers(json, "\"upper\"");
        return new double[] {lo[0], hi[0], lo[1], hi[1]};
    }

    private static double[] numbers(String json, String key) {
        int i = json.indexOf(key);
        if (i < 0) {
            throw new IllegalStateException("/api/info has no " + key + ": " + json);
        }
        int a = json.indexOf('[', i);
        int b = json.indexOf(']', a);
        return Arrays.stream(json.substring(a + 1, b).split(",")).map(String::strip).mapToDouble(Double::parseDouble)
                .toArray();
    }
}
