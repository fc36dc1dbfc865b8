package org.recsys4j.rank.rerank;

import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Keeps only the best-ranked candidate of each item and of each group: a group is the items with the
 * same non-null key (the same product under several SKUs, the same edition, the same series). Items whose
 * key is null are only de-duplicated by item. Order and scores are kept. Immutable and thread-safe if the
 * key function is.
 *
 * <p>The key comes from an attribute of the catalogue ({@link #byAttribute}) or from any function of the
 * item index ({@link #byGroup}), e.g. a heuristic over titles that puts the volumes of a series in one
 * group.
 *
 * <pre>{@code
 * Reranker oneSkuPerProduct = DedupReranker.byAttribute(catalog, "productId");
 * Reranker oneVolumePerSeries = DedupReranker.byGroup(item -> seriesOf(catalog.title(item)));
 * }</pre>
 */
public final class DedupReranker implements Reranker {
    private final IntFunction<String> groupKey;

    private DedupReranker(IntFunction<String> groupKey) {
        this.groupKey = groupKey;
    }

    /** Returns a re-ranker that only drops repeated items. */
    public static DedupReranker byItem() {
        return new DedupReranker(null);
    }

    /**
     * Returns a re-ranker that keeps one item per group.
     *
     * @param groupKey the group of an item index, or null for an item in no group
     */
    public static DedupReranker byGroup(IntFunction<String> groupKey) {
        return new DedupReranker(Objects.requireNonNull(groupKey, "groupKey"));
    }

    /**
     * Returns a re-ranker that keeps one item per value of a single-valued attribute of the catalogue (a
     * CATEGORICAL, TEXT, NUMERIC or TIMESTAMP attribute such as {@code "productId"}): items with the same value
     * form a group; an item without a value, or outside the catalogue, is in no group.
     *
     * @param catalog   the items
     * @param attribute the attribute's name
     * @return the re-ranker
     * @throws IllegalArgumentException if the catalogue has no such attribute (listing those it has), or it is
     *                                  MULTI_CATEGORICAL (an item with several values is in no one group)
     */
    public static DedupReranker byAttribute(ItemCatalog catalog, String attribute) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(attribute, "attribute");
        ItemAttribute a = catalog.attribute(attribute).orElseThrow(() -> new IllegalArgumentException(
                "attribute: no '" + attribute + "' in the catalogue; it has " + catalog.attributes()));
        if (a.type() == AttributeType.MULTI_CATEGORICAL) {
            throw new IllegalArgumentException("attribute: '" + attribute + "' is MULTI_CATEGORICAL: an item with "
                    + "several values is in no one group; group by a single-valued attribute or a key function (byGroup)");
        }
        int n = catalog.size();
        String[] key = new String[n];
        for (int i = 0; i < n; i++) {
            key[i] = a.textAt(i).orElse(null);
        }
        return new DedupReranker(item -> item < 0 || item >= n ? null : key[item]);
    }
    @Override
    public String name() {
        return "dedup";
    }

    @Override
    public List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k) {
        List<Candidate> in = Rerankers.distinct(name(), ranked, k);
        if (groupKey == null) {
            return in.size() <= k ? in : new ArrayList<>(in.subList(0, k));
        }
        Set<String> groups = new HashSet<>();
        List<Candidate> out = new ArrayList<>(Math.min(k, in.size()));
        for (Candidate c : in) {
            if (out.size() == k) {
                break;
            }
            String key = groupKey.apply(c.item());
            if (key == null || groups.add(key)) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return groupKey == null ? "DedupReranker[by item]" : "DedupReranker[by group]";
    }
}
