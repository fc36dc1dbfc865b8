package org.recsys4j.core.data;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An immutable item catalogue: for each item a title, an optional release year, a set of genres,
 * optional external links (IMDb id, TMDb id, IMDb URL) and the users' free-text tags.
 *
 * <p>Items are addressed by the dense index of {@link #items()}, which lists the external ids in
 * ascending order. Genres are indices into {@link #genreVocabulary()}, the distinct genre names in
 * ordinal ({@link String#compareTo}) order. Nothing here is specific to MovieLens; the MovieLens
 * loaders fill it through the {@link Builder}.
 *
 * <pre>{@code
 * ItemCatalog catalog = ItemCatalog.builder()
 *         .add(1, "Toy Story (1995)", List.of("Animation", "Comedy"))
 *         .add(2, "Heat (1995)", List.of("Action"))
 *         .build();
 * int idx = catalog.items().indexOf(1);     // 0
 * catalog.year(idx);                        // OptionalInt[1995]
 * catalog.genreNames(idx);                  // [Animation, Comedy]
 * }</pre>
 */
public final class ItemCatalog {
    private static final int NO_YEAR = Integer.MIN_VALUE;
    private static final long NO_TMDB = Long.MIN_VALUE;
    private static final int[] NO_GENRES = new int[0];

    private final IdIndex items;
    private final String[] titles;
    private final int[] years;
    private final List<String> genreVocabulary;
    private final int[][] genres;
    private final String[] imdbIds;
    private final long[] tmdbIds;
    private final String[] imdbUrls;
    private final List<Tag>[] tags;

    /**
     * One free-text tag that a user attached to an item.
     *
     * @param userId    the external id of the user who tagged
     * @param tag       the tag text as written
     * @param timestamp when, in seconds since the epoch
     */
    public record Tag(long userId, String tag, long timestamp) {
        /** Checks that the tag text is present. */
        public Tag {
            Objects.requireNonNull(tag, "tag");
        }
    }

    private ItemCatalog(IdIndex items, String[] titles, int[] years, List<String> genreVocabulary, int[][] genres,
                        String[] imdbIds, long[] tmdbIds, String[] imdbUrls, List<Tag>[] tags) {
        this.items = items;
        this.titles = titles;
        this.years = years;
        this.genreVocabulary = genreVocabulary;
        this.genres = genres;
        this.imdbIds = imdbIds;
        this.tmdbIds = tmdbIds;
        this.imdbUrls = imdbUrls;
        this.tags = tags;
    }

    /** Returns a new, empty builder. */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * Returns a builder holding this catalogue's items, to derive a catalogue with more links, tags or
     * items. If no item is added, the built catalogue shares this one's {@link #items()} index.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the release year written at the end of a title, or empty: the title is trimmed, and if it
     * then ends with an opening parenthesis, four digits and a closing parenthesis (regular expression
     * {@code \((\d{4})\)$}) the year is those digits. {@code "Toy Story (1995)"} gives 1995;
     * {@code "Babylon 5"} and {@code "Death Note: Desu nôto (2006–2007)"} give empty.
     */
    public static OptionalInt parseYear(String title) {
        if (title == null) {
            return OptionalInt.empty();
        }
        // protocol C's rule \\((\\d{4})\\)$ on the trimmed title, without a regex (tested against one)
        String t = title.trim();
        int n = t.length();
        if (n < 6 || t.charAt(n - 1) != ')' || t.charAt(n - 6) != '(') {
            return OptionalInt.empty();
        }
        int year = 0;
        for (int i = n - 5; i < n - 1; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            year = year * 10 + (c - '0');
        }
        return OptionalInt.of(year);
    }

    /** Returns the item ids, in ascending order; dense index {@code idx} of every other method is into it. */
    public IdIndex items() {
        return items;
    }

    /** Returns the number of items. */
    public int size() {
        return titles.length;
    }

    /** Returns the title of item {@code idx} as given (not trimmed). */
    public String title(int idx) {
        return titles[idx];
    }

    /** Returns the release year of item {@code idx}, or empty when unknown (never 0). */
    public OptionalInt year(int idx) {
        int y = years[idx];
        return y == NO_YEAR ? OptionalInt.empty() : OptionalInt.of(y);
    }

    /** Returns the distinct genre names of the whole catalogue in ordinal order (unmodifiable). */
    public List<String> genreVocabulary() {
        return genreVocabulary;
    }

    /** Returns a copy of the genres of item {@code idx} as ascending indices into {@link #genreVocabulary()}. */
    public int[] genres(int idx) {
        return genres[idx].clone();
    }

    /** Returns the genre names of item {@code idx}, in vocabulary order (empty when it has none). */
    public List<String> genreNames(int idx) {
        int[] g = genres[idx];
        List<String> names = new ArrayList<>(g.length);
        for (int x : g) {
            names.add(genreVocabulary.get(x));
        }
        return List.copyOf(names);
    }

    /** Returns the IMDb id of item {@code idx} as written (e.g. {@code 0114709}), or empty. */
    public Optional<String> imdbId(int idx) {
        return Optional.ofNullable(imdbIds[idx]);
    }

    /** Returns the TMDb id of item {@code idx}, or empty. */
    public OptionalLong tmdbId(int idx) {
        long t = tmdbIds[idx];
        return t == NO_TMDB ? OptionalLong.empty() : OptionalLong.of(t);
    }

    /** Returns the IMDb URL of item {@code idx} (ml-100k lists one), or empty. */
    public Optional<String> imdbUrl(int idx) {
        return Optional.ofNullable(imdbUrls[idx]);
    }

    /** Returns the tags of item {@code idx} in the order they were added (unmodifiable, empty when none). */
    public List<Tag> tags(int idx) {
        return tags[idx];
    }

    /** Returns the total number of tags over all items. */
    public int tagCount() {
        int n = 0;
        for (List<Tag> t : tags) {
            n += t.size();
        }
        return n;
    }

    @Override
    public String toString() {
        return "ItemCatalog[" + size() + " items, " + genreVocabulary.size() + " genres, " + tagCount() + " tags]";
    }

    /**
     * Collects items by external id ({@link #add}) and what is known of them ({@code withX(id, value)},
     * {@link #addTag}); {@link #build()} orders them by ascending id. Setters only store: adding an id twice,
     * a value for an id that was not added, or a null argument fails {@link #build()}, which names the
     * field and the id. Not thread-safe.
     */
    public static final class Builder {
        private final Long2ObjectOpenHashMap<Entry> entries = new Long2ObjectOpenHashMap<>();
        /** The catalogue this builder was derived from ({@link ItemCatalog#toBuilder()}), or null. */
        private ItemCatalog base;
        /** What was set on items of {@link #base}, by id (unset fields at their "none" values). */
        private final Long2ObjectOpenHashMap<Entry> patches = new Long2ObjectOpenHashMap<>();
        private boolean itemsAdded;
        private RuntimeException problem;

        private static final class Entry {
            String title;
            int year = NO_YEAR;
            boolean yearSet;
            String[] genres;
            String imdbId;
            long tmdbId = NO_TMDB;
            String imdbUrl;
            List<Tag> tags;
        }

        private Builder(ItemCatalog base) {
            this.base = base;
        }

        /**
         * Returns an entry holding the base catalogue's item {@code i} (for a derived builder that adds
         * items; the common case, links and tags only, never copies the base).
         */
        private Entry baseEntry(int i) {
            Entry e = new Entry();
            e.title = base.titles[i];
            e.year = base.years[i];
            e.yearSet = true;
            int[] g = base.genres[i];
            e.genres = new String[g.length];
            for (int k = 0; k < g.length; k++) {
                e.genres[k] = base.genreVocabulary.get(g[k]);
            }
            e.imdbId = base.imdbIds[i];
            e.tmdbId = base.tmdbIds[i];
            e.imdbUrl = base.imdbUrls[i];
            e.tags = base.tags[i].isEmpty() ? null : new ArrayList<>(base.tags[i]);
            return e;
        }

        /**
         * Adds an item with its title and genre names; returns this builder. The year is taken from the
         * title with {@link ItemCatalog#parseYear(String)} unless {@link #withYear(long, int)} sets it.
         * Duplicate genre names are kept once; blank names are ignored. Adding an id twice fails
         * {@link #build()}.
         */
        public Builder add(long id, String title, Collection<String> genreNames) {
            if (problem != null) {
                return this;
            }
            if (title == null || genreNames == null) {
                problem = new NullPointerException((title == null ? "title" : "genreNames") + " of item id " + id);
                return this;
            }
            String[] names = new String[genreNames.size()];
            int n = 0;
            for (String g : genreNames) {
                if (g == null) {
                    problem = new NullPointerException("genre name of item id " + id);
                    return this;
                }
                if (!g.isBlank() && !contains(names, n, g)) {
                    names[n++] = g;
                }
            }
            Entry e = new Entry();
            e.title = title;
            e.genres = n == names.length ? names : Arrays.copyOf(names, n);
            if ((base != null && base.items.contains(id)) || entries.putIfAbsent(id, e) != null) {
                problem = new IllegalArgumentException("id: " + id + " was already added");
                return this;
            }
            itemsAdded = true;
            return this;
        }

        /**
         * Sets the release year of an added item, overriding the year in its title; returns this builder.
         * (No default: an item's year is read from its title unless set.)
         */
        public Builder withYear(long id, int year) {
            Entry e = entry(id, "year");
            if (e != null) {
                e.year = year;
                e.yearSet = true;
            }
            return this;
        }

        /** Sets the IMDb id (kept as text, leading zeros included) of an added item; returns this builder. */
        public Builder withImdbId(long id, String imdbId) {
            Entry e = entry(id, "imdbId");
            if (e != null) {
                if (imdbId == null) {
                    problem = new NullPointerException("imdbId of item id " + id);
                } else {
                    e.imdbId = imdbId;
                }
            }
            return this;
        }

        /** Sets the TMDb id of an added item; returns this builder. */
        public Builder withTmdbId(long id, long tmdbId) {
            Entry e = entry(id, "tmdbId");
            if (e != null) {
                if (tmdbId == NO_TMDB) {
                    problem = new IllegalArgumentException("tmdbId: " + tmdbId + " is reserved (item id " + id + ")");
                } else {
                    e.tmdbId = tmdbId;
                }
            }
            return this;
        }

        /** Sets the IMDb URL of an added item; returns this builder. */
        public Builder withImdbUrl(long id, String url) {
            Entry e = entry(id, "imdbUrl");
            if (e != null) {
                if (url == null) {
                    problem = new NullPointerException("imdbUrl of item id " + id);
                } else {
                    e.imdbUrl = url;
                }
            }
            return this;
        }

        /** Appends a tag to an added item; returns this builder. */
        public Builder addTag(long id, Tag tag) {
            Entry e = entry(id, "tag");
            if (e != null) {
                if (tag == null) {
                    problem = new NullPointerException("tag of item id " + id);
                } else {
                    if (e.tags == null) {
                        e.tags = new ArrayList<>(2);
                    }
                    e.tags.add(tag);
                }
            }
            return this;
        }

        private static boolean contains(String[] names, int n, String name) {
            for (int i = 0; i < n; i++) {
                if (names[i].equals(name)) {
                    return true;
                }
            }
            return false;
        }

        /** Returns the entry of an added id, or null after recording the problem (or after an earlier one). */
        private Entry entry(long id, String field) {
            if (problem != null) {
                return null;
            }
            Entry e = entries.get(id);
            if (e == null && base != null && base.items.contains(id)) {
                e = patches.get(id);
                if (e == null) {
                    e = new Entry();        // only what is set: applied over the base item by build()
                    patches.put(id, e);
                }
            }
            if (e == null) {
                problem = new IllegalArgumentException(field + ": item id " + id + " was not added");
            }
            return e;
        }

        private static void apply(Entry patch, Entry e) {
            if (patch.yearSet) {
                e.year = patch.year;
                e.yearSet = true;
            }
            if (patch.imdbId != null) {
                e.imdbId = patch.imdbId;
            }
            if (patch.tmdbId != NO_TMDB) {
                e.tmdbId = patch.tmdbId;
            }
            if (patch.imdbUrl != null) {
                e.imdbUrl = patch.imdbUrl;
            }
            if (patch.tags != null) {
                if (e.tags == null) {
                    e.tags = new ArrayList<>(patch.tags.size());
                }
                e.tags.addAll(patch.tags);
            }
        }

        /** The base catalogue with the patches applied: its items, titles and genres are shared, not rebuilt. */
        @SuppressWarnings("unchecked")
        private ItemCatalog patched() {
            int[] years = base.years.clone();
            String[] imdb = base.imdbIds.clone();
            long[] tmdb = base.tmdbIds.clone();
            String[] urls = base.imdbUrls.clone();
            List<Tag>[] tags = base.tags.clone();
            for (Long2ObjectMap.Entry<Entry> pe : patches.long2ObjectEntrySet()) {
                int i = base.items.indexOf(pe.getLongKey());
                Entry p = pe.getValue();
                if (p.yearSet) {
                    years[i] = p.year;
                }
                if (p.imdbId != null) {
                    imdb[i] = p.imdbId;
                }
                if (p.tmdbId != NO_TMDB) {
                    tmdb[i] = p.tmdbId;
                }
                if (p.imdbUrl != null) {
                    urls[i] = p.imdbUrl;
                }
                if (p.tags != null) {
                    List<Tag> all = new ArrayList<>(tags[i].size() + p.tags.size());
                    all.addAll(tags[i]);
                    all.addAll(p.tags);
                    tags[i] = List.copyOf(all);
                }
            }
            return new ItemCatalog(base.items, base.titles, years, base.genreVocabulary, base.genres, imdb, tmdb,
                    urls, tags);
        }

        /**
         * Returns the immutable catalogue of the items added, in ascending id order. A builder derived from
         * a catalogue ({@link ItemCatalog#toBuilder()}) that added no item keeps that catalogue's
         * {@link ItemCatalog#items()} instance, so data indexed by it stays valid.
         *
         * @throws IllegalArgumentException naming the field and id of the first problem: an id added twice, a
         *                                  value for an id that was not added, a reserved TMDb id
         * @throws NullPointerException     naming a null title, genre name, link or tag
         */
        @SuppressWarnings("unchecked")
        public ItemCatalog build() {
            if (problem instanceof NullPointerException e) {
                throw new NullPointerException(e.getMessage());
            } else if (problem != null) {
                throw new IllegalArgumentException(problem.getMessage());
            }
            if (base != null && !itemsAdded) {
                return patched();
            }
            if (base != null) {
                long[] baseIds = base.items.longIds();
                for (int i = 0; i < baseIds.length; i++) {
                    Entry e = baseEntry(i);
                    Entry patch = patches.get(baseIds[i]);
                    if (patch != null) {
                        apply(patch, e);
                    }
                    entries.put(baseIds[i], e);
                }
                patches.clear();
                base = null;
            }
            long[] sortedIds = entries.keySet().toLongArray();
            Arrays.sort(sortedIds);
            IdIndex index = IdIndex.ofLongs(sortedIds);
            long[] ids = index.longIds();
            int n = ids.length;
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (Entry e : entries.values()) {
                distinct.addAll(Arrays.asList(e.genres));
            }
            String[] sorted = distinct.toArray(new String[0]);
            Arrays.sort(sorted);
            List<String> vocabulary = List.of(sorted);
            java.util.Map<String, Integer> genreIndex = new java.util.HashMap<>();
            for (int g = 0; g < vocabulary.size(); g++) {
                genreIndex.put(vocabulary.get(g), g);
            }
            String[] titles = new String[n];
            int[] years = new int[n];
            int[][] genres = new int[n][];
            String[] imdb = new String[n];
            long[] tmdb = new long[n];
            String[] urls = new String[n];
            List<Tag>[] tags = (List<Tag>[]) new List<?>[n];
            for (int i = 0; i < n; i++) {
                Entry e = entries.get(ids[i]);
                titles[i] = e.title;
                years[i] = e.yearSet ? e.year : parseYear(e.title).orElse(NO_YEAR);
                if (e.genres.length == 0) {
                    genres[i] = NO_GENRES;
                } else {
                    int[] g = new int[e.genres.length];
                    for (int k = 0; k < g.length; k++) {
                        g[k] = genreIndex.get(e.genres[k]);
                    }
                    Arrays.sort(g);   // vocabulary order = name order
                    genres[i] = g;
                }
                imdb[i] = e.imdbId;
                tmdb[i] = e.tmdbId;
                urls[i] = e.imdbUrl;
                tags[i] = e.tags == null ? List.of() : List.copyOf(e.tags);
            }
            return new ItemCatalog(index, titles, years, vocabulary, genres, imdb, tmdb, urls, tags);
        }
    }
}
