package org.recsys4j.core.store;

/** Thrown when an operation names a namespace the store was not configured with; the message lists the known ones. */
public class UnknownNamespaceException extends FeatureStoreException {
    /**
     * Creates an exception for an unknown namespace.
     *
     * @param message names the namespace and the declared ones
     */
    public UnknownNamespaceException(String message) {
        super(message);
    }
}
