package org.recsys4j.core.data;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Maps external ids (numeric or string) to dense {@code int} indices {@code 0..size()-1} and back.
 *
 * <p>An index is immutable once built and safe to share between threads. Engines work on the dense
 * indices ({@code uidx}, {@code iidx}); public calls take external ids. Looking up an unknown id
 * returns {@code -1} from {@link #indexOf(long)} / {@link #indexOf(String)}; use
 * {@link #require(long)} to fail with a message instead.
 *
 * <pre>{@code
 * IdIndex movies = IdIndex.numericBuilder().add(50).add(7).add(50).withSorted(true).build();
 * movies.indexOf(7);   // 0
 * movies.longId(1);    // 50
 * }</pre>
 */
public final class IdIndex {
    /** Whether the builders freeze the ids in ascending order by default: {@value} (insertion order). */
    public static final boolean DEFAULT_SORTED = false;

    private final long[] numericIds;       // null for a string index
    private final String[] stringIds;      // null for a numeric index
    private final Long2IntOpenHashMap numericLookup;
    private final Object2IntOpenHashMap<String> stringLookup;

    private IdIndex(long[] numericIds, String[] stringIds) {
        this.numericIds = numericIds;
        this.stringIds = stringIds;
        if (numericIds != null) {
            numericLookup = new Long2IntOpenHashMap(numericIds.length);
            numericLookup.defaultReturnValue(-1);
            for (int i = 0; i < numericIds.length; i++) {
                int first = numericLookup.put(numericIds[i], i);
                if (first != -1) {
                    throw new IllegalArgumentException("duplicate id " + numericIds[i] + " at positions "
                            + first + " and " + i);
                }
            }
            stringLookup = null;
        } else {
            stringLookup = new Object2IntOpenHashMap<>(stringIds.length);
            stringLookup.defaultReturnValue(-1);
            for (int i = 0; i < stringIds.length; i++) {
                Objects.requireNonNull(stringIds[i], "id at position " + i);
                if (stringLookup.put(stringIds[i], i) != -1) {
                    throw new IllegalArgumentException("duplicate id '" + stringIds[i] + "' at position " + i);
                }
            }
            numericLookup = null;
        }
    }

    /** Returns an index whose dense index {@code i} is {@code ids[i]}; ids must be distinct. */
    public static IdIndex ofLongs(long... ids) {
        return new IdIndex(ids.clone(), null);
    }

    /** Returns an index whose dense index {@code i} is {@code ids[i]}; ids must be distinct and non-null. */
    public static IdIndex ofStrings(String... ids) {
        return new IdIndex(null, ids.clone());
    }

    /** Returns an empty builder of an index of numeric ids. */
    public static NumericIdBuilder numericBuilder() {
        return new NumericIdBuilder();
    }

    /** Returns an empty builder of an index of string ids. */
    public static StringIdBuilder stringBuilder() {
        return new StringIdBuilder();
    }

    /** Returns the number of ids. */
    public int size() {
        return numericIds != null ? numericIds.length : stringIds.length;
    }

    /** Returns true if the external ids are numbers ({@link #longId(int)} works). */
    public boolean isNumeric() {
        return numericIds != null;
    }

    /** Returns whether the external ids are numbers or text. */
    public Kind kind() {
        return numericIds != null ? Kind.NUMERIC : Kind.STRING;
    }

    /** What an index's external ids are: numbers or text. */
    public enum Kind {
        /**
         * Whole numbers ({@code long}): {@code "007"} and {@code "7"} are the same id; text such as
         * {@code u123} is not an id of this kind.
         */
        NUMERIC,
        /** Text, taken as written: {@code "007"} and {@code "7"} are two ids, {@code sku-9a8b} is one. */
        STRING
    }

    /** Returns the dense index of a numeric id, or {@code -1} if it is unknown (or this is a string index). */
    public int indexOf(long id) {
        return numericLookup != null ? numericLookup.get(id) : stringLookup.getInt(Long.toString(id));
    }

    /** Returns the dense index of an id given as text, or {@code -1} if it is unknown. */
    public int indexOf(String id) {
        if (stringLookup != null) {
            return stringLookup.getInt(id);
        }
        try {
            return numericLookup.get(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Returns the dense index of a numeric id; throws {@link java.util.NoSuchElementException} naming it if unknown. */
    public int require(long id) {
        int idx = indexOf(id);
        if (idx < 0) {
            throw new java.util.NoSuchElementException("unknown id " + id);
        }
        return idx;
    }

    /** Returns true if the numeric id is known. */
    public boolean contains(long id) {
        return indexOf(id) >= 0;
    }

    /** Returns the numeric external id of a dense index. */
    public long longId(int index) {
        if (numericIds == null) {
            throw new IllegalStateException("this index holds string ids; use id(int)");
        }
        return numericIds[index];
    }

    /** Returns the external id of a dense index as text (numeric ids in decimal). */
    public String id(int index) {
        return numericIds != null ? Long.toString(numericIds[index]) : stringIds[index];
    }

    /** Returns a copy of the numeric ids in index order. */
    public long[] longIds() {
        if (numericIds == null) {
            throw new IllegalStateException("this index holds string ids");
        }
        return numericIds.clone();
    }

    /** Returns true if index order is ascending external-id order (numeric, or ordinal string order). */
    public boolean isSorted() {
        int n = size();
        for (int i = 1; i < n; i++) {
            int c = numericIds != null ? Long.compare(numericIds[i - 1], numericIds[i])
                    : stringIds[i - 1].compareTo(stringIds[i]);
            if (c > 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IdIndex)) {
            return false;
        }
        IdIndex other = (IdIndex) o;
        return Arrays.equals(numericIds, other.numericIds) && Arrays.equals(stringIds, other.stringIds);
    }

    @Override
    public int hashCode() {
        return numericIds != null ? Arrays.hashCode(numericIds) : Arrays.hashCode(stringIds);
    }

    @Override
    public String toString() {
        return "IdIndex[" + size() + (isNumeric() ? " numeric" : " string") + " ids]";
    }

    /**
     * Collects numeric ids; adding an id twice keeps its first position. {@link #build()} freezes them in
     * insertion order, or in ascending order with {@link #withSorted(boolean) withSorted(true)}. Not
     * thread-safe.
     */
    public static final class NumericIdBuilder {
        private final LongArrayList ids = new LongArrayList();
        private final Long2IntOpenHashMap seen = new Long2IntOpenHashMap();
        private boolean sorted = DEFAULT_SORTED;

        private NumericIdBuilder() {
            seen.defaultReturnValue(-1);
        }

        /** Adds an id if new; returns this builder. */
        public NumericIdBuilder add(long id) {
            indexOf(id);
            return this;
        }

        /** Adds every id that is new, in order; returns this builder. */
        public NumericIdBuilder addAll(long... ids) {
            for (long id : ids) {
                indexOf(id);
            }
            return this;
        }

        /**
         * Returns this builder, set to freeze the ids in ascending numeric order ({@code true}) or in the
         * order they were first added ({@code false}, default {@value IdIndex#DEFAULT_SORTED}).
         */
        public NumericIdBuilder withSorted(boolean sorted) {
            this.sorted = sorted;
            return this;
        }

        /** Adds the id if new and returns its position in insertion order (for this package's builders). */
        int indexOf(long id) {
            int idx = seen.putIfAbsent(id, ids.size());
            if (idx == -1) {
                ids.add(id);
                return ids.size() - 1;
            }
            return idx;
        }

        int size() {
            return ids.size();
        }

        /** Returns the index of the ids added, in insertion or ascending order (see {@link #withSorted}). */
        public IdIndex build() {
            long[] a = ids.toLongArray();
            if (sorted) {
                Arrays.sort(a);
            }
            return new IdIndex(a, null);
        }
    }

    /**
     * Collects string ids; adding an id twice keeps its first position. {@link #build()} freezes them in
     * insertion order, or in ascending ordinal ({@link String#compareTo}) order with
     * {@link #withSorted(boolean) withSorted(true)}. Not thread-safe.
     */
    public static final class StringIdBuilder {
        private final List<String> ids = new ArrayList<>();
        private final Object2IntOpenHashMap<String> seen = new Object2IntOpenHashMap<>();
        private boolean sorted = DEFAULT_SORTED;
        private long nullAt = -1;
        private long added;

        private StringIdBuilder() {
            seen.defaultReturnValue(-1);
        }

        /** Adds an id if new; returns this builder. A null id fails {@link #build()}. */
        public StringIdBuilder add(String id) {
            indexOf(id);
            return this;
        }

        /** Adds every id that is new, in order; returns this builder. A null id fails {@link #build()}. */
        public StringIdBuilder addAll(Iterable<String> ids) {
            for (String id : ids) {
                indexOf(id);
            }
            return this;
        }

        /**
         * Returns this builder, set to freeze the ids in ascending ordinal order ({@code true}) or in the
         * order they were first added ({@code false}, default {@value IdIndex#DEFAULT_SORTED}).
         */
        public StringIdBuilder withSorted(boolean sorted) {
            this.sorted = sorted;
            return this;
        }

        /** Adds the id if new and returns its position in insertion order, or -1 for null (remembered for build). */
        int indexOf(String id) {
            long position = added++;
            if (id == null) {
                if (nullAt < 0) {
                    nullAt = position;
                }
                return -1;
            }
            int idx = seen.putIfAbsent(id, ids.size());
            if (idx == -1) {
                ids.add(id);
                return ids.size() - 1;
            }
            return idx;
        }

        int size() {
            return ids.size();
        }

        /**
         * Returns the index of the ids added, in insertion or ascending order (see {@link #withSorted}).
         *
         * @throws NullPointerException naming the position of the first null id added
         */
        public IdIndex build() {
            if (nullAt >= 0) {
                throw new NullPointerException("id: null at position " + nullAt + " of the ids added");
            }
            String[] a = ids.toArray(new String[0]);
            if (sorted) {
                Arrays.sort(a);
            }
            return new IdIndex(null, a);
        }
    }
}
