package org.recsys4j.rank.seq;

import java.util.List;

/**
 * How a {@link SequenceModel} was fitted: its epochs, the one whose weights it holds and why training stopped.
 *
 * @param bestEpoch          the epoch whose weights the model holds (the last one without validation)
 * @param history            one report per epoch run
 * @param stopReason         {@code patience}, {@code maxEpochs} or {@code maxSeconds}
 * @param trainingSequences  training sequences (rows) per epoch
 * @param trainingPositions  trained positions (next-item targets) per epoch
 * @param seconds            wall time of the fit, validation included
 * @param stepSeconds        time spent in training steps only
 * @param sequencesPerSecond {@code trainingSequences × epochs run / stepSeconds}
 */
public record SequenceFit(int bestEpoch, List<SequenceEpoch> history, String stopReason, int trainingSequences,
                          long trainingPositions, double seconds, double stepSeconds, double sequencesPerSecond) {
    /** Copies the history. */
    public SequenceFit {
        history = List.copyOf(history);
    }

    /** Returns the number of epochs run. */
    public int epochsRun() {
        return history.size();
    }

    /** Returns the best validation NDCG@10, or NaN without validation. */
    public double bestValidationNdcg() {
        return bestEpoch < 1 || bestEpoch > history.size() ? Double.NaN : history.get(bestEpoch - 1).validationNdcg();
    }
}
