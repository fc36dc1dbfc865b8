package org.recsys4j.core.sample;

/**
 * The thresholds of a sample set: positive rating, list lengths, minimum history and split fractions.
 *
 * <p>Immutable. {@link #defaults()} is protocol C ({@code ctr-protocol-v1}); {@link #builder()} starts
 * from those values and {@link Builder#build()} validates every field.
 *
 * <pre>{@code
 * SampleSpec spec = SampleSpec.builder().withMaxRecentPositives(10).build();
 * SampleSet samples = SampleSet.build(ml.ratings(), ml.catalog(), spec);
 * }</pre>
 */
public final class SampleSpec {
    /** A rating at or above this value is positive (label 1, counted in recent positives and genres). */
    public static final double DEFAULT_POSITIVE_THRESHOLD = 3.5;
    /** How many of the user's most recent positively rated items are kept. */
    public static final int DEFAULT_MAX_RECENT_POSITIVES = 5;
    /** How many of the user's favourite genres are kept. */
    public static final int DEFAULT_MAX_FAVOURITE_GENRES = 5;
    /** A rating becomes a sample iff its user has at least this many strictly earlier ratings. */
    public static final int DEFAULT_MIN_PRIOR_RATINGS = 2;
    /** Numerator of the train fraction: train = timestamp &le; the 4/5 quantile. */
    public static final int DEFAULT_TRAIN_NUM = 4;
    /** Denominator of the train fraction. */
    public static final int DEFAULT_TRAIN_DEN = 5;
    /** Numerator of the fit fraction inside train: fit = timestamp &le; the 9/10 quantile of train. */
    public static final int DEFAULT_FIT_NUM = 9;
    /** Denominator of the fit fraction. */
    public static final int DEFAULT_FIT_DEN = 10;
    /** Number of wide-cross buckets. */
    public static final int DEFAULT_CROSS_BUCKETS = 10_000;

    private static final SampleSpec DEFAULTS = new Builder().build();

    private final double positiveThreshold;
    private final int maxRecentPositives;
    private final int maxFavouriteGenres;
    private final int minPriorRatings;
    private final int trainNum;
    private final int trainDen;
    private final int fitNum;
    private final int fitDen;
    private final int crossBuckets;

    private SampleSpec(Builder b) {
        this.positiveThreshold = b.positiveThreshold;
        this.maxRecentPositives = b.maxRecentPositives;
        this.maxFavouriteGenres = b.maxFavouriteGenres;
        this.minPriorRatings = b.minPriorRatings;
        this.trainNum = b.trainNum;
        this.trainDen = b.trainDen;
        this.fitNum = b.fitNum;
        this.fitDen = b.fitDen;
        this.crossBuckets = b.crossBuckets;
    }

    /** Returns protocol C's specification (every field at its {@code DEFAULT_} value). */
    public static SampleSpec defaults() {
        return DEFAULTS;
    }

    /** Returns a builder holding the default values. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding this specification's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.positiveThreshold = positiveThreshold;
        b.maxRecentPositives = maxRecentPositives;
        b.maxFavouriteGenres = maxFavouriteGenres;
        b.minPriorRatings = minPriorRatings;
        b.trainNum = trainNum;
        b.trainDen = trainDen;
        b.fitNum = fitNum;
        b.fitDen = fitDen;
        b.crossBuckets = crossBuckets;
        return b;
    }

    /** Returns the positive-rating threshold (a rating &ge; it is positive). */
    public double positiveThreshold() {
        return positiveThreshold;
    }

    /** Returns the maximum length of a sample's recent-positive list. */
    public int maxRecentPositives() {
        return maxRecentPositives;
    }

    /** Returns the maximum length of a sample's favourite-genre list. */
    public int maxFavouriteGenres() {
        return maxFavouriteGenres;
    }

    /** Returns the minimum number of strictly earlier ratings of the user for a rating to be a sample. */
    public int minPriorRatings() {
        return minPriorRatings;
    }

    /** Returns the numerator of the train fraction. */
    public int trainNum() {
        return trainNum;
    }

    /** Returns the denominator of the train fraction. */
    public int trainDen() {
        return trainDen;
    }

    /** Returns the numerator of the fit fraction (inside train). */
    public int fitNum() {
        return fitNum;
    }

    /** Returns the denominator of the fit fraction (inside train). */
    public int fitDen() {
        return fitDen;
    }

    /** Returns the number of wide-cross buckets. */
    public int crossBuckets() {
        return crossBuckets;
    }

    @Override
    public String toString() {
        return "SampleSpec[positiveThreshold=" + positiveThreshold + ", maxRecentPositives=" + maxRecentPositives
                + ", maxFavouriteGenres=" + maxFavouriteGenres + ", minPriorRatings=" + minPriorRatings
                + ", train=" + trainNum + "/" + trainDen + ", fit=" + fitNum + "/" + fitDen
                + ", crossBuckets=" + crossBuckets + "]";
    }

