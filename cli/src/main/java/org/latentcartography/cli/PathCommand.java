package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.analysis.Paths;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Labels;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.io.AtomicFiles;
import org.latentcartography.core.io.Json;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cartography path}: straight path and pseudo-geodesic between two points (paper sec. 3). */
@Command(name = "path", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compare the straight path and the pseudo-geodesic between two points.",
            "%nThe pseudo-geodesic is the straight line in the transformed space, mapped back. Writes path.json (both "
                + "paths, their lengths under the measure), path.png (both spaces, equidistance lines around the start) "
                + "and, with --generator, interpolation.png (decoded strips).%n"},
        footer = {"", "Example:",
            "  cartography path --map out/softplus-map --embeddings models/mnist/vae-softplus/z.npy --from-index 0 \\",
            "      --to-index 9000 --generator onnx:models/mnist/vae-softplus/decoder.onnx --image 28x28 --out out/path"})
final class PathCommand implements Callable<Integer> {
    @Option(names = "--map", paramLabel = "DIR", required = true, description = "A transform's output folder (map.npy, grid.json).")
    Path mapDir;

    @Option(names = "--measure", paramLabel = "FILE", description = "measure.npy for path lengths (default: the one the map was made from).")
    Path measureFile;

    @Option(names = "--from", paramLabel = "X,Y", description = "Start point.")
    String from;

    @Option(names = "--to", paramLabel = "X,Y", description = "End point.")
    String to;

    @Option(names = "--from-index", paramLabel = "I", description = "Start at embedding I (needs --embeddings).")
    Integer fromIndex;

    @Option(names = "--to-index", paramLabel = "J", description = "End at embedding J (needs --embeddings).")
    Integer toIndex;

    @Option(names = "--embeddings", paramLabel = "FILE", description = "Latent codes, for indices and the figure.")
    Path embeddings;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels, for colours.")
    Path labels;

    @Option(names = "--generator", paramLabel = "SPEC", description = "Decoder for the interpolations, e.g. onnx:decoder.onnx,output=x.")
    String generator;

    @Option(names = "--image", paramLabel = "HxW", defaultValue = "28x28", description = "Shape of one decoded image (default ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "10", description = "Points per path (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--radii", paramLabel = "R,...", split = ",", description = "Equidistance radii in the transformed space "
            + "(default: 1/4, 1/2 and 3/4 of the distance between the ends there).")
    double[] radii;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Path out = output.out;
        Inputs.inRange("--steps", steps, 2, Inputs.MAX_STEPS);
        MapResult in = MapResult.read(mapDir, measureFile);
        if (in.dimension() != 2) {
            throw new UsageException("--map " + mapDir + ": paths are drawn on 2-D maps; this map is 3-D");
        }
        if (in.measure() == null) {
            throw new UsageException("--map " + mapDir + ": no measure found; give --measure FILE");
        }
        Embeddings emb = embeddings == null ? null : Embeddings.read(embeddings);
        int[] lab = labels == null ? null : Labels.read(labels, emb == null ? -1 : emb.count());
        double[] a = point(from, fromIndex, emb, "--from");
        double[] b = point(to, toIndex, emb, "--to");
        for (double[] p : List.of(a, b)) {
            if (!in.grid().contains(p)) {
                throw new CartographyException(String.format(Locale.ROOT, "point (%g, %g) lies outside the grid %s", p[0], p[1], in.grid()));
            }
        }
        if (a[0] == b[0] && a[1] == b[1]) {
            throw new UsageException(String.format(Locale.ROOT, "--from and --to are the same point (%g, %g); a path needs "
                    + "two different ends", a[0], a[1]));
        }
        int[] shape = parseImage(image);
        Registries registries = common.registries();
        try (OutputDir dir = output.open(List.of("path.json", "path.png", "interpolation.png"))) {
            // equidistance radii as fractions of the ends' distance in the transformed space
            double[] fractions = {0.25, 0.5, 0.75};
            if (radii != null) {
                double[] ta = in.map().forward(a);
                double[] tb = in.map().forward(b);
                double span = Math.hypot(tb[0] - ta[0], tb[1] - ta[1]);
                fractions = new double[radii.length];
                for (int i = 0; i < radii.length; i++) {
                    if (!(radii[i] > 0)) {
                        throw new UsageException("--radii must be positive");
                    }
                    fractions[i] = radii[i] / span;
                }
            }
            Study.PathPair pp = Study.paths(in.grid(), in.measure(), in.map(), a, b, fractions);
            double[] straight = Paths.straight(a, b, steps);
            double[] geodesic = Paths.pseudoGeodesic(in.map(), a, b, steps);
            Map<String, Object> json = new LinkedHashMap<>(pp.lengths());
            json.put("straight", straight);
            json.put("pseudo_geodesic", geodesic);
            if (generator != null) {
                try (Generator g = registries.openGenerator(generator, registries.context(emb, lab, 0, 1))) {
                    if (g.outputDimension() != shape[0] * shape[1]) {
                        throw new CartographyException(g.name() + ": output has " + g.outputDimension()
                                + " values, which cannot be shown as " + shape[0] + "x" + shape[1] + " images (--image)");
                    }
                    double[] si = Study.decode(g, straight);
                    double[] gi = Study.decode(g, geodesic);
                    PathFigures.strips(dir.resolve("interpolation.png"), si, gi, shape[0], shape[1], steps);
                }
            }
            double[] xy = emb == null ? null : Inputs.points(in.grid(), emb, embeddings);
            double[] moved = xy == null ? null : in.map().forward(xy);
            PathFigures.pair(dir.resolve("path.png"), in.grid(), in.measure(), xy, moved, lab, pp);
            AtomicFiles.writeString(dir.resolve("path.json"), Json.write(json));
            dir.commit();
            System.err.printf(Locale.ROOT, "path: length under the measure: straight %.4g, pseudo-geodesic %.4g; under its "
                            + "square root: %.4g, %.4g; in the transformed space: %.4g, %.4g; wrote %s%n",
                    json.get("straight_measure"), json.get("geodesic_measure"), json.get("straight_sqrt_measure"),
                    json.get("geodesic_sqrt_measure"), json.get("straight_transformed"), json.get("geodesic_transformed"), out);
        }
        return 0;
    }

    private static double[] point(String xy, Integer index, Embeddings emb, String option) {
        if ((xy == null) == (index == null)) {
            throw new UsageException("give exactly one of " + option + " X,Y and " + option + "-index I");
        }
        if (xy != null) {
            String[] p = xy.split(",");
            if (p.length != 2) {
                throw new UsageException(option + " " + xy + ": give X,Y");
            }
            return new double[] {Inputs.number(p[0], option), Inputs.number(p[1], option)};
        }
        if (emb == null) {
            throw new UsageException(option + "-index needs --embeddings");
        }
        if (index < 0 || index >= emb.count()) {
            throw new UsageException(option + "-index " + index + " is past the " + emb.count() + " embeddings");
        }
        return new double[] {emb.get(index, 0), emb.get(index, 1)};
    }

    static int[] parseImage(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        try {
            int h = Integer.parseInt(p[0].strip());
            int w = p.length > 1 ? Integer.parseInt(p[1].strip()) : h;
            if (p.length > 2 || h < 1 || w < 1) {
                throw new NumberFormatException();
            }
            return new int[] {h, w};
        } catch (NumberFormatException e) {
            throw new UsageException("--image " + text + ": give HxW, e.g. 28x28");
        }
    }
}
