/**
 * The toolkit's front door: typed requests for a measure and a map, one entry point that runs
 * them, and typed results that write and read the documented result folders.
 *
 * <pre>{@code
 * Cartography carto = Cartography.discover();
 * MeasureResult measure = carto.measure(MeasureRequest.builder("riemannian")
 *         .generator("onnx:models/mnist/vae-softplus/decoder.onnx")
 *         .embeddings(Embeddings.read(Path.of("models/mnist/vae-softplus/z.npy")))
 *         .shape(64, 64).build());
 * MapResult map = carto.map(MapRequest.builder(measure).method("diffusion").build());
 * }</pre>
 *
 * <p>The command line, the demos, the Spark engine's executors and the Java examples all run
 * through these types; none assembles generators, meanings and measures by hand. May depend on
 * every other package of core; nothing in core depends on it.
 */
package org.latentcartography.core.pipeline;
