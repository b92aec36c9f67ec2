package org.latentcartography.measures.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.LatentFunction;

/**
 * The trained classifier on the shipped MNIST embeddings of the softplus VAE (10,000 points in
 * two dimensions, ten classes): with the default settings it must classify the held-out 20% at
 * least as well as 5-nearest-neighbours on the same split, and train in seconds.
 */
class MnistClassifierTest {
    static final Path MODEL = Path.of("..").toAbsolutePath().normalize().resolve("models/mnist/vae-softplus");

    static Embeddings embeddings() {
        NpyArray z = Npy.read(MODEL.resolve("z.npy"));
        return new Embeddings(z.data(), z.shape()[0], z.shape()[1]);
    }

    static int[] labels() {
        double[] d = Npy.read(MODEL.resolve("labels.npy")).data();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    @Test
    void heldOutAccuracyIsAtLeastThatOfFiveNearestNeighbours() {
        ComponentContext ctx = Registries.discover(null).context(embeddings(), labels(), 0, 1);
        try (LatentFunction f = new ClassifierProvider().create(ComponentSpec.parse("classifier"), null, ctx)) {
            Map<String, Object> r = f.report();
            double acc = (Double) r.get("holdout_accuracy");
            double knn = (Double) r.get("knn5_holdout_accuracy");
            assertEquals(2000, r.get("holdout_points"));
            assertEquals(8000, r.get("train_points"));
            assertEquals(10, f.outputDimension());
            assertEquals(2, f.latentDimension());
            assertTrue(acc >= knn, "held-out accuracy " + acc + " < 5-NN accuracy " + knn);
        }
    }
}
