package org.latentcartography.cli;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Shows what the library and its plugins report through {@link System.Logger} on standard error,
 * one line each, in the command's voice: {@code cartography: MESSAGE} for information,
 * {@code cartography: warning: MESSAGE} for warnings. Information is hidden by {@code --quiet};
 * {@code --debug} adds the debug log (e.g. a transform's passes and steps).
 *
 * <p>It is the process's {@link System.LoggerFinder} (declared in {@code module-info.java} and in
 * {@code META-INF/services}): the toolkit's loggers (names under {@value #ROOT}) print here
 * directly, other names go to {@code java.util.logging} as they would without this finder. So a
 * command that logs nothing through {@code java.util.logging} never starts it (its
 * {@code LogManager} reads its configuration and looks for logger finders on the class path,
 * a noticeable part of a quick command's start).
 */
public final class TerminalLog extends System.LoggerFinder {
    /** The loggers of the toolkit and its modules share this prefix. */
    static final String ROOT = "org.latentcartography";

    /** The least severe level shown (a {@link System.Logger.Level}'s severity). */
    private static volatile int threshold = System.Logger.Level.INFO.getSeverity();

    /** Made by {@link java.util.ServiceLoader}, once per process, when the first logger is asked for. */
    public TerminalLog() {
    }

    /**
     * @param quiet show warnings only
     * @param debug show the debug log too
     */
    static void install(boolean quiet, boolean debug) {
        threshold = (debug ? System.Logger.Level.ALL : quiet ? System.Logger.Level.WARNING : System.Logger.Level.INFO)
                .getSeverity();
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        if (name.equals(ROOT) || name.startsWith(ROOT + ".")) {
            return new Toolkit(name);
        }
        return new JulLogger(name);
    }

    /** A toolkit logger: one line on standard error per message at or above the threshold. */
    private static final class Toolkit implements System.Logger {
        private final String name;

        Toolkit(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= threshold;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                print(level, msg);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                print(level, params != null && params.length > 0 ? MessageFormat.format(format, params) : format);
            }
        }

        private static void print(Level level, String msg) {
            String prefix = level.getSeverity() >= Level.WARNING.getSeverity() ? "cartography: warning: " : "cartography: ";
            System.err.println(prefix + Main.oneLine(msg).replaceFirst("\\s+$", ""));
        }
    }

    /**
     * Any other logger: {@code java.util.logging}'s logger of that name, with the levels mapped as
     * the JDK's own bridge maps them, started when first used.
     */
    private static final class JulLogger implements System.Logger {
        private final String name;
        private java.util.logging.Logger jul;

        JulLogger(String name) {
            this.name = name;
        }

        private synchronized java.util.logging.Logger jul() {
            if (jul == null) {
                jul = java.util.logging.Logger.getLogger(name);
            }
            return jul;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return jul().isLoggable(julLevel(level));
        }

        @Override
        public void log(Level level, Supplier<String> supplier) {
            if (isLoggable(level)) {
                publish(level, null, supplier.get(), null, null);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                publish(level, bundle, msg, thrown, null);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                publish(level, bundle, format, null, params);
            }
        }

        private void publish(Level level, ResourceBundle bundle, String msg, Throwable thrown, Object[] params) {
            java.util.logging.LogRecord r = new java.util.logging.LogRecord(julLevel(level), msg);
            r.setLoggerName(name);
            r.setResourceBundle(bundle);
            r.setThrown(thrown);
            r.setParameters(params);
            // the caller: the first frame outside this class and the System.Logger interface
            StackWalker.getInstance().walk(s -> s.dropWhile(f -> f.getClassName().startsWith(TerminalLog.class.getName())
                    || f.getClassName().equals(System.Logger.class.getName())).findFirst()).ifPresent(f -> {
                        r.setSourceClassName(f.getClassName());
                        r.setSourceMethodName(f.getMethodName());
                    });
            jul().log(r);
        }

        private static java.util.logging.Level julLevel(Level level) {
            switch (level) {
                case ALL: return java.util.logging.Level.ALL;
                case TRACE: return java.util.logging.Level.FINER;
                case DEBUG: return java.util.logging.Level.FINE;
                case INFO: return java.util.logging.Level.INFO;
                case WARNING: return java.util.logging.Level.WARNING;
                case ERROR: return java.util.logging.Level.SEVERE;
                default: return java.util.logging.Level.OFF;
            }
        }
    }
}
