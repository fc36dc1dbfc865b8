package org.recsys4j.embedding.seq;

import it.unimi.dsi.fastutil.ints.IntArrays;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import java.util.Objects;

/**
 * Turns interactions into per-user item sequences, the item2vec corpus: for each user, the items
 * rated at least {@link Builder#withMinRating} (3.5 by default, the source system's rule), sorted by
 * (timestamp, external item id), optionally cut into sessions where the time between two consecutive
 * events exceeds {@link Builder#withSessionGapSeconds}; sequences shorter than {@link Builder#withMinLength}
 * are dropped.
 *
 * <pre>{@code
 * SequenceCorpus corpus = ItemSequences.builder().withMinRating(3.5).withMinLength(2).build()
 *         .from(task.train());
 * }</pre>
 */
public final class ItemSequences {
    /** The default minimum rating an interaction needs to enter a sequence (the source system's rule). */
    public static final double DEFAULT_MIN_RATING = 3.5;
    /** The default minimum length of a kept sequence. */
    public static final int DEFAULT_MIN_LENGTH = 1;
    /** The default session gap: 0, one sequence per user. */
    public static final long DEFAULT_SESSION_GAP_SECONDS = 0;

    private final double minRating;
    private final int minLength;
    private final long sessionGapSeconds;

    private ItemSequences(Builder b) {
        this.minRating = b.minRating;
        this.minLength = b.minLength;
        this.sessionGapSeconds = b.sessionGapSeconds;
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values, the source system's: rating ≥ 3.5,
     * length ≥ 1, no session split.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the minimum rating an interaction needs to enter a sequence. */
    public double minRating() {
        return minRating;
    }

    /** Returns the minimum length of a kept sequence. */
    public int minLength() {
        return minLength;
    }

    /** Returns the session gap in seconds, 0 for none. */
    public long sessionGapSeconds() {
        return sessionGapSeconds;
    }

    /**
     * Returns the corpus of {@code interactions}; tokens are dense indices of {@code interactions.items()},
     * sequences come in user index order (sessions of one user in time order).
     */
    public SequenceCorpus from(Interactions interactions) {
        Objects.requireNonNull(interactions, "interactions");
        IdIndex items = interactions.items();
        Interactions.Csr byUser = interactions.byUser();
        float[] value = interactions.valueColumn();
        long[] ts = interactions.timestampColumn();
        int[] itemCol = interactions.itemColumn();
        SequenceCorpus.Builder out = SequenceCorpus.builder(items);
        boolean sorted = items.isSorted();
        int[] buf = new int[16];
        for (int u = 0; u < byUser.rows(); u++) {
            int n = 0;
            int from = byUser.start(u);
            int to = byUser.end(u);
            if (buf.length < to - from) {
                buf = new int[to - from];
            }
            for (int p = from; p < to; p++) {
                int k = byUser.entry(p);
                if (value[k] >= minRating) {
                    buf[n++] = k;
                }
            }
            if (!sorted) {
                // The CSR orders ties by dense index; the rule is (timestamp, external id).
                IntArrays.quickSort(buf, 0, n, (a, b) -> {
                    int c = Long.compare(ts[a], ts[b]);
                    return c != 0 ? c : compareIds(items, itemCol[a], itemCol[b]);
                });
            }
            int start = 0;
            for (int i = 1; i <= n; i++) {
                if (i == n || (sessionGapSeconds > 0 && ts[buf[i]] - ts[buf[i - 1]] > sessionGapSeconds)) {
                    if (i - start >= minLength) {
                        int[] seq = new int[i - start];
                        for (int j = start; j < i; j++) {
                            seq[j - start] = itemCol[buf[j]];
                        }
                        out.add(seq);
                    }
                    start = i;
                }
            }
        }
        return out.build();
    }

    private static int compareIds(IdIndex items, int a, int b) {
        return items.isNumeric() ? Long.compare(items.longId(a), items.longId(b)) : items.id(a).compareTo(items.id(b));
    }

    @Override
    public String toString() {
        return "ItemSequences[rating >= " + minRating + ", length >= " + minLength
                + (sessionGapSeconds > 0 ? ", session gap " + sessionGapSeconds + " s" : "") + "]";
    }

    /**
     * Builds {@link ItemSequences}. Setters only store; {@link #build()} checks every value and names the one out
     * of range. Not thread-safe.
     */
    public static final class Builder {
        private double minRating = DEFAULT_MIN_RATING;
        private int minLength = DEFAULT_MIN_LENGTH;
        private long sessionGapSeconds = DEFAULT_SESSION_GAP_SECONDS;

        private Builder() {
        }

        /**
         * Sets the minimum value (rating) an interaction needs, not NaN; {@code Double.NEGATIVE_INFINITY} keeps
         * all (default {@value ItemSequences#DEFAULT_MIN_RATING}).
         */
        public Builder withMinRating(double v) {
            this.minRating = v;
            return this;
        }

        /**
         * Sets the minimum length of a kept sequence (after session splitting), at least 1 (default
         * {@value ItemSequences#DEFAULT_MIN_LENGTH}).
         */
        public Builder withMinLength(int n) {
            this.minLength = n;
            return this;
        }

        /**
         * Splits a user's events into sessions where two consecutive events are more than {@code seconds}
         * apart, at least 0; 0 (the default, {@value ItemSequences#DEFAULT_SESSION_GAP_SECONDS}) keeps one
         * sequence per user.
         */
        public Builder withSessionGapSeconds(long seconds) {
            this.sessionGapSeconds = seconds;
            return this;
        }

        /**
         * Returns the configured {@link ItemSequences}.
         *
         * @throws IllegalArgumentException naming the option out of range
         */
        public ItemSequences build() {
            if (Double.isNaN(minRating)) {
                throw new IllegalArgumentException("minRating: NaN");
            }
            if (minLength < 1) {
                throw new IllegalArgumentException("minLength: " + minLength + ", must be >= 1");
            }
            if (sessionGapSeconds < 0) {
                throw new IllegalArgumentException("sessionGapSeconds: " + sessionGapSeconds + ", must be >= 0");
            }
            return new ItemSequences(this);
        }
    }
}
