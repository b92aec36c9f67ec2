/**
 * Discovery of providers: one {@link org.latentcartography.core.plugin.Registry} per service,
 * gathered in {@link org.latentcartography.core.plugin.Registries}, which also loads a plugins
 * folder into its own module layer. Depends on {@code core.spi} and {@code core.eval}.
 */
package org.latentcartography.core.plugin;
