package org.recsys4j.rank.rerank;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.rank.similarity.ItemMatrix;

import java.util.Objects;

/**
 * Returns how similar two items are, for diversity re-ranking: 1 for the same kind of item, 0 for
 * unrelated ones. Thread-safe and symmetric.
 */
@FunctionalInterface
public interface PairSimilarity {
    /**
     * Returns the similarity of two dense item indices (items the source knows nothing about give 0).
     *
     * @param a an item
     * @param b another item
     */
    double similarity(int a, int b);

    /**
     * Returns the Jaccard similarity of the items' category sets, {@code |A ∩ B| / |A ∪ B|} in [0, 1]; 0
     * when both are empty.
     */
    static PairSimilarity jaccard(ItemCategories categories) {
        Objects.requireNonNull(categories, "categories");
        return (a, b) -> jaccard(categories.of(a), categories.of(b));
    }

    /**
     * Returns the Jaccard similarity of the items' values of a categorical or multi-valued categorical attribute
     * of the catalogue: {@link #jaccard(ItemCategories) jaccard}({@link ItemCategories#byAttribute
     * ItemCategories.byAttribute(catalog, attribute)}).
     *
     * @param catalog   the items
     * @param attribute the name of a CATEGORICAL or MULTI_CATEGORICAL attribute of the catalogue
     * @return the similarity
     * @throws IllegalArgumentException as {@link ItemCategories#byAttribute}
     */
    static PairSimilarity jaccard(ItemCatalog catalog, String attribute) {
        return jaccard(ItemCategories.byAttribute(catalog, attribute));
    }

    /**
     * Returns the cosine of the items' embedding vectors in [-1, 1] ({@link ItemMatrix#cosine}); 0 when
     * either has no vector.
     */
    static PairSimilarity cosine(ItemMatrix vectors) {
        Objects.requireNonNull(vectors, "vectors");
        return vectors::cosine;
    }

    /** Returns {@code |a ∩ b| / |a ∪ b|} of two arrays of distinct ids; 0 when both are empty. */
    static double jaccard(int[] a, int[] b) {
        if (a.length == 0 && b.length == 0) {
            return 0;
        }
        int common = 0;
        for (int x : a) {
            for (int y : b) {
                if (x == y) {
                    common++;
                    break;
                }
            }
        }
        return common / (double) (a.length + b.length - common);
    }
}
