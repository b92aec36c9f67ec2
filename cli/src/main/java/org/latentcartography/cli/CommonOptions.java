package org.latentcartography.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.latentcartography.core.plugin.Registries;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every command takes: where plugins live, and whether to show stack traces. */
public final class CommonOptions {
    private static final String PLUGINS = "--plugins";
    private static final String PLUGINS_LABEL = "DIR";
    private static final String PLUGINS_DESCRIPTION =
            "Folder of plugin jars (default: $CARTOGRAPHY_PLUGINS, else plugins/ beside the launcher).";
    private static final String DEBUG = "--debug";
    private static final String DEBUG_DESCRIPTION = "Print stack traces of failures.";

    @Option(names = PLUGINS, paramLabel = PLUGINS_LABEL, description = PLUGINS_DESCRIPTION)
    Path plugins;

    @Option(names = DEBUG, description = DEBUG_DESCRIPTION)
    boolean debug;

    /**
     * Adds these options to a command model built in code (as the annotations above declare them
     * for the others), bound to this object's fields.
     *
     * @param spec the command's model
     */
    void addTo(CommandLine.Model.CommandSpec spec) {
        spec.addOption(Options.of(PLUGINS, PLUGINS_LABEL, Path.class, null, PLUGINS_DESCRIPTION, v -> plugins = (Path) v).build());
        spec.addOption(Options.flag(DEBUG, DEBUG_DESCRIPTION, v -> debug = v).build());
    }

    /**
     * @return the plugins folder in force (core's rule, {@link Registries#pluginsFolder}: this
     *     option, else $CARTOGRAPHY_PLUGINS, else plugins/ beside the launcher), or null when there is none
     */
    Path pluginsDir() {
        if (plugins != null && !Files.isDirectory(plugins)) {
            throw new org.latentcartography.core.UsageException("--plugins " + plugins + ": no such folder");
        }
        return Registries.pluginsFolder(plugins);
    }

    /**
     * @return the registries with the plugins folder's providers; plugins that failed to load are
     *     left out silently here (one clear line per failure is the rule); {@code cartography
     *     plugins} reports them
     */
    public Registries registries() {
        return Registries.discover(pluginsDir());
    }
}
