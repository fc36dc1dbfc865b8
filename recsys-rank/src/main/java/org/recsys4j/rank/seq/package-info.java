/**
 * Sequential recommenders in pure Java: {@link org.recsys4j.rank.seq.SasRec} (self-attention) and
 * {@link org.recsys4j.rank.seq.Gru4Rec} (a GRU) read a user's items in order and score every item as the next
 * one. They are estimators ({@code builder()...build().fit(train)}) whose product, a
 * {@link org.recsys4j.rank.seq.SequenceModel}, scores a history online (a {@code HistoryScorer}), gives the
 * query vector of a history and exports its item vectors as an {@code EmbeddingTable} for any vector index,
 * and saves itself as a self-describing artifact. See docs/sequence-models.md.
 */
package org.recsys4j.rank.seq;
