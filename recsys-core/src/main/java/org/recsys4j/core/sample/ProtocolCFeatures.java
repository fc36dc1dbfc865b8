package org.recsys4j.core.sample;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.FeatureSchema;
import org.recsys4j.core.feature.FittedSchema;

import java.util.List;
import java.util.Map;

/**
 * Protocol C ({@code ctr-protocol-v1}, {@code protocol-c.md}) as one configuration of the generic sample
 * builder: {@link #spec()} is its {@link SampleSpec}, and its encoding (section 6) is
 * {@link SampleFeatures} under that spec. The MovieLens adapter of {@code core.sample}: the only place that
 * names movies, genres, years and the 3.5 threshold.
 *
 * <p>The spec: a rating &ge; {@value #POSITIVE_THRESHOLD} is positive; a rating is a sample when its user has
 * two earlier ratings; the item attributes {@value #GENRES} (multi-valued) and {@value #YEAR} (numeric, ten
 * quantile buckets, missing → 0); the five most recent liked movies (a movie liked twice counts twice, as
 * section 3 defines it); the five favourite genres; the six
 * count / mean / standard deviation aggregates of the movie and the user; no affinities; the 4/5 and 9/10
 * time split; user and movie vocabularies of ids with at least two train samples; the 10,000-bucket wide
 * cross. The encoded fields, in order: {@value #USER}, {@value #MOVIE}, {@value #GENRES}, {@value #YEAR},
 * {@value #RECENT}, {@value #FAVOURITE}, the six numerics of {@link #NUMERICS}, {@value #CROSS}.
 *
 * <pre>{@code
 * SampleSet samples = SampleSet.build(data.ratings(), data.catalog(), SampleSpec.protocolC());
 * FittedSchema<Integer> features = ProtocolCFeatures.fit(samples);
 * SparseRow row = features.sparse(0);        // the first sample, encoded
 * }</pre>
 */
public final class ProtocolCFeatures {
    /** The user id field. */
    public static final String USER = SampleSpec.USER_ID;
    /** The movie id field. */
    public static final String MOVIE = "movieId";
    /** The movie's genres field (the catalogue's MovieLens genres attribute). */
    public static final String GENRES = ItemCatalog.GENRES;
    /** The release-year bucket field (the catalogue's MovieLens year attribute). */
    public static final String YEAR = ItemCatalog.YEAR;
    /** The recently liked movies field. */
    public static final String RECENT = SampleSpec.RECENT_POSITIVES;
    /** The user's favourite genres field. */
    public static final String FAVOURITE = "favouriteGenres";
    /** The wide cross field (Wide&amp;Deep only). */
    public static final String CROSS = SampleSpec.CROSS;
    /** A rating at or above this is positive: the label, the recent positives, the favourite genres. */
    public static final double POSITIVE_THRESHOLD = 3.5;
    /** Minimum number of train samples for an id to get its own index. */
    public static final int MIN_ID_COUNT = 2;
    /** Number of year quantile buckets. */
    public static final int YEAR_BUCKETS = 10;
    /** The six aggregates in protocol C's order: three movie statistics, then three user statistics. */
    public static final List<Aggregate> AGGREGATES = List.of(Aggregate.ITEM_COUNT, Aggregate.ITEM_MEAN,
            Aggregate.ITEM_STDDEV, Aggregate.USER_COUNT, Aggregate.USER_MEAN, Aggregate.USER_STDDEV);
    /** The six numerics' names, in {@link #AGGREGATES} order. */
    public static final List<String> NUMERICS = List.of("movieRatingCount", "movieAvgRating", "movieRatingStddev",
            "userRatingCount", "userAvgRating", "userRatingStddev");

    private static final SampleSpec SPEC = SampleSpec.builder(LabelRule.valueAtLeast(POSITIVE_THRESHOLD))
            .withMinPriorEvents(2)
            .withMaxRecentPositives(5)
            .withRecentDistinct(false)
            .withItemAttributes(List.of(GENRES, YEAR))
            .withFavourites(List.of(GENRES))
            .withMaxFavourites(5)
            .withAffinities(false)
            .withAggregates(AGGREGATES)
            .withTrainFraction(4, 5)
            .withFitFraction(9, 10)
            .withCrossBuckets(10_000)
            .withMinIdCount(MIN_ID_COUNT)
            .withNumericBuckets(YEAR_BUCKETS)
            .withFeatureNames(Map.of(SampleSpec.ITEM_ID, MOVIE,
                    Aggregate.ITEM_COUNT.featureName(), NUMERICS.get(0),
                    Aggregate.ITEM_MEAN.featureName(), NUMERICS.get(1),
                    Aggregate.ITEM_STDDEV.featureName(), NUMERICS.get(2),
                    Aggregate.USER_COUNT.featureName(), NUMERICS.get(3),
                    Aggregate.USER_MEAN.featureName(), NUMERICS.get(4),
                    Aggregate.USER_STDDEV.featureName(), NUMERICS.get(5)))
            .build();

    private ProtocolCFeatures() {
    }

    /** Returns protocol C's sample spec (also {@link SampleSpec#protocolC()}). */
    public static SampleSpec spec() {
        return SPEC;
    }

    /** Returns the (unfitted) encoding of {@code samples} ({@link SampleFeatures#schema(SampleSet)}). */
    public static FeatureSchema<Integer> schema(SampleSet samples) {
        return SampleFeatures.schema(samples);
    }

    /** Returns the encoding fitted on the train samples (fit ∪ validation) of {@code samples} ({@link SampleFeatures#fit}). */
    public static FittedSchema<Integer> fit(SampleSet samples) {
        return SampleFeatures.fit(samples);
    }
}
