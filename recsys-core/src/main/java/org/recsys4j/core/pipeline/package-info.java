/**
 * The contracts a recommendation pipeline is assembled from, kept in core so that recall
 * ({@code recsys-recall}) and ranking ({@code recsys-rank}) implement them without depending on each
 * other, and a user can plug their own parts in:
 *
 * <ul>
 *   <li>{@link org.recsys4j.core.pipeline.RecRequest}: who asks (user key and index, recent
 *       history), for what (optional seed item, context, {@code k}) and what must never come back
 *       (exclusions);</li>
 *   <li>{@link org.recsys4j.core.pipeline.CandidateSource}: one recall channel, request → scored
 *       {@link org.recsys4j.core.pipeline.Candidate}s that carry their
 *       {@link org.recsys4j.core.pipeline.Provenance} (channel, raw score, rank);</li>
 *   <li>{@link org.recsys4j.core.pipeline.Ranker}: scores a
 *       {@link org.recsys4j.core.pipeline.CandidateBatch} for one request (the items in one array, the
 *       scores they carry in and their provenance); {@link org.recsys4j.core.pipeline.RankingChain} composes rankers with cut-offs
 *       (a cheap ranker cuts 1000 → 200, a model ranks the 200);</li>
 *   <li>{@link org.recsys4j.core.pipeline.Reranker}: reorders or filters the final list
 *       (diversity, quotas, business rules).</li>
 * </ul>
 *
 * <p>{@link org.recsys4j.core.pipeline.Recommender} runs them: recall → rank → re-rank, with a fallback
 * for every stage. Time is bounded by a {@link org.recsys4j.core.pipeline.Deadline} carried by the
 * request and narrowed to each stage's budget; stages with a deadline run on one bounded
 * {@link org.recsys4j.core.pipeline.StageExecutor}, so a late or rejected stage takes its fallback and
 * overload never adds threads. Parts that loop check the deadline cooperatively
 * ({@link org.recsys4j.core.pipeline.Deadline#check(String)}).
 *
 * <p>Items are dense item indices of one shared {@link org.recsys4j.core.data.IdIndex} (usually the
 * {@link org.recsys4j.core.data.ItemCatalog}'s); mapping external ids is the caller's job.
 */
package org.recsys4j.core.pipeline;
