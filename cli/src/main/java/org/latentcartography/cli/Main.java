package org.latentcartography.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentcartography.core.CartographyException;
import org.latentcartography.core.UsageException;
import org.latentcartography.cli.demo.DemoCommand;
import picocli.CommandLine;

/**
 * The {@code cartography} command. Exit status: 0 on success, 2 for a usage error, 1 for any
 * other failure, with one line on standard error naming the input and the problem (a stack
 * trace only with {@code --debug}).
 */
public final class Main implements Runnable {

    private static final String[] DESCRIPTION = {"Measures and density-equalising maps of the latent spaces of "
        + "generative models (after Frenzel, Teleaga and Ushio, \"Latent Space Cartography\", 2019).%n"};
    private static final String[] FOOTER = {"", "Run 'cartography COMMAND --help' for a command's options.",
        "Components are named ID or ID:ARG followed by ,key=value options, for example",
        "  onnx:models/mnist/vae-softplus/decoder.onnx,output=h1",
        "'cartography plugins' lists them."};

    /**
     * The subcommands by name, in the order of the help. Picocli builds the model of every
     * registered command (reflection over its annotations, its mixins, its nested commands) when
     * the command line is made; a run that names a subcommand registers only that one, so that
     * quick commands ({@code plugins}, {@code --version}) do not pay for the others.
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("demo", DemoCommand.class);
        m.put("measure", MeasureCommand.class);
        m.put("transform", TransformCommand.class);
        m.put("path", PathCommand.class);
        m.put("geodesic", GeodesicCommand.class);
        m.put("analyze", AnalyzeCommand.class);
        m.put("diagnose", DiagnoseCommand.class);
        m.put("plugins", PluginsCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("compress", CompressCommand.class);
        m.put("project", ProjectCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return m;
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"cartography " + (v == null ? "(development build)" : v)};
        }
    }

    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command and returns its exit status.
     *
     * @param args the command line
     * @return the exit status
     */
    public static int run(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // what picocli prints for the version option, without building a command model first
            for (String line : new Version().getVersion()) {
                System.out.println(line);
            }
            System.out.flush();
            return 0;
        }
        boolean debug = Arrays.asList(args).contains("--debug");
        TerminalLog.install(Arrays.asList(args).contains("--quiet"), debug);
        PluginsCommand plugins = PluginsCommand.parse(args);
        if (plugins != null) {
            // a plain 'plugins' line (see PluginsCommand.parse) runs without picocli's model and parser
            try {
                return plugins.call();
            } catch (OutOfMemoryError e) {
                System.err.println("cartography: out of memory; use a coarser grid or raise the heap with JAVA_OPTS=-Xmx...");
                return 1;
            } catch (Exception e) {
                PrintWriter err = new PrintWriter(System.err, true);
                return Failures.report(e, err, debug);
            }
        }
        CommandLine cl = commandLine(args);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(new UsageErrors(debug));
        cl.setExecutionExceptionHandler(new Failures(debug));
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("cartography: out of memory; use a coarser grid or raise the heap with JAVA_OPTS=-Xmx...");
            return 1;
        } catch (Error e) {
            // e.g. a StackOverflowError: one line (its trace is as long as the stack), the trace with --debug
            System.err.println("cartography: internal error: " + oneLine(String.valueOf(e))
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace();
            }
            return 1;
        }
    }

    /**
     * The command line with the subcommands this run needs: only the named one when the first
     * argument names a subcommand ({@code help} excepted: it lists them all), none for
     * {@code --version}, all of them otherwise (the usage lists them, and an unknown name is
     * answered with the list).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(rootSpec());
        String first = args.length > 0 ? args[0] : "";
        Class<?> only = first.equals("help") ? null : SUBCOMMANDS.get(first);
        if (only != null) {
            cl.addSubcommand(first, subcommand(first, only));
        } else if (!(args.length == 1 && (first.equals("--version") || first.equals("-V")))) {
            for (Map.Entry<String, Class<?>> e : SUBCOMMANDS.entrySet()) {
                cl.addSubcommand(e.getKey(), subcommand(e.getKey(), e.getValue()));
            }
        }
        return cl;
    }

    /** A subcommand to register: its class (picocli reads its annotations), or its model. */
    private static Object subcommand(String name, Class<?> type) {
        if (type == PluginsCommand.class) {
            return new CommandLine(PluginsCommand.spec());
        }
        return type == TransformCommand.class ? new CommandLine(TransformCommand.spec()) : type;
    }

    /*
     * The models of the root command, of {@code plugins} and of {@code transform} are built in code, not read from
     * annotations: reading annotations makes the JVM generate a proxy class per annotation type at
     * every start (which class-data sharing cannot keep), most of the start-up of a quick command.
     */

    /** @return the model of the {@code cartography} command itself */
    private static CommandLine.Model.CommandSpec rootSpec() {
        Main main = new Main();
        CommandLine.Model.CommandSpec s = CommandLine.Model.CommandSpec.wrapWithoutInspection(main);
        s.name("cartography");
        s.versionProvider(new Version());
        s.usageMessage().description(DESCRIPTION).footer(FOOTER);
        addStandardHelpOptions(s);
        main.spec = s;
        return s;
    }

    /**
     * Adds {@code -h, --help} and {@code -V, --version}, as picocli's
     * {@code mixinStandardHelpOptions} does.
     *
     * @param spec the command's model
     */
    static void addStandardHelpOptions(CommandLine.Model.CommandSpec spec) {
        spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(CommandLine.Model.OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    /*
     * The two handlers are named classes, not lambdas: a lambda of a picocli interface makes the
     * class-data sharing dump link picocli's classes, which (compiled for Java 5) the JVM then
     * leaves out of the archive, so that every start would load and verify them from the jar.
     */

    /** Answers a command-line error: one line, exit status 2. */
    private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        private final boolean debug;

        UsageErrors(boolean debug) {
            this.debug = debug;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            PrintWriter err = ex.getCommandLine().getErr();
            String cmd = ex.getCommandLine().getCommandName();
            err.println("cartography: " + oneLine(ex.getMessage()) + " (see '"
                    + (cmd.equals("cartography") ? "cartography" : "cartography " + cmd) + " --help')");
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 2;
        }
    }

    /** Answers a failure of a command: one line, exit status 2 for a usage error, else 1. */
    private static final class Failures implements CommandLine.IExecutionExceptionHandler {
        private final boolean debug;

        Failures(boolean debug) {
            this.debug = debug;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine c, CommandLine.ParseResult parsed) {
            return report(ex, c.getErr(), debug);
        }

        /** Writes the line for {@code ex} (and its trace with {@code debug}) to {@code err}; returns the exit status. */
        static int report(Exception ex, PrintWriter err, boolean debug) {
            int status;
            if (ex instanceof UsageException) {
                err.println("cartography: " + oneLine(ex.getMessage()));
                status = 2;
            } else if (ex instanceof CartographyException) {
                err.println("cartography: " + oneLine(ex.getMessage()));
                status = 1;
            } else {
                err.println("cartography: internal error: " + oneLine(String.valueOf(ex))
                        + (debug ? "" : " (run with --debug for the stack trace)"));
                status = 1;
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return status;
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        return s.replace('\n', ' ').replace('\r', ' ').replaceAll("\\s+", " ").strip();
    }
}
