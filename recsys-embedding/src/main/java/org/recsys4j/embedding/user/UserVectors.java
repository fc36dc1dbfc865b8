package org.recsys4j.embedding.user;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Returns user vectors as weighted averages of the vectors of the items of each user's interactions, the
 * source system's user embedding: {@code u = Σ wᵢ·vᵢ / Σ wᵢ} over the user's interactions whose value is at
 * least {@link #threshold()} and whose item has a vector, optionally scaled to unit length.
 *
 * <p><b>Which interactions count is the caller's choice</b>, never a hidden default: by default every
 * interaction given counts, so pass interactions an explicit {@link org.recsys4j.core.data.Feedback} policy
 * made (implicit events weighted and combined per pair), or set a {@link Builder#withThreshold threshold}
 * (explicit ratings: the "liked" ones, as the source system does). The threshold is applied here rather than
 * by filtering the interactions first because {@link Weighting#RECENCY} measures age from a user's last event,
 * kept or not.
 *
 * <p>Weights, per {@link Weighting}:
 * <ul>
 * <li>{@link Weighting#MEAN}: 1 (the plain mean, the source system's rule);</li>
 * <li>{@link Weighting#RATING}: the interaction's value (a rating, or the weight a Feedback policy gave),
 * clipped at 0. Not the rating minus the user's mean: with a "liked" threshold every kept rating is already
 * high, so raw ratings give a 5★ item more pull than one just above the threshold, while mean-centring would
 * zero the items of a user who rates everything alike and leave them without a vector;</li>
 * <li>{@link Weighting#RECENCY}: {@code 0.5^(age / halfLife)} where age is the time from the
 * interaction to the user's last event (the latest timestamp among all of the user's interactions,
 * kept or not; timestamps in seconds): the last event weighs 1, one half-life earlier ½.</li>
 * </ul>
 * Items are matched to rows of the item table by external id; an interaction whose item has no
 * vector, or whose value is below {@link #threshold()}, is skipped. A user with no kept interaction
 * (or whose weights sum to 0) gets <em>no row</em> in the table, and is never left out silently:
 * {@link #compute} returns the table in a {@link Result} that counts them
 * ({@link Result#usersWithoutVector()}, of which {@link Result#usersWithoutInteractions()} had no
 * interaction at all) and the interactions skipped, and fails when interactions are given but no user
 * gets a vector.
 *
 * <p>Deterministic: each user's terms are summed in the order of the item table's rows (then of
 * weight), so the result depends neither on the thread count nor on the order of the history, and
 * {@link #fromHistory(EmbeddingTable, long[], float[], long[])} returns bit for bit the row
 * {@link #compute} gives a user with the same history. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * UserVectors uv = UserVectors.builder().withWeighting(UserVectors.Weighting.RECENCY).withHalfLifeDays(30)
 *         .withNormalize(true).withThreads(2).build();
 * UserVectors.Result r = uv.compute(train, itemVectors);
 * EmbeddingTable users = r.vectors();
 * System.out.println(r.summary());   // e.g. "vectors for 610 of 610 users; ..."
 * Optional<float[]> cold = uv.fromHistory(itemVectors, new long[] {1, 296}, new float[] {4, 5},
 *         new long[] {964982703L, 964983815L});
 * }</pre>
 */
public final class UserVectors {
    private static final double SECONDS_PER_DAY = 86_400.0;
    /** The default weighting: the plain mean. */
    public static final Weighting DEFAULT_WEIGHTING = Weighting.MEAN;
    /**
     * The default threshold: none ({@code -Infinity}): every interaction given counts, the caller's
     * {@link org.recsys4j.core.data.Feedback} policy having chosen them.
     */
    public static final double DEFAULT_THRESHOLD = Double.NEGATIVE_INFINITY;
    /** The default half-life of {@link Weighting#RECENCY}, in days. */
    public static final double DEFAULT_HALF_LIFE_DAYS = 30;
    /** By default user vectors are not scaled to unit length. */
    public static final boolean DEFAULT_NORMALIZE = false;
    /**
     * The default number of threads of {@link #compute}: all available processors, since the vectors do not
     * depend on the thread count.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    /** How the items of a user are weighted. */
    public enum Weighting {
        /** Every kept item weighs 1. */
        MEAN,
        /** An item weighs its interaction's value (a rating or a policy's weight; clipped at 0). */
        RATING,
        /** An item weighs {@code 0.5^(age / halfLife)}, age measured back from the user's last event. */
        RECENCY
    }

    private final Weighting weighting;
    private final double threshold;
    private final double halfLifeDays;
    private final boolean normalize;
    private final int threads;

    private UserVectors(Builder b) {
        this.weighting = b.weighting;
        this.threshold = b.threshold;
        this.halfLifeDays = b.halfLifeDays;
        this.normalize = b.normalize;
        this.threads = b.threads;
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values: MEAN, no threshold (every
     * interaction given counts), half-life 30 days, no normalisation, all processors.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the weighting. */
    public Weighting weighting() {
        return weighting;
    }

    /** Returns the lowest value an interaction needs to count ({@code -Infinity}: every interaction). */
    public double threshold() {
        return threshold;
    }

    /** Returns the half-life of {@link Weighting#RECENCY}, in days. */
    public double halfLifeDays() {
        return halfLifeDays;
    }

    /** Returns true if every user vector is scaled to unit Euclidean length. */
    public boolean normalize() {
        return normalize;
    }

    /** Returns the number of threads of {@link #compute}. */
    public int threads() {
        return threads;
    }

    /**
     * The user vectors of {@link #compute} and what was left out, so that no user is left without a vector
     * silently.
     *
     * @param vectors                  one row per user with a vector, in user index order, ids of
     *                                 {@code interactions.users()}
     * @param users                    the users of {@code interactions.users()}
     * @param usersWithoutVector       users that got no row: no interaction at all, or none kept (every one below
     *                                 the threshold or without an item vector), or weights summing to 0
     * @param usersWithoutInteractions of those, the users with no interaction at all in the log (an id index may
     *                                 list users whose events a policy dropped)
     * @param skippedNoVector          interactions at or above the threshold whose item has no vector
     * @param skippedBelowThreshold    interactions whose value is below {@link #threshold()}
     */
    public record Result(EmbeddingTable vectors, int users, int usersWithoutVector, int usersWithoutInteractions,
                         long skippedNoVector, long skippedBelowThreshold) {
        /** Checks that the table is present. */
        public Result {
            Objects.requireNonNull(vectors, "vectors");
        }

        /** Returns the number of users that have interactions but got no vector. */
        public int usersWithInteractionsWithoutVector() {
            return usersWithoutVector - usersWithoutInteractions;
        }

        /**
         * Returns one line for a log, e.g. {@code vectors for 335 of 610 users; 275 without one (0 without
         * interactions); skipped 43,375 interactions below the threshold and 0 whose item has no vector}.
         */
        public String summary() {
            return String.format(Locale.ROOT, "vectors for %,d of %,d users; %,d without one (%,d without "
                            + "interactions); skipped %,d interactions below the threshold and %,d whose item has no "
                            + "vector", vectors.size(), users, usersWithoutVector, usersWithoutInteractions,
                    skippedBelowThreshold, skippedNoVector);
        }
    }

    /**
     * Returns the vector of every user of {@code interactions} that has at least one kept interaction, in
     * one pass over the by-user view, with the number of users left without a vector and of skipped
     * interactions ({@link Result#summary()} says it in one line).
     *
     * @param interactions the interactions (values as weighed by {@link Weighting}, timestamps in seconds)
     * @param itemVectors  the item vectors, matched to {@code interactions.items()} by external id
     * @return the table (the user ids of {@code interactions.users()}, the item table's dimension) and the counts
     * @throws IllegalArgumentException if interactions are given but no user gets a vector, saying how many
     *                                  interactions were below the threshold and how many had no item vector
     */
    public Result compute(Interactions interactions, EmbeddingTable itemVectors) {
        Objects.requireNonNull(interactions, "interactions");
        Objects.requireNonNull(itemVectors, "itemVectors");
        int dim = itemVectors.dim();
        IdIndex items = interactions.items();
        IdIndex tableIds = itemVectors.ids();
        int[] rowOf = new int[items.size()];
        for (int i = 0; i < rowOf.length; i++) {
            rowOf[i] = items.isNumeric() ? tableIds.indexOf(items.longId(i)) : tableIds.indexOf(items.id(i));
        }
        Interactions.Csr byUser = interactions.byUser();
        int numUsers = byUser.rows();
        float[] out = new float[Math.multiplyExact(numUsers, dim)];
        boolean[] has = new boolean[numUsers];
        long[] noVector = new long[numUsers];
        long[] belowRating = new long[numUsers];
        Parallel.forRange(numUsers, threads, 256, Scratch::new, (s, from, to) -> {
            for (int u = from; u < to; u++) {
                int start = byUser.start(u);
                int end = byUser.end(u);
                s.ensure(end - start);
                long last = Long.MIN_VALUE;
                for (int p = start; p < end; p++) {
                    last = Math.max(last, interactions.timestamp(byUser.entry(p)));
                }
                int n = 0;
                for (int p = start; p < end; p++) {
                    int k = byUser.entry(p);
                    float rating = interactions.value(k);
                    if (!(rating >= threshold)) {
                        belowRating[u]++;
                        continue;
                    }
                    int row = rowOf[byUser.other(p)];
                    if (row < 0) {
                        noVector[u]++;
                        continue;
                    }
                    s.keys[n++] = key(row, weight(rating, interactions.timestamp(k), last));
                }
                has[u] = combine(itemVectors, s.keys, n, out, u * dim);
            }
        });
        int kept = 0;
        int idle = 0;
        long nv = 0;
        long br = 0;
        for (int u = 0; u < numUsers; u++) {
            kept += has[u] ? 1 : 0;
            idle += byUser.degree(u) == 0 ? 1 : 0;
            nv += noVector[u];
            br += belowRating[u];
        }
        if (kept == 0 && interactions.size() > 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "UserVectors: no user of %,d gets a "
                            + "vector from %,d interactions: %,d below the threshold %s, %,d whose item has no vector "
                            + "(the item table has %,d ids, e.g. %s; the interactions' items e.g. %s)", numUsers,
                    interactions.size(), br, threshold, nv, tableIds.size(),
                    tableIds.size() > 0 ? tableIds.id(0) : "none", items.size() > 0 ? items.id(0) : "none"));
        }
        EmbeddingTable.Builder b = EmbeddingTable.builder(dim);
        IdIndex users = interactions.users();
        float[] v = new float[dim];
        for (int u = 0; u < numUsers; u++) {
            if (has[u]) {
                System.arraycopy(out, u * dim, v, 0, dim);
                if (users.isNumeric()) {
                    b.add(users.longId(u), v);
                } else {
                    b.add(users.id(u), v);
                }
            }
        }
        return new Result(b.build(), numUsers, numUsers - kept, idle, nv, br);
    }

    /**
     * Returns the vector of an unseen user from the items of their history, every item weighing 1 (no
     * values or times are known, so the threshold does not apply and {@link Weighting#RATING} and
     * {@link Weighting#RECENCY} reduce to the mean). Unknown item ids are skipped.
     *
     * @param itemVectors the item vectors
     * @param itemIds     the history's external item ids (repeats count repeatedly)
     * @return the vector, or empty if no item id has a vector
     */
    public Optional<float[]> fromHistory(EmbeddingTable itemVectors, long... itemIds) {
        Objects.requireNonNull(itemVectors, "itemVectors");
        long[] keys = new long[itemIds.length];
        int n = 0;
        for (long id : itemIds) {
            int row = itemVectors.ids().indexOf(id);
            if (row >= 0) {
                keys[n++] = key(row, 1f);
            }
        }
        return finish(itemVectors, keys, n);
    }

    /**
     * Returns the vector of an unseen user from a full history, weighted and filtered exactly as
     * {@link #compute} does: bit for bit the row a user with this history would get there. Unknown item
     * ids are skipped.
     *
     * @param itemVectors the item vectors
     * @param itemIds     the history's external item ids
     * @param ratings     the value of each interaction (a rating or a policy's weight)
     * @param timestamps  the time of each interaction, in seconds
     * @return the vector, or empty if no interaction is kept (all below the threshold, or without a vector)
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public Optional<float[]> fromHistory(EmbeddingTable itemVectors, long[] itemIds, float[] ratings,
                                         long[] timestamps) {
        Objects.requireNonNull(itemVectors, "itemVectors");
        if (ratings.length != itemIds.length || timestamps.length != itemIds.length) {
            throw new IllegalArgumentException("history lengths differ: itemIds " + itemIds.length + ", ratings "
                    + ratings.length + ", timestamps " + timestamps.length);
        }
        long last = Long.MIN_VALUE;
        for (long t : timestamps) {
            last = Math.max(last, t);
        }
        long[] keys = new long[itemIds.length];
        int n = 0;
        for (int i = 0; i < itemIds.length; i++) {
            if (!(ratings[i] >= threshold)) {
                continue;
            }
            int row = itemVectors.ids().indexOf(itemIds[i]);
            if (row >= 0) {
                keys[n++] = key(row, weight(ratings[i], timestamps[i], last));
            }
        }
        return finish(itemVectors, keys, n);
    }

    private Optional<float[]> finish(EmbeddingTable itemVectors, long[] keys, int n) {
        float[] v = new float[itemVectors.dim()];
        return combine(itemVectors, keys, n, v, 0) ? Optional.of(v) : Optional.empty();
    }

    private float weight(float rating, long ts, long last) {
        return switch (weighting) {
            case MEAN -> 1f;
            case RATING -> Math.max(rating, 0f);
            case RECENCY -> (float) Math.pow(0.5, (last - ts) / SECONDS_PER_DAY / halfLifeDays);
        };
    }

    /** Packs (row, weight) so that sorting the longs orders by row, then weight (weights are >= 0). */
    private static long key(int row, float weight) {
        return ((long) row << 32) | (Float.floatToIntBits(weight + 0f) & 0xFFFFFFFFL);
    }

    /**
     * Writes {@code Σ w·v / Σ w} (normalised if asked) to {@code out[o .. o + dim)} and returns true, or
     * leaves it zero and returns false when there is no positive weight. Sorts {@code keys[0 .. n)}.
     */
    private boolean combine(EmbeddingTable itemVectors, long[] keys, int n, float[] out, int o) {
        Arrays.sort(keys, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float w = Float.intBitsToFloat((int) keys[i]);
            if (w > 0) {
                itemVectors.addScaledRow((int) (keys[i] >>> 32), w, out, o);
                sum += w;
            }
        }
        int dim = itemVectors.dim();
        if (!(sum > 0)) {
            Arrays.fill(out, o, o + dim, 0f);
            return false;
        }
        Vectors.scale((float) (1.0 / sum), out, o, dim);
        if (normalize) {
            Vectors.normalize(out, o, dim);
        }
        return true;
    }

    private static final class Scratch {
        long[] keys = new long[64];

        void ensure(int n) {
            if (keys.length < n) {
                keys = new long[Math.max(n, keys.length * 2)];
            }
        }
    }

    @Override
    public String toString() {
        return "UserVectors[" + weighting + (threshold == DEFAULT_THRESHOLD ? "" : ", threshold " + threshold)
                + (weighting == Weighting.RECENCY ? ", half-life " + halfLifeDays + " d" : "")
                + (normalize ? ", normalized" : "") + ", threads " + threads + "]";
    }

    /**
     * Returns {@link UserVectors} configured step by step. Setters only store; {@link #build()} checks every value
     * and names the one out of range. Not thread-safe.
     */
    public static final class Builder {
        private Weighting weighting = DEFAULT_WEIGHTING;
        private double threshold = DEFAULT_THRESHOLD;
        private double halfLifeDays = DEFAULT_HALF_LIFE_DAYS;
        private boolean normalize = DEFAULT_NORMALIZE;
        private int threads = DEFAULT_THREADS;

        private Builder() {
        }

        /**
         * Sets the weighting (default {@link UserVectors#DEFAULT_WEIGHTING}, {@link Weighting#MEAN}).
         *
         * @param w the weighting
         * @return this builder
         */
        public Builder withWeighting(Weighting w) {
            this.weighting = w;
            return this;
        }

        /**
         * Keeps only interactions whose value is at least {@code threshold}, not NaN (default
         * {@value UserVectors#DEFAULT_THRESHOLD}: none, every interaction given counts), e.g. the "liked" ones of
         * explicit ratings.
         *
         * @param threshold the lowest value kept
         * @return this builder
         */
        public Builder withThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets the half-life of {@link Weighting#RECENCY} in days, positive and finite (default
         * {@value UserVectors#DEFAULT_HALF_LIFE_DAYS}).
         *
         * @param days a number of days
         * @return this builder
         */
        public Builder withHalfLifeDays(double days) {
            this.halfLifeDays = days;
            return this;
        }

        /**
         * Sets whether each user vector is scaled to unit Euclidean length (default
         * {@value UserVectors#DEFAULT_NORMALIZE}).
         *
         * @param on true to normalise
         * @return this builder
         */
        public Builder withNormalize(boolean on) {
            this.normalize = on;
            return this;
        }

        /**
         * Sets the number of threads of {@link UserVectors#compute}, at least 1 (default
         * {@link UserVectors#DEFAULT_THREADS}: all available processors); results do not depend on it.
         *
         * @param n the number of threads
         * @return this builder
         */
        public Builder withThreads(int n) {
            this.threads = n;
            return this;
        }

        /**
         * Returns the configured {@link UserVectors}.
         *
         * @return the configuration
         * @throws NullPointerException     naming {@code weighting} if it is null
         * @throws IllegalArgumentException naming the option out of range
         */
        public UserVectors build() {
            Objects.requireNonNull(weighting, "weighting");
            if (Double.isNaN(threshold)) {
                throw new IllegalArgumentException("threshold: NaN, must be a number or -Infinity (none)");
            }
            if (!(halfLifeDays > 0) || Double.isInfinite(halfLifeDays)) {
                throw new IllegalArgumentException("halfLifeDays: " + halfLifeDays + ", must be positive and finite");
            }
            Parallel.checkThreads(threads);
            return new UserVectors(this);
        }
    }
}
