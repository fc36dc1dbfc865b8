package org.recsys4j.core.data;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * An immutable item catalogue: the items' ids (numeric or text) and their typed attributes
 * ({@link ItemAttribute}: categorical, multi-valued categorical, numeric, timestamp, text), by name.
 *
 * <p>Items are addressed by the dense index of {@link #items()}, which lists the external ids in
 * ascending order (numeric, or ordinal for text ids). Each attribute is a column over those indices; get
 * one by name and type, e.g. {@link #categorical(String) categorical("brand")}, {@link #numeric(String)
 * numeric("price")}: a name the catalogue does not have, or an attribute of another type, is an
 * {@link IllegalArgumentException} that lists the attributes there are. Build a catalogue with
 * {@link #builder()} or read one from a CSV file with {@code core.io.CatalogReader}.
 *
 * <pre>{@code
 * ItemCatalog shop = ItemCatalog.builder()
 *         .field("category", AttributeType.CATEGORICAL)
 *         .field("tags", AttributeType.MULTI_CATEGORICAL)
 *         .field("price", AttributeType.NUMERIC)
 *         .add("sku-9a8b", Map.of("category", "shoes", "tags", List.of("sale", "new"), "price", 59.9))
 *         .add("sku-0001", Map.of("category", "books", "price", 12.0))
 *         .build();
 * int i = shop.items().indexOf("sku-9a8b");                  // 1 (ascending ids: sku-0001, sku-9a8b)
 * shop.categorical("category").valueAt(i);                   // Optional[shoes]
 * shop.multiCategorical("tags").valuesAt(i);                 // [new, sale]
 * shop.numeric("price").valueAt(0);                          // OptionalDouble[12.0]
 * }</pre>
 *
 * <p><b>MovieLens view.</b> The MovieLens loaders fill a catalogue with the attributes {@code title}
 * (TEXT), {@code genres} (MULTI_CATEGORICAL), {@code year} (NUMERIC, from the title) and, when the files
 * have them, {@code imdbId} (TEXT), {@code tmdbId} (NUMERIC) and {@code imdbUrl} (TEXT), plus the users'
 * {@link Tag}s. The accessors {@link #title}, {@link #year}, {@link #genreVocabulary}, {@link #genres},
 * {@link #genreNames}, {@link #imdbId}, {@link #tmdbId} and {@link #imdbUrl}, and the builder methods that
 * take a title and genres, are thin views over those attributes, kept while the components that use them
 * move to attribute names: on a catalogue without such an attribute they return "none" (an empty
 * vocabulary, no genres, no year), and {@link #title} returns the item's id.
 */
public final class ItemCatalog {
    /** The MovieLens view's title attribute (TEXT). */
    public static final String TITLE = "title";
    /** The MovieLens view's genres attribute (MULTI_CATEGORICAL). */
    public static final String GENRES = "genres";
    /** The MovieLens view's release year attribute (NUMERIC). */
    public static final String YEAR = "year";
    /** The MovieLens view's IMDb id attribute (TEXT, leading zeros kept). */
    public static final String IMDB_ID = "imdbId";
    /** The MovieLens view's TMDb id attribute (NUMERIC). */
    public static final String TMDB_ID = "tmdbId";
    /** The MovieLens view's IMDb URL attribute (TEXT; ml-100k lists one). */
    public static final String IMDB_URL = "imdbUrl";

    private static final int[] NO_CODES = new int[0];
    /** Numbers beyond this lose digits as doubles: an id above it cannot be a NUMERIC attribute. */
    private static final double EXACT_LIMIT = 9_007_199_254_740_992.0;

    private final IdIndex items;
    private final Map<String, ItemAttribute> attributes;
    private final List<Tag>[] tags;
    // the MovieLens view, resolved once
    private final ItemAttribute.Text titles;
    private final ItemAttribute.MultiCategorical genres;
    private final ItemAttribute.Numeric years;
    private final ItemAttribute.Text imdbIds;
    private final ItemAttribute.Numeric tmdbIds;
    private final ItemAttribute.Text imdbUrls;

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

    private ItemCatalog(IdIndex items, Map<String, ItemAttribute> attributes, List<Tag>[] tags) {
        this.items = items;
        this.attributes = java.util.Collections.unmodifiableMap(attributes);
        this.tags = tags;
        this.titles = view(TITLE, ItemAttribute.Text.class);
        this.genres = view(GENRES, ItemAttribute.MultiCategorical.class);
        this.years = view(YEAR, ItemAttribute.Numeric.class);
        this.imdbIds = view(IMDB_ID, ItemAttribute.Text.class);
        this.tmdbIds = view(TMDB_ID, ItemAttribute.Numeric.class);
        this.imdbUrls = view(IMDB_URL, ItemAttribute.Text.class);
    }

    private <T extends ItemAttribute> T view(String name, Class<T> type) {
        ItemAttribute a = attributes.get(name);
        return type.isInstance(a) ? type.cast(a) : null;
    }

    /** Returns a new, empty builder. */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * Returns a builder holding this catalogue's items and attributes, to derive a catalogue with more
     * values, attributes, tags or items. If no item is added, the built catalogue shares this one's
     * {@link #items()} index (and every attribute it did not change).
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
        return items.size();
    }

    // ------------------------------------------------------------------------------------ attributes

    /** Returns the attributes, in the order they were declared (unmodifiable). */
    public Collection<ItemAttribute> attributes() {
        return attributes.values();
    }

    /** Returns the attribute called {@code name}, if the catalogue has one. */
    public Optional<ItemAttribute> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** Returns true if the catalogue has an attribute called {@code name}. */
    public boolean hasAttribute(String name) {
        return attributes.containsKey(name);
    }

    /**
     * Returns the categorical attribute {@code name}.
     *
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if there is
     *                                  no such attribute or it has another type
     */
    public ItemAttribute.Categorical categorical(String name) {
        return typed(name, AttributeType.CATEGORICAL, ItemAttribute.Categorical.class, "categorical");
    }

    /**
     * Returns the multi-valued categorical attribute {@code name}.
     *
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if there is
     *                                  no such attribute or it has another type
     */
    public ItemAttribute.MultiCategorical multiCategorical(String name) {
        return typed(name, AttributeType.MULTI_CATEGORICAL, ItemAttribute.MultiCategorical.class, "multiCategorical");
    }

    /**
     * Returns the numeric attribute {@code name}.
     *
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if there is
     *                                  no such attribute or it has another type
     */
    public ItemAttribute.Numeric numeric(String name) {
        return typed(name, AttributeType.NUMERIC, ItemAttribute.Numeric.class, "numeric");
    }

    /**
     * Returns the timestamp attribute {@code name}.
     *
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if there is
     *                                  no such attribute or it has another type
     */
    public ItemAttribute.Timestamp timestamp(String name) {
        return typed(name, AttributeType.TIMESTAMP, ItemAttribute.Timestamp.class, "timestamp");
    }

    /**
     * Returns the text attribute {@code name}.
     *
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if there is
     *                                  no such attribute or it has another type
     */
    public ItemAttribute.Text text(String name) {
        return typed(name, AttributeType.TEXT, ItemAttribute.Text.class, "text");
    }

    /**
     * Returns the values of the CATEGORICAL or MULTI_CATEGORICAL attribute {@code name} as a set of codes per
     * item: the shape that category channels, quotas and diversity read, whichever of the two types the
     * attribute has. Entry {@code i} holds item {@code i}'s values as ascending indices into
     * {@link #categoryVocabulary(String) categoryVocabulary(name)}: one for a categorical value, any number
     * for a multi-valued one, none (an empty array) when the item has no value.
     *
     * @param name the attribute
     * @return one array per item (fresh arrays, never null)
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if there is
     *                                  no such attribute or it is neither CATEGORICAL nor MULTI_CATEGORICAL
     */
    public int[][] categoryCodes(String name) {
        ItemAttribute a = categoryAttribute(name);
        int n = size();
        int[][] out = new int[n][];
        if (a instanceof ItemAttribute.Categorical c) {
            for (int i = 0; i < n; i++) {
                int code = c.codeAt(i);
                out[i] = code < 0 ? new int[0] : new int[] {code};
            }
        } else {
            int[][] codes = ((ItemAttribute.MultiCategorical) a).codesView();
            for (int i = 0; i < n; i++) {
                out[i] = codes[i].clone();
            }
        }
        return out;
    }

    /**
     * Returns the vocabulary of the CATEGORICAL or MULTI_CATEGORICAL attribute {@code name}: its distinct values
     * in ordinal order, which {@link #categoryCodes(String)} indexes (unmodifiable).
     *
     * @param name the attribute
     * @return the distinct values
     * @throws IllegalArgumentException as {@link #categoryCodes(String)}
     */
    public List<String> categoryVocabulary(String name) {
        ItemAttribute a = categoryAttribute(name);
        return a instanceof ItemAttribute.Categorical c ? c.vocabulary()
                : ((ItemAttribute.MultiCategorical) a).vocabulary();
    }

    /**
     * Returns the values of the NUMERIC or TIMESTAMP attribute {@code name} as numbers, by item index: the
     * value of a NUMERIC attribute, the seconds since the epoch of a TIMESTAMP one, NaN for an item without a
     * value. For components that order or age items by any such attribute (a price, a year, a listing date).
     *
     * @param name the attribute
     * @return one number per item (a fresh array)
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if there is
     *                                  no such attribute or it is neither NUMERIC nor TIMESTAMP
     */
    public double[] numbers(String name) {
        ItemAttribute a = existing(name);
        if (a instanceof ItemAttribute.Numeric v) {
            return v.values();
        }
        if (a instanceof ItemAttribute.Timestamp t) {
            long[] seconds = t.values();
            double[] out = new double[seconds.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = seconds[i] == ItemAttribute.Timestamp.MISSING ? Double.NaN : seconds[i];
            }
            return out;
        }
        throw new IllegalArgumentException("attribute: '" + name + "' is " + a.type()
                + ", not NUMERIC or TIMESTAMP (the catalogue has " + describe() + ")");
    }

    private ItemAttribute categoryAttribute(String name) {
        ItemAttribute a = existing(name);
        if (!(a instanceof ItemAttribute.Categorical) && !(a instanceof ItemAttribute.MultiCategorical)) {
            throw new IllegalArgumentException("attribute: '" + name + "' is " + a.type()
                    + ", not CATEGORICAL or MULTI_CATEGORICAL (the catalogue has " + describe() + ")");
        }
        return a;
    }

    private ItemAttribute existing(String name) {
        Objects.requireNonNull(name, "name");
        ItemAttribute a = attributes.get(name);
        if (a == null) {
            throw new IllegalArgumentException("attribute: no '" + name + "' in the catalogue; it has "
                    + (attributes.isEmpty() ? "no attributes" : describe()));
        }
        return a;
    }

    private <T extends ItemAttribute> T typed(String name, AttributeType type, Class<T> cls, String method) {
        Objects.requireNonNull(name, "name");
        ItemAttribute a = attributes.get(name);
        if (a == null) {
            throw new IllegalArgumentException("attribute: no '" + name + "' in the catalogue; it has "
                    + (attributes.isEmpty() ? "no attributes" : describe()));
        }
        if (!cls.isInstance(a)) {
            throw new IllegalArgumentException("attribute: '" + name + "' is " + a.type() + ", not " + type + ": use "
                    + accessor(a.type()) + "(\"" + name + "\") (the catalogue has " + describe() + ")");
        }
        return cls.cast(a);
    }

    private static String accessor(AttributeType t) {
        return switch (t) {
            case CATEGORICAL -> "categorical";
            case MULTI_CATEGORICAL -> "multiCategorical";
            case NUMERIC -> "numeric";
            case TIMESTAMP -> "timestamp";
            case TEXT -> "text";
        };
    }

    /** Returns e.g. {@code title (TEXT), genres (MULTI_CATEGORICAL), year (NUMERIC)}. */
    private String describe() {
        List<String> parts = new ArrayList<>();
        for (ItemAttribute a : attributes.values()) {
            parts.add(a.name() + " (" + a.type() + ")");
        }
        return String.join(", ", parts);
    }

    // ------------------------------------------------------------------------------- the MovieLens view

    /**
     * Returns the {@value #TITLE} attribute of item {@code idx} as given (not trimmed), or the item's id when
     * the catalogue has no title for it (a display name either way).
     */
    public String title(int idx) {
        String t = titles == null ? null : titles.view()[idx];
        return t != null ? t : items.id(idx);
    }

    /** Returns the {@value #YEAR} attribute of item {@code idx}, or empty when unknown (never 0). */
    public OptionalInt year(int idx) {
        if (years == null) {
            Objects.checkIndex(idx, size());
            return OptionalInt.empty();
        }
        OptionalDouble y = years.valueAt(idx);
        return y.isPresent() ? OptionalInt.of((int) y.getAsDouble()) : OptionalInt.empty();
    }

    /**
     * Returns the distinct values of the {@value #GENRES} attribute in ordinal order (unmodifiable; empty when the
     * catalogue has none).
     */
    public List<String> genreVocabulary() {
        return genres == null ? List.of() : genres.vocabulary();
    }

    /** Returns a copy of the genres of item {@code idx} as ascending indices into {@link #genreVocabulary()}. */
    public int[] genres(int idx) {
        if (genres == null) {
            Objects.checkIndex(idx, size());
            return NO_CODES;
        }
        return genres.codesAt(idx);
    }

    /** Returns the genre names of item {@code idx}, in vocabulary order (empty when it has none). */
    public List<String> genreNames(int idx) {
        if (genres == null) {
            Objects.checkIndex(idx, size());
            return List.of();
        }
        return genres.valuesAt(idx);
    }

    /** Returns the {@value #IMDB_ID} attribute of item {@code idx} as written (e.g. {@code 0114709}), or empty. */
    public Optional<String> imdbId(int idx) {
        return imdbIds == null ? Optional.empty() : imdbIds.valueAt(idx);
    }

    /** Returns the {@value #TMDB_ID} attribute of item {@code idx}, or empty. */
    public OptionalLong tmdbId(int idx) {
        if (tmdbIds == null) {
            return OptionalLong.empty();
        }
        OptionalDouble t = tmdbIds.valueAt(idx);
        return t.isPresent() ? OptionalLong.of((long) t.getAsDouble()) : OptionalLong.empty();
    }

    /** Returns the {@value #IMDB_URL} attribute of item {@code idx} (ml-100k lists one), or empty. */
    public Optional<String> imdbUrl(int idx) {
        return imdbUrls == null ? Optional.empty() : imdbUrls.valueAt(idx);
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
        return "ItemCatalog[" + size() + " items, attributes " + (attributes.isEmpty() ? "none" : describe()) + ", "
                + tagCount() + " tags]";
    }

    // ------------------------------------------------------------------------------------------ builder

    /**
     * Collects items, their attribute values and tags; {@link #build()} orders the items by ascending id and
     * checks everything. Setters only store: a problem (an id added twice, a value for an id that was not
     * added, an undeclared attribute, a value of the wrong type, a null argument) fails {@link #build()}, which
     * names the attribute or field and the id. Not thread-safe.
     *
     * <p>Attributes are declared with {@link #field(String, AttributeType)} and given per item as a map from
     * attribute name to value: a {@code String} for CATEGORICAL and TEXT, a {@code Collection<String>} for
     * MULTI_CATEGORICAL (blank values are ignored, a repeated value is kept once), a finite {@code Number} for
     * NUMERIC (whole numbers above 2^53 are refused: they would lose digits), a {@code Number} of seconds or an
     * {@link Instant} for TIMESTAMP. A name that is absent, or mapped to null, is a missing value. Ids are all
     * numbers ({@code add(long ...)}) or all text ({@code add(String ...)}).
     */
    public static final class Builder {
        /** The catalogue this builder was derived from ({@link ItemCatalog#toBuilder()}), or null. */
        private ItemCatalog base;
        private final Map<String, AttributeType> declared = new LinkedHashMap<>();
        private final Map<String, Integer> slots = new HashMap<>();
        private final Long2ObjectOpenHashMap<Entry> numericEntries = new Long2ObjectOpenHashMap<>();
        private final Map<String, Entry> textEntries = new HashMap<>();
        /** What was set on items of {@link #base}, by id (only what was set). */
        private final Map<String, Entry> patches = new HashMap<>();
        private IdIndex.Kind kind;
        private boolean itemsAdded;
        private RuntimeException problem;

        private static final class Entry {
            Object[] values = new Object[4];
            boolean[] set = new boolean[4];
            /** Added by {@link #add(long, String, Collection)}: the year comes from the title unless set. */
            boolean legacy;
            List<Tag> tags;

            void put(int slot, Object v) {
                if (slot >= values.length) {
                    values = Arrays.copyOf(values, Math.max(slot + 1, values.length * 2));
                    set = Arrays.copyOf(set, values.length);
                }
                values[slot] = v;
                set[slot] = true;
            }

            boolean isSet(int slot) {
                return slot < set.length && set[slot];
            }

            Object get(int slot) {
                return slot < values.length ? values[slot] : null;
            }
        }

        private Builder(ItemCatalog base) {
            this.base = base;
            if (base != null) {
                kind = base.items.kind();
                for (ItemAttribute a : base.attributes.values()) {
                    declare(a.name(), a.type());
                }
            }
        }

        private int declare(String name, AttributeType type) {
            AttributeType t = declared.putIfAbsent(name, type);
            if (t == null) {
                slots.put(name, slots.size());
            } else if (t != type && problem == null) {
                problem = new IllegalArgumentException("field: '" + name + "' declared as " + t + " and as " + type);
            }
            return slots.get(name);
        }

        /**
         * Declares an attribute (once per name; declaring it again with the same type changes nothing);
         * returns this builder. Every declared attribute is in the catalogue, in declaration order, even if
         * no item has a value for it.
         *
         * @param name the attribute's name
         * @param type its type
         * @return this builder
         */
        public Builder field(String name, AttributeType type) {
            if (problem != null) {
                return this;
            }
            if (name == null || type == null) {
                problem = new NullPointerException(name == null ? "field: name" : "field: type of '" + name + "'");
                return this;
            }
            declare(name, type);
            return this;
        }

        /** Records that ids are of {@code k}; false (after the problem) when they were of the other kind. */
        private boolean kind(IdIndex.Kind k, String id) {
            if (kind == null) {
                kind = k;
            } else if (kind != k) {
                if (problem == null) {
                    problem = new IllegalArgumentException("id: " + id + " is " + (k == IdIndex.Kind.NUMERIC
                            ? "a number" : "text") + ", but the catalogue's ids are " + kind);
                }
                return false;
            }
            return true;
        }

        private Entry newEntry(long id) {
            if (problem != null || !kind(IdIndex.Kind.NUMERIC, Long.toString(id))) {
                return null;
            }
            Entry e = new Entry();
            if ((base != null && base.items.indexOf(id) >= 0) || numericEntries.putIfAbsent(id, e) != null) {
                problem = new IllegalArgumentException("id: " + id + " was already added");
                return null;
            }
            itemsAdded = true;
            return e;
        }

        private Entry newEntry(String id) {
            if (problem != null) {
                return null;
            }
            if (id == null) {
                problem = new NullPointerException("id");
                return null;
            }
            if (!kind(IdIndex.Kind.STRING, "'" + id + "'")) {
                return null;
            }
            Entry e = new Entry();
            if ((base != null && base.items.indexOf(id) >= 0) || textEntries.putIfAbsent(id, e) != null) {
                problem = new IllegalArgumentException("id: '" + id + "' was already added");
                return null;
            }
            itemsAdded = true;
            return e;
        }

        /**
         * Adds an item with a numeric id and no values yet; returns this builder.
         *
         * @param id the item's id
         * @return this builder
         */
        public Builder add(long id) {
            newEntry(id);
            return this;
        }

        /**
         * Adds an item with a text id and no values yet; returns this builder.
         *
         * @param id the item's id
         * @return this builder
         */
        public Builder add(String id) {
            newEntry(id);
            return this;
        }

        /**
         * Adds an item with a numeric id and its attribute values (declared attributes only); returns this
         * builder.
         *
         * @param id     the item's id
         * @param values attribute name → value (see the class comment for the types)
         * @return this builder
         */
        public Builder add(long id, Map<String, ?> values) {
            Entry e = newEntry(id);
            if (e != null) {
                putAll(e, Long.toString(id), values);
            }
            return this;
        }

        /**
         * Adds an item with a text id and its attribute values (declared attributes only); returns this builder.
         *
         * @param id     the item's id
         * @param values attribute name → value (see the class comment for the types)
         * @return this builder
         */
        public Builder add(String id, Map<String, ?> values) {
            Entry e = newEntry(id);
            if (e != null) {
                putAll(e, "'" + id + "'", values);
            }
            return this;
        }

        /**
         * Sets attribute values of an item already added (or of the catalogue this builder derives from),
         * replacing earlier ones; returns this builder.
         *
         * @param id     the item's id
         * @param values attribute name → value (declared attributes only)
         * @return this builder
         */
        public Builder withValues(long id, Map<String, ?> values) {
            Entry e = entry(id, "values");
            if (e != null) {
                putAll(e, Long.toString(id), values);
            }
            return this;
        }

        /**
         * Sets attribute values of an item already added (or of the catalogue this builder derives from),
         * replacing earlier ones; returns this builder.
         *
         * @param id     the item's id
         * @param values attribute name → value (declared attributes only)
         * @return this builder
         */
        public Builder withValues(String id, Map<String, ?> values) {
            Entry e = entry(id, "values");
            if (e != null) {
                putAll(e, "'" + id + "'", values);
            }
            return this;
        }

        private void putAll(Entry e, String id, Map<String, ?> values) {
            if (values == null) {
                problem = new NullPointerException("values of item " + id);
                return;
            }
            for (Map.Entry<String, ?> v : values.entrySet()) {
                Integer slot = slots.get(v.getKey());
                if (slot == null) {
                    problem = new IllegalArgumentException("attribute: '" + v.getKey() + "' of item " + id
                            + " was not declared (field(\"" + v.getKey() + "\", AttributeType...)); declared: "
                            + declared.keySet());
                    return;
                }
                e.put(slot, v.getValue());
            }
        }

        // ------------------------------------------------------------------------ the MovieLens view

        /**
         * Adds an item of the MovieLens view with its {@value ItemCatalog#TITLE} and {@value ItemCatalog#GENRES}
         * (declaring them, and {@value ItemCatalog#YEAR}, if needed); returns this builder. The year is taken
         * from the title with {@link ItemCatalog#parseYear(String)} unless {@link #withYear(long, int)} sets it.
         * Duplicate genre names are kept once; blank names are ignored. Adding an id twice fails {@link #build()}.
         */
        public Builder add(long id, String title, Collection<String> genreNames) {
            if (problem != null) {
                return this;
            }
            if (title == null || genreNames == null) {
                problem = new NullPointerException((title == null ? "title" : "genreNames") + " of item id " + id);
                return this;
            }
            for (String g : genreNames) {
                if (g == null) {
                    problem = new NullPointerException("genre name of item id " + id);
                    return this;
                }
            }
            int t = declare(TITLE, AttributeType.TEXT);
            int g = declare(GENRES, AttributeType.MULTI_CATEGORICAL);
            declare(YEAR, AttributeType.NUMERIC);
            Entry e = newEntry(id);
            if (e != null) {
                e.legacy = true;
                e.put(t, title);
                e.put(g, genreNames);
            }
            return this;
        }

        /**
         * Sets the release year of an added item, overriding the year in its title; returns this builder.
         * (No default: an item's year is read from its title unless set.)
         */
        public Builder withYear(long id, int year) {
            return legacy(id, YEAR, AttributeType.NUMERIC, "year", year);
        }

        /** Sets the IMDb id (kept as text, leading zeros included) of an added item; returns this builder. */
        public Builder withImdbId(long id, String imdbId) {
            return legacy(id, IMDB_ID, AttributeType.TEXT, "imdbId", imdbId);
        }

        /** Sets the TMDb id of an added item; returns this builder. */
        public Builder withTmdbId(long id, long tmdbId) {
            if (problem == null && Math.abs((double) tmdbId) > EXACT_LIMIT) {
                problem = new IllegalArgumentException("tmdbId: " + tmdbId + " is beyond 2^53 (item id " + id + ")");
                return this;
            }
            return legacy(id, TMDB_ID, AttributeType.NUMERIC, "tmdbId", tmdbId);
        }

        /** Sets the IMDb URL of an added item; returns this builder. */
        public Builder withImdbUrl(long id, String url) {
            return legacy(id, IMDB_URL, AttributeType.TEXT, "imdbUrl", url);
        }

        private Builder legacy(long id, String name, AttributeType type, String field, Object value) {
            Entry e = entry(id, field);
            if (e == null) {
                return this;
            }
            if (value == null) {
                problem = new NullPointerException(field + " of item id " + id);
                return this;
            }
            e.put(declare(name, type), value);
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

        /** Returns the entry of an added id, or null after recording the problem (or after an earlier one). */
        private Entry entry(long id, String field) {
            if (problem != null) {
                return null;
            }
            Entry e = kind == IdIndex.Kind.NUMERIC ? numericEntries.get(id) : null;
            if (e == null && base != null && base.items.isNumeric() && base.items.indexOf(id) >= 0) {
                e = patches.computeIfAbsent(Long.toString(id), k -> new Entry());
            }
            if (e == null) {
                problem = new IllegalArgumentException(field + ": item id " + id + " was not added");
            }
            return e;
        }

        private Entry entry(String id, String field) {
            if (problem != null) {
                return null;
            }
            if (id == null) {
                problem = new NullPointerException("id");
                return null;
            }
            Entry e = kind == IdIndex.Kind.STRING ? textEntries.get(id) : null;
            if (e == null && base != null && !base.items.isNumeric() && base.items.indexOf(id) >= 0) {
                e = patches.computeIfAbsent(id, k -> new Entry());
            }
            if (e == null) {
                problem = new IllegalArgumentException(field + ": item id '" + id + "' was not added");
            }
            return e;
        }

        /**
         * Returns the immutable catalogue of the items added, in ascending id order. A builder derived from
         * a catalogue ({@link ItemCatalog#toBuilder()}) that added no item keeps that catalogue's
         * {@link ItemCatalog#items()} instance, so data indexed by it stays valid.
         *
         * @throws IllegalArgumentException naming the field (or attribute) and id of the first problem: an id
         *                                  added twice, ids of both kinds, a value for an id that was not added,
         *                                  an undeclared attribute, a value of the wrong type, a number that is
         *                                  not finite or beyond 2^53, an attribute declared with two types
         * @throws NullPointerException     naming a null title, genre name, link, tag, id or value map
         */
        @SuppressWarnings("unchecked")
        public ItemCatalog build() {
            if (problem instanceof NullPointerException e) {
                throw new NullPointerException(e.getMessage());
            } else if (problem != null) {
                throw new IllegalArgumentException(problem.getMessage());
            }
            List<String> names = new ArrayList<>(declared.keySet());
            if (base != null && !itemsAdded) {
                return patched(names);
            }
            IdIndex.Kind k = kind == null ? IdIndex.Kind.NUMERIC : kind;
            // every entry by its id text, the base's items included
            Map<String, Entry> all = new HashMap<>();
            String[] ids;
            IdIndex index;
            if (k == IdIndex.Kind.NUMERIC) {
                long[] sorted = numericEntries.keySet().toLongArray();
                if (base != null) {
                    long[] b = base.items.longIds();
                    long[] merged = Arrays.copyOf(sorted, sorted.length + b.length);
                    System.arraycopy(b, 0, merged, sorted.length, b.length);
                    sorted = merged;
                }
                Arrays.sort(sorted);
                index = IdIndex.ofLongs(sorted);
                ids = new String[sorted.length];
                for (int i = 0; i < sorted.length; i++) {
                    ids[i] = Long.toString(sorted[i]);
                }
                numericEntries.forEach((id, e) -> all.put(Long.toString(id), e));
            } else {
                List<String> list = new ArrayList<>(textEntries.keySet());
                if (base != null) {
                    for (int i = 0; i < base.size(); i++) {
                        list.add(base.items.id(i));
                    }
                }
                ids = list.toArray(new String[0]);
                Arrays.sort(ids);
                index = IdIndex.ofStrings(ids);
                all.putAll(textEntries);
            }
            int n = ids.length;
            Map<String, ItemAttribute> attributes = new LinkedHashMap<>();
            for (String name : names) {
                int slot = slots.get(name);
                AttributeType type = declared.get(name);
                Values c = new Values(name, type, n);
                ItemAttribute old = base == null ? null : base.attributes.get(name);
                for (int i = 0; i < n; i++) {
                    Entry e = all.get(ids[i]);
                    if (e == null) {     // an item of the base
                        int b = base.items.indexOf(ids[i]);
                        if (old != null) {
                            c.copy(i, old, b);
                        }
                        Entry patch = patches.get(ids[i]);
                        if (patch != null && patch.isSet(slot)) {
                            c.set(i, ids[i], patch.get(slot));
                        }
                    } else if (e.isSet(slot)) {
                        c.set(i, ids[i], e.get(slot));
                    } else if (e.legacy && name.equals(YEAR)) {
                        Object t = e.get(slots.get(TITLE));
                        OptionalInt y = parseYear(t instanceof String s ? s : null);
                        if (y.isPresent()) {
                            c.set(i, ids[i], y.getAsInt());
                        }
                    }
                }
                attributes.put(name, c.freeze());
            }
            List<Tag>[] tags = (List<Tag>[]) new List<?>[n];
            for (int i = 0; i < n; i++) {
                Entry e = all.get(ids[i]);
                List<Tag> t;
                if (e == null) {
                    t = base.tags[base.items.indexOf(ids[i])];
                    Entry patch = patches.get(ids[i]);
                    if (patch != null && patch.tags != null) {
                        List<Tag> m = new ArrayList<>(t);
                        m.addAll(patch.tags);
                        t = List.copyOf(m);
                    }
                } else {
                    t = e.tags == null ? List.of() : List.copyOf(e.tags);
                }
                tags[i] = t;
            }
            return new ItemCatalog(index, attributes, tags);
        }

        /** The base catalogue with the patches applied: its index and every attribute no patch touched are shared. */
        @SuppressWarnings("unchecked")
        private ItemCatalog patched(List<String> names) {
            int n = base.size();
            Map<String, ItemAttribute> attributes = new LinkedHashMap<>();
            for (String name : names) {
                int slot = slots.get(name);
                ItemAttribute old = base.attributes.get(name);
                boolean touched = old == null;
                for (Entry p : patches.values()) {
                    touched |= p.isSet(slot);
                }
                if (!touched) {
                    attributes.put(name, old);
                    continue;
                }
                Values c = new Values(name, declared.get(name), n);
                if (old != null) {
                    for (int i = 0; i < n; i++) {
                        c.copy(i, old, i);
                    }
                }
                for (Map.Entry<String, Entry> p : patches.entrySet()) {
                    if (p.getValue().isSet(slot)) {
                        c.set(base.items.indexOf(p.getKey()), p.getKey(), p.getValue().get(slot));
                    }
                }
                attributes.put(name, c.freeze());
            }
            List<Tag>[] tags = base.tags;
            boolean tagged = false;
            for (Entry p : patches.values()) {
                tagged |= p.tags != null;
            }
            if (tagged) {
                tags = base.tags.clone();
                for (Map.Entry<String, Entry> p : patches.entrySet()) {
                    if (p.getValue().tags != null) {
                        int i = base.items.indexOf(p.getKey());
                        List<Tag> m = new ArrayList<>(tags[i]);
                        m.addAll(p.getValue().tags);
                        tags[i] = List.copyOf(m);
                    }
                }
            }
            return new ItemCatalog(base.items, attributes, (List<Tag>[]) tags);
        }
    }

    /** One attribute's values while a catalogue is built, checked as they are set. */
    private static final class Values {
        final String name;
        final AttributeType type;
        String[] text;
        Object[] raw;           // categorical: String; multi: String[] (distinct, not blank)
        double[] numbers;
        long[] times;

        Values(String name, AttributeType type, int n) {
            this.name = name;
            this.type = type;
            switch (type) {
                case TEXT -> text = new String[n];
                case CATEGORICAL, MULTI_CATEGORICAL -> raw = new Object[n];
                case NUMERIC -> {
                    numbers = new double[n];
                    Arrays.fill(numbers, Double.NaN);
                }
                case TIMESTAMP -> {
                    times = new long[n];
                    Arrays.fill(times, ItemAttribute.Timestamp.MISSING);
                }
                default -> throw new AssertionError(type);
            }
        }

        private IllegalArgumentException wrong(String id, Object v, String expected) {
            return new IllegalArgumentException("attribute: '" + name + "' of item " + id + ": "
                    + v.getClass().getSimpleName() + " " + v + ", expected " + expected + " for " + type);
        }

        /** Sets item {@code i}'s value; null is missing. */
        void set(int i, String id, Object v) {
            if (v == null) {
                clear(i);
                return;
            }
            switch (type) {
                case TEXT -> {
                    if (!(v instanceof CharSequence s)) {
                        throw wrong(id, v, "a String");
                    }
                    text[i] = s.toString();
                }
                case CATEGORICAL -> {
                    if (!(v instanceof CharSequence s)) {
                        throw wrong(id, v, "a String");
                    }
                    if (s.toString().isBlank()) {
                        throw new IllegalArgumentException("attribute: '" + name + "' of item " + id
                                + ": a blank value (leave it out for a missing one)");
                    }
                    raw[i] = s.toString();
                }
                case MULTI_CATEGORICAL -> {
                    if (!(v instanceof Collection<?> values)) {
                        throw wrong(id, v, "a Collection<String>");
                    }
                    List<String> kept = new ArrayList<>(values.size());
                    for (Object x : values) {
                        if (!(x instanceof CharSequence s)) {
                            throw x == null ? new NullPointerException("attribute: '" + name + "' of item " + id
                                    + ": a null value") : wrong(id, x, "String values");
                        }
                        String t = s.toString();
                        if (!t.isBlank() && !kept.contains(t)) {
                            kept.add(t);
                        }
                    }
                    raw[i] = kept.toArray(new String[0]);
                }
                case NUMERIC -> {
                    if (!(v instanceof Number num)) {
                        throw wrong(id, v, "a Number");
                    }
                    double d = num.doubleValue();
                    if (!Double.isFinite(d)) {
                        throw new IllegalArgumentException("attribute: '" + name + "' of item " + id + ": " + d
                                + " is not a finite number (leave it out for a missing one)");
                    }
                    if ((v instanceof Long l && (long) d != l)
                            || (v instanceof java.math.BigInteger b && !new java.math.BigDecimal(d).toBigInteger().equals(b))) {
                        throw new IllegalArgumentException("attribute: '" + name + "' of item " + id + ": " + v
                                + " is beyond 2^53 and would lose digits as a NUMERIC value (keep it as TEXT)");
                    }
                    numbers[i] = d;
                }
                case TIMESTAMP -> {
                    long s;
                    if (v instanceof Instant t) {
                        s = t.getEpochSecond();
                    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                        s = ((Number) v).longValue();
                    } else {
                        throw wrong(id, v, "an Instant or whole seconds (Long)");
                    }
                    if (s == ItemAttribute.Timestamp.MISSING) {
                        throw new IllegalArgumentException("attribute: '" + name + "' of item " + id + ": " + s
                                + " is reserved for a missing timestamp");
                    }
                    times[i] = s;
                }
                default -> throw new AssertionError(type);
            }
        }

        void clear(int i) {
            switch (type) {
                case TEXT -> text[i] = null;
                case CATEGORICAL, MULTI_CATEGORICAL -> raw[i] = null;
                case NUMERIC -> numbers[i] = Double.NaN;
                case TIMESTAMP -> times[i] = ItemAttribute.Timestamp.MISSING;
                default -> throw new AssertionError(type);
            }
        }

        /** Copies item {@code from} of {@code old} (an attribute of the same name and type) to item {@code i}. */
        void copy(int i, ItemAttribute old, int from) {
            if (old instanceof ItemAttribute.Text a) {
                text[i] = a.view()[from];
            } else if (old instanceof ItemAttribute.Categorical a) {
                raw[i] = a.valueAt(from).orElse(null);
            } else if (old instanceof ItemAttribute.MultiCategorical a) {
                raw[i] = a.valuesAt(from).toArray(new String[0]);
            } else if (old instanceof ItemAttribute.Numeric a) {
                numbers[i] = a.valueAt(from).orElse(Double.NaN);
            } else if (old instanceof ItemAttribute.Timestamp a) {
                times[i] = a.valueAt(from).orElse(ItemAttribute.Timestamp.MISSING);
            } else {
                throw new AssertionError(old);
            }
        }

        ItemAttribute freeze() {
            switch (type) {
                case TEXT -> {
                    return new ItemAttribute.Text(name, text);
                }
                case NUMERIC -> {
                    return new ItemAttribute.Numeric(name, numbers);
                }
                case TIMESTAMP -> {
                    return new ItemAttribute.Timestamp(name, times);
                }
                default -> {
                    TreeSet<String> distinct = new TreeSet<>();
                    for (Object o : raw) {
                        if (o instanceof String s) {
                            distinct.add(s);
                        } else if (o instanceof String[] a) {
                            distinct.addAll(Arrays.asList(a));
                        }
                    }
                    List<String> vocabulary = List.copyOf(distinct);
                    Map<String, Integer> code = new HashMap<>();
                    for (int c = 0; c < vocabulary.size(); c++) {
                        code.put(vocabulary.get(c), c);
                    }
                    if (type == AttributeType.CATEGORICAL) {
                        int[] codes = new int[raw.length];
                        for (int i = 0; i < raw.length; i++) {
                            codes[i] = raw[i] == null ? -1 : code.get((String) raw[i]);
                        }
                        return new ItemAttribute.Categorical(name, vocabulary, codes);
                    }
                    int[][] codes = new int[raw.length][];
                    for (int i = 0; i < raw.length; i++) {
                        String[] a = (String[]) raw[i];
                        if (a == null || a.length == 0) {
                            codes[i] = NO_CODES;
                        } else {
                            int[] g = new int[a.length];
                            for (int k = 0; k < a.length; k++) {
                                g[k] = code.get(a[k]);
                            }
                            Arrays.sort(g);   // vocabulary order = name order
                            codes[i] = g;
                        }
                    }
                    return new ItemAttribute.MultiCategorical(name, vocabulary, codes);
                }
            }
        }
    }
}
