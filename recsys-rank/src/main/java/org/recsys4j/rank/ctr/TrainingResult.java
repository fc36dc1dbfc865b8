package org.recsys4j.rank.ctr;

import java.util.List;

/**
 * What {@link CtrTrainer#fit(CtrData, CtrData)} returns: the trained model and its history.
 *
 * @param model            the model with the best epoch's weights (the last epoch's without validation rows)
 * @param bestEpoch        the epoch whose weights the model holds
 * @param history          one report per epoch run
 * @param trainSeconds     wall time of the whole run, validation scoring included
 * @param stepSeconds      time spent in training steps only
 * @param samplesPerSecond training rows × epochs run / {@code stepSeconds} (protocol C's definition)
 */
public record TrainingResult(CtrModel model, int bestEpoch, List<EpochReport> history, double trainSeconds,
                             double stepSeconds, double samplesPerSecond) {
    /** Copies the history. */
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** Returns the number of epochs run. */
    public int epochsRun() {
        return history.size();
    }

    /** Returns the best validation log-loss, or NaN without validation rows. */
    public double bestValidationLoss() {
        return history.isEmpty() ? Double.NaN : history.get(bestEpoch - 1).validationLoss();
    }
}
