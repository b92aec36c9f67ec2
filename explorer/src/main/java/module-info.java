/**
 * The explorer ({@code cartography serve}): an HTTP server (the JDK's {@code jdk.httpserver}) with a
 * bundled page that shows a measure, its density-equalising map and the embeddings, and decodes
 * wherever the user points. Exports nothing; provides the core SPI {@code ExplorerProvider}.
 */
module org.latentcartography.explorer {
    requires org.latentcartography.core;
    requires jdk.httpserver;

    provides org.latentcartography.core.spi.ExplorerProvider with org.latentcartography.explorer.Explorer;
}
