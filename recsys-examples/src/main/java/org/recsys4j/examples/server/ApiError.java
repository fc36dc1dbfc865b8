package org.recsys4j.examples.server;

/**
 * A request the server refuses: the status (400 bad request, 404 not found, 405 method not allowed) and
 * the message of the JSON error body {@code {"error": "...", "status": 400}}.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates an error.
     *
     * @param status  the HTTP status (4xx)
     * @param message what was wrong, naming the parameter
     */
    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }

    /** Returns a 400 error. */
    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    /** Returns a 404 error. */
    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }
}
