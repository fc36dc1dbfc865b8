package org.recsys4j.core.store;

/**
 * Thrown when stored bytes are not a valid value for their namespace: wrong magic, unknown format
 * version or kind, a length that does not match, a checksum mismatch, or a vector whose dimension
 * differs from the namespace's declared one. The message names namespace, version, key and what
 * was expected; a corrupt value is never returned as numbers.
 *
 * <p>It is the live-store counterpart of {@link org.recsys4j.core.data.DataFileException} (which a bad
 * file or artifact raises when it is loaded): unchecked, because it surfaces on a serving read, inside a
 * stage that falls back, rather than where a program chose to read a file.
 */
public class CorruptValueException extends FeatureStoreException {
    /**
     * Creates an exception for a corrupt stored value.
     *
     * @param message names namespace, version, key, what was found and what was expected
     */
    public CorruptValueException(String message) {
        super(message);
    }
}
