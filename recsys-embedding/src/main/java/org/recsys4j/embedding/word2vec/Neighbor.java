package org.recsys4j.embedding.word2vec;

/**
 * One answer of {@link Word2VecModel#mostSimilar(long, int)}.
 *
 * @param index      the vocabulary index
 * @param id         the external id, as text
 * @param similarity the cosine similarity to the query
 */
public record Neighbor(int index, String id, double similarity) {
}
