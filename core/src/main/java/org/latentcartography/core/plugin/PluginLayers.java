package org.latentcartography.core.plugin;

import java.lang.LayerInstantiationException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads the jars of a plugins folder into module layers, one layer per jar, on top of the host's
 * layer (Layrry style: the host's modules first). A jar whose module requires another plugin's
 * module gets that plugin's layer as its parent, so each module is defined once.
 *
 * <p>Each jar is loaded on its own: a jar that is no module (or no zip), whose module descriptor
 * or service listing is broken, whose module name is the toolkit's or another jar's, whose
 * requirements are missing, or whose packages clash with a module it reads is skipped with one
 * problem line naming the jar and the reason, and every other jar still loads. Two jars that
 * hold one module name (two versions of a plugin) are both skipped: neither is chosen silently.
 * Two independent jars may share a package name: each layer has its own class loader.
 */
final class PluginLayers {

    /**
     * What loading gave.
     *
     * @param layers one layer per loaded jar, in the order of {@code jars}
     * @param loaded the jars that were loaded, in the same order
     * @param problems one line per skipped jar
     */
    record Result(List<ModuleLayer> layers, List<Path> loaded, List<String> problems) {
    }

    private final ModuleLayer host;
    private final ClassLoader parentLoader;
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    /** module name → why its jar(s) were refused before resolution. */
    private final Map<String, String> refused = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private record Candidate(Path jar, ModuleReference ref) {
    }

    /** A module's outcome: its layer, or why it failed. */
    private record Outcome(ModuleLayer layer, String failure) {
    }

    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();

    private PluginLayers(ModuleLayer host, ClassLoader parentLoader) {
        this.host = host;
        this.parentLoader = parentLoader;
    }

    /**
     * Loads each jar into its own layer.
     *
     * @param host the host's layer (the toolkit's: usually the boot layer), never null
     * @param jars the plugin jars, in the order to report and load them
     * @param parentLoader the parent class loader of each layer's loader
     * @return the layers, the loaded jars and the problems
     */
    static Result load(ModuleLayer host, List<Path> jars, ClassLoader parentLoader) {
        return new PluginLayers(host, parentLoader).run(jars);
    }

    private Result run(List<Path> jars) {
        Map<String, List<Path>> byName = new LinkedHashMap<>();
        Map<Path, ModuleReference> refs = new LinkedHashMap<>();
        for (Path jar : jars) {
            ModuleReference ref;
            try {
                Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
                if (found.size() != 1) {
                    problems.add("plugin " + name(jar) + " is skipped: it holds no module");
                    continue;
                }
                ref = found.iterator().next();
            } catch (FindException | SecurityException e) {
                problems.add("plugin " + name(jar) + " is skipped: " + reason(e).replace(jar.toString(), name(jar)));
                continue;
            }
            String module = ref.descriptor().name();
            if (host.findModule(module).isPresent()) {
                problems.add("plugin " + name(jar) + " is skipped: its module " + module
                        + " is already part of the toolkit");
                refused.put(module, "it is already part of the toolkit");
                continue;
            }
            refs.put(jar, ref);
            byName.computeIfAbsent(module, k -> new ArrayList<>()).add(jar);
        }
        for (var e : byName.entrySet()) {
            List<Path> holders = e.getValue();
            if (holders.size() > 1) {
                String files = holders.stream().map(j -> name(j) + version(refs.get(j).descriptor()))
                        .collect(Collectors.joining(" and "));
                problems.add("module " + e.getKey() + " is in " + files + "; none of them is loaded: keep one");
                refused.put(e.getKey(), "it is in " + holders.size() + " jars");
            } else {
                candidates.put(e.getKey(), new Candidate(holders.get(0), refs.get(holders.get(0))));
            }
        }
        List<ModuleLayer> layers = new ArrayList<>();
        List<Path> loaded = new ArrayList<>();
        for (var e : candidates.entrySet()) {
            Outcome o = outcome(e.getKey(), new LinkedHashSet<>());
            if (o.layer() != null) {
                layers.add(o.layer());
                loaded.add(e.getValue().jar());
            } else {
                problems.add("plugin " + name(e.getValue().jar()) + " is skipped: " + o.failure());
            }
        }
        return new Result(List.copyOf(layers), List.copyOf(loaded), List.copyOf(problems));
    }

    /** Loads a candidate module after the plugin modules it requires; memoised. */
    private Outcome outcome(String module, Set<String> visiting) {
        Outcome done = outcomes.get(module);
        if (done != null) {
            return done;
        }
        if (!visiting.add(module)) {
            return new Outcome(null, "its module " + module + " is in a cycle of requirements: "
                    + String.join(" -> ", visiting) + " -> " + module);
        }
        Candidate c = candidates.get(module);
        ModuleDescriptor d = c.ref().descriptor();
        Set<ModuleLayer> parents = new LinkedHashSet<>();
        Outcome result = null;
        for (ModuleDescriptor.Requires r : d.requires()) {
            if (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
                continue;
            }
            String dep = r.name();
            if (refused.containsKey(dep)) {
                result = new Outcome(null, "it requires module " + dep + ", which is not loaded: " + refused.get(dep));
                break;
            }
            if (candidates.containsKey(dep)) {
                Outcome o = outcome(dep, visiting);
                if (o.layer() == null) {
                    result = new Outcome(null, "it requires module " + dep + " (" + name(candidates.get(dep).jar())
                            + "), which is not loaded");
                    break;
                }
                parents.add(o.layer());
            }
        }
        if (result == null) {
            result = define(c, parents.isEmpty() ? List.of(host) : List.copyOf(parents));
        }
        visiting.remove(module);
        outcomes.put(module, result);
        return result;
    }

    private Outcome define(Candidate c, List<ModuleLayer> parents) {
        try {
            List<Configuration> cfs = parents.stream().map(ModuleLayer::configuration).collect(Collectors.toList());
            Configuration cf = Configuration.resolve(ModuleFinder.of(), cfs, ModuleFinder.of(c.jar()),
                    Set.of(c.ref().descriptor().name()));
            return new Outcome(ModuleLayer.defineModulesWithOneLoader(cf, parents, parentLoader).layer(), null);
        } catch (FindException | ResolutionException | LayerInstantiationException | SecurityException e) {
            return new Outcome(null, reason(e));
        }
    }

    private static String name(Path jar) {
        return String.valueOf(jar.getFileName());
    }

    private static String version(ModuleDescriptor d) {
        return d.version().map(v -> " (version " + v + ")").orElse("");
    }

    /** The exception's message and its causes' messages, on one line, without repeats. */
    static String reason(Throwable e) {
        Set<String> seen = new HashSet<>();
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank()) {
                m = t.getClass().getSimpleName();
            }
            String line = m.replace('\n', ' ').strip();
            if (seen.add(line) && parts.stream().noneMatch(p -> p.contains(line))) {
                parts.add(line);
            }
        }
        return String.join(": ", parts);
    }
}
