package org.recsys4j.embedding.word2vec;

import java.util.List;

/**
 * Receives progress reports while {@link Word2Vec#fit} trains: at most about every half second, once as
 * each epoch ends (with that epoch's mean loss appended to {@link Progress#epochLosses()}), and once at the
 * end with {@code tokensDone == tokensTotal} and every epoch's loss. Calls come from a training thread, never
 * two at a time; a slow listener slows that one thread, so keep it cheap (log a line, update a progress bar).
 *
 * <p>For a loss curve use {@link Progress#epochLosses()} (or {@link TrainingStats#epochLosses()} after the
 * fit): exact per-epoch means, the same on every run with one thread. {@link Progress#loss()} is the mean
 * since the previous report, a live figure whose span depends on the wall clock.
 *
 * <pre>{@code
 * Word2Vec.builder().listener(p -> System.out.printf("epoch %d/%d %.0f tok/s loss %.3f, per epoch %s%n",
 *         p.epoch(), p.epochs(), p.tokensPerSecond(), p.loss(), p.epochLosses())).build();
 * }</pre>
 */
@FunctionalInterface
public interface TrainingListener {
    /** Called with the training progress so far. */
    void onProgress(Progress p);

    /**
     * A progress report.
     *
     * @param epoch           the current epoch, 1-based (with several threads: of the slowest-moving estimate,
     *                        {@code tokensDone} divided by the tokens of one epoch)
     * @param epochs          the number of epochs
     * @param tokensDone      raw corpus tokens processed so far, over all epochs and threads
     * @param tokensTotal     raw tokens × epochs
     * @param tokensPerSecond raw tokens processed per second since training started
     * @param loss            mean negative log-likelihood per (center, context) pair since the previous report
     *                        (the sum of its positive and negative / Huffman-node terms); NaN if none
     * @param learningRate    the current learning rate
     * @param etaSeconds      estimated seconds left at the current speed
     * @param epochLosses     the mean loss of each epoch completed so far, first to last (see
     *                        {@link TrainingStats#epochLosses()}); empty until the first epoch ends
     */
    record Progress(int epoch, int epochs, long tokensDone, long tokensTotal, double tokensPerSecond, double loss,
            double learningRate, double etaSeconds, List<Double> epochLosses) {
        /** Copies the epoch losses. */
        public Progress {
            epochLosses = List.copyOf(epochLosses);
        }
    }
}
