package org.latentcartography.core;

/**
 * A failure that a user can act on: bad input, a model that does not fit, a measure that cannot be
 * computed. Its message is one line that names the input and what is wrong; the command-line
 * program prints it as is, without a stack trace unless asked.
 *
 * <p>Stability: stable.
 */
public class CartographyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the input and the problem, never null */
    public CartographyException(String message) {
        super(oneLine(message));
    }

    /**
     * @param message one line naming the input and the problem, never null
     * @param cause the underlying failure, may be null
     */
    public CartographyException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Messages echo user input (file headers, specs): control characters become spaces. */
    private static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }
}
