package org.recsys4j.rank.rerank;

import org.recsys4j.core.data.ItemCatalog;

import java.util.Map;
import java.util.Objects;

/**
 * Returns the categories of an item (genres, a brand, a shelf) as distinct non-negative ids, for
 * category diversity and per-category quotas. An item with no category, or unknown to the source,
 * returns an empty array, never an error. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ItemCategories {
    /**
     * Returns the item's category ids (distinct; the caller must not modify the array).
     *
     * @param item a dense item index
     */
    int[] of(int item);

    /**
     * Returns the catalogue's genres: indices into {@link ItemCatalog#genreVocabulary()}; items outside the
     * catalogue have none.
     */
    static ItemCategories genres(ItemCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        int n = catalog.size();
        int[][] g = new int[n][];
        for (int i = 0; i < n; i++) {
            g[i] = catalog.genres(i);
        }
        int[] none = new int[0];
        return item -> item >= 0 && item < n ? g[item] : none;
    }

    /**
     * Returns the categories of a map from item index to category ids (copied); items not in it have none.
     *
     * @throws IllegalArgumentException if a category id is negative or repeated for one item
     */
    static ItemCategories of(Map<Integer, int[]> categories) {
        Objects.requireNonNull(categories, "categories");
        Map<Integer, int[]> copy = new java.util.HashMap<>();
        categories.forEach((item, cats) -> {
            int[] c = Objects.requireNonNull(cats, "categories of item " + item).clone();
            for (int j = 0; j < c.length; j++) {
                if (c[j] < 0) {
                    throw new IllegalArgumentException("categories of item " + item + ": id " + c[j] + " is negative");
                }
                for (int l = 0; l < j; l++) {
                    if (c[l] == c[j]) {
                        throw new IllegalArgumentException("categories of item " + item + ": id " + c[j] + " repeated");
                    }
                }
            }
            copy.put(item, c);
        });
        int[] none = new int[0];
        return item -> copy.getOrDefault(item, none);
    }
}
