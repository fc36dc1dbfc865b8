/**
 * Recsys4J rank module: implementations of the pipeline SPI of {@link org.recsys4j.core.pipeline}
 * ({@link org.recsys4j.core.pipeline.Ranker}, {@link org.recsys4j.core.pipeline.Reranker}, composed
 * with {@link org.recsys4j.core.pipeline.RankingChain}). It depends on {@code recsys-core} only: item
 * and user vectors (item2vec, ALS factors) reach it as {@link org.recsys4j.core.data.EmbeddingTable}s or
 * feature-store namespaces. See {@code docs/ranking.md}.
 *
 * <ul>
 *   <li>{@link org.recsys4j.rank.similarity}: cosine / inner-product ranking against a seed item, user or
 *       history vector;</li>
 *   <li>{@link org.recsys4j.rank.cf}: collaborative-filtering rankers from the core baselines and from
 *       matrix-factorisation factors;</li>
 *   <li>{@link org.recsys4j.rank.rerank}: MMR diversity, per-category quotas, business filters,
 *       freshness / popularity blending, de-duplication and re-ranker chains;</li>
 *   <li>{@link org.recsys4j.rank.serving}: rankers over models trained elsewhere: feature rows for a
 *       batch of candidates, batching and fallbacks ({@code ModelRanker});</li>
 *   <li>{@link org.recsys4j.rank.djl}: ONNX models run in-process through DJL and ONNX Runtime;</li>
 *   <li>{@link org.recsys4j.rank.remote}: models behind a TF-Serving REST or KServe v2 server, with
 *       timeouts, retries, a circuit breaker, and {@code ModelServer} to serve our own models that way.</li>
 * </ul>
 */
package org.recsys4j.rank;
