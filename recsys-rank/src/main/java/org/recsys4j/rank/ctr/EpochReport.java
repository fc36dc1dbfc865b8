package org.recsys4j.rank.ctr;

/**
 * Progress after one training epoch, passed to a {@link TrainingListener}.
 *
 * @param epoch            1-based epoch number
 * @param trainLoss        mean training log-loss over the epoch's steps (before each step's update)
 * @param validationLoss   log-loss on the validation rows after the epoch, or NaN without validation rows
 * @param validationAuc    AUC on the validation rows after the epoch, or NaN
 * @param samplesPerSecond training samples per second of this epoch's steps (validation scoring excluded)
 * @param improved         true if this epoch has the best validation log-loss so far (its weights are kept)
 */
public record EpochReport(int epoch, double trainLoss, double validationLoss, double validationAuc,
                          double samplesPerSecond, boolean improved) {
}
