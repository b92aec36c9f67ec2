/**
 * Discovery of providers: one {@link org.latentcartography.core.plugin.Registry} per service,
 * gathered in {@link org.latentcartography.core.plugin.Registries}, which also finds the plugins
 * folder and loads each of its jars into a module layer of its own. Depends on {@code core.spi} and {@code core.eval}.
 */
package org.latentcartography.core.plugin;
