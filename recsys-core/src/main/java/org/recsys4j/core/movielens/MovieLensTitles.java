package org.recsys4j.core.movielens;

import org.recsys4j.core.data.ItemCatalog;

import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * MovieLens adapter: group keys read from MovieLens titles, which end in the release year in parentheses
 * and move a leading article to the end ({@code "Godfather, The (1972)"}). For a re-ranker that keeps one
 * item per group ({@code rank.rerank.DedupReranker.byGroup}), e.g. one film of a series:
 *
 * <pre>{@code
 * Reranker oneFilmPerSeries = DedupReranker.byGroup(MovieLensTitles.seriesKey(catalog));
 * }</pre>
 *
 * The rules are heuristics for the way MovieLens writes titles; other catalogues group items by an attribute
 * of their own ({@code DedupReranker.byAttribute(catalog, "productId")}) or any key function. Thread-safe.
 */
public final class MovieLensTitles {
    private static final Pattern YEAR = Pattern.compile("\\s*\\(\\d{4}\\)\\s*$");
    private static final Pattern ARTICLE = Pattern.compile(",\\s*(the|a|an|les|la|le|el|il|der|die|das)\\s*$");
    private static final Pattern SEQUEL = Pattern.compile("\\s+(\\d{1,2}|ii|iii|iv|v|vi|vii|viii|ix|x)$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private MovieLensTitles() {
    }

    /**
     * Returns the title without its trailing {@code (yyyy)}, case-folded, with whitespace collapsed:
     * {@code "Hamlet (1996)"} and {@code "Hamlet  (2000)"} both give {@code "hamlet"}.
     *
     * @param title a MovieLens title
     * @return the key
     */
    public static String titleKey(String title) {
        String t = YEAR.matcher(title.trim()).replaceFirst("");
        return SPACES.matcher(t.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    /**
     * Returns a heuristic series key: the {@link #titleKey(String) title key}, with a trailing article
     * ({@code ", the"}) dropped, the part after the first {@code ':'} dropped, and a trailing sequel number
     * (1–99 or ii–x) dropped. {@code "Toy Story (1995)"} and {@code "Toy Story 2 (1999)"} share
     * {@code "toy story"}; {@code "Godfather: Part II, The (1974)"} and {@code "Godfather, The (1972)"} share
     * {@code "godfather"}.
     *
     * @param title a MovieLens title
     * @return the key
     */
    public static String seriesKey(String title) {
        String t = ARTICLE.matcher(titleKey(title)).replaceFirst("");
        int colon = t.indexOf(':');
        if (colon > 0) {
            t = t.substring(0, colon).trim();
        }
        t = ARTICLE.matcher(t).replaceFirst("");
        String s = SEQUEL.matcher(t).replaceFirst("").trim();
        return s.isEmpty() ? t : s;
    }

    /**
     * Returns the {@link #titleKey(String) title key} of each item of a catalogue by dense index (from
     * {@link ItemCatalog#title(int)}); null for an index outside the catalogue.
     *
     * @param catalog the items, with their titles
     * @return the key function
     */
    public static IntFunction<String> titleKey(ItemCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        int n = catalog.size();
        return item -> item < 0 || item >= n ? null : titleKey(catalog.title(item));
    }

    /**
     * Returns the {@link #seriesKey(String) series key} of each item of a catalogue by dense index (from
     * {@link ItemCatalog#title(int)}); null for an index outside the catalogue.
     *
     * @param catalog the items, with their titles
     * @return the key function
     */
    public static IntFunction<String> seriesKey(ItemCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        int n = catalog.size();
        return item -> item < 0 || item >= n ? null : seriesKey(catalog.title(item));
    }
}
