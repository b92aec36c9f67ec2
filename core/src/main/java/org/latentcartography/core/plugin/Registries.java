package org.latentcartography.core.plugin;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.LayerInstantiationException;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.ComponentSpec;
import org.latentcartography.core.GeneratorChain;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.eval.MeanDissimilarityMeasure;
import org.latentcartography.core.spi.ComponentContext;
import org.latentcartography.core.spi.DissimilarityProvider;
import org.latentcartography.core.spi.Engine;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.GeneratorProvider;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MeaningProvider;
import org.latentcartography.core.spi.MeasureProvider;
import org.latentcartography.core.spi.TransformProvider;

/**
 * All registries of the toolkit: one per service. Built from the boot layer (or class path) plus
 * the jars of a plugins folder, which are loaded into their own module layer on top of the boot
 * layer (the host's modules win over copies a plugin bundles).
 *
 * <p>Stability: stable. Thread-safe once built.
 */
public final class Registries {
    private final Registry<GeneratorProvider> generators;
    private final Registry<MeaningProvider> meanings;
    private final Registry<DissimilarityProvider> dissimilarities;
    private final Registry<MeasureProvider> measures;
    private final Registry<TransformProvider> transforms;
    private final Registry<Engine> engines;
    private final List<String> problems = new ArrayList<>();
    private final List<Path> pluginJars = new ArrayList<>();

    private Registries(ModuleLayer layer, ClassLoader loader) {
        generators = Registry.load("generator", GeneratorProvider.class, layer, loader);
        meanings = Registry.load("meaning", MeaningProvider.class, layer, loader);
        dissimilarities = Registry.load("dissimilarity", DissimilarityProvider.class, layer, loader);
        measures = Registry.load("measure", MeasureProvider.class, layer, loader);
        transforms = Registry.load("transform", TransformProvider.class, layer, loader);
        engines = Registry.load("engine", Engine.class, layer, loader);
        if (engines.find(Engine.LOCAL).isPresent()) {
            problems.add("engine id '" + Engine.LOCAL + "' is the built-in local evaluation; the provider "
                    + Registry.origin(engines.get(Engine.LOCAL).getClass()) + " of that id is never used");
        }
        for (String id : measures.ids()) {
            if (dissimilarities.ids().contains(id)) {
                problems.add("measure id '" + id + "' is also a dissimilarity id; the measure " + id
                        + " uses the measure provider");
            }
        }
    }

