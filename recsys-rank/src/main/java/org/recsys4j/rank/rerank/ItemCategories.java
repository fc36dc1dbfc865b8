package org.recsys4j.rank.rerank;

import org.recsys4j.core.data.ItemCatalog;

import java.util.Map;
import java.util.Objects;

/**
 * Returns the categories of an item (a category, a brand, a shelf, tags) as distinct non-negative ids, for
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
     * Returns the categories of the catalogue's items from one of its attributes: the values of a CATEGORICAL
     * attribute (one per item, e.g. {@code "category"} or {@code "brand"}) or of a MULTI_CATEGORICAL one (any
     * number, e.g. {@code "tags"}), as indices into {@link ItemCatalog#categoryVocabulary(String)}; an item
     * without a value, or outside the catalogue, has none.
     *
     * @param catalog   the items
     * @param attribute the name of a CATEGORICAL or MULTI_CATEGORICAL attribute of the catalogue
     * @return the categories
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if it has no
     *                                  such attribute or it is of another type
     */
    static ItemCategories byAttribute(ItemCatalog catalog, String attribute) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(attribute, "attribute");
        int[][] g = catalog.categoryCodes(attribute);
        int n = g.length;
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
