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
    LOGQ_SAMPLED_SOFTMAX
}
