package org.latentcartography.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.plugin.Registries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cartography demo}: the paper's MNIST study on the shipped models: the Riemannian
 * measure of each decoder at 800×800 (paper sec. 4.1, Fig. 1 top row).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the paper's MNIST study on the shipped models (models/mnist): the approximate Riemannian",
            "measure of each decoder over its embeddings, with figures, into --out (overwritten).", ""})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of model folders (default: models/mnist beside the launcher).")
    Path models;

    @Option(names = "--model", paramLabel = "NAME", split = ",",
            description = "Models to run (default: vae-relu,vae-softplus,vae-tanh,ae-relu, those present).")
    List<String> only;

    @Option(names = "--grid", paramLabel = "N", defaultValue = "800", description = "Cells per axis (default ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Mixin
    CommonOptions common;

    static final List<String> MODELS = List.of("vae-relu", "vae-softplus", "vae-tanh", "ae-relu");

    @Override
    public Integer call() {
        Path dir = models != null ? models : defaultModels();
        if (!Files.isDirectory(dir)) {
            throw new CartographyException(dir + ": no models folder (give --models DIR)");
        }
        List<String> names = new ArrayList<>();
        for (String n : only != null ? only : MODELS) {
            if (Files.isRegularFile(dir.resolve(n).resolve("decoder.onnx"))) {
                names.add(n);
            } else if (only != null) {
                throw new CartographyException(dir.resolve(n) + ": no decoder.onnx");
            }
        }
        if (names.isEmpty()) {
            throw new CartographyException(dir + ": holds none of the models " + MODELS);
        }
        Registries registries = common.registries();
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        long start = System.nanoTime();
        Map<String, Object> summary = new LinkedHashMap<>();
        System.err.printf(Locale.ROOT, "demo: Riemannian measure of %d MNIST decoders at %dx%d%n", names.size(), grid, grid);
        for (String name : names) {
            Path m = dir.resolve(name);
            Embeddings emb = Inputs.embeddings(m.resolve("z.npy"));
            int[] lab = Files.exists(m.resolve("labels.npy")) ? Inputs.labels(m.resolve("labels.npy"), emb.count()) : null;
            Grid g = Grid.around(emb, 0.1, new int[] {grid, grid});
            MeasureCommand.Result r = MeasureCommand.run(registries, "onnx:" + m.resolve("decoder.onnx"), "output",
                    "riemannian", g, emb, lab, 1, 0, t, null, false, true);
            Path o = out.resolve(name);
            try (OutputDir od = OutputDir.open(o, List.of(), true)) {
                MeasureCommand.write(od, r, emb, lab);
                od.commit();
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("measure_seconds", r.result().seconds());
            s.put("evaluations", r.result().evaluations());
            summary.put(name, s);
            System.err.printf(Locale.ROOT, "demo: %-13s measure %s -> %s%n", name, Inputs.seconds(r.result().seconds()),
                    o.resolve("measure.png"));
        }
        double total = (System.nanoTime() - start) / 1e9;
        summary.put("total_seconds", total);
        AtomicFiles.writeString(out.resolve("summary.json"), Json.write(summary));
        System.err.printf(Locale.ROOT, "demo: done in %s; figures in %s%n", Inputs.seconds(total), out);
        return 0;
    }

    private static Path defaultModels() {
        String home = System.getProperty("cartography.home");
        return (home == null ? Path.of(".") : Path.of(home)).resolve("models").resolve("mnist");
    }
}
