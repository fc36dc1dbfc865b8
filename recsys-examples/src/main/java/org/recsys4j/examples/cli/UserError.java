package org.recsys4j.examples.cli;

/** A problem the user can fix (a bad argument, missing data); printed without a stack trace, exit status 2. */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an error with the message shown to the user. */
    public UserError(String message) {
        super(message);
    }
}
