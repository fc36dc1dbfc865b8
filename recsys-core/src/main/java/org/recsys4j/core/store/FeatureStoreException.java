package org.recsys4j.core.store;

/**
 * Thrown when a feature store operation fails; the message names the namespace, the key or the
 * server involved. Subclasses say why: {@link UnknownNamespaceException},
 * {@link CorruptValueException}, {@link StoreConnectionException}.
 */
public class FeatureStoreException extends RuntimeException {
    /**
     * Creates an exception whose message already names what failed and where.
     *
     * @param message what is wrong and where
     */
    public FeatureStoreException(String message) {
        super(message);
    }

    /**
     * Creates an exception whose message already names what failed and where, with its cause.
     *
     * @param message what is wrong and where
     * @param cause   the underlying error
     */
    public FeatureStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
