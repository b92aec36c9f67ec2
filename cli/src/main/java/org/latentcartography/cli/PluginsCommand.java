package org.latentcartography.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.latentcartography.core.plugin.ProviderInfo;
import org.latentcartography.core.plugin.Registries;
import picocli.CommandLine;

/** {@code cartography plugins}: every provider with its id, description and module. */
final class PluginsCommand implements Callable<Integer> {
    private static final String[] DESCRIPTION = {
        "List every generator, meaning function, dissimilarity, measure, transform and engine.",
        "%nEach with a one-line description and the module it comes from (built in, or a jar in the plugins "
            + "folder); plugins that failed to load are reported on standard error.%n"};

    final CommonOptions common = new CommonOptions();

    /**
     * The command's model, built in code rather than read from annotations (see
     * {@link Main#commandLine}): the options of {@link CommonOptions}, and help and version.
     *
     * @return the model, bound to a new command
     */
    static CommandLine.Model.CommandSpec spec() {
        PluginsCommand cmd = new PluginsCommand();
        CommandLine.Model.CommandSpec s = CommandLine.Model.CommandSpec.wrapWithoutInspection(cmd);
        s.name("plugins");
        s.usageMessage().description(DESCRIPTION);
        cmd.common.addTo(s);
        Main.addStandardHelpOptions(s);
        return s;
    }

    /**
     * Reads a plain {@code plugins} command line without picocli: {@code plugins} followed by at
     * most one {@code --debug} and at most one {@code --plugins DIR} (or {@code --plugins=DIR}),
     * in any order, with a folder name that picocli would take as it is (not empty, not starting
     * with {@code -} or {@code @}). Picocli's model and parser (its built-in converters, about 500
     * classes) are most of the start of this quick command; any other line, help and errors
     * included, goes to picocli, which answers it as before.
     *
     * @param args the command line
     * @return the command with its options set, or null when picocli is to read the line
     */
    static PluginsCommand parse(String... args) {
        if (args.length == 0 || args.length > 4 || !args[0].equals("plugins")) {
            return null;
        }
        PluginsCommand cmd = new PluginsCommand();
        boolean dir = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.equals("--debug") && !cmd.common.debug) {
                cmd.common.debug = true;
                continue;
            } else if (a.equals("--plugins") && i + 1 < args.length) {
                value = args[++i];
            } else if (a.startsWith("--plugins=")) {
                value = a.substring("--plugins=".length());
            }
            if (value == null || dir || value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                return null;
            }
            try {
                cmd.common.plugins = java.nio.file.Path.of(value);
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
            dir = true;
        }
        return cmd;
    }

    @Override
    public Integer call() {
        Registries r = common.registries();
        List<ProviderInfo> infos = r.infos();
        int idW = infos.stream().mapToInt(i -> i.id().length()).max().orElse(2);
        String last = "";
        for (ProviderInfo i : infos) {
            if (!i.kind().equals(last)) {
                System.out.println((last.isEmpty() ? "" : "\n") + heading(i.kind()));
                last = i.kind();
            }
            System.out.printf("  %-" + idW + "s  %s  [%s]%n", i.id(), i.description(), i.origin());
        }
        System.out.println("\nEvery dissimilarity id is also a measure id (mean dissimilarity to neighbouring cells).");
        if (!r.pluginJars().isEmpty()) {
            int loaded = r.loadedPluginJars().size();
            int found = r.pluginJars().size();
            System.out.println("Plugin jars: " + (loaded == found ? String.valueOf(found) : loaded + " of " + found + " loaded")
                    + " in " + r.pluginJars().get(0).getParent());
        }
        for (String problem : r.problems()) {
            System.err.println("cartography: warning: " + problem);
        }
        return 0;
    }

    private static String heading(String kind) {
        switch (kind) {
            case "generator": return "Generators (--generator)";
            case "meaning": return "Meaning functions (--meaning)";
            case "dissimilarity": return "Dissimilarities (--measure ID, or inside other components)";
            case "measure": return "Measures (--measure)";
            case "transform": return "Transforms (transform --method)";
            case "engine": return "Engines (measure --engine)";
            case "explorer": return "Explorers (serve --explorer)";
            default: return kind;
        }
    }
}
