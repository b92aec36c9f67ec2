/** The {@code plane} generator provider. Not exported. */
package org.latentcartography.compression.internal;