    /** Collects the values of a {@link SampleSpec}, starting from the defaults; not thread-safe. */
    public static final class Builder {
        private double positiveThreshold = DEFAULT_POSITIVE_THRESHOLD;
        private int maxRecentPositives = DEFAULT_MAX_RECENT_POSITIVES;
        private int maxFavouriteGenres = DEFAULT_MAX_FAVOURITE_GENRES;
        private int minPriorRatings = DEFAULT_MIN_PRIOR_RATINGS;
        private int trainNum = DEFAULT_TRAIN_NUM;
        private int trainDen = DEFAULT_TRAIN_DEN;
        private int fitNum = DEFAULT_FIT_NUM;
        private int fitDen = DEFAULT_FIT_DEN;
        private int crossBuckets = DEFAULT_CROSS_BUCKETS;

        private Builder() {
        }

        /** Sets the positive-rating threshold (default {@value SampleSpec#DEFAULT_POSITIVE_THRESHOLD}); returns this builder. */
        public Builder withPositiveThreshold(double threshold) {
            this.positiveThreshold = threshold;
            return this;
        }

        /**
         * Sets the maximum length of the recent-positive list, 0 to 1000 (0 disables it; default
         * {@value SampleSpec#DEFAULT_MAX_RECENT_POSITIVES}); returns this builder.
         */
        public Builder withMaxRecentPositives(int max) {
            this.maxRecentPositives = max;
            return this;
        }

        /**
         * Sets the maximum length of the favourite-genre list, 0 to 1000 (0 disables it; default
         * {@value SampleSpec#DEFAULT_MAX_FAVOURITE_GENRES}); returns this builder.
         */
        public Builder withMaxFavouriteGenres(int max) {
            this.maxFavouriteGenres = max;
            return this;
        }

        /**
         * Sets the minimum number of strictly earlier user ratings of a sample (default
         * {@value SampleSpec#DEFAULT_MIN_PRIOR_RATINGS}); returns this builder.
         */
        public Builder withMinPriorRatings(int min) {
            this.minPriorRatings = min;
            return this;
        }

        /**
         * Sets the train fraction {@code num/den} of the time split, in (0, 1] (default
         * {@value SampleSpec#DEFAULT_TRAIN_NUM}/{@value SampleSpec#DEFAULT_TRAIN_DEN}); returns this builder.
         */
        public Builder withTrainFraction(int num, int den) {
            this.trainNum = num;
            this.trainDen = den;
            return this;
        }

        /**
         * Sets the fit fraction {@code num/den} of the time split inside train, in (0, 1] (default
         * {@value SampleSpec#DEFAULT_FIT_NUM}/{@value SampleSpec#DEFAULT_FIT_DEN}); returns this builder.
         */
        public Builder withFitFraction(int num, int den) {
            this.fitNum = num;
            this.fitDen = den;
            return this;
        }

        /** Sets the number of wide-cross buckets, at least 1 (default {@value SampleSpec#DEFAULT_CROSS_BUCKETS}); returns this builder. */
        public Builder withCrossBuckets(int buckets) {
            this.crossBuckets = buckets;
            return this;
        }

        /**
         * Returns the specification.
         *
         * @throws IllegalArgumentException naming the field and value when a value is out of its range
         */
        public SampleSpec build() {
            if (!Double.isFinite(positiveThreshold)) {
                throw new IllegalArgumentException("positiveThreshold: " + positiveThreshold + ", must be finite");
            }
            if (maxRecentPositives < 0 || maxRecentPositives > 1000) {
                throw new IllegalArgumentException("maxRecentPositives: " + maxRecentPositives
                        + ", must be in [0, 1000]");
            }
            if (maxFavouriteGenres < 0 || maxFavouriteGenres > 1000) {
                throw new IllegalArgumentException("maxFavouriteGenres: " + maxFavouriteGenres
                        + ", must be in [0, 1000]");
            }
            if (minPriorRatings < 0) {
                throw new IllegalArgumentException("minPriorRatings: " + minPriorRatings + ", must be >= 0");
            }
            checkFraction("trainFraction", trainNum, trainDen);
            checkFraction("fitFraction", fitNum, fitDen);
            if (crossBuckets < 1) {
                throw new IllegalArgumentException("crossBuckets: " + crossBuckets + ", must be >= 1");
            }
            return new SampleSpec(this);
        }

        private static void checkFraction(String field, int num, int den) {
            if (num <= 0 || den <= 0 || num > den) {
                throw new IllegalArgumentException(field + ": " + num + "/" + den + ", must be in (0, 1]");
            }
        }
    }
}
