package org.latentcartography.core.spi;

import java.util.Optional;

/**
 * The toolkit's one idiom for optional features: a component is asked for a view of itself by the
 * view's type, and gives it or nothing (as the JDK's
 * {@code FileSystemProvider.getFileAttributeView(path, type)} does). A {@link Generator} may offer a
 * {@link TextDecoder}; a {@link Measure} may offer a {@link MetricTensor}. A capability that must
 * follow its component through a composition of generators says how, by implementing
 * {@link Composable}.
 *
 * <p>The default offers the component itself when it implements the type, so most components only
 * implement the capability's interface. A component that offers a capability through another object
 * (a wrapper, a composition) overrides {@link #capability}.
 *
 * <p>Stability: stable.
 */
public interface Capable {

    /**
     * @param type the capability's interface, never null
     * @param <T> the capability's type
     * @return this component viewed as {@code type}, or empty when it does not offer it; never null
     */
    default <T> Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }
}
