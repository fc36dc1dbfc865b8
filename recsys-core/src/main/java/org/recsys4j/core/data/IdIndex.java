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
 * IdIndex movies = IdIndex.numericBuilder().add(50).add(7).add(50).buildSorted();
 * movies.indexOf(7);   // 0
 * movies.longId(1);    // 50
 * }</pre>
 */
public final class IdIndex {
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

    /** Returns a builder for numeric ids. */
    public static NumericBuilder numericBuilder() {
        return new NumericBuilder();
    }

    /** Returns a builder for string ids. */
    public static StringBuilder stringBuilder() {
        return new StringBuilder();
    }

    /** Returns the number of ids. */
    public int size() {
        return numericIds != null ? numericIds.length : stringIds.length;
    }

    /** Returns true if the external ids are numbers ({@link #longId(int)} works). */
    public boolean isNumeric() {
        return numericIds != null;
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

    /** Collects numeric ids; adding an id twice keeps its first position. Not thread-safe. */
    public static final class NumericBuilder {
        private final LongArrayList ids = new LongArrayList();
        private final Long2IntOpenHashMap seen = new Long2IntOpenHashMap();

        private NumericBuilder() {
            seen.defaultReturnValue(-1);
        }

        /** Adds an id if new; returns this builder. */
        public NumericBuilder add(long id) {
            addAndGet(id);
            return this;
        }

        /** Adds an id if new and returns its position in insertion order. */
        public int addAndGet(long id) {
            int idx = seen.putIfAbsent(id, ids.size());
            if (idx == -1) {
                ids.add(id);
                return ids.size() - 1;
            }
            return idx;
        }

        /** Returns the number of distinct ids added. */
        public int size() {
            return ids.size();
        }

        /** Freezes the ids in insertion order. */
        public IdIndex build() {
            return new IdIndex(ids.toLongArray(), null);
        }

        /** Freezes the ids in ascending numeric order. */
        public IdIndex buildSorted() {
            long[] a = ids.toLongArray();
            Arrays.sort(a);
            return new IdIndex(a, null);
        }
    }

    /** Collects string ids; adding an id twice keeps its first position. Not thread-safe. */
    public static final class StringBuilder {
        private final List<String> ids = new ArrayList<>();
        private final Object2IntOpenHashMap<String> seen = new Object2IntOpenHashMap<>();

        private StringBuilder() {
            seen.defaultReturnValue(-1);
        }

        /** Adds an id if new; returns this builder. */
        public StringBuilder add(String id) {
            addAndGet(id);
            return this;
        }

        /** Adds an id if new and returns its position in insertion order. */
        public int addAndGet(String id) {
            Objects.requireNonNull(id, "id");
            int idx = seen.putIfAbsent(id, ids.size());
            if (idx == -1) {
                ids.add(id);
                return ids.size() - 1;
            }
            return idx;
        }

        /** Returns the number of distinct ids added. */
        public int size() {
            return ids.size();
        }

        /** Freezes the ids in insertion order. */
        public IdIndex build() {
            return new IdIndex(null, ids.toArray(new String[0]));
        }

        /** Freezes the ids in ascending ordinal string order. */
        public IdIndex buildSorted() {
            String[] a = ids.toArray(new String[0]);
            Arrays.sort(a);
            return new IdIndex(null, a);
        }
    }
}
