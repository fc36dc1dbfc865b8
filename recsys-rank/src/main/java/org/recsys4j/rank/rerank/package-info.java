/**
 * Re-rankers implementing {@link org.recsys4j.core.pipeline.Reranker}: MMR diversity
 * ({@link org.recsys4j.rank.rerank.MmrReranker}, by category Jaccard or embedding cosine through
 * {@link org.recsys4j.rank.rerank.PairSimilarity}), per-category quotas
 * ({@link org.recsys4j.rank.rerank.QuotaReranker}), business filters
 * ({@link org.recsys4j.rank.rerank.BusinessFilter}), freshness and popularity blending
 * ({@link org.recsys4j.rank.rerank.BlendReranker} with {@link org.recsys4j.rank.rerank.BlendTerm}s),
 * de-duplication by item or group ({@link org.recsys4j.rank.rerank.DedupReranker}), and
 * {@link org.recsys4j.rank.rerank.RerankerChain}, which applies several in order.
 *
 * <p>What they read of the items comes from attributes of the {@link org.recsys4j.core.data.ItemCatalog}
 * named by the caller ({@link org.recsys4j.rank.rerank.ItemCategories#byAttribute} for categories,
 * {@link org.recsys4j.rank.rerank.DedupReranker#byAttribute} for groups,
 * {@link org.recsys4j.rank.rerank.BlendTerm#freshness(org.recsys4j.core.data.ItemCatalog, String, double, double)}
 * for ages) or from functions of the item index: nothing assumes a particular catalogue.
 *
 * <p>Every one keeps the contract: at most {@code k} candidates, only items of the input, no duplicates
 * (a repeated input item is kept once, at its first position), the input list unmodified, thread-safe.
 */
package org.recsys4j.rank.rerank;
