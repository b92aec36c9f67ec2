package org.latentcartography.core.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
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
import org.latentcartography.core.spi.ExplorerProvider;
import org.latentcartography.core.spi.Generator;
import org.latentcartography.core.spi.GeneratorProvider;
import org.latentcartography.core.spi.Measure;
import org.latentcartography.core.spi.MeaningProvider;
import org.latentcartography.core.spi.MeasureProvider;
import org.latentcartography.core.spi.TransformProvider;

/**
 * All registries of the toolkit: one per service. Built from the boot layer (or class path) plus
 * the jars of a plugins folder.
 *
 * <p>On the module path each plugin jar is loaded into a module layer of its own on top of the
 * boot layer (the host's modules win over copies a plugin bundles; a jar that requires another
 * plugin's module sits on that plugin's layer). A jar that cannot be loaded (not a module or no
 * zip, a broken module descriptor or service listing, a missing requirement, a package that clashes
 * with a module it reads, a module name of the toolkit's) is left out and named in
 * {@link #problems()} with the reason; the other jars still load. Two jars holding one module (two
 * versions of a plugin) are both left out and both named. On a plain class path the jars are
 * added to one class loader after the toolkit's.
 *
 * <p>{@link #discoverDefault()} finds the plugins folder as the {@code cartography} command does
 * (see {@link #pluginsFolder(Path)}), so a Java caller gets the same providers.
 *
 * <p>Stability: stable. Thread-safe once built.
 */
public final class Registries {
    /** The environment variable naming the plugins folder: {@value}. */
    public static final String PLUGINS_ENV = "CARTOGRAPHY_PLUGINS";
    /** The system property naming the toolkit's home, whose {@code plugins} folder is the default: {@value}. */
    public static final String HOME_PROPERTY = "cartography.home";

    /*
     * Each kind's registry is loaded when first asked for (a command that maps a measure never
     * instantiates the generators, meanings or explorers): loading walks the service files of
     * every jar and instantiates the providers. The result is what loading them all at once gave.
     */
    private final List<ModuleLayer> layers;
    private final ClassLoader loader;
    private Registry<GeneratorProvider> generators;
    private Registry<MeaningProvider> meanings;
    private Registry<DissimilarityProvider> dissimilarities;
    private Registry<MeasureProvider> measures;
    private Registry<TransformProvider> transforms;
    private Registry<Engine> engines;
    private Registry<ExplorerProvider> explorers;
    private final List<String> problems = new ArrayList<>();
    private final List<Path> pluginJars = new ArrayList<>();
    private final List<Path> loadedPluginJars = new ArrayList<>();

    private Registries(List<ModuleLayer> layers, ClassLoader loader) {
        this.layers = List.copyOf(layers);
        this.loader = loader;
    }

    /** The problems that concern two kinds at once (found when all are loaded). */
    private List<String> crossProblems() {
        List<String> out = new ArrayList<>();
        if (engines().find(Engine.LOCAL).isPresent()) {
            out.add("engine id '" + Engine.LOCAL + "' is the built-in local evaluation; the provider "
                    + Registry.origin(engines().get(Engine.LOCAL).getClass()) + " of that id is never used");
        }
        for (String id : measures().ids()) {
            if (dissimilarities().ids().contains(id)) {
                out.add("measure id '" + id + "' is also a dissimilarity id; the measure '" + id
                        + "' is the measure provider's");
            }
        }
        return out;
    }

    /**
     * Discovers the built-in providers and those of the plugins folder the {@code cartography}
     * command uses by default: {@code discover(pluginsFolder(null))}.
     *
     * @return the registries
     * @throws UsageException when {@value #PLUGINS_ENV} names a folder that does not exist
     * @throws CartographyException when the plugins folder cannot be listed
     */
    public static Registries discoverDefault() {
        return discover(pluginsFolder(null));
    }

