package org.recsys4j.core.pipeline;

/**
 * Scores a batch of candidates for one request; batch-first, so a model scores the whole list in one
 * pass and a feature store is read with one multi-get. The {@link CandidateBatch} holds the items in
 * one array ({@link CandidateBatch#items()}) and, by position, the score each candidate carried into
 * the ranker (the recall score before the first ranker) and its provenance (which channels recalled
 * it, with their raw scores and ranks), so a ranker can blend a model score with the recall score or
 * boost a channel.
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
     * Writes the score of candidate {@code i} ({@code candidates.item(i)}) into {@code scores[i]}.
     *
     * @param request    the request (user, context, history)
     * @param candidates the candidates to score: items, incoming scores, provenance
     * @param scores     output, at least {@code candidates.size()} long
     */
    void score(RecRequest request, CandidateBatch candidates, double[] scores);

    /**
     * Checks the arguments of {@link #score} as every implementation must: a request, a batch, and room
     * for one score per candidate.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code scores} is shorter than the batch
     */
    static void checkScoreArguments(RecRequest request, CandidateBatch candidates, double[] scores) {
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(candidates, "candidates");
        java.util.Objects.requireNonNull(scores, "scores");
        if (scores.length < candidates.size()) {
            throw new IllegalArgumentException("scores: length " + scores.length + ", need at least "
                    + candidates.size() + " (one per candidate)");
        }
    }
}
