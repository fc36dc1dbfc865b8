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
     * catalogue, without a sampling correction (cheaper than {@link #SOFTMAX} on a large catalogue). Popular items
     * are rarely drawn, so little pushes them down: on rating data the model leans towards popularity
     * (docs/evaluation.md, "Sequential pipeline"); {@link #LOGQ_SAMPLED_SOFTMAX} corrects that.
     */
    SAMPLED_SOFTMAX,
    /**
     * Sampled softmax with popularity negatives and the logQ correction (Bengio &amp; Senécal 2008; Jean et al.
     * 2015; Yi et al. 2019): {@code negatives} items are drawn with probability {@code q(j)} proportional to their
     * number of occurrences in the training sequences plus one, every candidate's logit (the next item's too) is
     * lowered by {@code log(negatives · q(j))}, and a draw of the next item itself is left out. The result
     * estimates {@link #SOFTMAX}'s gradient at the cost of {@link #SAMPLED_SOFTMAX}: popular items are drawn as
     * negatives as often as they are positives, so the model does not lean towards them.
     */
    LOGQ_SAMPLED_SOFTMAX,
    /**
     * gSASRec's generalised binary cross-entropy (gBCE; Petrov &amp; Macdonald, RecSys 2023): the next item against
     * {@code negatives} items drawn uniformly from the catalogue, {@code −β·log σ(s⁺) − Σ log(1 − σ(s⁻))}. Many
     * negatives make plain BCE overconfident (the positive's predicted probability far above its real share);
     * {@code β = α·(t·(1 − 1/α) + 1/α)}, with the sampling rate {@code α = negatives / (items − 1)} and the
     * calibration {@code t} in [0, 1] (the builders' {@code withCalibration}, default 0.75 as in the paper),
     * weakens the positive's term so that the scores stay calibrated: {@code t = 0} is BCE with many negatives
     * ({@code β = 1}), {@code t = 1} the fully calibrated {@code β = α}.
     */
    GBCE
}
