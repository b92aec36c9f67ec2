/**
 * The toolkit's vocabulary shared by every module: {@link org.latentcartography.core.ComponentSpec}
 * (how components are named) and the user-facing exceptions. Depends on nothing.
 */
package org.latentcartography.core;
