package org.recsys4j.rank.similarity;

import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.vector.Vectors;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Scores candidates by the similarity (cosine or inner product) of their vector to a query vector, as
 * the source system does for its "similar items" pages and for its embedding ranking. Batch-first: the
 * candidates' vectors are read with one {@link ItemVectors#fetch} per request (one {@code multiGet} for
 * a store) and scored in one pass through {@link Vectors}.
 *
 * <p>The query vector, first that applies:
 * <ol>
 *   <li>the seed item's vector, for an item-to-item request ({@link RecRequest#seedItem()}) that has one;</li>
 *   <li>the user's vector from the {@link UserVectorSource}, if one is configured and knows the user;</li>
 *   <li>for an unseen user, if {@link Builder#withHistoryMean} is on: the weighted mean of the vectors of
 *       the last {@code window} history items, the item {@code j} positions before the newest weighing
 *       {@code 0.5^(j / halfLife)} ({@link Builder#withHistoryHalfLife}; an infinite half-life gives the plain
 *       mean); items without a vector are skipped;</li>
 *   <li>otherwise there is no query, and every candidate gets the fallback score.</li>
 * </ol>
 * The seed's vector is fetched in the same batch as the candidates, and so are the history items when no
 * user vector was found; only a request whose seed has no vector may need a second fetch for its history.
 *
 * <p><b>Fallback.</b> A candidate without a vector or with a zero (or non-finite) one, and every candidate of a
 * request without a query (or whose query is a zero vector),
 * gets {@link Builder#withFallbackScore the fallback score}, by default {@link Double#NEGATIVE_INFINITY}
 * (so such items sort last, after every real similarity). A query whose dimension differs from the
 * candidates' is a configuration error and throws {@link IllegalArgumentException} naming both
 * dimensions. Immutable and thread-safe.
 *
 * <pre>{@code
 * SimilarityRanker ranker = SimilarityRanker.builder(ItemVectors.of(itemVectors, catalog.items()))
 *         .withSimilarity(Similarity.COSINE)
 *         .withUserVectors(UserVectorSource.byKey(userVectors))
 *         .withHistoryMean(true)
 *         .withHistoryWindow(20)
 *         .withHistoryHalfLife(10)
 *         .build();
 * }</pre>
 */
public final class SimilarityRanker implements Ranker {
    /** By default the history mean is off: users without a vector get the fallback score. */
    public static final boolean DEFAULT_HISTORY_MEAN = false;
    /** Default number of most recent history items averaged for an unseen user. */
    public static final int DEFAULT_HISTORY_WINDOW = 50;
    /** Default half-life of the history mean, in history positions: infinite, the plain mean. */
    public static final double DEFAULT_HISTORY_HALF_LIFE = Double.POSITIVE_INFINITY;
    /** The default similarity. */
    public static final Similarity DEFAULT_SIMILARITY = Similarity.COSINE;
    /** By default an item-to-item request's seed item is the query. */
    public static final boolean DEFAULT_SEED_ITEM = true;
    /** The default score of a candidate without a vector: last, after every real similarity. */
    public static final double DEFAULT_FALLBACK_SCORE = Double.NEGATIVE_INFINITY;

    private final ItemVectors items;
    private final UserVectorSource users;
    private final Similarity similarity;
    private final boolean useSeed;
    private final int historyWindow;       // 0 = no history mean
    private final double historyHalfLife;  // in items; +inf = plain mean
    private final double fallbackScore;
    private final String name;

    private SimilarityRanker(Builder b) {
        this.items = b.items;
        this.users = b.users;
        this.similarity = b.similarity;
        this.useSeed = b.useSeed;
        this.historyWindow = b.historyMean ? b.historyWindow : 0;
        this.historyHalfLife = b.historyHalfLife;
        this.fallbackScore = b.fallbackScore;
        this.name = b.name != null ? b.name
                : similarity == Similarity.COSINE ? "similarity-cosine" : "similarity-ip";
    }

    /**
     * Returns a builder of rankers over the given candidate vectors.
     *
     * @param items where candidate (and seed and history) vectors come from
     */
    public static Builder builder(ItemVectors items) {
        return new Builder(items);
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the similarity used. */
    public Similarity similarity() {
        return similarity;
    }

    /** Returns the score of a candidate without a vector, or of every candidate of a request without a query. */
    public double fallbackScore() {
        return fallbackScore;
    }

    @Override
    public void score(RecRequest request, CandidateBatch candidateBatch, double[] scores) {
        Ranker.checkScoreArguments(request, candidateBatch, scores);
        int[] candidates = candidateBatch.items();
        int n = candidates.length;
        OptionalInt seed = useSeed ? request.seedItem() : OptionalInt.empty();
        float[] userVector = null;
        int[] prefix;
        if (seed.isPresent()) {
            prefix = new int[] {seed.getAsInt()};
        } else {
            userVector = users == null ? null : users.userVector(request).orElse(null);
            prefix = userVector == null ? historyWindowItems(request) : new int[0];
        }
        int[] all = new int[prefix.length + n];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(candidates, 0, all, prefix.length, n);
        VectorBatch batch = items.fetch(all);

        float[] query;
        if (seed.isPresent()) {
            query = batch.has(0) ? copy(batch, 0) : null;
            if (query != null && !Vectors.isUsable(query, 0, query.length)) {
                query = null;   // a zero seed vector has no direction: try the user's
            }
            if (query == null) {
                query = users == null ? null : users.userVector(request).orElse(null);
            }
            if (query == null) {
                int[] h = historyWindowItems(request);
                query = h.length == 0 ? null : weightedMean(items.fetch(h), 0, h.length);
            }
        } else if (userVector != null) {
            query = userVector;
        } else {
            query = prefix.length == 0 ? null : weightedMean(batch, 0, prefix.length);
        }
        scoreAgainst(query, batch, prefix.length, n, scores);
    }

    private void scoreAgainst(float[] query, VectorBatch batch, int from, int n, double[] scores) {
        if (query == null || !Vectors.isUsable(query, 0, query.length)) {
            java.util.Arrays.fill(scores, 0, n, fallbackScore);
            return;
        }
        int dim = query.length;
        boolean anyCandidate = false;
        for (int i = 0; i < n && !anyCandidate; i++) {
            anyCandidate = batch.has(from + i);
        }
        if (anyCandidate && batch.dim() != dim) {
            throw new IllegalArgumentException("dimension mismatch: the query vector has " + dim
                    + " components, the candidate vectors have " + batch.dim());
        }
        if (similarity == Similarity.COSINE) {
            Vectors.normalize(query, 0, dim);
        }
        float[] data = batch.data();
        for (int i = 0; i < n; i++) {
            int o = batch.offset(from + i);
            if (o < 0 || !Vectors.isUsable(data, o, dim)) {
                scores[i] = fallbackScore;   // no vector, or a zero one: no similarity to rank by
                continue;
            }
            float dot = Vectors.dot(data, o, query, 0, dim);
            if (similarity == Similarity.COSINE) {
                float norm = Vectors.norm(data, o, dim);
                scores[i] = norm == 0 ? 0 : dot / (double) norm;
            } else {
                scores[i] = dot;
            }
        }
    }

    private int[] historyWindowItems(RecRequest request) {
        int h = request.historySize();
        if (historyWindow == 0 || h == 0) {
            return new int[0];
        }
        int w = Math.min(historyWindow, h);
        int[] out = new int[w];
        for (int j = 0; j < w; j++) {
            out[j] = request.historyItem(h - w + j);
        }
        return out;
    }

    /** Returns the weighted mean of batch vectors [from, from+count) (newest last), or null if none has a vector. */
    private float[] weightedMean(VectorBatch batch, int from, int count) {
        float[] sum = null;
        double total = 0;
        for (int j = 0; j < count; j++) {
            int o = batch.offset(from + j);
            if (o < 0) {
                continue;
            }
            if (sum == null) {
                sum = new float[batch.dim()];
            }
            int age = count - 1 - j;
            double w = Double.isInfinite(historyHalfLife) ? 1.0 : Math.pow(0.5, age / historyHalfLife);
            Vectors.axpy((float) w, batch.data(), o, sum, 0, sum.length);
            total += w;
        }
        if (sum == null || total == 0) {
            return null;
        }
        Vectors.scale((float) (1 / total), sum, 0, sum.length);
        return sum;
    }

    private static float[] copy(VectorBatch batch, int i) {
        float[] v = new float[batch.dim()];
        System.arraycopy(batch.data(), batch.offset(i), v, 0, v.length);
        return v;
    }

    @Override
    public String toString() {
        return "SimilarityRanker[" + name + ", " + similarity + ", items " + items
                + (users != null ? ", user vectors" : "")
                + (historyWindow > 0 ? ", history mean of " + historyWindow : "") + ", fallback " + fallbackScore + "]";
    }

    /** Builds a {@link SimilarityRanker}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private final ItemVectors items;
        private UserVectorSource users;
        private Similarity similarity = DEFAULT_SIMILARITY;
        private boolean useSeed = DEFAULT_SEED_ITEM;
        private boolean historyMean = DEFAULT_HISTORY_MEAN;
        private int historyWindow = DEFAULT_HISTORY_WINDOW;
        private double historyHalfLife = DEFAULT_HISTORY_HALF_LIFE;
        private double fallbackScore = DEFAULT_FALLBACK_SCORE;
        private String name;

        private Builder(ItemVectors items) {
            this.items = items;
        }

        /** Sets the similarity (default {@link SimilarityRanker#DEFAULT_SIMILARITY}, cosine). */
        public Builder withSimilarity(Similarity similarity) {
            this.similarity = similarity;
            return this;
        }

        /** Sets where known users' vectors come from; null (the default) means none, so only seeds and histories give a query. */
        public Builder withUserVectors(UserVectorSource users) {
            this.users = users;
            return this;
        }

        /** Sets whether an item-to-item request's seed item is the query (default {@value SimilarityRanker#DEFAULT_SEED_ITEM}). */
        public Builder withSeedItem(boolean useSeed) {
            this.useSeed = useSeed;
            return this;
        }

        /**
         * Turns the history mean for users without a vector on or off (default
         * {@value SimilarityRanker#DEFAULT_HISTORY_MEAN}): the mean of the vectors of the last
         * {@link #withHistoryWindow window} history items, the one {@code j} positions before the newest
         * weighing {@code 0.5^(j / halfLife)} ({@link #withHistoryHalfLife}).
         */
        public Builder withHistoryMean(boolean on) {
            this.historyMean = on;
            return this;
        }

        /**
         * Sets how many of the most recent history items the history mean averages, at least 1 (default
         * {@value SimilarityRanker#DEFAULT_HISTORY_WINDOW}).
         */
        public Builder withHistoryWindow(int window) {
            this.historyWindow = window;
            return this;
        }

        /**
         * Sets the half-life of the history mean's weights, in history positions, &gt; 0 (default
         * {@value SimilarityRanker#DEFAULT_HISTORY_HALF_LIFE}: the plain mean).
         */
        public Builder withHistoryHalfLife(double halfLife) {
            this.historyHalfLife = halfLife;
            return this;
        }

        /**
         * Sets the score of a candidate without a vector and of every candidate of a request without a
         * query, any value but NaN (default {@value SimilarityRanker#DEFAULT_FALLBACK_SCORE}).
         */
        public Builder withFallbackScore(double score) {
            this.fallbackScore = score;
            return this;
        }

        /**
         * Sets the name reported in responses; null (the default) means {@code similarity-cosine} or
         * {@code similarity-ip} by the similarity.
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Returns the ranker.
         *
         * @throws NullPointerException     if the item vectors or the similarity are null
         * @throws IllegalArgumentException if the history window is below 1, the half-life is not positive,
         *                                  the fallback score is NaN, the name is blank, or the user vectors'
         *                                  dimension differs from the item vectors' (both known)
         */
        public SimilarityRanker build() {
            Objects.requireNonNull(items, "items");
            Objects.requireNonNull(similarity, "similarity");
            if (historyWindow < 1) {
                throw new IllegalArgumentException("historyWindow: " + historyWindow + ", must be >= 1");
            }
            if (!(historyHalfLife > 0)) {
                throw new IllegalArgumentException("historyHalfLife: " + historyHalfLife
                        + ", must be > 0 (or +Infinity for the plain mean)");
            }
            if (Double.isNaN(fallbackScore)) {
                throw new IllegalArgumentException("fallbackScore: NaN is not allowed");
            }
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("name: must not be blank");
            }
            if (users != null && users.dim() > 0 && items.dim() > 0 && users.dim() != items.dim()) {
                throw new IllegalArgumentException("dimension mismatch: user vectors have " + users.dim()
                        + " components, item vectors have " + items.dim());
            }
            return new SimilarityRanker(this);
        }
    }
}
