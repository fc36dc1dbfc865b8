package org.recsys4j.embedding.word2vec;

import java.util.List;

/**
 * What one {@link Word2Vec#fit} did.
 *
 * @param tokensProcessed raw corpus tokens × epochs (including tokens dropped by {@code minCount} and subsampling)
 * @param tokensTrained   tokens actually trained as centers, after dropping rare tokens and subsampling
 * @param seconds         wall-clock training time (after vocabulary, tables and initialisation)
 * @param tokensPerSecond {@code tokensProcessed / seconds}: the protocol-W throughput figure
 * @param finalLoss       the mean loss of the last epoch (the last of {@code epochLosses})
 * @param epochLosses     the mean loss of each epoch, first to last: the negative log-likelihood of each
 *                        (center, context) pair's predictions (the positive and the negative / Huffman-node terms),
 *                        taken as the pair is trained, summed over the epoch's pairs and divided by their number.
 *                        Exact and, with one thread, the same on every run; it does not depend on the wall clock.
 *                        NaN for an epoch that trained no pair
 */
public record TrainingStats(long tokensProcessed, long tokensTrained, double seconds, double tokensPerSecond,
        double finalLoss, List<Double> epochLosses) {
    /** Copies the epoch losses. */
    public TrainingStats {
        epochLosses = List.copyOf(epochLosses);
    }
}
