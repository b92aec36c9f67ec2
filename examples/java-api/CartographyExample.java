import java.nio.file.Path;
import java.util.Locale;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.analysis.PathLength;
import org.latentcartography.core.analysis.Paths;
import org.latentcartography.core.eval.GridEvaluator;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.grid.Grid;
import org.latentcartography.core.io.Npy;
import org.latentcartography.core.io.NpyArray;
import org.latentcartography.core.map.Densities;
import org.latentcartography.core.map.LatentMap;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.DensityTransform;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.Measure;

/**
 * What {@code cartography measure}, {@code transform} and {@code path} do, in a few lines of Java
 * against the public API of core. Run from the repository root after
 * {@code mvn -q -DskipTests package}:
 * <pre>
 *   java -p cli/target/lib --add-modules ALL-MODULE-PATH examples/java-api/CartographyExample.java
 * </pre>
 * Optional arguments: the model folder (default models/mnist/vae-softplus) and the generator spec
 * (default onnx:FOLDER/decoder.onnx; any backend, e.g. with the example plugin on the module path,
 * analytic:paraboloid).
 */
public class CartographyExample {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "models/mnist/vae-softplus");
        String generatorSpec = args.length > 1 ? args[1] : "onnx:" + dir.resolve("decoder.onnx");

        // every provider on the module path (plus a plugins folder, or null for none)
        Registries registries = Registries.discover(null);
        NpyArray z = Npy.read(dir.resolve("z.npy"));
        Embeddings embeddings = new Embeddings(z.data(), z.shape()[0], z.shape()[1]);
        ComponentContext context = registries.context(embeddings, null, 1L, 2);

        // open a generator: the backend is the spec's id (onnx, analytic, ...), nothing else changes
        try (Generator generator = registries.openGenerator(ComponentSpec.parse(generatorSpec), context)) {
            // a 64x64 grid around the embeddings (10% margin), the Riemannian measure over it
            Grid grid = Grid.around(embeddings, 0.1, new int[] {64, 64});
            Measure measure = registries.measure(ComponentSpec.parse("riemannian"), context);
            GridEvaluator.Result result = new GridEvaluator(grid, generator, measure).threads(2).run();
            double[] m = result.measure();

            // the density-equalising map (diffusion cartogram) of that measure
            Densities.validate(m, 64, 64, "measure");
            DensityTransform diffusion = registries.transforms().get("diffusion")
                    .create(ComponentSpec.parse("diffusion"), context);
            LatentMap map = LatentMap.ofCellNodes(grid, diffusion.transform(m, 64, 64, (it, err) -> { }).nodes());

            // transformed embeddings, and a straight path and a pseudo-geodesic between two of them
            double[] moved = map.forward(embeddings.toArray());
            double[] a = {embeddings.get(0, 0), embeddings.get(0, 1)};
            double[] b = {embeddings.get(9000, 0), embeddings.get(9000, 1)};
            double[] straight = Paths.straight(a, b, 100);
            double[] geodesic = Paths.pseudoGeodesic(map, a, b, 100);

            System.out.printf(Locale.ROOT, "%s on %s: %d evaluations in %.2f s%n", measure.getClass().getSimpleName(),
                    generator.name(), result.evaluations(), result.seconds());
            System.out.printf(Locale.ROOT, "embedding 0: (%.4f, %.4f) -> (%.4f, %.4f) in the transformed space%n",
                    a[0], a[1], moved[0], moved[1]);
            System.out.printf(Locale.ROOT, "sqrt(measure) length: straight %.3f, pseudo-geodesic %.3f%n",
                    PathLength.sqrtMeasure(grid, m, straight), PathLength.sqrtMeasure(grid, m, geodesic));
        }
    }
}
