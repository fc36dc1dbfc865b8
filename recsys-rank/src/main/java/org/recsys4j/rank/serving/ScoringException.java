package org.recsys4j.rank.serving;

/**
 * A model could not score a batch: inference failed, the model's output has the wrong shape, or a
 * remote server failed or answered something that is not a valid response. {@link ModelRanker}
 * catches it and uses its fallback; called directly, a {@link BatchScorer} throws it.
 */
public class ScoringException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Returns an exception with a message. */
    public ScoringException(String message) {
        super(message);
    }

    /** Returns an exception with a message and a cause. */
    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
