package org.recsys4j.core.feature;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import org.recsys4j.core.data.IdIndex;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Returns the one-hot index of an id: {@code 1 + position} of the id in the vocabulary, or
 * {@link #OOV} ({@code 0}) for an id that is not in it.
 *
 * <p>The vocabulary holds the distinct ids (numeric or string) seen at least {@code minCount} times
 * in the training data, in ascending order (numeric order for {@code long} ids, ordinal
 * {@link String#compareTo} order for strings), so the indices do not depend on the order of the
 * training data. {@link #cardinality()} is {@code size() + 1}: the out-of-vocabulary bucket plus one
 * index per id. The ids live in an {@link IdIndex}.
 *
 * <pre>{@code
 * Vocabulary users = Vocabulary.trainer().withMinCount(2).build().fit(new long[] {7, 3, 7, 9, 3, 3});
 * users.index(3);   // 1
 * users.index(7);   // 2
 * users.index(9);   // 0: seen once, below the minimum count
 * }</pre>
 *
 * <p>Protocol C's userId and movieId encoders are {@code withMinCount(2)} over the train samples'
 * ids; its genre vocabulary is the default (min count 1) over the train samples' genres.
 */
public final class Vocabulary implements Encoder {
    /** The index of every id that is not in the vocabulary. */
    public static final int OOV = 0;
    /** The default minimum number of training occurrences: {@value}. */
    public static final int DEFAULT_MIN_COUNT = 1;

    private final IdIndex ids;
    private final int minCount;

    private Vocabulary(IdIndex ids, int minCount) {
        this.ids = ids;
        this.minCount = minCount;
    }

    /** Returns a builder of vocabulary trainers with the default minimum count. */
    public static Builder trainer() {
        return new Builder();
    }

    /**
     * Returns a vocabulary of exactly these numeric ids (sorted here; they must be distinct).
     *
     * @param ids the ids; index {@code i + 1} goes to the {@code i}-th smallest
     */
    public static Vocabulary ofLongs(long... ids) {
        long[] sorted = ids.clone();
        java.util.Arrays.sort(sorted);
        return new Vocabulary(IdIndex.ofLongs(sorted), 1);
    }

    /**
     * Returns a vocabulary of exactly these string ids (sorted here in ordinal order; distinct, non-null).
     *
     * @param ids the ids; index {@code i + 1} goes to the {@code i}-th smallest
     */
    public static Vocabulary ofStrings(String... ids) {
        String[] sorted = ids.clone();
        java.util.Arrays.sort(sorted);
        return new Vocabulary(IdIndex.ofStrings(sorted), 1);
    }

    @Override
    public EncoderKind kind() {
        return EncoderKind.VOCABULARY;
    }

    /** Returns the index of a numeric id: {@code 1 + position}, or {@link #OOV} if it is not in the vocabulary. */
    public int index(long id) {
        return ids.indexOf(id) + 1;
    }

    /** Returns the index of a string id (for a numeric vocabulary, its decimal text), or {@link #OOV}. */
    public int index(String id) {
        return id == null ? OOV : ids.indexOf(id) + 1;
    }

    /** Returns the number of ids in the vocabulary (not counting the out-of-vocabulary bucket). */
    public int size() {
        return ids.size();
    }

    /** Returns the number of one-hot indices, {@code size() + 1}: indices run from 0 (OOV) to {@code size()}. */
    public int cardinality() {
        return ids.size() + 1;
    }

    /** Returns true if the ids are numbers. */
    public boolean isNumeric() {
        return ids.isNumeric();
    }

    /** Returns the numeric id at an index in {@code 1..size()}. */
    public long longId(int index) {
        checkIndex(index);
        return ids.longId(index - 1);
    }

    /** Returns the id at an index in {@code 1..size()} as text. */
    public String id(int index) {
        checkIndex(index);
        return ids.id(index - 1);
    }

    /** Returns the minimum training count this vocabulary was fitted with (1 when built from ids). */
    public int minCount() {
        return minCount;
    }

    /** Returns the ids as a dense index: dense index {@code i} is vocabulary index {@code i + 1}. */
    public IdIndex ids() {
        return ids;
    }

    private void checkIndex(int index) {
        if (index < 1 || index > ids.size()) {
            throw new IndexOutOfBoundsException("index " + index + " not in 1.." + ids.size());
        }
    }

    void writePayload(DataOutput out) throws IOException {
        out.writeBoolean(ids.isNumeric());
        out.writeInt(minCount);
        out.writeInt(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (ids.isNumeric()) {
                out.writeLong(ids.longId(i));
            } else {
                EncoderFormat.writeString(out, ids.id(i));
            }
        }
    }

    static Vocabulary readPayload(DataInput in) throws IOException {
        boolean numeric = in.readBoolean();
        int minCount = in.readInt();
        int n = EncoderFormat.readCount(in, "vocabulary size");
        if (minCount < 1) {
            throw new IOException("vocabulary minCount " + minCount + " < 1");
        }
        if (numeric) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = in.readLong();
                if (i > 0 && a[i] <= a[i - 1]) {
                    throw new IOException("vocabulary ids not strictly ascending at position " + i);
                }
            }
            return new Vocabulary(IdIndex.ofLongs(a), minCount);
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = EncoderFormat.readString(in);
            if (i > 0 && a[i].compareTo(a[i - 1]) <= 0) {
                throw new IOException("vocabulary ids not strictly ascending at position " + i);
            }
        }
        return new Vocabulary(IdIndex.ofStrings(a), minCount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.minCount == minCount && v.ids.equals(ids);
    }

    @Override
    public int hashCode() {
        return ids.hashCode() * 31 + minCount;
    }

    @Override
    public String toString() {
        return "Vocabulary[size=" + size() + ", numeric=" + isNumeric() + ", minCount=" + minCount + "]";
    }

    /** Returns, from {@link #build()}, an immutable vocabulary trainer; collects the settings. */
    public static final class Builder {
        private int minCount = DEFAULT_MIN_COUNT;

        private Builder() {
        }

        /**
         * Returns this builder with the minimum number of training occurrences an id needs to enter the
         * vocabulary (default {@value Vocabulary#DEFAULT_MIN_COUNT}).
         *
         * @param minCount at least 1
         */
        public Builder withMinCount(int minCount) {
            this.minCount = minCount;
            return this;
        }

        /** Returns the trainer; throws {@link IllegalArgumentException} naming a setting out of range. */
        public Trainer build() {
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount: " + minCount + ", must be >= 1");
            }
            return new Trainer(minCount);
        }
    }

    /** Returns fitted vocabularies from training ids; immutable and thread-safe. */
    public static final class Trainer {
        private final int minCount;

        private Trainer(int minCount) {
            this.minCount = minCount;
        }

        /** Returns the minimum count. */
        public int minCount() {
            return minCount;
        }

        /** Returns the vocabulary of the numeric ids that occur at least {@code minCount} times in {@code ids}. */
        public Vocabulary fit(long[] ids) {
            Long2IntOpenHashMap counts = new Long2IntOpenHashMap();
            for (long id : ids) {
                counts.addTo(id, 1);
            }
            return fitCounts(counts);
        }

        /** Returns the vocabulary of the string ids that occur at least {@code minCount} times; nulls are refused. */
        public Vocabulary fitStrings(Iterable<String> ids) {
            Object2IntOpenHashMap<String> counts = new Object2IntOpenHashMap<>();
            long position = 0;
            for (String id : ids) {
                if (id == null) {
                    throw new IllegalArgumentException("null id at position " + position);
                }
                counts.addTo(id, 1);
                position++;
            }
            return fitStringCounts(counts);
        }

        Vocabulary fitCounts(Long2IntOpenHashMap counts) {
            LongArrayList kept = new LongArrayList();
            for (Long2IntOpenHashMap.Entry e : counts.long2IntEntrySet()) {
                if (e.getIntValue() >= minCount) {
                    kept.add(e.getLongKey());
                }
            }
            long[] a = kept.toLongArray();
            java.util.Arrays.sort(a);
            return new Vocabulary(IdIndex.ofLongs(a), minCount);
        }

        Vocabulary fitStringCounts(Object2IntOpenHashMap<String> counts) {
            List<String> kept = new ArrayList<>();
            for (Object2IntMap.Entry<String> e : counts.object2IntEntrySet()) {
                if (e.getIntValue() >= minCount) {
                    kept.add(e.getKey());
                }
            }
            Collections.sort(kept);
            return new Vocabulary(IdIndex.ofStrings(kept.toArray(new String[0])), minCount);
        }
    }
}
