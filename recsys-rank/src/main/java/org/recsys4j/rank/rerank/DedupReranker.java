package org.recsys4j.rank.rerank;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Keeps only the best-ranked candidate of each item and of each group: a group is the items with the
 * same non-null key (the same title, the same series, the same product under several SKUs). Items whose
 * key is null are only de-duplicated by item. Order and scores are kept. Immutable and thread-safe if the
 * key function is.
 *
 * <pre>{@code
 * Reranker dedup = DedupReranker.byGroup(DedupReranker.seriesKey(catalog));   // one "Toy Story" film
 * }</pre>
 */
public final class DedupReranker implements Reranker {
    private static final Pattern YEAR = Pattern.compile("\\s*\\(\\d{4}\\)\\s*$");
    private static final Pattern ARTICLE = Pattern.compile(",\\s*(the|a|an|les|la|le|el|il|der|die|das)\\s*$");
    private static final Pattern SEQUEL = Pattern.compile("\\s+(\\d{1,2}|ii|iii|iv|v|vi|vii|viii|ix|x)$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

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
     * Returns the catalogue title without its year and case-folded, with whitespace collapsed
     * ({@code "Hamlet (1996)"} and {@code "Hamlet (2000)"} share {@code "hamlet"}); null for items outside
     * the catalogue.
     */
    public static IntFunction<String> titleKey(ItemCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        int n = catalog.size();
        return item -> item < 0 || item >= n ? null : normaliseTitle(catalog.title(item));
    }

    /**
     * Returns a heuristic series key: the {@link #titleKey title key}, with a trailing article moved back
     * ({@code ", the"} dropped), the part after the first {@code ':'} dropped, and a trailing sequel number
     * (1–99 or ii–x) dropped. {@code "Toy Story (1995)"}, {@code "Toy Story 2 (1999)"} and
     * {@code "Godfather: Part II, The (1974)"}/{@code "Godfather, The (1972)"} each share a key. Null for
     * items outside the catalogue.
     */
    public static IntFunction<String> seriesKey(ItemCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        int n = catalog.size();
        return item -> item < 0 || item >= n ? null : series(catalog.title(item));
    }

    static String normaliseTitle(String title) {
        String t = YEAR.matcher(title.trim()).replaceFirst("");
        return SPACES.matcher(t.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    static String series(String title) {
        String t = ARTICLE.matcher(normaliseTitle(title)).replaceFirst("");
        int colon = t.indexOf(':');
        if (colon > 0) {
            t = t.substring(0, colon).trim();
        }
        t = ARTICLE.matcher(t).replaceFirst("");
        String s = SEQUEL.matcher(t).replaceFirst("").trim();
        return s.isEmpty() ? t : s;
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
