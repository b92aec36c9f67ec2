package org.latentcartography.engine.spark;

import java.nio.file.Path;
import java.util.Map;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.pipeline.MeasureResult;
import org.latentcartography.core.spi.Engine;

/** The local engine on a job, as {@code cartography measure} runs it; and the test data. */
final class Reference {
    static final Path ROOT = Path.of(System.getProperty("cartography.root", "..")).toAbsolutePath().normalize();
    static final String SOFTPLUS = ROOT.resolve("models/mnist/vae-softplus/decoder.onnx").toString();
    static final String TINY_TEXT = ROOT.resolve("testdata/text/tiny-step").toString();
    static final String LINEAR2 = ROOT.resolve("testdata/onnx/linear2.onnx").toString();
    static final String DIM3 = ROOT.resolve("testdata/onnx/dim3.onnx").toString();

    private Reference() {
    }

    private static final Cartography CARTO = new Cartography(Registries.discover(null));

    static Engine.Job job(String generator, String meaning, String measure, Grid grid, Embeddings emb, int[] labels,
                          int samples, long seed, Map<String, String> options) {
        return job(generator, meaning, measure, grid, emb, labels, samples, seed, false, options);
    }

    /** The job the pipeline gives the Spark engine for such a request. */
    static Engine.Job job(String generator, String meaning, String measure, Grid grid, Embeddings emb, int[] labels,
                          int samples, long seed, boolean metric, Map<String, String> options) {
        return CARTO.job(MeasureRequest.builder(measure).generator(generator).meaning(meaning).grid(grid).embeddings(emb)
                .labels(labels).samples(samples).seed(seed).threads(2).metric(metric)
                .engine(new ComponentSpec("spark", null, options)).build());
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

    /** The local engine on the same request, through the pipeline as {@code cartography measure} runs it. */
    static GridEvaluator.Result local(Engine.Job job) {
        MeasureResult r = CARTO.measure(MeasureRequest.builder(job.measure()).generator(job.generator())
                .meaning(job.meaning()).grid(job.grid()).embeddings(job.embeddings()).labels(job.labels())
                .samples(job.samples()).seed(job.seed()).threads(job.threads()).batch(job.batch()).metric(job.metric())
                .build());
        return new GridEvaluator.Result(r.values(), r.metric(), r.evaluations(), r.seconds());
    }
}
