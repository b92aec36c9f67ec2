import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.latentcartography.core.analysis.PathLength;
import org.latentcartography.core.analysis.Paths;
import org.latentcartography.core.grid.Embeddings;
import org.latentcartography.core.pipeline.Cartography;
import org.latentcartography.core.pipeline.MapRequest;
import org.latentcartography.core.pipeline.MapResult;
import org.latentcartography.core.pipeline.MeasureRequest;
import org.latentcartography.core.pipeline.MeasureResult;

/**
 * What {@code cartography measure}, {@code transform} and {@code path} do, in a few typed calls
 * on core's pipeline API. Run from the repository root after {@code mvn -q -DskipTests package}:
 * <pre>
 *   java -p cli/target/lib --add-modules ALL-MODULE-PATH examples/java-api/CartographyExample.java
 * </pre>
 * Optional arguments: the model folder (default models/mnist/vae-softplus), the generator spec
 * (default onnx:FOLDER/decoder.onnx; any backend, e.g. with the example plugin on the module path,
 * analytic:paraboloid) and the output folder (default out/java-api). It writes a measure folder
 * ({@code OUT/measure}) that {@code cartography transform --in} accepts and a map folder
 * ({@code OUT/map}) that {@code cartography path --map} accepts.
 */
public class CartographyExample {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "models/mnist/vae-softplus");
        Path out = Path.of(args.length > 2 ? args[2] : "out/java-api");
        Embeddings z = Embeddings.read(dir.resolve("z.npy"));

        // every provider of the module path and the plugins folder, found as the command finds them
        Cartography carto = Cartography.discover();

        // the Riemannian measure of the decoder on a 64x64 grid around the embeddings (10% margin)
        MeasureResult measure = carto.measure(MeasureRequest.builder("riemannian")
                .generator(args.length > 1 ? args[1] : "onnx:" + dir.resolve("decoder.onnx"))
                .embeddings(z).shape(64).build());
        measure.write(Files.createDirectories(out.resolve("measure")));

        // its density-equalising map (diffusion cartogram)
        MapResult map = carto.map(MapRequest.builder(measure).method("diffusion").build());
        map.write(Files.createDirectories(out.resolve("map")), Map.of("input", out.resolve("measure").toAbsolutePath().toString()));

        // the transformed embeddings, and a straight path and a pseudo-geodesic between two of them
        double[] moved = map.forward(z);
        double[] a = {z.get(0, 0), z.get(0, 1)};
        double[] b = {z.get(9000, 0), z.get(9000, 1)};
        double[] geodesic = Paths.pseudoGeodesic(map.map(), a, b, 100);

        System.out.printf("%s of %s: %d evaluations in %.2f s; map mean area error %.3f%%%n", measure.measureName(),
                measure.functionName(), measure.evaluations(), measure.seconds(), 100 * map.error().mean());
        System.out.printf("embedding 0: (%.4f, %.4f) -> (%.4f, %.4f) in the transformed space%n", a[0], a[1], moved[0],
                moved[1]);
        System.out.printf("sqrt(measure) length: straight %.3f, pseudo-geodesic %.3f%n",
                PathLength.sqrtMeasure(measure.grid(), measure.values(), Paths.straight(a, b, 100)),
                PathLength.sqrtMeasure(measure.grid(), measure.values(), geodesic));
    }
}
