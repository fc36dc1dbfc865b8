/**
 * Similarity ranking: {@link org.recsys4j.rank.similarity.SimilarityRanker} scores candidates by the
 * cosine or inner product of their vector with a query vector (the seed item's, the user's, or the mean
 * of the history's), as the source system does for "similar items". Vectors come from an
 * {@link org.recsys4j.rank.similarity.ItemMatrix} (an {@link org.recsys4j.core.data.EmbeddingTable}
 * aligned to the item index) or a {@link org.recsys4j.core.store.FeatureStore} namespace, through
 * {@link org.recsys4j.rank.similarity.ItemVectors} and
 * {@link org.recsys4j.rank.similarity.UserVectorSource}.
 */
package org.recsys4j.rank.similarity;