    /**
     * The plugins folder in force, by the rule the {@code cartography} command follows: the
     * {@code explicit} folder when given; else the folder the environment variable
     * {@value #PLUGINS_ENV} names, when set and not blank; else {@code plugins} in the folder the
     * system property {@value #HOME_PROPERTY} names (set by the launcher to its own folder); else
     * none.
     *
     * @param explicit a folder the caller chose, or null to use the environment and the default
     * @return the folder, or null when there is none; the default folder may not exist (then
     *     {@link #discover(Path)} loads no plugins)
     * @throws UsageException when {@code explicit} or the environment variable's folder does not exist
     */
    public static Path pluginsFolder(Path explicit) {
        return pluginsFolder(explicit, System.getenv(PLUGINS_ENV), System.getProperty(HOME_PROPERTY));
    }

    /** {@link #pluginsFolder(Path)} with the environment variable's and the property's values given. */
    static Path pluginsFolder(Path explicit, String env, String home) {
        if (explicit != null) {
            if (!Files.isDirectory(explicit)) {
                throw new UsageException("plugins folder " + explicit + ": no such folder");
            }
            return explicit;
        }
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isDirectory(p)) {
                throw new UsageException(PLUGINS_ENV + "=" + env + ": no such folder");
            }
            return p;
        }
        return home == null || home.isBlank() ? null : Path.of(home, "plugins");
    }

    /**
     * Discovers the built-in providers and those of the jars in {@code pluginsDir}. Jars that
     * cannot be loaded are left out and reported in {@link #problems()} (see the class comment);
     * they never stop the others.
     *
     * @param pluginsDir a folder of plugin jars, or null for none; a missing folder means none
     * @return the registries
     * @throws CartographyException when the plugins folder cannot be listed
     */
    public static Registries discover(Path pluginsDir) {
        ModuleLayer boot = ModuleLayer.boot();
        ClassLoader cl = Registries.class.getClassLoader();
        List<Path> jars = List.of();
        List<Path> loaded = List.of();
        List<ModuleLayer> layers = List.of(boot);
        List<String> layerProblems = new ArrayList<>();
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            try (Stream<Path> s = Files.list(pluginsDir)) {
                jars = s.filter(p -> p.getFileName().toString().endsWith(".jar") && !Files.isDirectory(p))
                        .sorted().collect(Collectors.toList());
            } catch (IOException e) {
                throw new CartographyException(pluginsDir + ": cannot list plugins folder (" + e.getMessage() + ")", e);
            }
            if (!jars.isEmpty()) {
                if (Registries.class.getModule().isNamed()) {
                    PluginLayers.Result result = PluginLayers.load(boot, jars, ClassLoader.getSystemClassLoader());
                    List<ModuleLayer> all = new ArrayList<>(layers);
                    all.addAll(result.layers());
                    layers = all;
                    loaded = result.loaded();
                    layerProblems.addAll(result.problems());
                } else {
                    cl = new java.net.URLClassLoader(jars.stream().map(Registries::url).toArray(java.net.URL[]::new), cl);
                    loaded = jars;
                }
            }
        }
        Registries r = new Registries(layers, cl);
        r.pluginJars.addAll(jars);
        r.loadedPluginJars.addAll(loaded);
        r.problems.addAll(0, layerProblems);
        return r;
    }


    private static java.net.URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new CartographyException(p + ": bad plugin path", e);
        }
    }

    /** @return the generator providers */
    public synchronized Registry<GeneratorProvider> generators() {
        if (generators == null) {
            generators = Registry.load("generator", GeneratorProvider.class, layers, loader);
        }
        return generators;
    }

    /** @return the meaning-function providers */
    public synchronized Registry<MeaningProvider> meanings() {
        if (meanings == null) {
            meanings = Registry.load("meaning", MeaningProvider.class, layers, loader);
        }
        return meanings;
    }

    /** @return the dissimilarity providers */
    public synchronized Registry<DissimilarityProvider> dissimilarities() {
        if (dissimilarities == null) {
            dissimilarities = Registry.load("dissimilarity", DissimilarityProvider.class, layers, loader);
        }
        return dissimilarities;
    }

    /** @return the measure providers (dissimilarities are measures too: see {@link #measure}) */
    public synchronized Registry<MeasureProvider> measures() {
        if (measures == null) {
            measures = Registry.load("measure", MeasureProvider.class, layers, loader);
        }
        return measures;
    }

    /** @return the transform providers */
    public synchronized Registry<TransformProvider> transforms() {
        if (transforms == null) {
            transforms = Registry.load("transform", TransformProvider.class, layers, loader);
        }
        return transforms;
    }

    /** @return the engine providers (besides the built-in {@value Engine#LOCAL} evaluation) */
    public synchronized Registry<Engine> engines() {
        if (engines == null) {
            engines = Registry.load("engine", Engine.class, layers, loader);
        }
        return engines;
    }

    /** @return the explorer providers (the browser front ends behind {@code cartography serve}) */
    public synchronized Registry<ExplorerProvider> explorers() {
        if (explorers == null) {
            explorers = Registry.load("explorer", ExplorerProvider.class, layers, loader);
        }
        return explorers;
    }

    /** @return every registry, loaded, in the order of the listings */
    private List<Registry<?>> all() {
        return List.of(generators(), meanings(), dissimilarities(), measures(), transforms(), engines(), explorers());
    }

    /**
     * @param spec an engine spec other than {@value Engine#LOCAL}
     * @return the engine of that id
     * @throws UsageException when no engine has the id, listing those there are
     */
    public Engine engine(ComponentSpec spec) {
        return engines().find(spec.id()).orElseThrow(() -> {
            List<String> known = new ArrayList<>(List.of(Engine.LOCAL));
            known.addAll(engines().ids());
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
                generators().find(part.id()).ifPresent(p -> out.addAll(p.files(part)));
            }
        }
        if (meaning != null) {
            meanings().find(meaning.id()).ifPresent(p -> out.addAll(p.files(meaning)));
        }
        return List.copyOf(out);
    }

    /** @return the plugin jars that were found, loaded or not */
    public List<Path> pluginJars() {
        return Collections.unmodifiableList(pluginJars);
    }

    /** @return the plugin jars that were loaded (the others are named in {@link #problems()}) */
    public List<Path> loadedPluginJars() {
        return Collections.unmodifiableList(loadedPluginJars);
    }

    /** @return a hint to append to "unknown id" messages when some plugins failed to load */
    public String problemHint() {
        int n = problems().size();
        return n == 0 ? "" : " (" + n + " plugin problem" + (n == 1 ? "" : "s") + ": see 'cartography plugins')";
    }

    /** @return every problem met while loading, one line each */
    public List<String> problems() {
        List<Registry<?>> registries = all();
        List<String> all = new ArrayList<>(problems);
        all.addAll(crossProblems());
        for (Registry<?> r : registries) {
            all.addAll(r.problems());
        }
        return all;
    }

    /** @return every provider, all kinds */
    public List<ProviderInfo> infos() {
        List<ProviderInfo> all = new ArrayList<>();
        for (Registry<?> r : List.of(generators(), meanings(), dissimilarities(), measures(), transforms())) {
            all.addAll(r.infos());
        }
        all.add(new ProviderInfo("engine", Engine.LOCAL, "this machine's cores (the default); checkpoints and resume",
                Registry.origin(Registries.class)));
        all.addAll(engines().infos());
        all.addAll(explorers().infos());
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
        var m = measures().find(spec.id());
        if (m.isPresent()) {
            return m.get().create(spec, context);
        }
        var d = dissimilarities().find(spec.id());
        if (d.isPresent()) {
            Optional<Measure> special = d.get().specialisedMeasure(spec, context);
            return special.isPresent() ? special.get() : new MeanDissimilarityMeasure(d.get().create(spec, context));
        }
        List<String> known = new ArrayList<>(measures().ids());
        known.addAll(dissimilarities().ids());
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
        if (generators().find(spec.id()).isEmpty()) {
            throw new UsageException("unknown generator '" + spec.id() + "'; known: " + String.join(", ", generators().ids())
                    + problemHint());
        }
        return generators().get(spec.id()).open(spec, context);
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
