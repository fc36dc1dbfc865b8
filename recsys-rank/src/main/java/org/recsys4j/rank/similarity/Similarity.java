package org.recsys4j.rank.similarity;

/** How a query vector and a candidate vector are compared; higher is more similar. */
public enum Similarity {
    /** The inner product {@code q·c}: for factor models and vectors trained with a dot-product objective. */
    INNER_PRODUCT,
    /**
     * The cosine {@code q·c / (|q|·|c|)}, in {@code [-1, 1]}; 0 when either vector is the zero vector
     * (the convention of {@link org.recsys4j.core.vector.Vectors#cosine}).
     */
    COSINE
}
