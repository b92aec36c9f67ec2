package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.compression.LatentPlane;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cartography project}: embeddings onto a plane through the latent space. */
@Command(name = "project", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Project a model's latent codes onto a plane through its latent space.",
            "%nWrites plane.npy (origin and axes; use it as --generator 'plane,matrix=DIR/plane.npy>MODEL'), z.npy (the "
                + "codes' coordinates on the plane, to use as --embeddings), residuals.npy (each code's distance from "
                + "the plane) and report.json.%n"})
final class ProjectCommand implements Callable<Integer> {
    @Option(names = "--embeddings", paramLabel = "FILE", required = true, description = "The model's latent codes z.npy.")
    Path embeddings;

    @Option(names = "--plane", paramLabel = "SPEC", defaultValue = "pca",
            description = "pca (principal components, the default), pca3, points=I,J,K, or matrix=FILE.npy.")
    String plane;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Embeddings emb = Embeddings.read(embeddings);
        LatentPlane p;
        try {
            p = choose(emb);
        } catch (UsageException e) {
            throw new UsageException("--plane " + plane + " over --embeddings " + embeddings + ": " + e.getMessage());
        }
        LatentPlane.Projection proj = p.project(emb);
        try (OutputDir dir = output.open(List.of("plane.npy", "z.npy", "residuals.npy", "report.json"))) {
            p.write(dir.resolve("plane.npy"));
            Npy.writeFloat64(dir.resolve("z.npy"), new int[] {emb.count(), p.dimension()}, proj.coordinates());
            Npy.writeFloat64(dir.resolve("residuals.npy"), new int[] {emb.count()}, proj.residuals());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("plane", plane);
            json.put("points", emb.count());
            json.put("dimension", emb.dimension());
            json.put("dims", p.dimension());
            p.explainedVariance().ifPresent(v -> json.put("explained_variance", v));
            json.put("mean_residual", proj.meanResidual());
            json.put("max_residual", proj.maxResidual());
            AtomicFiles.writeString(dir.resolve("report.json"), Json.write(json));
            dir.commit();
        }
        System.out.printf(Locale.ROOT, "project: %d points of %d dimensions onto a %d-D plane; residual distance mean %.4g, "
                + "max %.4g%n", emb.count(), emb.dimension(), p.dimension(), proj.meanResidual(), proj.maxResidual());
        return 0;
    }

    private LatentPlane choose(Embeddings emb) {
        if (plane.equals("pca") || plane.equals("pca2")) {
            return LatentPlane.principal(emb, 2);
        }
        if (plane.equals("pca3")) {
            return LatentPlane.principal(emb, 3);
        }
        ComponentSpec spec = ComponentSpec.parse("plane," + plane);
        spec.requireOnly(List.of("points", "matrix"));
        String m = spec.string("matrix", null);
        if (m != null) {
            LatentPlane p = LatentPlane.read(Path.of(m));
            if (p.latentDimension() != emb.dimension()) {
                throw new UsageException("the plane lies in " + p.latentDimension() + " dimensions, the embeddings in "
                        + emb.dimension());
            }
            return p;
        }
        String[] parts = spec.string("points", "").split(",");
        int[] idx = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                idx[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new UsageException("'" + parts[i] + "' is not an embedding index");
            }
        }
        if (idx.length != 3 && idx.length != 4) {
            throw new UsageException("give 3 embedding indices (4 for a 3-D flat)");
        }
        return LatentPlane.throughPoints(emb, idx);
    }
}
