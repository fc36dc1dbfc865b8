package org.recsys4j.recall.channel;

import org.recsys4j.core.data.Interactions;

import java.util.Objects;

/**
 * Ranks items by their Bayesian average rating, for the top-rated channel:
 * <pre>
 *   score(i) = (C · m + Σ ratings of i) / (C + n_i)
 * </pre>
 * where {@code n_i} is the item's number of ratings, {@code m} the prior mean (by default the global
 * mean rating of the interactions) and {@code C} the prior weight (how many "virtual" ratings of value
 * {@code m} each item starts with). Items with fewer than {@code minCount} ratings are not ranked, so a
 * single top rating cannot top the list.
 *
 * <p><b>Values are explicit ratings</b>: each interaction's value is one user's rating of the item, on one
 * scale, higher is better, and a repeated (user, item) row is one more rating. The prior weight is a count of
 * ratings that depends on the data (how many ratings make an average trustworthy), so it has no default and
 * is the argument of {@link #builder(double)}. Implicit feedback (views, purchases, counts, or the weights a
 * Feedback policy gives) has no average to rank by: rank it by {@link PopularityChannel}. A log whose values
 * are all equal (e.g. every interaction 1) would give every item the same average, so it is refused.
 *
 * <p>An estimator: the configured instance is immutable, and {@link #fit} computes the averages of a log and
 * returns the channel ranking by them (or {@link #bayesianAverages} returns the averages themselves, e.g. as
 * the item quality of a {@link CategoryChannel}).
 *
 * <pre>{@code
 * RankedListChannel top = TopRated.builder(20).withMinCount(10).build().fit(ratings);
 * }</pre>
 */
public final class TopRated {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "top-rated";
    /** The default minimum number of ratings an item needs to be ranked. */
    public static final int DEFAULT_MIN_COUNT = 1;

    private final String name;
    private final double priorMean;
    private final double priorWeight;
    private final int minCount;

    private TopRated(Builder b) {
        this.name = b.name;
        this.priorMean = b.priorMean == null ? Double.NaN : b.priorMean;
        this.priorWeight = b.priorWeight;
        this.minCount = b.minCount;
    }

    /**
     * Returns a builder with the prior weight, which depends on the data, and the other options at their
     * {@code DEFAULT_*} values (the prior mean: the data's mean rating).
     *
     * @param priorWeight the prior weight {@code C}, finite and at least 0: how many ratings of the prior mean
     *                    each item starts with (checked by {@link Builder#build()})
     * @return the builder
     */
    public static Builder builder(double priorWeight) {
        return new Builder(priorWeight);
    }

    /** Returns the prior weight {@code C}. */
    public double priorWeight() {
        return priorWeight;
    }

    /**
     * Returns the Bayesian average of every item (index = dense item index), NaN for items with fewer
     * than the minimum count of ratings.
     *
     * @param ratings the interactions; their values are the ratings
     * @throws IllegalArgumentException if there are no interactions and no prior mean was set, or if every value
     *                                  is the same (implicit feedback: no rating to average)
     */
    public double[] bayesianAverages(Interactions ratings) {
        Objects.requireNonNull(ratings, "ratings");
        int items = ratings.numItems();
        double[] sum = new double[items];
        int[] count = new int[items];
        double total = 0;
        for (int k = 0; k < ratings.size(); k++) {
            int i = ratings.item(k);
            sum[i] += ratings.value(k);
            count[i]++;
            total += ratings.value(k);
        }
        if (ratings.size() > 1) {
            float first = ratings.value(0);
            boolean constant = true;
            for (int k = 1; k < ratings.size() && constant; k++) {
                constant = ratings.value(k) == first;
            }
            if (constant) {
                throw new IllegalArgumentException("ratings: every one of the " + ratings.size() + " values is " + first
                        + ", so every item's average is the same: TopRated ranks explicit ratings; rank implicit "
                        + "feedback by PopularityChannel");
            }
        }
        double m = priorMean;
        if (Double.isNaN(m)) {
            if (ratings.size() == 0) {
                throw new IllegalArgumentException("ratings: empty, and no prior mean was set");
            }
            m = total / ratings.size();
        }
        double[] avg = new double[items];
        for (int i = 0; i < items; i++) {
            avg[i] = count[i] < minCount || count[i] == 0 ? Double.NaN
                    : (priorWeight * m + sum[i]) / (priorWeight + count[i]);
        }
        return avg;
    }

    /**
     * Returns the channel ranking the items by {@link #bayesianAverages(Interactions)}.
     *
     * @param ratings the interactions; their values are the ratings
     * @return the channel
     * @throws IllegalArgumentException as {@link #bayesianAverages(Interactions)}
     */
    public RankedListChannel fit(Interactions ratings) {
        return RankedListChannel.of(name, bayesianAverages(ratings));
    }

    /**
     * Configures a {@link TopRated}. Setters only store; {@link #build()} checks every value and names the one
     * that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private final double priorWeight;
        private Double priorMean;
        private int minCount = DEFAULT_MIN_COUNT;

        private Builder(double priorWeight) {
            this.priorWeight = priorWeight;
        }

        /**
         * Sets the channel name, not blank (default {@value TopRated#DEFAULT_NAME}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the prior mean {@code m}, finite. Absent (the default): the global mean rating of the interactions
         * the ranking is fit on.
         *
         * @param m the prior mean
         * @return this builder
         */
        public Builder withPriorMean(double m) {
            this.priorMean = m;
            return this;
        }

        /**
         * Sets the minimum number of ratings an item needs to be ranked, at least 1 (default
         * {@value TopRated#DEFAULT_MIN_COUNT}).
         *
         * @param n the minimum count
         * @return this builder
         */
        public Builder withMinCount(int n) {
            this.minCount = n;
            return this;
        }

        /**
         * Returns the configured ranking.
         *
         * @return the estimator
         * @throws IllegalArgumentException naming the option that is wrong: a blank name, an infinite prior mean,
         *                                  a negative or infinite prior weight, a minimum count below 1
         */
        public TopRated build() {
            Channels.checkName(name);
            if (priorMean != null && !Double.isFinite(priorMean)) {
                throw new IllegalArgumentException("priorMean: " + priorMean + ", must be finite");
            }
            if (!(priorWeight >= 0 && Double.isFinite(priorWeight))) {
                throw new IllegalArgumentException("priorWeight: " + priorWeight + ", must be finite and >= 0");
            }
            Channels.checkAtLeast("minCount", minCount, 1);
            return new TopRated(this);
        }
    }
}
