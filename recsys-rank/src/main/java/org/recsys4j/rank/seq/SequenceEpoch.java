package org.recsys4j.rank.seq;

/**
 * Progress after one training epoch of a sequential recommender, passed to a {@link SequenceListener}.
 *
 * @param epoch              1-based epoch number
 * @param trainLoss          mean loss per trained position over the epoch (before each step's update)
 * @param validationHitRate  HR@10 on the validation items after the epoch (ties against the model), or NaN
 *                           without validation
 * @param validationNdcg     NDCG@10 on the validation items, or NaN without validation
 * @param sequencesPerSecond training sequences per second of this epoch's steps (validation excluded)
 * @param improved           true if this epoch has the best validation NDCG@10 so far (its weights are kept)
 */
public record SequenceEpoch(int epoch, double trainLoss, double validationHitRate, double validationNdcg,
                            double sequencesPerSecond, boolean improved) {
}
