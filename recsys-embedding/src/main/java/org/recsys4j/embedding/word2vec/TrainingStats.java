package org.recsys4j.embedding.word2vec;

/**
 * What one {@link Word2Vec#fit} did.
 *
 * @param tokensProcessed raw corpus tokens × epochs (including tokens dropped by {@code minCount} and subsampling)
 * @param tokensTrained   tokens actually trained as centers, after dropping rare tokens and subsampling
 * @param seconds         wall-clock training time (after vocabulary, tables and initialisation)
 * @param tokensPerSecond {@code tokensProcessed / seconds}: the protocol-W throughput figure
 * @param finalLoss       mean negative log-likelihood per (center, context) pair over the last epoch
 */
public record TrainingStats(long tokensProcessed, long tokensTrained, double seconds, double tokensPerSecond,
        double finalLoss) {
}
