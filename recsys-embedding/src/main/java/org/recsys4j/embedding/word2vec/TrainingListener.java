package org.recsys4j.embedding.word2vec;

/**
 * Receives progress reports while {@link Word2Vec#fit} trains: at most about every half second, and once
 * at the end with {@code tokensDone == tokensTotal}. Calls come from a training thread, never two at a
 * time; a slow listener slows that one thread, so keep it cheap (log a line, update a progress bar).
 *
 * <pre>{@code
 * Word2Vec.builder().listener(p -> System.out.printf("epoch %d/%d %.0f tok/s loss %.3f%n",
 *         p.epoch(), p.epochs(), p.tokensPerSecond(), p.loss())).build();
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
     */
    record Progress(int epoch, int epochs, long tokensDone, long tokensTotal, double tokensPerSecond, double loss,
            double learningRate, double etaSeconds) {
    }
}
