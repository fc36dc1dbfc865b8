package org.recsys4j.rank.ctr;

import java.io.IOException;

/** A CTR model file that cannot be read: not a model file, another format version, truncated or corrupted. */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file    the file (or other source) read
     * @param problem what is wrong with it
     */
    public ModelFormatException(String file, String problem) {
        super("CTR model file " + file + ": " + problem);
    }
}
