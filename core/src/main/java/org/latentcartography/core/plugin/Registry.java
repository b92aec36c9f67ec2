package org.latentcartography.core.plugin;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.core.spi.Provider;

/**
 * The providers of one service, keyed by id. Built from {@link ServiceLoader} over a module
 * layer (the boot layer plus any plugin layers) and from providers registered in code.
 *
 * <p>A provider that fails to load (its class is missing, its constructor throws) is left out
 * and reported in {@link #problems()}; it never breaks the others. Two providers with one id are
 * an error when the id is used, naming both origins.
 *
 * <p>Stability: stable. Thread-safe once built.
 *
 * @param <P> the service type
 */
public final class Registry<P extends Provider> {
    private final String kind;
    private final Map<String, P> providers = new LinkedHashMap<>();
    private final Map<String, List<String>> duplicates = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private Registry(String kind) {
        this.kind = kind;
    }

    /**
     * Loads the providers of {@code service} visible from {@code layer} (which includes its
     * parents), then from the class path's {@code META-INF/services} when the toolkit runs
     * unnamed (on a plain class path).
     *
     * @param kind the kind's name for messages ("measure", ...)
     * @param service the service interface
     * @param layer the layer to search, never null
     * @param classLoader the class loader for class-path discovery, may be null
     * @param <P> the service type
     * @return the registry
     */
    public static <P extends Provider> Registry<P> load(String kind, Class<P> service, ModuleLayer layer,
                                                       ClassLoader classLoader) {
        return load(kind, service, List.of(layer), classLoader);
    }

