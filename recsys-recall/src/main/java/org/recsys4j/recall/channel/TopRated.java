package org.recsys4j.recall.channel;

import org.recsys4j.core.data.Interactions;

import java.util.Objects;

/**
 * Builds the top-rated channel: items ranked by their Bayesian average rating
 * <pre>
 *   score(i) = (C · m + Σ ratings of i) / (C + n_i)
 * </pre>
 * where {@code n_i} is the item's number of ratings, {@code m} the prior mean (by default the global
 * mean rating of the interactions) and {@code C} the prior weight (how many "virtual" ratings of value
 * {@code m} each item starts with). Items with fewer than {@code minCount} ratings are not ranked, so a
 * single 5-star rating cannot top the list.
 *
 * <pre>{@code
 * RankedListChannel top = TopRated.builder().priorWeight(20).minCount(10).build(ratings);
 * }</pre>
 */
public final class TopRated {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "top-rated";

    private final String name;
    private final double priorMean;
    private final double priorWeight;
    private final int minCount;

    private TopRated(Builder b) {
        this.name = b.name;
        this.priorMean = b.priorMean;
        this.priorWeight = b.priorWeight;
        this.minCount = b.minCount;
    }

    /** Returns a builder with prior weight 10, minimum count 1 and the global mean as prior mean. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the Bayesian average of every item (index = dense item index), NaN for items with fewer
     * than the minimum count of ratings.
     *
     * @param ratings the interactions; their values are the ratings
     * @throws IllegalArgumentException if there are no interactions and no prior mean was set
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
     */
    public RankedListChannel build(Interactions ratings) {
        return RankedListChannel.of(name, bayesianAverages(ratings));
    }

    /** Configures a {@link TopRated}; not thread-safe. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private double priorMean = Double.NaN;
        private double priorWeight = 10;
        private int minCount = 1;

        private Builder() {
        }

        /** Sets the channel name (default {@value TopRated#DEFAULT_NAME}). */
        public Builder name(String name) {
            this.name = Channels.checkName(name);
            return this;
        }

        /**
         * Sets the prior mean {@code m} (default: the global mean rating).
         *
         * @throws IllegalArgumentException if it is not finite
         */
        public Builder priorMean(double m) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("priorMean: " + m + ", must be finite");
            }
            this.priorMean = m;
            return this;
        }

        /**
         * Sets the prior weight {@code C} (default 10).
         *
         * @throws IllegalArgumentException if it is negative or not finite
         */
        public Builder priorWeight(double c) {
            if (!(c >= 0 && Double.isFinite(c))) {
                throw new IllegalArgumentException("priorWeight: " + c + ", must be finite and >= 0");
            }
            this.priorWeight = c;
            return this;
        }

        /**
         * Sets the minimum number of ratings an item needs to be ranked (default 1).
         *
         * @throws IllegalArgumentException if it is below 1
         */
        public Builder minCount(int n) {
            this.minCount = Channels.checkAtLeast("minCount", n, 1);
            return this;
        }

        /** Returns the configuration. */
        public TopRated buildConfig() {
            return new TopRated(this);
        }

        /** Returns the channel over the ratings ({@code buildConfig().build(ratings)}). */
        public RankedListChannel build(Interactions ratings) {
            return buildConfig().build(ratings);
        }
    }
}
