package org.recsys4j.embedding.graph;

/** How {@link DeepWalk} and {@link Node2Vec} choose the start node of each walk. */
public enum StartSelection {
    /**
     * Each start draws a node with probability proportional to its {@link ItemGraph#frequency} (the
     * item's number of occurrences for a graph built from sequences), as SparrowRecsys does.
     */
    FREQUENCY,
    /**
     * Every node with out-edges starts the same number of walks ({@code walksPerNode}), in rounds: walk
     * {@code w} starts at the {@code (w mod m)}-th such node, as in the DeepWalk and node2vec papers.
     */
    UNIFORM_EACH_NODE
}
