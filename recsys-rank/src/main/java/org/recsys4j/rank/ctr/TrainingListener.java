package org.recsys4j.rank.ctr;

/** Receives {@link CtrTrainer}'s progress; called on the training thread after every epoch. */
@FunctionalInterface
public interface TrainingListener {
    /** A listener that ignores everything. */
    TrainingListener NONE = r -> {
    };

    /** Called after each epoch (and its validation scoring). */
    void onEpoch(EpochReport report);
}
