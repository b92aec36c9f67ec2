/**
 * File formats: NPY arrays, the toolkit's JSON files, and atomic writing. Depends on {@code core}.
 */
package org.latentcartography.core.io;
