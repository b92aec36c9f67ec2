package org.latentcartography.cartogram.diffusion.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.latentcartography.cartogram.diffusion.TestDensities;
import org.latentcartography.core.io.Npy;

/**
 * Writes the benchmark's latent-like density as a measure folder ({@code measure.npy},
 * {@code grid.json} on the unit square) with 4,000 points drawn in proportion to it
 * ({@code z.npy}, {@code labels.npy}: 0 in the densest 10% of cells, 1 elsewhere, named in
 * {@code categories.json}), so that {@code cartography transform} can draw its map: a
 * density-equalising map spreads such points uniformly. Not a unit test. Run from the repository
 * root with the class path of {@link CartogramBenchmark}:
 * <pre>
 *   java -cp "..." org.latentcartography.cartogram.diffusion.bench.LatentLikeSample 512 /tmp/latent-like &amp;&amp; \
 *   ./cartography transform --in /tmp/latent-like --method flow --embeddings /tmp/latent-like/z.npy \
 *     --labels /tmp/latent-like/labels.npy --out /tmp/latent-like-flow
 * </pre>
 */
public final class LatentLikeSample {
    private LatentLikeSample() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LatentLikeSample SIZE DIR");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        double[] rho = TestDensities.latentLike(n, n, 100, 1);
        Npy.writeFloat64(dir.resolve("measure.npy"), new int[] {n, n}, rho);
        Files.writeString(dir.resolve("grid.json"), "{\"lower\": [0, 0], \"upper\": [1, 1], \"shape\": [" + n + ", " + n + "]}\n");
        double[] sorted = rho.clone();
        Arrays.sort(sorted);
        double max = sorted[sorted.length - 1];
        double dense = sorted[(int) (0.9 * sorted.length)];
        Random random = new Random(7);
        int count = 4000;
        double[] z = new double[2 * count];
        long[] labels = new long[count];
        for (int k = 0; k < count; ) {
            // rejection sampling: uniform in the square, kept with probability rho / max
            double x = random.nextDouble();
            double y = random.nextDouble();
            double v = rho[(int) (x * n) * n + (int) (y * n)];
            if (random.nextDouble() * max < v) {
                z[2 * k] = x;
                z[2 * k + 1] = y;
                labels[k] = v >= dense ? 0 : 1;
                k++;
            }
        }
        Npy.writeFloat64(dir.resolve("z.npy"), new int[] {count, 2}, z);
        Npy.writeInt64(dir.resolve("labels.npy"), new int[] {count}, labels);
        Files.writeString(dir.resolve("categories.json"), "[\"in the densest 10% of cells\", \"elsewhere\"]\n");
    }
}
