package org.latentcartography.core;

/**
 * A {@link CartographyException} caused by how a component or command was asked for: an unknown
 * id, an option that does not exist, a value that does not parse. The command-line program exits
 * with status 2 for these, 1 for other failures.
 *
 * <p>Stability: stable.
 */
public class UsageException extends CartographyException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the offending argument, never null */
    public UsageException(String message) {
        super(message);
    }
}
