package org.recsys4j.rank.ctr;

/** Receives {@link CtrTrainer}'s progress; called on the training thread after every epoch (and, for progress, after every batch). */
@FunctionalInterface
public interface TrainingListener {
    /** A listener that ignores everything. */
    TrainingListener NONE = r -> {
    };

    /** Called after each epoch (and its validation scoring). */
    void onEpoch(EpochReport report);

    /**
     * Called after each batch (its update applied), for progress inside an epoch; does nothing unless overridden.
     *
     * @param epoch the epoch (from 1)
     * @param rows  the rows of the epoch trained so far
     * @param total the rows of an epoch
     */
    default void onBatch(int epoch, long rows, long total) {
    }
}
