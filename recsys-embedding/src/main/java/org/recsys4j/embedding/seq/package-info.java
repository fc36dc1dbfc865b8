/**
 * Token sequences for embedding training: {@link org.recsys4j.embedding.seq.SequenceCorpus} and the
 * per-user item sequences of {@link org.recsys4j.embedding.seq.ItemSequences}.
 */
package org.recsys4j.embedding.seq;
