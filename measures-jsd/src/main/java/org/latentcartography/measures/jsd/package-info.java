/** Divergences between distributions. Internal; found through {@code DissimilarityProvider}. */
package org.latentcartography.measures.jsd;
