package org.recsys4j.embedding.seq;

import it.unimi.dsi.fastutil.ints.IntArrays;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import java.util.Locale;
import java.util.Objects;

/**
 * Turns interactions into per-user item sequences, the item2vec corpus: for each user, the items of their
 * interactions sorted by (timestamp, external item id), optionally cut into sessions where the time between
 * two consecutive events exceeds {@link Builder#withSessionGapSeconds}; sequences shorter than
 * {@link Builder#withMinLength} are dropped.
 *
 * <p><b>Which interactions count is the caller's choice</b>, never a hidden default: by default every
 * interaction given enters a sequence, so pass interactions that an explicit
 * {@link org.recsys4j.core.data.Feedback} policy made (e.g. view / cart / buy events weighted and combined
 * per pair), or set a {@link Builder#withThreshold threshold} on the values (explicit ratings: keep the
 * "liked" ones, as the source system's item2vec does). A repeated (user, item) pair is a repeated
 * token. When interactions are given but no sequence is left, {@link #from} fails saying how many
 * interactions the threshold dropped and how many were in sequences shorter than the minimum length.
 *
 * <pre>{@code
 * SequenceCorpus shop = ItemSequences.builder().withMinLength(2).build()
 *         .from(Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM).apply(log));
 * SequenceCorpus liked = ItemSequences.builder().withThreshold(4.0).build().from(ratings);   // ratings >= 4
 * }</pre>
 */
public final class ItemSequences {
    /**
     * The default threshold: none ({@code -Infinity}): every interaction given enters a sequence, the caller's
     * {@link org.recsys4j.core.data.Feedback} policy having chosen them.
     */
    public static final double DEFAULT_THRESHOLD = Double.NEGATIVE_INFINITY;
    /** The default minimum length of a kept sequence. */
    public static final int DEFAULT_MIN_LENGTH = 1;
    /** The default session gap: 0, one sequence per user. */
    public static final long DEFAULT_SESSION_GAP_SECONDS = 0;

    private final double threshold;
    private final int minLength;
    private final long sessionGapSeconds;

    private ItemSequences(Builder b) {
        this.threshold = b.threshold;
        this.minLength = b.minLength;
        this.sessionGapSeconds = b.sessionGapSeconds;
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values: no threshold (every interaction
     * given counts), length ≥ 1, no session split.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the lowest value an interaction needs to enter a sequence ({@code -Infinity}: none). */
    public double threshold() {
        return threshold;
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
     * sequences come in user index order (sessions of one user in time order). No interactions give an empty
     * corpus.
     *
     * @param interactions the interactions, already chosen by the caller's policy
     * @return the corpus
     * @throws IllegalArgumentException if interactions are given but no sequence is left, naming how many the
     *                                  threshold dropped (and the largest value seen) and how many were in
     *                                  sequences shorter than the minimum length
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
        long belowThreshold = 0;
        long inShort = 0;
        int shortSequences = 0;
        int kept = 0;
        for (int u = 0; u < byUser.rows(); u++) {
            int n = 0;
            int from = byUser.start(u);
            int to = byUser.end(u);
            if (buf.length < to - from) {
                buf = new int[to - from];
            }
            for (int p = from; p < to; p++) {
                int k = byUser.entry(p);
                if (value[k] >= threshold) {
                    buf[n++] = k;
                } else {
                    belowThreshold++;
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
                        kept++;
                    } else {
                        shortSequences++;
                        inShort += i - start;
                    }
                    start = i;
                }
            }
        }
        if (kept == 0 && interactions.size() > 0) {
            throw new IllegalArgumentException(emptyCorpus(interactions.size(), belowThreshold, inShort,
                    shortSequences, value));
        }
        return out.build();
    }

    /** The message of a corpus left empty: what dropped the interactions, and what to change. */
    private String emptyCorpus(int rows, long belowThreshold, long inShort, int shortSequences, float[] value) {
        StringBuilder m = new StringBuilder(String.format(Locale.ROOT,
                "ItemSequences: no sequence is left of %,d interactions:", rows));
        if (belowThreshold > 0) {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : value) {
                max = Math.max(max, v);
            }
            m.append(String.format(Locale.ROOT, " %,d below the threshold %s (the largest value is %s)",
                    belowThreshold, number(threshold), number(max)));
        }
        if (inShort > 0) {
            m.append(belowThreshold > 0 ? ";" : "").append(String.format(Locale.ROOT,
                    " %,d in %,d sequence%s shorter than minLength %d", inShort, shortSequences,
                    shortSequences == 1 ? "" : "s", minLength));
        }
        m.append(belowThreshold > 0
                ? ". The threshold keeps values >= it: for implicit events (weights or counts) leave it unset and "
                + "choose the events with a Feedback policy"
                : ". Lower minLength or the session gap, or give more interactions per user");
        return m.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static int compareIds(IdIndex items, int a, int b) {
        return items.isNumeric() ? Long.compare(items.longId(a), items.longId(b)) : items.id(a).compareTo(items.id(b));
    }

    @Override
    public String toString() {
        return "ItemSequences[" + (threshold == DEFAULT_THRESHOLD ? "every interaction" : "value >= " + threshold)
                + ", length >= " + minLength
                + (sessionGapSeconds > 0 ? ", session gap " + sessionGapSeconds + " s" : "") + "]";
    }

    /**
     * Builds {@link ItemSequences}. Setters only store; {@link #build()} checks every value and names the one out
     * of range. Not thread-safe.
     */
    public static final class Builder {
        private double threshold = DEFAULT_THRESHOLD;
        private int minLength = DEFAULT_MIN_LENGTH;
        private long sessionGapSeconds = DEFAULT_SESSION_GAP_SECONDS;

        private Builder() {
        }

        /**
         * Keeps only interactions whose value is at least {@code threshold}, not NaN (default
         * {@value ItemSequences#DEFAULT_THRESHOLD}: none, every interaction given counts), e.g. the "liked"
         * ones of explicit ratings.
         *
         * @param threshold the lowest value kept
         * @return this builder
         */
        public Builder withThreshold(double threshold) {
            this.threshold = threshold;
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
            if (Double.isNaN(threshold)) {
                throw new IllegalArgumentException("threshold: NaN, must be a number or -Infinity (none)");
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
