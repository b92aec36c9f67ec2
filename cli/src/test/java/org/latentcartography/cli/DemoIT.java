package org.latentcartography.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;

/**
 * The demos run through the launcher on small grids (the same code as the full demos, which the
 * README's figures come from) and write their figures, result folders and summaries.
 */
class DemoIT {
    @TempDir
    Path tmp;

    @Test
    void theMnistDemoOnOneModelWritesItsFiguresFoldersAndSummary() {
        Path out = tmp.resolve("demo");
        Launcher.Run r = Launcher.run("demo", "--grid", "24", "--model", "vae-softplus", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> summary = (Map<?, ?>) Json.read(out.resolve("summary.json"));
        Map<?, ?> s = (Map<?, ?>) summary.get("vae-softplus");
        assertTrue(((Number) s.get("entropy_after_nats")).doubleValue() > 0, s.toString());
        assertTrue(((Number) s.get("kmeans_f1_before")).doubleValue() > 0.2, "k-means finds some digits: " + s);
        assertEquals(0, ((Number) s.get("folded_cells")).intValue(), s.toString());
        assertTrue(((Number) s.get("mean_area_error")).doubleValue() < 0.05, s.toString());
        Map<?, ?> path = (Map<?, ?>) s.get("path");
        assertTrue(((Number) path.get("straight_sqrt_measure")).doubleValue() > 0, path.toString());
        assertTrue(((Number) path.get("true_geodesic_sqrt_measure")).doubleValue() > 0, path.toString());
        Map<?, ?> classifier = (Map<?, ?>) summary.get("classifier");
        assertEquals(24, ((Number) classifier.get("grid")).intValue());
        assertTrue(classifier.containsKey("all classes, blur 2"), classifier.keySet().toString());
        for (String f : List.of("fig1-mnist.png", "fig1-mnist.svg", "fig4-classifier.png", "fig3-bad-data.png", "vae-softplus/measure.npy",
                "vae-softplus/map.npy", "vae-softplus/report.json", "vae-softplus/embeddings.npy")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(List.of(24, 24), java.util.Arrays.stream(Npy.read(out.resolve("vae-softplus/measure.npy")).shape())
                .boxed().toList());
    }

    @Test
    void theTextDemoWritesBothStudiesAndTheirSentences() throws Exception {
        Path out = tmp.resolve("text");
        Launcher.Run r = Launcher.run("demo", "text", "--grid", "16", "--steps", "3", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> summary = (Map<?, ?>) Json.read(out.resolve("summary.json"));
        for (String model : List.of("fortunes-2d", "fortunes-32d-compressed")) {
            Map<?, ?> s = (Map<?, ?>) summary.get(model);
            assertEquals(3, ((List<?>) s.get("straight_sentences")).size(), model + ": " + s);
            assertEquals(0, ((Number) s.get("folded_cells")).intValue(), model + ": " + s);
            assertTrue(Files.isRegularFile(out.resolve(model).resolve("map.npy")), model);
            assertTrue(Files.isRegularFile(out.resolve("fig5-paths-" + model + ".png")), model);
        }
        assertTrue(Files.isRegularFile(out.resolve("fig5-text.png")));
        assertTrue(Files.readString(out.resolve("sentences.txt")).contains("## pseudo-geodesic"));
    }

    @Test
    void theHighDimensionalDemoMapsThe16dModelThroughItsPlaneAndACompressionVae() {
        Path out = tmp.resolve("highdim");
        Launcher.Run r = Launcher.run("demo", "highdim", "--grid", "24", "--epochs", "5", "--steps", "3", "--out",
                out.toString());
        assertEquals(0, r.status(), r.err());
        Map<?, ?> summary = (Map<?, ?>) Json.read(out.resolve("summary.json"));
        assertEquals(16, ((Number) summary.get("latent_dimensions")).intValue());
        for (String view : List.of("pca-plane", "compressed")) {
            Map<?, ?> s = (Map<?, ?>) summary.get(view);
            assertEquals(0, ((Number) s.get("folded_cells")).intValue(), view + ": " + s);
            assertTrue(((Number) s.get("mean_area_error")).doubleValue() < 0.05, view + ": " + s);
            // ten digits: a 5-NN vote in 2-D beats the majority rate (0.11) by far in both views
            assertTrue(((Number) s.get("knn_accuracy_2d")).doubleValue() > 0.3, view + ": " + s);
            Map<?, ?> reduction = (Map<?, ?>) s.get("reduction");
            double kept = ((Number) reduction.get("kept_neighbours")).doubleValue();
            assertTrue(kept > 0 && kept <= 1, view + ": " + reduction);
            assertTrue(Files.isRegularFile(out.resolve(view).resolve("map.npy")), view);
            assertEquals(List.of(24, 24), java.util.Arrays.stream(Npy.read(out.resolve(view).resolve("measure.npy")).shape())
                    .boxed().toList());
        }
        // the two reductions are written as 'project' and 'compress' write them, and composed in front of the decoder
        assertEquals(List.of(3, 16), java.util.Arrays.stream(Npy.read(out.resolve("plane/plane.npy")).shape()).boxed().toList());
        assertEquals(List.of(10000, 2), java.util.Arrays.stream(Npy.read(out.resolve("compress/z.npy")).shape()).boxed().toList());
        String composed = (String) ((Map<?, ?>) summary.get("compressed")).get("generator");
        assertTrue(composed.startsWith("onnx:" + out.resolve("compress/decoder.onnx") + ">onnx:"), composed);
        double[] variance = ((List<?>) ((Map<?, ?>) ((Map<?, ?>) summary.get("pca-plane")).get("reduction"))
                .get("explained_variance")).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        assertEquals(2, variance.length);
        assertTrue(variance[0] >= variance[1] && variance[0] + variance[1] < 1, java.util.Arrays.toString(variance));
        assertTrue(Files.isRegularFile(out.resolve("fig-highdim.png")));
    }

    @Test
    void theHighDimensionalDemoRefusesATwoDimensionalModelInOneLine() {
        Path out = tmp.resolve("highdim-2d");
        Launcher.Run r = Launcher.run("demo", "highdim", "--model", "vae-softplus", "--out", out.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("codes of 2 dimensions"), r.err());
        assertTrue(!Files.exists(out), "no output for a refused model");
    }
}
