package org.recsys4j.core.store;

/**
 * Thrown when a feature store operation fails; the message names the namespace, the key or the
 * server involved. Subclasses say why: {@link UnknownNamespaceException},
 * {@link CorruptValueException}, {@link StoreConnectionException}.
 *
 * <p>Unchecked, unlike {@link org.recsys4j.core.data.DataFileException} (the checked family for bad files
 * and bad encoded data that a program reads on purpose and can handle where it opens them): this family
 * is for runtime failures of a live store, met on any read of a serving path, where the only useful
 * reactions are a fallback or an error answer higher up (the pipeline's stages already turn it into a
 * fallback). Bad arguments (a null key, a vector of the wrong dimension) are
 * {@link IllegalArgumentException}s, as everywhere in the library.
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
