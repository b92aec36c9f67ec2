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
