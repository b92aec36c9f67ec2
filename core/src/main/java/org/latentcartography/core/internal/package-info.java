/** Built-in providers of core (l2, cosine, output). Not exported. */
package org.latentcartography.core.internal;
