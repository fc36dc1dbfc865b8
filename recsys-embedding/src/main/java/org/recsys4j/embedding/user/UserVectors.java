package org.recsys4j.embedding.user;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Returns user vectors as weighted averages of the vectors of the items each user liked, the source
 * system's user embedding: {@code u = Σ wᵢ·vᵢ / Σ wᵢ} over the user's interactions rated at least
 * {@link #minRating()} whose item has a vector, optionally scaled to unit length.
 *
 * <p>Weights, per {@link Weighting}:
 * <ul>
 * <li>{@link Weighting#MEAN}: 1 (the plain mean, the source system's rule);</li>
 * <li>{@link Weighting#RATING}: the rating itself, clipped at 0. Not the rating minus the user's mean:
 * with the default liked-only filter every kept rating is ≥ 3.5, so raw ratings already give a 5★
 * item about 40% more pull than a 3.5★ one, while mean-centring would zero the items of a user who
 * rates everything alike and leave them without a vector;</li>
 * <li>{@link Weighting#RECENCY}: {@code 0.5^(age / halfLife)} where age is the time from the
 * interaction to the user's last event (the latest timestamp among all of the user's interactions,
 * kept or not; timestamps in seconds): the last event weighs 1, one half-life earlier ½.</li>
 * </ul>
 * Items are matched to rows of the item table by external id; an interaction whose item has no
 * vector, or whose rating is below {@link #minRating()}, is skipped. A user with no kept interaction
 * (or whose weights sum to 0) gets <em>no row</em> in the result: {@link Result#usersWithoutVector()}
 * counts them.
 *
 * <p>Deterministic: each user's terms are summed in the order of the item table's rows (then of
 * weight), so the result depends neither on the thread count nor on the order of the history, and
 * {@link #fromHistory(EmbeddingTable, long[], float[], long[])} returns bit for bit the row
 * {@link #compute} gives a user with the same history. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * UserVectors uv = UserVectors.builder().withWeighting(UserVectors.Weighting.RECENCY).withHalfLifeDays(30)
 *         .withNormalize(true).withThreads(2).build();
 * EmbeddingTable users = uv.compute(task.train(), itemVectors);
 * Optional<float[]> cold = uv.fromHistory(itemVectors, new long[] {1, 296}, new float[] {4, 5},
 *         new long[] {964982703L, 964983815L});
 * }</pre>
 */
public final class UserVectors {
    private static final double SECONDS_PER_DAY = 86_400.0;
    /** The default weighting: the plain mean. */
    public static final Weighting DEFAULT_WEIGHTING = Weighting.MEAN;
    /** The default minimum rating of a kept interaction ("liked" items only). */
    public static final double DEFAULT_MIN_RATING = 3.5;
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
        /** An item weighs its rating (clipped at 0). */
        RATING,
        /** An item weighs {@code 0.5^(age / halfLife)}, age measured back from the user's last event. */
        RECENCY
    }

    private final Weighting weighting;
    private final double minRating;
    private final double halfLifeDays;
    private final boolean normalize;
    private final int threads;

    private UserVectors(Builder b) {
        this.weighting = b.weighting;
        this.minRating = b.minRating;
        this.halfLifeDays = b.halfLifeDays;
        this.normalize = b.normalize;
        this.threads = b.threads;
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values: MEAN, minRating 3.5, half-life 30
     * days, no normalisation, all processors.
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

    /** Returns the minimum rating an interaction needs to count ({@code -Infinity}: every interaction). */
    public double minRating() {
        return minRating;
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
     * The user vectors of {@link #computeWithCounts} and what was left out.
     *
     * @param vectors              one row per user with a vector, in user index order, ids of
     *                             {@code interactions.users()}
     * @param usersWithoutVector   users of {@code interactions.users()} that got no row (no kept
     *                             interaction, or weights summing to 0)
     * @param skippedNoVector      interactions passing the rating filter whose item has no vector
     * @param skippedBelowRating   interactions rated below {@link #minRating()}
     */
    public record Result(EmbeddingTable vectors, int usersWithoutVector, long skippedNoVector,
                         long skippedBelowRating) {
    }

    /**
     * Returns the vector of every user of {@code interactions} that has at least one kept interaction, in
     * one pass over the by-user view; users without one get no row (see {@link #computeWithCounts} for
     * how many).
     *
     * @param interactions the interactions (values are ratings, timestamps in seconds)
     * @param itemVectors  the item vectors, matched to {@code interactions.items()} by external id
     * @return a table with the user ids of {@code interactions.users()} and the item table's dimension
     */
    public EmbeddingTable compute(Interactions interactions, EmbeddingTable itemVectors) {
        return computeWithCounts(interactions, itemVectors).vectors();
    }

    /**
     * Returns what {@link #compute} returns, with the number of users left without a vector and of
     * skipped interactions.
     *
     * @param interactions the interactions (values are ratings, timestamps in seconds)
     * @param itemVectors  the item vectors, matched to {@code interactions.items()} by external id
     */
    public Result computeWithCounts(Interactions interactions, EmbeddingTable itemVectors) {
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
                    if (!(rating >= minRating)) {
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
        long nv = 0;
        long br = 0;
        for (int u = 0; u < numUsers; u++) {
            kept += has[u] ? 1 : 0;
            nv += noVector[u];
            br += belowRating[u];
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
        return new Result(b.build(), numUsers - kept, nv, br);
    }

    /**
     * Returns the vector of an unseen user from the items they liked, every item weighing 1 (no
     * ratings or times are known, so the rating filter does not apply and {@link Weighting#RATING} and
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
     * @param ratings     the rating of each interaction
     * @param timestamps  the time of each interaction, in seconds
     * @return the vector, or empty if no interaction is kept (all below the rating, or without a vector)
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
            if (!(ratings[i] >= minRating)) {
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
        return "UserVectors[" + weighting + ", minRating " + minRating
                + (weighting == Weighting.RECENCY ? ", half-life " + halfLifeDays + " d" : "")
                + (normalize ? ", normalized" : "") + ", threads " + threads + "]";
    }

    /**
     * Returns {@link UserVectors} configured step by step. Setters only store; {@link #build()} checks every value
     * and names the one out of range. Not thread-safe.
     */
    public static final class Builder {
        private Weighting weighting = DEFAULT_WEIGHTING;
        private double minRating = DEFAULT_MIN_RATING;
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
         * Sets the minimum rating of a kept interaction, not NaN (default {@value UserVectors#DEFAULT_MIN_RATING},
         * "liked" items only; {@link Double#NEGATIVE_INFINITY} keeps every interaction).
         *
         * @param v the minimum
         * @return this builder
         */
        public Builder withMinRating(double v) {
            this.minRating = v;
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
            if (Double.isNaN(minRating)) {
                throw new IllegalArgumentException("minRating: NaN");
            }
            if (!(halfLifeDays > 0) || Double.isInfinite(halfLifeDays)) {
                throw new IllegalArgumentException("halfLifeDays: " + halfLifeDays + ", must be positive and finite");
            }
            Parallel.checkThreads(threads);
            return new UserVectors(this);
        }
    }
}
