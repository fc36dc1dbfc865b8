/**
 * Recall channels and the multi-channel merger. Every channel implements the core
 * {@link org.recsys4j.core.pipeline.CandidateSource} SPI over dense item indices, and nothing here is
 * specific to one data set: channels read {@link org.recsys4j.core.data.Interactions},
 * {@link org.recsys4j.core.data.ItemCatalog}, {@link org.recsys4j.core.data.EmbeddingTable},
 * {@link org.recsys4j.core.store.FeatureStore} and any {@link org.recsys4j.recall.index.VectorIndex}; a
 * channel that reads item attributes takes the attribute's name.
 *
 * <ul>
 *   <li>global rankings served by {@link org.recsys4j.recall.channel.RankedListChannel}:
 *       {@link org.recsys4j.recall.channel.TopRated} (Bayesian average) and
 *       {@link org.recsys4j.recall.channel.Newest} (any numeric or timestamp attribute, or first-seen
 *       time);</li>
 *   <li>{@link org.recsys4j.recall.channel.PopularityChannel}: popular / trending with exponential
 *       time decay;</li>
 *   <li>{@link org.recsys4j.recall.channel.CategoryChannel}: the best items of the user's preferred
 *       categories, the values of any categorical attribute;</li>
 *   <li>{@link org.recsys4j.recall.channel.NeighborChannel} over an
 *       {@link org.recsys4j.recall.channel.ItemNeighbors} table: item-CF co-occurrence and "more like
 *       your last N";</li>
 *   <li>{@link org.recsys4j.recall.channel.EmbeddingChannel}: user or seed vector → vector index, with
 *       the exclusions applied during the search;</li>
 *   <li>{@link org.recsys4j.recall.channel.ContentChannel}: a user profile over item features
 *       (the values of the attributes named, numbers in buckets, tags), cosine against every item;</li>
 *   <li>{@link org.recsys4j.recall.channel.PrecomputedListChannel}: per-user lists computed offline
 *       and stored as {@link org.recsys4j.recall.channel.ScoredItemList} blobs;</li>
 *   <li>{@link org.recsys4j.recall.channel.MultiChannelRecall}: runs channels in parallel with quotas,
 *       weights and a time budget, fuses their lists (weighted reciprocal-rank fusion) keeping every
 *       channel's provenance, and reports each channel's fate
 *       ({@link org.recsys4j.recall.channel.RecallReport}).</li>
 * </ul>
 */
package org.recsys4j.recall.channel;
