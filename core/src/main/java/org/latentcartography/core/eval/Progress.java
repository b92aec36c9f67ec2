package org.latentcartography.core.eval;

/**
 * Receives progress of long work. Called from one thread at a time.
 *
 * <p>Stability: stable.
 */
@FunctionalInterface
public interface Progress {
    /** Ignores every report. */
    Progress NONE = (done, total) -> { };

    /**
     * @param done units done so far
     * @param total units in all
     */
    void update(long done, long total);
}
