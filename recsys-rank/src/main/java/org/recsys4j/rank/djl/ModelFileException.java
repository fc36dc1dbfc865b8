package org.recsys4j.rank.djl;

import java.io.IOException;
import java.nio.file.Path;

/** A model file is missing, unreadable, not a valid model, or its signature is not the expected one. */
public class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file, as given by the caller. */
    private final transient Path file;

    /** Returns an exception about {@code file}; the message starts with the file's path. */
    public ModelFileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** Returns the model file. */
    public Path file() {
        return file;
    }
}
