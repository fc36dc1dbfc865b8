package org.recsys4j.core.pipeline;

/** The stages of a {@link Recommender}, in the order they run. */
public enum Stage {
    /** Candidate generation: one {@link CandidateSource} (usually a multi-channel merger). */
    RECALL,
    /** Scoring and cutting: a {@link RankingChain}. */
    RANK,
    /** Final reordering and filtering: {@link Reranker}s in order. */
    RERANK
}
