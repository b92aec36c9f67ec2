/**
 * The explorer's server: {@link org.latentcartography.explorer.Explorer} (the provider),
 * {@code Workspace} (the served folders, read once through core's pipeline API), {@code Api} (the
 * HTTP endpoints and their validation), {@code Decoder} (decoding batched across requests), the
 * bundled page under {@code web/}. Depends on core only; nothing here is exported.
 */
package org.latentcartography.explorer;
