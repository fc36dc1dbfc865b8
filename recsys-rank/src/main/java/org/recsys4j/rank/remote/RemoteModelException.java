package org.recsys4j.rank.remote;

import org.recsys4j.rank.serving.ScoringException;

/**
 * A model server call failed: the server answered an HTTP error ({@link #status()}), timed out,
 * could not be reached, or answered a body that is not a valid response (malformed JSON, the wrong
 * number of predictions, a non-numeric prediction). The message names the URL and, for HTTP errors,
 * the server's own {@code error} message.
 */
public class RemoteModelException extends ScoringException {
    private static final long serialVersionUID = 1L;

    /** {@link #status()} when there was no HTTP response (timeout, connection error, open circuit). */
    public static final int NO_STATUS = -1;

    private final int status;
    private final boolean retryable;
    private final int attempts;

    /**
     * Returns an exception.
     *
     * @param message   what went wrong
     * @param status    the HTTP status, or {@link #NO_STATUS}
     * @param retryable whether another attempt could succeed (5xx, 429, timeouts, connection errors)
     * @param attempts  how many HTTP attempts were made
     * @param cause     the underlying exception, or null
     */
    public RemoteModelException(String message, int status, boolean retryable, int attempts, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
        this.attempts = attempts;
    }

    /** Returns the HTTP status of the last attempt, or {@link #NO_STATUS}. */
    public int status() {
        return status;
    }

    /** Returns true if the failure was of a retryable kind (5xx, 429, timeout, connection error). */
    public boolean retryable() {
        return retryable;
    }

    /** Returns the number of HTTP attempts made (0 if the circuit breaker refused the call). */
    public int attempts() {
        return attempts;
    }

    RemoteModelException withAttempts(int n) {
        return new RemoteModelException(getMessage() + " (after " + n + " attempt" + (n == 1 ? "" : "s") + ")",
                status, retryable, n, getCause());
    }
}
