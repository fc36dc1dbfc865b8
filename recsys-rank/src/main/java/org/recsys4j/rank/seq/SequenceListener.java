package org.recsys4j.rank.seq;

/** Receives a sequential recommender's training progress; called on the fitting thread after every epoch. */
@FunctionalInterface
public interface SequenceListener {
    /** A listener that ignores everything. */
    SequenceListener NONE = e -> {
    };

    /** Called after each epoch (and its validation scoring). */
    void onEpoch(SequenceEpoch epoch);
}
