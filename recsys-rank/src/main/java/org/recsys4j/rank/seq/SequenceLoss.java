package org.recsys4j.rank.seq;

/**
 * The training loss of a sequential recommender, computed at every position of a training sequence against
 * the next item.
 */
public enum SequenceLoss {
    /**
     * SASRec's original loss: binary cross-entropy of the next item against one negative per position, drawn
     * uniformly from the items the user has not interacted with in the training sequences.
     */
    BCE,
    /** Full softmax cross-entropy over every item of the catalogue (the strongest on protocol T). */
    SOFTMAX,
    /**
     * Sampled softmax: cross-entropy over the next item and {@code negatives} items drawn uniformly from the
     * catalogue, without a sampling correction (cheaper than {@link #SOFTMAX} on a large catalogue).
     */
    SAMPLED_SOFTMAX
}
