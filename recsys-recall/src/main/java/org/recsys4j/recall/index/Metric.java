package org.recsys4j.recall.index;

/**
 * How a {@link VectorIndex} compares vectors. Every index reports a <em>score where higher is better</em>,
 * so results of different metrics sort the same way: for {@link #L2} the score is the negated squared
 * Euclidean distance, for {@link #COSINE} the cosine similarity (vectors are normalised when the index is
 * built and each query when it is searched), for {@link #INNER_PRODUCT} the dot product.
 */
public enum Metric {
    /** Euclidean distance; score = −‖q − x‖². */
    L2,
    /** Cosine similarity; score = q·x / (‖q‖ ‖x‖), in [−1, 1]. */
    COSINE,
    /** Inner product; score = q·x (maximum inner product search). */
    INNER_PRODUCT
}
