package org.recsys4j.core.sample;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.FeatureSchema;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.HashedCross;
import org.recsys4j.core.feature.MinMaxScaler;
import org.recsys4j.core.feature.MultiHot;
import org.recsys4j.core.feature.QuantileBuckets;
import org.recsys4j.core.feature.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Returns protocol C's encoding (section 6 of {@code protocol-c.md}) of a {@link SampleSet} as a
 * {@link FeatureSchema} whose rows are sample indices, and fits it on the set's train samples.
 *
 * <p>The fields, in order: {@value #USER} and {@value #MOVIE} (vocabularies of ids with at least two
 * train samples, ascending, index = 1 + position, 0 = out of vocabulary), {@value #GENRES} (the
 * movie's genres, multi-hot over the train samples' genres), {@value #YEAR} (ten quantile buckets of
 * the train samples' known years, missing → 0), {@value #RECENT} (multi-hot through the movie
 * vocabulary, unknown ids → 0), {@value #FAVOURITE} (multi-hot through the genre vocabulary), the six
 * numerics of {@link NumericFeature} under their protocol names (min-max with train bounds, not
 * clipped), and {@value #CROSS} (the wide cross, 10,000 buckets).
 *
 * <pre>{@code
 * SampleSet samples = SampleSet.build(data.ratings(), data.catalog());
 * FittedSchema<Integer> features = ProtocolCFeatures.fit(samples);
 * SparseRow row = features.sparse(0);        // the first sample, encoded
 * }</pre>
 */
public final class ProtocolCFeatures {
    /** The user id field. */
    public static final String USER = "userId";
    /** The movie id field. */
    public static final String MOVIE = "movieId";
    /** The movie's genres field. */
    public static final String GENRES = "genres";
    /** The release-year bucket field. */
    public static final String YEAR = "year";
    /** The recently liked movies field. */
    public static final String RECENT = "recentPositive";
    /** The user's favourite genres field. */
    public static final String FAVOURITE = "favouriteGenres";
    /** The wide cross field (Wide&amp;Deep only). */
    public static final String CROSS = "wideCross";
    /** Minimum number of train samples for an id to get its own index. */
    public static final int MIN_ID_COUNT = 2;
    /** Number of year quantile buckets. */
    public static final int YEAR_BUCKETS = 10;

    private ProtocolCFeatures() {
    }

    /** Returns the (unfitted) protocol C schema over the sample indices of {@code samples}. */
    public static FeatureSchema<Integer> schema(SampleSet samples) {
        ItemCatalog catalog = samples.catalog();
        List<String> genreNames = catalog.genreVocabulary();
        FeatureSchema.Builder<Integer> b = FeatureSchema.<Integer>builder()
                .addCategorical(USER, Vocabulary.trainer().withMinCount(MIN_ID_COUNT).build(), samples::userId)
                .addCategorical(MOVIE, Vocabulary.trainer().withMinCount(MIN_ID_COUNT).build(), samples::itemId)
                .addMultiHot(GENRES, MultiHot.trainer().withOov(MultiHot.Oov.KEEP).build(), i -> {
                    int[] g = samples.itemGenres(i);
                    List<String> names = new ArrayList<>(g.length);
                    for (int x : g) {
                        names.add(genreNames.get(x));
                    }
                    return names;
                })
                .addQuantile(YEAR, QuantileBuckets.trainer().withBuckets(YEAR_BUCKETS).build(),
                        i -> samples.year(i).isPresent() ? samples.year(i).getAsInt() : Double.NaN)
                .addMultiHotLongsOver(RECENT, MOVIE, MultiHot.Oov.KEEP, samples::recentPositiveIds)
                .addMultiHotOver(FAVOURITE, GENRES, MultiHot.Oov.KEEP, samples::favouriteGenreNames);
        for (NumericFeature f : NumericFeature.values()) {
            b.addMinMax(f.protocolName(), MinMaxScaler.trainer().build(), i -> samples.numeric(i, f));
        }
        return b.addCross(CROSS, HashedCross.of(samples.spec().crossBuckets()), samples::itemId,
                samples::firstRecentPositiveId).build();
    }

    /** Returns the protocol C schema fitted on the train samples (fit ∪ validation) of {@code samples}. */
    public static FittedSchema<Integer> fit(SampleSet samples) {
        List<Integer> train = new ArrayList<>(samples.trainCount());
        for (int i = 0; i < samples.size(); i++) {
            if (samples.isTrain(i)) {
                train.add(i);
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "protocol C: no train samples among %d samples, nothing to fit the encoders on", samples.size()));
        }
        return schema(samples).fit(train);
    }
}
