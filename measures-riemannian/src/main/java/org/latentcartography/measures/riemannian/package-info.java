/** The Riemannian measure. Internal to its module; found through {@code MeasureProvider}. */
package org.latentcartography.measures.riemannian;