    /**
     * Discovers the built-in providers and those of the jars in {@code pluginsDir}.
     *
     * @param pluginsDir a folder of plugin jars, or null for none; a missing folder means none
     * @return the registries
     * @throws CartographyException when the plugin jars cannot be resolved as modules
     */
    public static Registries discover(Path pluginsDir) {
        ModuleLayer boot = ModuleLayer.boot();
        ClassLoader cl = Registries.class.getClassLoader();
        List<Path> jars = List.of();
        ModuleLayer layer = boot;
        List<String> layerProblems = new ArrayList<>();
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            try (Stream<Path> s = Files.list(pluginsDir)) {
                jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
            } catch (IOException e) {
                throw new CartographyException(pluginsDir + ": cannot list plugins folder (" + e.getMessage() + ")", e);
            }
            if (!jars.isEmpty()) {
                if (Registries.class.getModule().isNamed()) {
                    layer = pluginLayer(boot, jars, layerProblems);
                } else {
                    cl = new java.net.URLClassLoader(jars.stream().map(Registries::url).toArray(java.net.URL[]::new), cl);
                }
            }
        }
        Registries r = new Registries(layer, cl);
        r.pluginJars.addAll(jars);
        r.problems.addAll(0, layerProblems);
        return r;
    }

    /** The environment variable naming the plugins folder. */
    public static final String PLUGINS_ENV = "CARTOGRAPHY_PLUGINS";

    /**
     * The plugins folder in force when none is given explicitly: the folder named by the
     * environment variable {@value #PLUGINS_ENV}, else {@code plugins/} in the toolkit's home (the
     * system property {@code cartography.home}, set by the launcher), else none.
     *
     * @return the folder, or null for none
     * @throws UsageException when {@value #PLUGINS_ENV} names no folder
     */
    public static Path defaultPluginsFolder() {
        String env = System.getenv(PLUGINS_ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isDirectory(p)) {
                throw new UsageException(PLUGINS_ENV + "=" + env + ": no such folder");
            }
            return p;
        }
        String home = System.getProperty("cartography.home");
        return home == null ? null : Path.of(home, "plugins");
    }

    /**
     * Discovers providers exactly as the {@code cartography} command does without an explicit
     * plugins folder: the built-in ones plus those of {@link #defaultPluginsFolder()}.
     *
     * @return the registries
     */
    public static Registries discoverDefault() {
        return discover(defaultPluginsFolder());
    }

    private static java.net.URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new CartographyException(p + ": bad plugin path", e);
        }
    }

    /**
     * One layer for all plugin jars. Each jar is first checked on its own so that one broken jar
     * is reported and skipped instead of breaking the others.
     */
    private static ModuleLayer pluginLayer(ModuleLayer boot, List<Path> jars, List<String> problems) {
        List<Path> good = new ArrayList<>();
        for (Path jar : jars) {
            try {
                Set<ModuleReference> refs = ModuleFinder.of(jar).findAll();
                Set<String> names = refs.stream().map(r -> r.descriptor().name()).collect(Collectors.toSet());
                boolean clash = names.stream().anyMatch(n -> boot.findModule(n).isPresent());
                if (clash) {
                    problems.add("plugin " + jar.getFileName() + " is skipped: its module " + names
                            + " is already part of the toolkit");
                    continue;
                }
                Configuration.resolveAndBind(ModuleFinder.of(), List.of(boot.configuration()), ModuleFinder.of(jar), names);
                good.add(jar);
            } catch (FindException | ResolutionException | SecurityException e) {
                problems.add("plugin " + jar.getFileName() + " is skipped: " + e.getMessage().replace('\n', ' '));
            }
        }
        if (good.isEmpty()) {
            return boot;
        }
        try {
            ModuleFinder finder = ModuleFinder.of(good.toArray(Path[]::new));
            Set<String> roots = finder.findAll().stream().map(r -> r.descriptor().name()).collect(Collectors.toSet());
            Configuration cf = Configuration.resolveAndBind(ModuleFinder.of(), List.of(boot.configuration()), finder, roots);
            return ModuleLayer.defineModulesWithOneLoader(cf, List.of(boot), ClassLoader.getSystemClassLoader()).layer();
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            problems.add("plugins in " + good.get(0).getParent() + " could not be loaded together: "
                    + e.getMessage().replace('\n', ' '));
            return boot;
        }
    }

    /** @return the generator providers */
    public Registry<GeneratorProvider> generators() {
        return generators;
    }

    /** @return the meaning-function providers */
    public Registry<MeaningProvider> meanings() {
        return meanings;
    }

    /** @return the dissimilarity providers */
    public Registry<DissimilarityProvider> dissimilarities() {
        return dissimilarities;
    }

    /** @return the measure providers (dissimilarities are measures too: see {@link #measure}) */
    public Registry<MeasureProvider> measures() {
        return measures;
    }

    /** @return the transform providers */
    public Registry<TransformProvider> transforms() {
        return transforms;
    }

    /** @return the engine providers (besides the built-in {@value Engine#LOCAL} evaluation) */
    public Registry<Engine> engines() {
        return engines;
    }

    /**
     * @param spec an engine spec other than {@value Engine#LOCAL}
     * @return the engine of that id
     * @throws UsageException when no engine has the id, listing those there are
     */
    public Engine engine(ComponentSpec spec) {
        return engines.find(spec.id()).orElseThrow(() -> {
            List<String> known = new ArrayList<>(List.of(Engine.LOCAL));
            known.addAll(engines.ids());
            return new UsageException("unknown engine '" + spec.id() + "'; known: " + String.join(", ", known)
                    + "; an engine is a provider: put its module on the module path or its jar in the plugins folder"
                    + problemHint());
        });
    }

    /**
     * The files and folders a generator chain and a meaning read, as their providers declare them
     * ({@link org.latentcartography.core.spi.Provider#files}).
     *
     * @param generator the chain, or null
     * @param meaning the meaning spec, or null
     * @return the paths in the order of the specs, without repeats
     */
    public List<Path> files(GeneratorChain generator, ComponentSpec meaning) {
        java.util.LinkedHashSet<Path> out = new java.util.LinkedHashSet<>();
        if (generator != null) {
            for (ComponentSpec part : generator.parts()) {
                generators.find(part.id()).ifPresent(p -> out.addAll(p.files(part)));
            }
        }
        if (meaning != null) {
            meanings.find(meaning.id()).ifPresent(p -> out.addAll(p.files(meaning)));
        }
        return List.copyOf(out);
    }

    /** @return the plugin jars that were found */
    public List<Path> pluginJars() {
        return Collections.unmodifiableList(pluginJars);
    }

    /** @return a hint to append to "unknown id" messages when some plugins failed to load */
    public String problemHint() {
        int n = problems().size();
        return n == 0 ? "" : " (" + n + " plugin problem" + (n == 1 ? "" : "s") + ": see 'cartography plugins')";
    }

    /** @return every problem met while loading, one line each */
    public List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        for (Registry<?> r : List.of(generators, meanings, dissimilarities, measures, transforms, engines)) {
            all.addAll(r.problems());
        }
        return all;
    }

    /** @return every provider, all kinds */
    public List<ProviderInfo> infos() {
        List<ProviderInfo> all = new ArrayList<>();
        for (Registry<?> r : List.of(generators, meanings, dissimilarities, measures, transforms)) {
            all.addAll(r.infos());
        }
        all.add(new ProviderInfo("engine", Engine.LOCAL, "this machine's cores (the default); checkpoints and resume",
                Registry.origin(Registries.class)));
        all.addAll(engines.infos());
        return all;
    }

    /**
     * Makes the measure a spec names: a measure provider's, or for a dissimilarity id the mean
     * dissimilarity to the face neighbours.
     *
     * @param spec the spec
     * @param context the context
     * @return the measure
     * @throws UsageException when no provider of either kind has the id
     */
    public Measure measure(ComponentSpec spec, ComponentContext context) {
        var m = measures.find(spec.id());
        if (m.isPresent()) {
            return m.get().create(spec, context);
        }
        var d = dissimilarities.find(spec.id());
        if (d.isPresent()) {
            Optional<Measure> special = d.get().specialisedMeasure(spec, context);
            return special.isPresent() ? special.get() : new MeanDissimilarityMeasure(d.get().create(spec, context));
        }
        List<String> known = new ArrayList<>(measures.ids());
        known.addAll(dissimilarities.ids());
        throw new UsageException("unknown measure '" + spec.id() + "'; known: " + String.join(", ", known) + problemHint());
    }

    /**
     * Opens the generator a command-line spec names: one spec, or a chain {@code A>B>...} in which
     * each generator's output is the next one's latent input (see {@link Generator#compose}),
     * e.g. {@code onnx:compress/decoder.onnx>text:models/text/fortunes-32d}.
     *
     * @param text the spec or chain of specs
     * @param context the context
     * @return the open generator, owned by the caller
     * @throws UsageException when a part is empty or unknown, or two parts do not fit together
     */
    public Generator openGenerator(String text, ComponentContext context) {
        java.util.Objects.requireNonNull(text, "text");
        return openGenerator(GeneratorChain.parse(text), context);
    }

    /**
     * Opens a generator chain: each generator's output is the next one's latent input (see
     * {@link Generator#compose}).
     *
     * @param chain the chain, never null
     * @param context the context
     * @return the open generator, owned by the caller
     * @throws UsageException when a part is unknown or two parts do not fit together
     */
    public Generator openGenerator(GeneratorChain chain, ComponentContext context) {
        Generator result = null;
        try {
            for (ComponentSpec spec : chain.parts()) {
                Generator next = openGenerator(spec, context);
                if (result == null) {
                    result = next;
                } else {
                    try {
                        result = Generator.compose(result, next);
                    } catch (RuntimeException e) {
                        next.close();
                        throw e;
                    }
                }
            }
            return result;
        } catch (RuntimeException e) {
            if (result != null) {
                result.close();
            }
            throw e;
        }
    }

    /**
     * Opens the generator a spec names.
     *
     * @param spec the spec
     * @param context the context
     * @return the open generator, owned by the caller
     */
    public Generator openGenerator(ComponentSpec spec, ComponentContext context) {
        if (generators.find(spec.id()).isEmpty()) {
            throw new UsageException("unknown generator '" + spec.id() + "'; known: " + String.join(", ", generators.ids())
                    + problemHint());
        }
        return generators.get(spec.id()).open(spec, context);
    }

    /**
     * @param embeddings data, may be null
     * @param labels labels, may be null
     * @param seed the seed
     * @param threads worker threads
     * @return a context whose generator opener uses these registries
     */
    public ComponentContext context(org.latentcartography.core.grid.Embeddings embeddings, int[] labels,
                                    long seed, int threads) {
        return new ComponentContext(embeddings, labels, seed, threads, this::openGenerator);
    }
}
