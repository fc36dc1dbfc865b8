/**
 * Graph embeddings, the walk side: an {@link org.recsys4j.embedding.graph.ItemGraph} of item
 * transitions, and the random walks of {@link org.recsys4j.embedding.graph.DeepWalk} (first-order,
 * weight-proportional) and {@link org.recsys4j.embedding.graph.Node2Vec} (second-order, biased by p
 * and q). Walks come out as a {@link org.recsys4j.embedding.seq.SequenceCorpus}, the input of a
 * word2vec trainer, which turns them into item embeddings.
 *
 * <pre>{@code
 * SequenceCorpus liked = ...;                           // e.g. from ItemSequences
 * ItemGraph graph = ItemGraph.fromSequences(liked);     // a -> b weighted by pair count
 * SequenceCorpus deepWalks = DeepWalk.builder()
 *         .withWalkLength(10).withWalksPerNode(10).withStartBy(StartSelection.FREQUENCY)
 *         .withSeed(1).withThreads(2).build().walks(graph);
 * SequenceCorpus n2vWalks = Node2Vec.builder()
 *         .withP(1).withQ(0.5).withWalkLength(10).withWalksPerNode(10)
 *         .withSeed(1).withThreads(2).build().walks(graph.undirected());
 * // then train word2vec on deepWalks or n2vWalks
 * }</pre>
 */
package org.recsys4j.embedding.graph;
