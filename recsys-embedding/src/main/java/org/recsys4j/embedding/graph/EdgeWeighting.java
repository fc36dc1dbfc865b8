package org.recsys4j.embedding.graph;

/**
 * How {@link ItemGraph#sequenceBuilder} weights an edge {@code a -> b} from the co-occurrence count
 * {@code c(a, b)} of the pair in the corpus (within the window).
 */
public enum EdgeWeighting {
    /**
     * The count itself, as SparrowRecsys does. A hub (an item in most sequences, e.g. a blockbuster) then
     * collects most of every node's out-weight, so walks keep returning to the hubs.
     */
    COUNT,
    /**
     * Positive pointwise mutual information with context-distribution smoothing (Levy, Goldberg and Dagan 2015):
     * {@code max(0, log(c(a, b) · T / (c(a, ·) · T_b)))} where {@code c(a, ·)} is the out-count of {@code a},
     * {@code T} the total count and {@code T_b = T · c(·, b)^0.75 / Σ_x c(·, x)^0.75} the smoothed in-count of
     * {@code b}; pairs that co-occur no more often than chance get no edge. A hub's edges weigh what they tell
     * beyond the hub's popularity, so walks stay among items that truly go together. Smoothing keeps rare
     * targets from getting the largest weights; pair it with {@link ItemGraph.SequenceBuilder#withMinSupport} so
     * that an item seen in one user's history is not a node at all.
     */
    PPMI
}
