package org.recsys4j.core.sample;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.MinMaxScaler;
import org.recsys4j.core.feature.MultiHot;
import org.recsys4j.core.feature.QuantileBuckets;
import org.recsys4j.core.feature.SparseRow;
import org.recsys4j.core.feature.Vocabulary;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.testing.SharedData;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol C's encoding (section 6) reproduces the encoder figures of section 8: vocabulary sizes,
 * year cut points, train bounds of the numerics, out-of-vocabulary rates on test. Skipped when
 * ../shared is absent.
 */
class ProtocolCFeaturesTest {

    private static SampleSet samples(String name) throws Exception {
        MovieLensData d = MovieLens.load(SharedData.dataSet(name), LoadOptions.lenient());
        return SampleSet.build(d.ratings(), d.catalog(), SampleSpec.protocolC());
    }

    private static void check(String name, int users, int movies, int genres, double[] cuts,
                              double oovUserShare, double oovMovieShare, double maxUserCount) throws Exception {
        SampleSet s = samples(name);
        FittedSchema<Integer> f = ProtocolCFeatures.fit(s);
        Vocabulary user = f.encoder(ProtocolCFeatures.USER, Vocabulary.class);
        Vocabulary movie = f.encoder(ProtocolCFeatures.MOVIE, Vocabulary.class);
        assertEquals(users, user.cardinality(), name + " user vocabulary incl. OOV");
        assertEquals(movies, movie.cardinality(), name + " movie vocabulary incl. OOV");
        assertEquals(genres, f.encoder(ProtocolCFeatures.GENRES, MultiHot.class).cardinality(), name + " genres incl. OOV");
        assertArrayEquals(cuts, f.encoder(ProtocolCFeatures.YEAR, QuantileBuckets.class).cuts(), name + " year cuts");
        MinMaxScaler uc = f.encoder(ProtocolCFeatures.NUMERICS.get(3), MinMaxScaler.class);   // userRatingCount
        assertEquals(2, uc.min(), name);
        assertEquals(maxUserCount, uc.max(), name);
        int test = 0;
        int oovUser = 0;
        int oovMovie = 0;
        for (int i = 0; i < s.size(); i++) {
            if (!s.isTrain(i)) {
                test++;
                oovUser += user.index(s.userId(i)) == Vocabulary.OOV ? 1 : 0;
                oovMovie += movie.index(s.itemId(i)) == Vocabulary.OOV ? 1 : 0;
            }
        }
        assertEquals(oovUserShare, 100.0 * oovUser / test, 0.005, name + " test samples with an OOV user, %");
        assertEquals(oovMovieShare, 100.0 * oovMovie / test, 0.005, name + " test samples with an OOV movie, %");
        // every sample encodes; the cross is the sample set's own
        for (int i = 0; i < s.size(); i += 997) {
            SparseRow row = f.sparse(i);
            assertTrue(row.size() >= 9, "sample " + i + " has a value in every single-valued field");
            assertEquals(s.crossBucket(i), f.dense(i)[f.denseOffset(ProtocolCFeatures.CROSS)], 0.0, "sample " + i);
        }
    }

    @Test
    void mlLatestSmallReproducesSection8() throws Exception {
        check("ml-latest-small", 523, 5_413, 20, new double[]{1975, 1986, 1991, 1994, 1996, 1998, 2000, 2003, 2006},
                90.96, 19.22, 2_515);
    }

    @Test
    void ml100kReproducesSection8() throws Exception {
        check("ml-100k", 751, 1_479, 19, new double[]{1967, 1982, 1989, 1993, 1994, 1995, 1996, 1997},
                84.89, 1.38, 736);
    }
}
