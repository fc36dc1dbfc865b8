package org.recsys4j.core.sample;

/**
 * An as-of numeric aggregate of a sample ({@link SampleSet#aggregate(int, Aggregate)}): a statistic of the
 * user's or the item's events strictly before the sample's second. "Value" is the event's value (a rating,
 * or its {@code Feedback} signal); "positive" is the spec's {@link LabelRule}.
 *
 * <p>{@link #featureName()} is the aggregate's name in an encoded schema, unless the spec renames it
 * ({@link SampleSpec.Builder#withFeatureNames}); protocol C calls the first six {@code movieRatingCount},
 * {@code movieAvgRating}, {@code movieRatingStddev}, {@code userRatingCount}, {@code userAvgRating} and
 * {@code userRatingStddev}.
 */
public enum Aggregate {
    /** The number of the item's earlier events. */
    ITEM_COUNT("itemCount", false),
    /** The mean value of those events (0 when none). */
    ITEM_MEAN("itemMean", false),
    /** The sample standard deviation (n − 1) of their values (0 when fewer than 2). */
    ITEM_STDDEV("itemStddev", false),
    /** The fraction of those events that are positive (0 when none). */
    ITEM_POSITIVE_RATE("itemPositiveRate", false),
    /** The number of the user's earlier events. */
    USER_COUNT("userCount", true),
    /** The mean value of those events (0 when none). */
    USER_MEAN("userMean", true),
    /** The sample standard deviation (n − 1) of their values (0 when fewer than 2). */
    USER_STDDEV("userStddev", true),
    /** The fraction of those events that are positive (0 when none). */
    USER_POSITIVE_RATE("userPositiveRate", true);

    private final String featureName;
    private final boolean user;

    Aggregate(String featureName, boolean user) {
        this.featureName = featureName;
        this.user = user;
    }

    /** Returns the aggregate's feature name before any renaming, e.g. {@code itemCount}. */
    public String featureName() {
        return featureName;
    }

    /** Returns true for an aggregate of the user's events, false for one of the item's. */
    public boolean isUser() {
        return user;
    }
}
