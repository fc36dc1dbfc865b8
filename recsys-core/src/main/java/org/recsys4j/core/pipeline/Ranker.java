package org.recsys4j.core.pipeline;

/**
 * Scores a batch of candidate items for one request; batch-first, so a model scores the whole list
 * in one pass and a feature store is read with one multi-get.
 *
 * <p>Contract: higher is better; every entry of {@code scores} is written; an item or feature the
 * ranker does not know (out of vocabulary, missing in the store) gets the ranker's documented
 * fallback score rather than an exception in the middle of a request; safe to call from many threads
 * at once. Compose rankers with {@link RankingChain}.
 *
 * <p>A ranker that works for long (a model over hundreds of rows, a remote call) checks
 * {@code request.deadline()} between batches or every few dozen rows; a passed deadline is the one
 * exception that may escape ({@link DeadlineExceededException}, a
 * {@link java.util.concurrent.CancellationException}): it is not a scoring failure, so no fallback scores
 * are written and the pipeline keeps the previous order.
 */
public interface Ranker {
    /** Returns the ranker's name, as reported in responses. */
    String name();

    /**
     * Writes the score of {@code items[i]} into {@code scores[i]}.
     *
     * @param request the request (user, context, history)
     * @param items   dense item indices to score
     * @param scores  output, at least as long as {@code items}
     */
    void score(RecRequest request, int[] items, double[] scores);

    /**
     * Checks the arguments of {@link #score} as every implementation must: a request, and room for one
     * score per item.
     *
     * @throws NullPointerException     if {@code request} is null
     * @throws IllegalArgumentException if {@code scores} is shorter than {@code items}
     */
    static void checkScoreArguments(RecRequest request, int[] items, double[] scores) {
        java.util.Objects.requireNonNull(request, "request");
        if (scores.length < items.length) {
            throw new IllegalArgumentException("scores: length " + scores.length + ", need at least "
                    + items.length + " (one per item)");
        }
    }
}
