package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentcartography.compression.Compression;
import org.latentcartography.compression.Compressor;
import org.latentcartography.compression.LatentPlane;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.io.Npy;

/**
 * What {@code compress} and {@code project} do, kept apart from the command classes: picocli
 * reflects on those when the program starts, and this class (which uses the optional module
 * {@code compression}) is loaded only when one of the two commands runs.
 */
final class CompressionRuns {
    private CompressionRuns() {
    }

    static Integer compress(CompressCommand c) {
        if (c.dims != 2 && c.dims != 3) {
            throw new UsageException("--dims " + c.dims + ": give 2 or 3");
        }
        if (c.epochs != null && c.epochs < 1) {
            throw new UsageException("--epochs " + c.epochs + ": give at least 1");
        }
        if (c.hidden < 1) {
            throw new UsageException("--hidden " + c.hidden + ": give at least 1");
        }
        Embeddings emb = Embeddings.read(c.embeddings);
        Compressor.Settings settings = Compressor.Settings.defaults().withDims(c.dims).withHidden(c.hidden);
        if (c.epochs != null) {
            settings = settings.withEpochs(c.epochs);
        }
        try (OutputDir dir = c.output.open(Compression.fileNames())) {
            int every = Math.max(1, settings.epochsFor(emb.count()) / 10);
            Compression result;
            try {
                result = Compressor.train(emb, settings, c.seed, (e, n, loss, held) -> {
                    if (e % every == 0 || e == n) {
                        System.err.printf(Locale.ROOT, "compress: epoch %d/%d, loss %.4f, held-out relative error %.4f%n",
                                e, n, loss, held);
                    }
                });
            } catch (UsageException e) {
                throw new UsageException("--embeddings " + c.embeddings + ": " + e.getMessage());
            }
            result.write(dir.stage(Compression.fileNames()));
            dir.commit();
            Compression.Report r = result.report();
            System.out.printf(Locale.ROOT, "compress: %d points of %d dimensions to %d in %.1f s; held-out relative error "
                    + "%.4f (PCA %.4f); %d-NN kept %.3f (PCA %.3f)%n", r.points(), r.dimension(), r.dims(), r.seconds(),
                    r.heldOutError(), r.pcaError(), r.neighbours(), r.keptNeighbours(), r.keptNeighboursPca());
        }
        return 0;
    }

    static Integer project(ProjectCommand c) {
        Embeddings emb = Embeddings.read(c.embeddings);
        LatentPlane p;
        try {
            p = choose(c, emb);
        } catch (UsageException e) {
            throw new UsageException("--plane " + c.plane + " over --embeddings " + c.embeddings + ": " + e.getMessage());
        }
        LatentPlane.Projection proj = p.project(emb);
        try (OutputDir dir = c.output.open(List.of("plane.npy", "z.npy", "residuals.npy", "report.json"))) {
            p.write(dir.resolve("plane.npy"));
            Npy.writeFloat64(dir.resolve("z.npy"), new int[] {emb.count(), p.dimension()}, proj.coordinates());
            Npy.writeFloat64(dir.resolve("residuals.npy"), new int[] {emb.count()}, proj.residuals());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("plane", c.plane);
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


    private static LatentPlane choose(ProjectCommand c, Embeddings emb) {
        if (c.plane.equals("pca") || c.plane.equals("pca2")) {
            return LatentPlane.principal(emb, 2);
        }
        if (c.plane.equals("pca3")) {
            return LatentPlane.principal(emb, 3);
        }
        ComponentSpec spec = ComponentSpec.parse("plane," + c.plane);
        spec.requireOnly(List.of("points", "matrix"));
        String m = spec.string("matrix", null);
        if (m != null) {
            LatentPlane p = LatentPlane.read(Path.of(m));
            if (p.latentDimension() != emb.dimension()) {
                throw new UsageException("the c.plane lies in " + p.latentDimension() + " dimensions, the embeddings in "
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
