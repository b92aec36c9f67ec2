/**
 * The {@code cartography} command: measure, transform, plugins, demo; and the figures it draws.
 * Exports nothing; finds every generator, measure and transform through the core registries.
 */
module org.latentcartography.cli {
    requires org.latentcartography.core;
    requires static org.latentcartography.compression;
    requires info.picocli;
    requires java.desktop;
    requires org.jfree.svg;

    provides java.lang.System.LoggerFinder with org.latentcartography.cli.TerminalLog;

    opens org.latentcartography.cli to info.picocli;
    opens org.latentcartography.cli.demo to info.picocli;
}
