package org.latentcartography.explorer;

/** A request the server refuses: the HTTP status and one line for {@code {"error": ...}}. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
