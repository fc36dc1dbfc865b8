package org.recsys4j.core.pipeline;

import java.util.List;

/**
 * Reorders, filters or trims a ranked list: diversity (MMR), per-category quotas, business filters,
 * freshness blending, de-duplication.
 *
 * <p>Contract: returns at most {@code k} candidates, each one of the input's (a reranker may change
 * their scores but never invents items), without duplicates; the input is not modified; safe to call
 * from many threads at once. A reranker with long loops checks {@code request.deadline()} in them; the
 * pipeline also checks it between rerankers.
 */
public interface Reranker {
    /** Returns the reranker's name, as reported in responses. */
    String name();

    /**
     * Returns the reordered list.
     *
     * @param request the request
     * @param ranked  candidates, best first by the ranker's score
     * @param k       the maximum length of the result, at least 1
     */
    List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k);
}
