package org.recsys4j.embedding.testing;

import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.word2vec.Word2Vec;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check that a word2vec trainer learns, on its per-epoch mean losses. */
public final class LossCurves {
    private LossCurves() {
    }

    /**
     * Returns the mean loss of one epoch of a model that does not learn: the same settings with a learning rate of
     * 1e-9, so every prediction stays at its initial score (about {@code (1 + negative)·ln 2} per pair with
     * negative sampling, since the output vectors start at 0).
     *
     * @param settings the trainer's settings (its epochs, rates and listener are replaced)
     * @param corpus   the corpus
     * @return the untrained loss
     */
    public static double untrained(Word2Vec.Builder settings, SequenceCorpus corpus) {
        return settings.withAlpha(1e-9).withMinAlpha(1e-9).withEpochs(1).withListener(null).build()
                .fit(corpus).stats().epochLosses().get(0);
    }

    /**
     * Asserts that training learned: at least two epochs, every mean finite, the last epoch's mean at least 5%
     * below the first's, and at least 15% below the untrained model's loss. A trainer that does not update (a zero
     * learning rate, a broken gradient) fails both; one that only learns within the first epoch fails the first.
     *
     * @param epochLosses the mean loss of each epoch, first to last
     * @param untrained   the loss of the same model untrained ({@link #untrained})
     */
    public static void assertLearns(List<Double> epochLosses, double untrained) {
        assertTrue(epochLosses.size() >= 2, "need at least two epochs: " + epochLosses);
        assertTrue(epochLosses.stream().allMatch(Double::isFinite), "a loss is not finite: " + epochLosses);
        double first = epochLosses.get(0);
        double last = epochLosses.get(epochLosses.size() - 1);
        assertTrue(last <= 0.95 * first, "the loss does not fall from the first epoch to the last: " + epochLosses);
        assertTrue(last <= 0.85 * untrained, "the last epoch's loss " + last + " is not well below the untrained "
                + untrained + ": " + epochLosses);
    }
}
