package org.recsys4j.core.pipeline;

import java.util.concurrent.CancellationException;

/**
 * Thrown by {@link Deadline#check} when the deadline has passed: the work stops because nobody waits for
 * its answer any more. A {@link CancellationException}, so one handler covers a passed deadline and an
 * interrupted thread; a pipeline treats both as a late stage and uses the stage's fallback.
 */
public final class DeadlineExceededException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was stopped and how late, e.g. {@code "hnsw search: deadline passed 2.1 ms ago"}
     */
    public DeadlineExceededException(String message) {
        super(message);
    }
}
