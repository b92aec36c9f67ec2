package org.latentcartography.core.spi;

/**
 * What every service provider of the toolkit has: a stable id, by which users name it on the
 * command line, and a one-line description. Providers are cheap factories: discovering them never
 * loads a model or native code; the expensive objects are made by their {@code create}/{@code open}
 * methods.
 *
 * <p>Stability: stable.
 */
public interface Provider {
    /** @return the stable id, lower case, never null; unique among providers of one service */
    String id();

    /** @return a one-line description for {@code cartography plugins}, never null */
    String description();
}
