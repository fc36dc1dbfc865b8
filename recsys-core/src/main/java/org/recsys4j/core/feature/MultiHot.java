package org.recsys4j.core.feature;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Returns the multi-hot encoding of a set of tokens (genres, tags, recent items): the sorted distinct
 * {@link Vocabulary} indices of the tokens.
 *
 * <p>A token that is not in the vocabulary maps to {@link Vocabulary#OOV} ({@code 0}); with
 * {@link Oov#KEEP} (the default) that 0 is kept in the result, once however many unknown tokens
 * there are, and with {@link Oov#DROP} it is left out. Duplicate tokens give one index. An empty set
 * gives an empty array.
 *
 * <pre>{@code
 * MultiHot genres = MultiHot.trainer().build().fitStrings(List.of(List.of("Drama", "Comedy"), List.of("Drama")));
 * genres.indices(List.of("Drama", "Western", "Comedy"));   // [0, 1, 2]
 * }</pre>
 *
 * <p>Protocol C's genres and favouriteGenres are {@code KEEP} over the genre vocabulary; its
 * recentPositive is {@code MultiHot.over(movieVocabulary, Oov.KEEP)}.
 */
public final class MultiHot implements Encoder {
    /** What happens to tokens that are not in the vocabulary. */
    public enum Oov {
        /** Unknown tokens give index {@link Vocabulary#OOV} (0), once. */
        KEEP,
        /** Unknown tokens are left out. */
        DROP
    }

    /** The default minimum number of training occurrences of a token: {@value}. */
    public static final int DEFAULT_MIN_COUNT = Vocabulary.DEFAULT_MIN_COUNT;
    /** The default policy for unknown tokens: {@link Oov#KEEP}. */
    public static final Oov DEFAULT_OOV = Oov.KEEP;

    private final Vocabulary vocabulary;
    private final Oov oov;

    private MultiHot(Vocabulary vocabulary, Oov oov) {
        this.vocabulary = vocabulary;
        this.oov = oov;
    }

    /**
     * Returns a multi-hot encoder over an existing vocabulary (e.g. recent items over the item vocabulary).
     *
     * @param vocabulary the token vocabulary
     * @param oov        what to do with unknown tokens
     */
    public static MultiHot over(Vocabulary vocabulary, Oov oov) {
        return new MultiHot(Objects.requireNonNull(vocabulary, "vocabulary"), Objects.requireNonNull(oov, "oov"));
    }

    /** Returns a builder of multi-hot trainers ({@link #DEFAULT_MIN_COUNT}, {@link #DEFAULT_OOV}). */
    public static Builder trainer() {
        return new Builder();
    }

    @Override
    public EncoderKind kind() {
        return EncoderKind.MULTI_HOT;
    }

    /** Returns the sorted distinct indices of string tokens (see the class comment for unknown tokens). */
    public int[] indices(Collection<String> tokens) {
        int[] out = new int[tokens.size()];
        int n = 0;
        for (String t : tokens) {
            n = add(out, n, vocabulary.index(t));
        }
        return sortDistinct(out, n);
    }

    /** Returns the sorted distinct indices of numeric tokens (see the class comment for unknown tokens). */
    public int[] indices(long... tokens) {
        int[] out = new int[tokens.length];
        int n = 0;
        for (long t : tokens) {
            n = add(out, n, vocabulary.index(t));
        }
        return sortDistinct(out, n);
    }

    private int add(int[] out, int n, int idx) {
        if (idx == Vocabulary.OOV && oov == Oov.DROP) {
            return n;
        }
        out[n] = idx;
        return n + 1;
    }

    private static int[] sortDistinct(int[] a, int n) {
        if (n > 1) {
            Arrays.sort(a, 0, n);
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || a[i] != a[m - 1]) {
                a[m++] = a[i];
            }
        }
        return m == a.length ? a : Arrays.copyOf(a, m);
    }

    /** Returns the number of possible indices, the vocabulary's cardinality (OOV bucket included). */
    public int cardinality() {
        return vocabulary.cardinality();
    }

    /** Returns the token vocabulary. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Returns the policy for unknown tokens. */
    public Oov oov() {
        return oov;
    }

    void writePayload(DataOutput out) throws IOException {
        out.writeByte(oov.ordinal());
        vocabulary.writePayload(out);
    }

    static MultiHot readPayload(DataInput in) throws IOException {
        int o = in.readUnsignedByte();
        if (o >= Oov.values().length) {
            throw new IOException("unknown OOV policy code " + o);
        }
        return new MultiHot(Vocabulary.readPayload(in), Oov.values()[o]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiHot m && m.oov == oov && m.vocabulary.equals(vocabulary);
    }

    @Override
    public int hashCode() {
        return vocabulary.hashCode() * 31 + oov.hashCode();
    }

    @Override
    public String toString() {
        return "MultiHot[" + vocabulary + ", oov=" + oov + "]";
    }

    /** Returns, from {@link #build()}, an immutable multi-hot trainer; collects the settings. */
    public static final class Builder {
        private int minCount = DEFAULT_MIN_COUNT;
        private Oov oov = DEFAULT_OOV;

        private Builder() {
        }

        /**
         * Returns this builder with the minimum number of training occurrences of a token (every
         * occurrence in every set counts; default {@value MultiHot#DEFAULT_MIN_COUNT}).
         *
         * @param minCount at least 1
         */
        public Builder withMinCount(int minCount) {
            this.minCount = minCount;
            return this;
        }

        /**
         * Returns this builder with the policy for unknown tokens (default {@link MultiHot#DEFAULT_OOV}).
         *
         * @param oov keep the 0 index or drop it
         */
        public Builder withOov(Oov oov) {
            this.oov = oov;
            return this;
        }

        /**
         * Returns the trainer.
         *
         * @throws IllegalArgumentException naming a setting out of range
         * @throws NullPointerException     if the OOV policy is null
         */
        public Trainer build() {
            Objects.requireNonNull(oov, "oov");
            return new Trainer(Vocabulary.trainer().withMinCount(minCount).build(), oov);
        }
    }

    /** Returns fitted multi-hot encoders from training token sets; immutable and thread-safe. */
    public static final class Trainer {
        private final Vocabulary.Trainer vocabularyTrainer;
        private final Oov oov;

        private Trainer(Vocabulary.Trainer vocabularyTrainer, Oov oov) {
            this.vocabularyTrainer = vocabularyTrainer;
            this.oov = oov;
        }

        /** Returns the policy for unknown tokens. */
        public Oov oov() {
            return oov;
        }

        /** Returns the encoder whose vocabulary is the string tokens of {@code sets} seen at least minCount times. */
        public MultiHot fitStrings(Iterable<? extends Collection<String>> sets) {
            Object2IntOpenHashMap<String> counts = new Object2IntOpenHashMap<>();
            long row = 0;
            for (Collection<String> set : sets) {
                if (set == null) {
                    throw new IllegalArgumentException("null token set at position " + row);
                }
                for (String t : set) {
                    if (t == null) {
                        throw new IllegalArgumentException("null token in set at position " + row);
                    }
                    counts.addTo(t, 1);
                }
                row++;
            }
            return new MultiHot(vocabularyTrainer.fitStringCounts(counts), oov);
        }

        /** Returns the encoder whose vocabulary is the numeric tokens of {@code sets} seen at least minCount times. */
        public MultiHot fitLongs(Iterable<long[]> sets) {
            Long2IntOpenHashMap counts = new Long2IntOpenHashMap();
            long row = 0;
            for (long[] set : sets) {
                if (set == null) {
                    throw new IllegalArgumentException("null token set at position " + row);
                }
                for (long t : set) {
                    counts.addTo(t, 1);
                }
                row++;
            }
            return new MultiHot(vocabularyTrainer.fitCounts(counts), oov);
        }
    }
}
