package org.recsys4j.core.sample;

/**
 * The six as-of numeric features of a sample, in protocol C's column order; {@link #protocolName()}
 * returns the name protocol C and its reference implementation use.
 */
public enum NumericFeature {
    /** Ratings of the item strictly before the sample's second. */
    ITEM_RATING_COUNT("movieRatingCount"),
    /** Mean of those ratings (0 when none). */
    ITEM_AVG_RATING("movieAvgRating"),
    /** Sample standard deviation of those ratings (0 when fewer than 2). */
    ITEM_RATING_STDDEV("movieRatingStddev"),
    /** Ratings of the user strictly before the sample's second. */
    USER_RATING_COUNT("userRatingCount"),
    /** Mean of those ratings (0 when none). */
    USER_AVG_RATING("userAvgRating"),
    /** Sample standard deviation of those ratings (0 when fewer than 2). */
    USER_RATING_STDDEV("userRatingStddev");

    private final String protocolName;

    NumericFeature(String protocolName) {
        this.protocolName = protocolName;
    }

    /** Returns the feature's name in protocol C (e.g. {@code movieRatingCount}). */
    public String protocolName() {
        return protocolName;
    }
}
