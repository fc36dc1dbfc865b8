package org.recsys4j.examples.server;

/**
 * A request the server refuses: the status and the message of the JSON error body
 * {@code {"error": "...", "status": 400}}. The statuses used: 400 bad request (a malformed or out-of-range
 * parameter, body or encoding), 404 not found (an unknown endpoint or id), 405 method not allowed (with the
 * {@linkplain #allow() allowed methods}), 408 request timeout (the body did not arrive in time), 413 content
 * too large, 414 URI too long, 415 unsupported media type (a body charset other than UTF-8), 429 too many
 * requests (a t-SNE map is being computed and enough requests already wait for it) and 431 request
 * headers too large. Messages name the parameter and show the bad value through {@link #quote(String)}.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The longest value a message shows; longer values are cut and their length given. */
    static final int MAX_SHOWN = 64;

    private final int status;
    private final String allow;

    /**
     * Creates an error.
     *
     * @param status  the HTTP status (4xx)
     * @param message what was wrong, naming the parameter
     * @throws IllegalArgumentException if the status is not in [400, 499]
     */
    public ApiError(int status, String message) {
        this(status, message, null);
    }

    private ApiError(int status, String message, String allow) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("status " + status + ": an ApiError is a client error, 4xx");
        }
        this.status = status;
        this.allow = allow;
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }

    /** Returns the methods the resource allows (the {@code Allow} header of a 405), or null. */
    public String allow() {
        return allow;
    }

    /** Returns a 400 error. */
    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    /** Returns a 404 error. */
    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    /**
     * Returns a 405 error.
     *
     * @param message what was asked, e.g. {@code method PUT not allowed on /getmovie}
     * @param allow   the allowed methods, e.g. {@code GET, HEAD, OPTIONS}
     */
    public static ApiError methodNotAllowed(String message, String allow) {
        return new ApiError(405, message, allow);
    }

    /**
     * Shows a client's value in a message safely: in single quotes, with backslash, quote, control, format
     * (e.g. bidirectional overrides), unassigned, surrogate and replacement characters escaped as
     * {@code \}{@code uXXXX}, and cut after {@value #MAX_SHOWN} characters (the full length is given).
     *
     * @param value the value as received, or null
     * @return e.g. {@code '1\u0000'}, or {@code null}
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 8).append('\'');
        int n = Math.min(value.length(), MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            int type = Character.getType(c);
            if (c == '\\' || c == '\'') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '\uFFFD' || type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.SURROGATE || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.PRIVATE_USE) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('\'');
        if (value.length() > n) {
            sb.append("... (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }
}