    /**
     * Loads the providers of {@code service} from several module layers: all those visible from
     * the first layer (which includes its parents; usually the boot layer), then, from each later
     * layer, only the providers of that layer's own modules (plugin layers, whose parents are
     * already searched), then from the class path's {@code META-INF/services} when the toolkit
     * runs unnamed (on a plain class path).
     *
     * <p>A provider of a later layer that fails to load or to instantiate is reported in
     * {@link #problems()} with its module and the jar it came from; the other providers load.
     *
     * @param kind the kind's name for messages ("measure", ...)
     * @param service the service interface
     * @param layers the layers to search, at least one, never null
     * @param classLoader the class loader for class-path discovery, may be null
     * @param <P> the service type
     * @return the registry
     */
    public static <P extends Provider> Registry<P> load(String kind, Class<P> service, List<ModuleLayer> layers,
                                                       ClassLoader classLoader) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no module layer to load " + kind + " providers from");
        }
        Registry<P> r = new Registry<>(kind);
        r.loadFrom(ServiceLoader.load(layers.get(0), service), Integer.MAX_VALUE, null);
        for (ModuleLayer layer : layers.subList(1, layers.size())) {
            int own = 0;
            for (Module m : layer.modules()) {
                for (var p : m.getDescriptor().provides()) {
                    if (p.service().equals(service.getName())) {
                        own += p.providers().size();
                    }
                }
            }
            if (own > 0) {
                // a layer's own providers come before its parents' (ServiceLoader's documented order)
                r.loadFrom(ServiceLoader.load(layer, service), own, layer);
            }
        }
        if (!service.getModule().isNamed() && classLoader != null) {
            r.loadFrom(ServiceLoader.load(service, classLoader), Integer.MAX_VALUE, null);
        }
        return r;
    }

    /**
     * An empty registry, to fill with {@link #register}.
     *
     * @param kind the kind's name for messages
     * @param <P> the service type
     * @return the registry
     */
    public static <P extends Provider> Registry<P> empty(String kind) {
        return new Registry<>(kind);
    }

    /**
     * Loads at most {@code limit} providers (loaded or failed) from {@code loader}; when
     * {@code layer} is given, they are that layer's own and problems name its modules and jars.
     */
    private void loadFrom(ServiceLoader<P> loader, int limit, ModuleLayer layer) {
        var it = loader.stream().iterator();
        for (int seen = 0; seen < limit; seen++) {
            ServiceLoader.Provider<P> handle;
            try {
                if (!it.hasNext()) {
                    break;
                }
                handle = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                String from = layer == null ? "" : " in " + layer.modules().stream().map(Registry::where).sorted()
                        .collect(java.util.stream.Collectors.joining(", "));
                problems.add(kind + " provider" + from + " could not be loaded: " + oneLine(e));
                log("provider failed to load", e);
                continue;
            }
            P p;
            try {
                p = handle.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add(kind + " provider " + handle.type().getName() + " (" + (handle.type().getModule().isNamed()
                        ? where(handle.type().getModule()) : origin(handle.type())) + ") failed: " + oneLine(e));
                log("provider failed to instantiate", e);
                continue;
            }
            register(p);
        }
    }

    /**
     * Reports a provider's failure on the debug log. The logger is asked for here, not when the
     * class loads: a run whose providers all load starts no logging.
     */
    private static void log(String what, Throwable e) {
        System.getLogger(Registry.class.getName()).log(System.Logger.Level.DEBUG, what, e);
    }

    /**
     * @return "module NAME" plus, for a module outside the boot layer loaded from a file, that
     *     file's name ("module com.example.m in m.jar"); for the unnamed module, its jar
     */
    private static String where(Module m) {
        if (!m.isNamed()) {
            return "the class path";
        }
        String s = "module " + m.getName();
        ModuleLayer layer = m.getLayer();
        if (layer != null && layer != ModuleLayer.boot()) {
            var location = layer.configuration().findModule(m.getName()).flatMap(rm -> rm.reference().location());
            if (location.isPresent() && "file".equals(location.get().getScheme())) {
                s += " in " + java.nio.file.Path.of(location.get()).getFileName();
            }
        }
        return s;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return m.replace('\n', ' ');
    }

    /**
     * Adds a provider. A second provider with the same id, from another class, marks the id as
     * ambiguous; the same class twice (seen through two discovery paths) is kept once.
     *
     * @param provider the provider, never null
     */
    public synchronized void register(P provider) {
        String id = provider.id();
        P existing = providers.get(id);
        if (existing == null) {
            providers.put(id, provider);
            return;
        }
        if (existing.getClass().getName().equals(provider.getClass().getName())
                && origin(existing.getClass()).equals(origin(provider.getClass()))) {
            return;
        }
        duplicates.computeIfAbsent(id, k -> new ArrayList<>(List.of(origin(existing.getClass()))))
                  .add(origin(provider.getClass()));
        problems.add("two " + kind + " providers have the id '" + id + "': " + String.join(" and ", duplicates.get(id)));
    }

    /**
     * @param id the id asked for
     * @return the provider
     * @throws UsageException on an unknown id (naming the known ones) or an ambiguous one
     */
    public P get(String id) {
        return find(id).orElseThrow(() -> new UsageException("unknown " + kind + " '" + id + "'; known: "
                + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet()))));
    }

    /**
     * @param id the id
     * @return the provider, or empty when unknown
     * @throws CartographyException when two providers claim the id
     */
    public Optional<P> find(String id) {
        if (duplicates.containsKey(id)) {
            throw new CartographyException("two " + kind + " providers have the id '" + id + "': "
                    + String.join(" and ", duplicates.get(id)) + "; remove one of them from the plugins folder");
        }
        return Optional.ofNullable(providers.get(id));
    }

    /** @return the providers in discovery order, unmodifiable */
    public List<P> all() {
        return Collections.unmodifiableList(new ArrayList<>(providers.values()));
    }

    /** @return the ids, in discovery order */
    public List<String> ids() {
        return new ArrayList<>(providers.keySet());
    }

    /** @return one line per provider that could not be loaded or clashes, unmodifiable */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** @return the service kind's name */
    public String kind() {
        return kind;
    }

    /** @return the listing of every provider */
    public List<ProviderInfo> infos() {
        List<ProviderInfo> out = new ArrayList<>();
        for (P p : providers.values()) {
            String description;
            try {
                description = p.description();
            } catch (RuntimeException e) {
                description = "(description failed: " + oneLine(e) + ")";
            }
            out.add(new ProviderInfo(kind, p.id(), description, origin(p.getClass())));
        }
        return out;
    }

    /** The module names that class-path jars and folders declare ("" for none), by location. */
    private static final Map<java.net.URL, String> DECLARED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param type a class
     * @return its module's name; for the unnamed module (a plain class path), the name of the
     *     module its jar or folder declares (its {@code module-info.class}), so that a listing reads
     *     the same on the class path as on the module path, else {@code classpath:} and the jar or
     *     folder it came from
     */
    public static String origin(Class<?> type) {
        Module m = type.getModule();
        if (m.isNamed()) {
            return m.getName();
        }
        try {
            CodeSource cs = type.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                String declared = DECLARED.computeIfAbsent(cs.getLocation(), Registry::declaredModule);
                if (!declared.isEmpty()) {
                    return declared;
                }
                String path = cs.getLocation().getPath();
                int slash = path.replaceAll("/$", "").lastIndexOf('/');
                return "classpath:" + path.substring(slash + 1);
            }
        } catch (SecurityException ignored) {
            // fall through
        }
        return "classpath";
    }

    /** @return the name of the module a class-path jar or folder declares, or "" */
    private static String declaredModule(java.net.URL location) {
        try {
            if (!"file".equals(location.getProtocol())) {
                return "";
            }
            java.nio.file.Path p = java.nio.file.Path.of(location.toURI());
            if (java.nio.file.Files.isDirectory(p)) {
                java.nio.file.Path info = p.resolve("module-info.class");
                if (!java.nio.file.Files.isRegularFile(info)) {
                    return "";
                }
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(info)) {
                    return java.lang.module.ModuleDescriptor.read(in).name();
                }
            }
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(p.toFile())) {
                java.util.zip.ZipEntry e = zip.getEntry("module-info.class");
                if (e == null) {
                    return "";
                }
                try (java.io.InputStream in = zip.getInputStream(e)) {
                    return java.lang.module.ModuleDescriptor.read(in).name();
                }
            }
        } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
            return "";
        }
    }
}
