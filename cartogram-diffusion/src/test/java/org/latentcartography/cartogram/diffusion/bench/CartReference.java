package org.latentcartography.cartogram.diffusion.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.latentcartography.cartogram.diffusion.TestDensities;
import org.latentcartography.core.map.AreaError;

/**
 * The benchmark's side of a comparison with a reference cartogram program that reads a density as
 * text and writes its transformed grid points as text (the format of Newman's {@code cart}; see
 * {@code benchmarks/cartogram-vs-cart.sh}). Not a unit test.
 * <ul>
 *   <li>{@code input SIZE FILE}: writes the latent-like density of {@link CartogramBenchmark} at
 *       SIZE x SIZE as SIZE lines (y = 0, 1, ...) of SIZE numbers (x = 0, 1, ...), x being the
 *       grid's axis 0;</li>
 *   <li>{@code error SIZE FILE}: reads (SIZE + 1)<sup>2</sup> lines "x y" of transformed grid
 *       points (y outer, x inner, in cell units) and prints the mean and largest area error and
 *       the folded cells, as {@code report.json} computes them.</li>
 * </ul>
 */
public final class CartReference {
    private CartReference() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !(args[0].equals("input") || args[0].equals("error"))) {
            System.err.println("usage: CartReference input|error SIZE FILE");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        double[] rho = TestDensities.latentLike(n, n, 100, 1);
        if (args[0].equals("input")) {
            try (BufferedWriter w = Files.newBufferedWriter(file)) {
                StringBuilder line = new StringBuilder();
                for (int y = 0; y < n; y++) {
                    line.setLength(0);
                    for (int x = 0; x < n; x++) {
                        if (x > 0) {
                            line.append(' ');
                        }
                        line.append(rho[x * n + y]);
                    }
                    w.write(line.append('\n').toString());
                }
            }
            return;
        }
        double[] nodes = new double[2 * (n + 1) * (n + 1)];
        try (BufferedReader r = Files.newBufferedReader(file)) {
            for (int y = 0; y <= n; y++) {
                for (int x = 0; x <= n; x++) {
                    String line = r.readLine();
                    if (line == null) {
                        throw new IOException(file + ": fewer than " + (n + 1) * (n + 1) + " lines");
                    }
                    String[] parts = line.trim().split("\\s+");
                    int k = 2 * (x * (n + 1) + y);
                    nodes[k] = Double.parseDouble(parts[0]);
                    nodes[k + 1] = Double.parseDouble(parts[1]);
                }
            }
        }
        AreaError e = AreaError.of(rho, n, n, nodes);
        System.out.printf(Locale.ROOT, "mean_err %.4f%% max_err %.3f%% folded %d%n", 100 * e.mean(), 100 * e.max(),
                e.foldedCells());
    }
}
