package org.latentcartography.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.GeneratorChain;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.plugin.Registries;
import org.latentcartography.core.spi.ExplorerProvider;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.TextDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cartography serve}: the explorer in a browser. The server is found through the core SPI
 * {@link ExplorerProvider} (module {@code explorer}, or a plugin jar), through the same registries
 * as every other provider, so this command depends on no server module.
 */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Explore a measure and its map in a browser, decoding wherever you point.",
            "%nServes result folders (what 'measure' and 'transform' write) and model folders (z.npy, labels.npy, "
                + "categories.json) with a bundled page and JSON endpoints (see the README). The first line on standard "
                + "output is the page's address. Stops on Ctrl-C.%n"},
        footer = {"", "Example:",
            "  cartography serve out/measure out/map models/mnist/vae-softplus \\",
            "      --generator onnx:models/mnist/vae-softplus/decoder.onnx,output=x --port 0"})
final class ServeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Result and model folders to serve.")
    List<Path> folders;

    @Option(names = "--generator", paramLabel = "SPEC", description = "The decoder, e.g. onnx:decoder.onnx,output=x or text:DIR.")
    String generator;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0: a free one).")
    int port;

    @Option(names = "--host", paramLabel = "H", description = "Address to bind (default 127.0.0.1; others are reachable "
            + "from other machines: a warning is printed).")
    String host;

    @Option(names = "--image", paramLabel = "HxW", description = "Shape of one decoded image (default: a square of the output).")
    String image;

    @Option(names = "--embeddings", paramLabel = "FILE", description = "Latent codes (default: z.npy in a served folder).")
    Path embeddings;

    @Option(names = "--labels", paramLabel = "FILE", description = "Their labels (default: labels.npy beside them).")
    Path labels;

    @Option(names = "--explorer", paramLabel = "ID", description = "The explorer to serve with (default: the built-in "
            + "'explorer', or the only one there is; plugins may add others).")
    String explorer;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port " + port + ": give 0 to 65535");
        }
        int[] shape = image == null ? null : PathCommand.parseImage(image);
        String bind = host == null ? "127.0.0.1" : host;
        Registries registries = common.registries();
        ExplorerProvider provider = explorer(registries, explorer);
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        List<Generator> open = new ArrayList<>();
        try {
            Generator g = null;
            Generator sampler = null;
            if (generator != null) {
                GeneratorChain chain = GeneratorChain.parse(generator);
                g = registries.openGenerator(chain, registries.context(null, null, 0, threads));
                open.add(g);
                GeneratorChain sampling = sampling(chain);
                if (g.capability(TextDecoder.class).isPresent() && sampling != null) {
                    sampler = registries.openGenerator(sampling, registries.context(null, null, 0, threads));
                    open.add(sampler);
                }
            }
            ExplorerProvider.Server server;
            try {
                server = provider.start(new ExplorerProvider.Settings(folders, g, bind, port, host != null, shape,
                        embeddings, labels, sampler));
            } catch (UsageException e) {
                throw new UsageException("--host " + bind + ": " + e.getMessage());
            }
            System.out.println(server.uri());
            System.out.flush();
            if (host != null && !loopback(bind)) {
                System.err.println("cartography: warning: serving on " + bind + ": other machines can reach this "
                        + "server and read the served folders; there is no authentication");
            }
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stop.countDown();
            }));
            stop.await();
            return 0;
        } finally {
            for (Generator g : open) {
                g.close();
            }
        }
    }

    /**
     * The explorer provider: the one named, else the built-in {@code explorer}, else the only one
     * found (on the module path or in the plugins folder, like every provider).
     */
    static ExplorerProvider explorer(Registries registries, String id) {
        var all = registries.explorers();
        if (id != null) {
            return all.find(id).orElseThrow(() -> new UsageException("--explorer " + id + ": unknown explorer; known: "
                    + (all.ids().isEmpty() ? "none" : String.join(", ", all.ids())) + registries.problemHint()));
        }
        if (all.ids().isEmpty()) {
            throw new CartographyException("serve: no explorer is installed (no ExplorerProvider on the module path or in "
                    + "the plugins folder)" + registries.problemHint());
        }
        if (all.find("explorer").isPresent()) {
            return all.get("explorer");
        }
        if (all.ids().size() > 1) {
            throw new UsageException("serve: several explorers (" + String.join(", ", all.ids())
                    + "); choose one with --explorer ID");
        }
        return all.get(all.ids().get(0));
    }

    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The chain with its text decoder set to seeded sampling, or null when it samples already or has none. */
    private static GeneratorChain sampling(GeneratorChain chain) {
        List<ComponentSpec> parts = new ArrayList<>(chain.parts());
        ComponentSpec last = parts.get(parts.size() - 1);
        if (!last.id().equals("text") || last.options().containsKey("decode")) {
            return null;
        }
        Map<String, String> o = new LinkedHashMap<>(last.options());
        o.put("decode", "sample");
        parts.set(parts.size() - 1, new ComponentSpec(last.id(), last.argument(), o));
        return new GeneratorChain(parts);
    }
}
