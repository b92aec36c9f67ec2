package org.latentcartography.compression.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.latentcartography.compression.LatentPlane;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.GeneratorProvider;

/**
 * Generator {@code plane}: 2 (or 3) coordinates mapped affinely into a model's latent space
 * ({@link LatentPlane}), to compose in front of a decoder: {@code plane>onnx:decoder.onnx}.
 * <ul>
 *   <li>{@code plane} or {@code plane,dims=3}: the principal plane of the embeddings;</li>
 *   <li>{@code plane,points=I,J,K}: through embeddings I (origin), J and K (four for 3-D);</li>
 *   <li>{@code plane,matrix=FILE.npy}: a plane written by {@link LatentPlane#write}.</li>
 * </ul>
 * The embeddings are the model's codes: {@code embeddings=FILE.npy}, else the context's when they
 * have more dimensions than the plane (the context's are usually the grid's, already on the plane).
 */
public final class PlaneProvider implements GeneratorProvider {
    @Override
    public String id() {
        return "plane";
    }

    @Override
    public String description() {
        return "affine plane into the latent space: principal components of the embeddings (plane,dims=2|3), "
                + "plane,points=I,J,K, or plane,matrix=FILE.npy; compose in front of a decoder: plane>onnx:FILE";
    }

    @Override
    public List<Path> files(ComponentSpec spec) {
        List<Path> files = new ArrayList<>();
        for (String key : List.of("matrix", "embeddings")) {
            String f = spec.string(key, null);
            if (f != null) {
                files.add(Path.of(f));
            }
        }
        return files;
    }

    @Override
    public Generator open(ComponentSpec spec, ComponentContext context) {
        spec.requireNoArgument();
        spec.requireOnly(List.of("dims", "points", "matrix", "embeddings"));
        String matrix = spec.string("matrix", null);
        if (matrix != null) {
            if (spec.options().size() > 1) {
                throw new UsageException("plane: matrix= gives the whole plane; it takes no other option");
            }
            return LatentPlane.read(Path.of(matrix)).generator("plane:" + Path.of(matrix).getFileName());
        }
        String points = spec.string("points", null);
        int dims = spec.integer("dims", points == null ? 2 : points.split(",").length - 1);
        if (dims != 2 && dims != 3) {
            throw new UsageException("plane: dims=" + dims + "; a plane has 2 or 3 dimensions");
        }
        Embeddings emb = source(spec, context, dims);
        if (points != null) {
            String[] parts = points.split(",");
            if (parts.length != dims + 1) {
                throw new UsageException("plane: points=" + points + " names " + parts.length + " embeddings; a "
                        + dims + "-D plane goes through " + (dims + 1));
            }
            int[] idx = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    idx[i] = Integer.parseInt(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new UsageException("plane: points=" + points + ": '" + parts[i] + "' is not an embedding index");
                }
            }
            return LatentPlane.throughPoints(emb, idx).generator("plane:points=" + points);
        }
        return LatentPlane.principal(emb, dims).generator("plane:pca" + dims);
    }

    private static Embeddings source(ComponentSpec spec, ComponentContext context, int dims) {
        String file = spec.string("embeddings", null);
        if (file != null) {
            return Embeddings.read(Path.of(file));
        }
        Embeddings emb = context.embeddings();
        if (emb == null) {
            throw new UsageException("plane: needs the model's latent codes (option embeddings=FILE.npy) "
                    + "or a matrix=FILE.npy");
        }
        if (emb.dimension() <= dims) {
            throw new UsageException("plane: the embeddings have " + emb.dimension() + " dimensions, no more than the "
                    + dims + "-D plane's; give the model's latent codes with embeddings=FILE.npy or a matrix=FILE.npy");
        }
        return emb;
    }
}
