package org.latentcartography.engine.spark;

import java.nio.file.Path;
import java.util.Map;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.eval.Engine;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.LatentFunction;
import org.latentcartography.core.spi.MeaningProvider;

/** The local engine on a job, as {@code cartography measure} runs it; and the test data. */
final class Reference {
    static final Path ROOT = Path.of(System.getProperty("cartography.root", "..")).toAbsolutePath().normalize();
    static final String SOFTPLUS = ROOT.resolve("models/mnist/vae-softplus/decoder.onnx").toString();
    static final String TINY_TEXT = ROOT.resolve("testdata/text/tiny-step").toString();
    static final String LINEAR2 = ROOT.resolve("testdata/onnx/linear2.onnx").toString();
    static final String DIM3 = ROOT.resolve("testdata/onnx/dim3.onnx").toString();

    private Reference() {
    }

    static Engine.Job job(String generator, String meaning, String measure, Grid grid, Embeddings emb, int[] labels,
                          int samples, long seed, Map<String, String> options) {
        return new Engine.Job(generator, meaning, measure, grid, emb, labels, samples, seed, 2, null, false, options);
    }

    static Grid square(int n, double lo, double hi) {
        return new Grid(new double[] {lo, lo}, new double[] {hi, hi}, new int[] {n, n});
    }

    static Embeddings embeddings() {
        NpyArray a = Npy.read(ROOT.resolve("models/mnist/vae-softplus/z.npy"));
        return new Embeddings(a.data(), a.shape()[0], a.shape()[1]);
    }

    static int[] labels() {
        NpyArray a = Npy.read(ROOT.resolve("models/mnist/vae-softplus/labels.npy"));
        double[] d = a.data();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    /** The local engine: what MeasureCommand.run does. */
    static GridEvaluator.Result local(Engine.Job job) {
        Registries registries = Registries.discover(null);
        ComponentSpec meaningS = ComponentSpec.parse(job.meaning());
        ComponentContext ctx = registries.context(job.embeddings(), job.labels(), job.seed(), job.threads());
        MeaningProvider mp = registries.meanings().get(meaningS.id());
        var m = registries.measure(ComponentSpec.parse(job.measure()), ctx);
        Generator gen = job.generator() == null ? null : registries.openGenerator(job.generator(), ctx);
        try (gen; LatentFunction f = mp.create(meaningS, gen, ctx)) {
            GridEvaluator ev = new GridEvaluator(job.grid(), f, m).samples(job.samples()).seed(job.seed())
                    .threads(job.threads()).metric(job.metric());
            if (job.batch() != null) {
                ev.batchSize(job.batch());
            }
            return ev.run();
        }
    }
}
