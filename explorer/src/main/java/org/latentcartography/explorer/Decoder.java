package org.latentcartography.explorer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.TextDecoder;

/**
 * Decodes latent points with the served generator, batched across requests ({@link Batcher}):
 * images (the generator's output as an H×W grey image) or, for a text decoder, the greedy sentence
 * with {@code <unk>} blocked and a few seeded samples.
 */
final class Decoder implements AutoCloseable {
    /** Samples shown beside a text decoder's greedy sentence. */
    static final int SAMPLES = 3;
    private static final int MAX_BATCH = 256;

    private final Generator generator;
    private final TextDecoder text;
    private final TextDecoder sampler;
    private final int[] image;
    private final Batcher<double[]> images;
    private final Batcher<String> sentences;
    private final Batcher<String> samples;

    Decoder(Generator generator, Generator samplerGenerator, int[] imageShape, int dimension) {
        this.generator = generator;
        Optional<TextDecoder> t = generator.capability(TextDecoder.class);
        this.text = t.orElse(null);
        int workers = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        if (text != null) {
            if (text.latentDimension() != dimension) {
                throw new CartographyException(generator.name() + ": decodes " + text.latentDimension()
                        + "-D points; the grid is " + dimension + "-D");
            }
            TextDecoder s = samplerGenerator == null ? null : samplerGenerator.capability(TextDecoder.class).orElse(null);
            this.sampler = s;
            this.image = null;
            this.images = null;
            this.sentences = new Batcher<>("text", dimension, MAX_BATCH, workers,
                    (z, n, seeds) -> words(text, z, n, seeds));
            this.samples = s == null ? null : new Batcher<>("samples", dimension, MAX_BATCH, workers,
                    (z, n, seeds) -> words(s, z, n, seeds));
        } else {
            if (generator.latentDimension() != dimension) {
                throw new CartographyException(generator.name() + ": decodes " + generator.latentDimension()
                        + "-D points; the grid is " + dimension + "-D");
            }
            int out = generator.outputDimension();
            int[] shape = imageShape;
            if (shape == null) {
                int side = (int) Math.round(Math.sqrt(out));
                if (side * side != out) {
                    throw new CartographyException(generator.name() + ": output has " + out
                            + " values, not a square image; give the image shape HxW");
                }
                shape = new int[] {side, side};
            }
            if (shape[0] * shape[1] != out) {
                throw new CartographyException(generator.name() + ": output has " + out + " values, which cannot be shown as "
                        + shape[0] + "x" + shape[1] + " images");
            }
            this.image = shape.clone();
            this.sampler = null;
            this.sentences = null;
            this.samples = null;
            this.images = new Batcher<>("images", dimension, MAX_BATCH, workers, (z, n, seeds) -> {
                double[] o = new double[n * out];
                generator.apply(z, n, o, 0, seeds);
                List<double[]> r = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    r.add(Arrays.copyOfRange(o, i * out, (i + 1) * out));
                }
                return r;
            });
        }
    }

    private static List<String> words(TextDecoder d, double[] z, int n, long[] seeds) {
        int[][] tokens = d.decode(z, n, seeds, true);
        List<String> r = new ArrayList<>(n);
        for (int[] tk : tokens) {
            r.add(d.text(tk));
        }
        return r;
    }

    boolean isText() {
        return text != null;
    }

    /** @return {H, W} of one image, or null for a text decoder */
    int[] image() {
        return image == null ? null : image.clone();
    }

    String name() {
        return generator.name();
    }

    /** @return one PNG: the images of the points side by side (one row) */
    byte[] strip(double[] z, int count) {
        List<double[]> r = images.run(z, new long[count]);
        int h = image[0];
        int w = image[1];
        int width = count * w;
        double[] px = new double[h * width];
        for (int i = 0; i < count; i++) {
            double[] im = r.get(i);
            for (int y = 0; y < h; y++) {
                System.arraycopy(im, y * w, px, y * width + i * w, w);
            }
        }
        return Png.grey(px, width, h);
    }

    /** @return the greedy sentence of each point ({@code <unk>} blocked) */
    List<String> sentences(double[] z, int count) {
        return sentences.run(z, new long[count]);
    }

    /** @return {@link #SAMPLES} seeded samples at one point, or an empty list without a sampler */
    List<String> samples(double[] point) {
        if (samples == null) {
            return List.of();
        }
        double[] z = new double[SAMPLES * point.length];
        long[] seeds = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            System.arraycopy(point, 0, z, i * point.length, point.length);
            seeds[i] = i + 1;
        }
        return samples.run(z, seeds);
    }

    /** @return batch calls so far, over all kinds */
    long calls() {
        long c = 0;
        for (Batcher<?> b : Arrays.asList(images, sentences, samples)) {
            c += b == null ? 0 : b.calls();
        }
        return c;
    }

    @Override
    public void close() {
        for (Batcher<?> b : Arrays.asList(images, sentences, samples)) {
            if (b != null) {
                b.close();
            }
        }
    }
}
