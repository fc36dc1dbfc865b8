package org.recsys4j.core.store;

/** Thrown when the store's server cannot be reached or the connection breaks; the message names host and port. */
public class StoreConnectionException extends FeatureStoreException {
    /**
     * Creates an exception for an unreachable server.
     *
     * @param message names host and port and what was being done
     * @param cause   the client library's error
     */
    public StoreConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
