package org.latentcartography.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Shows what the library and its plugins report through {@link System.Logger} on standard error,
 * one line each, in the command's voice: {@code cartography: MESSAGE} for information,
 * {@code cartography: warning: MESSAGE} for warnings. Information is hidden by {@code --quiet};
 * {@code --debug} adds the debug log (e.g. a transform's passes and steps).
 */
final class TerminalLog extends Handler {
    /** The loggers of the toolkit and its modules share this prefix. */
    static final String ROOT = "org.latentcartography";

    /** Keeps the logger configured for as long as the program runs (JUL holds loggers weakly). */
    private static Logger root;

    private TerminalLog() {
    }

    /**
     * @param quiet show warnings only
     * @param debug show the debug log too
     */
    static synchronized void install(boolean quiet, boolean debug) {
        Logger l = Logger.getLogger(ROOT);
        for (Handler h : l.getHandlers()) {
            l.removeHandler(h);
        }
        Level level = debug ? Level.ALL : quiet ? Level.WARNING : Level.INFO;
        l.setUseParentHandlers(false);
        l.setLevel(level);
        TerminalLog h = new TerminalLog();
        h.setLevel(level);
        l.addHandler(h);
        root = l;
    }

    @Override
    public void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        String msg = r.getMessage();
        if (r.getParameters() != null && r.getParameters().length > 0) {
            msg = java.text.MessageFormat.format(msg, r.getParameters());
        }
        String prefix = r.getLevel().intValue() >= Level.WARNING.intValue() ? "cartography: warning: " : "cartography: ";
        System.err.println(prefix + Main.oneLine(msg).replaceFirst("\\s+$", ""));
    }

    @Override
    public void flush() {
        System.err.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
