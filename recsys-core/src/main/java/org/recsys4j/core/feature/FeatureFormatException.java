package org.recsys4j.core.feature;

import java.io.IOException;

/**
 * Thrown when an encoder or schema file cannot be read: wrong magic, a newer format version, a
 * truncated file, a checksum mismatch or a payload that does not parse; the message names the file.
 */
public class FeatureFormatException extends IOException {
    /**
     * Creates an exception with a message that already names the file.
     *
     * @param message what is wrong and where
     */
    public FeatureFormatException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message that already names the file, and its cause.
     *
     * @param message what is wrong and where
     * @param cause   the underlying error
     */
    public FeatureFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
