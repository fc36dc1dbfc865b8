package org.recsys4j.core.sample;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.feature.HashedCross;
import org.recsys4j.core.feature.QuantileBuckets;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.testing.SharedData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reproduces protocol C's section 8 on the shared MovieLens copies (skipped when ../shared is absent):
 * counts, split, positive rates, train ranges, checksums and the six known-answer samples.
 * ml-100k's checksums come from {@code features.py --data shared/data/ml-100k}.
 */
class SampleSetSharedDataTest {

    private static final Map<String, SampleSet> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Returns the samples of a shared data set (built once per class run); step 0 drops unknown movies. */
    private static SampleSet load(String name) throws IOException {
        java.nio.file.Path dir = SharedData.dataSet(name);
        SampleSet s = CACHE.get(name);
        if (s == null) {
            MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
            assertEquals(name.equals("ml-latest-small") ? 1 : 0, ml.report().skipped(), "dropped, unknown movie");
            s = SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC());
            CACHE.put(name, s);
        }
        return s;
    }

    /** The fitted protocol C year encoder (ten quantile buckets over the train samples' known years). */
    private static QuantileBuckets yearEncoder(SampleSet s) {
        return ProtocolCFeatures.fit(s).encoder(ProtocolCFeatures.YEAR, QuantileBuckets.class);
    }

    private static int[] yearCuts(QuantileBuckets years) {
        return Arrays.stream(years.cuts()).mapToInt(c -> (int) c).toArray();
    }

    /** The release year of sample i's movie (the catalogue's MovieLens view). */
    private static OptionalInt year(SampleSet s, int i) {
        return s.catalog().year(s.itemIndex(i));
    }

    private static int yearBucket(OptionalInt y, QuantileBuckets years) {
        return years.bucket(y.isPresent() ? y.getAsInt() : Double.NaN);
    }

    private static double positiveRate(SampleSet s, Part... parts) {
        int n = 0;
        int pos = 0;
        for (int i = 0; i < s.size(); i++) {
            if (Arrays.asList(parts).contains(s.part(i))) {
                n++;
                if (s.label(i)) {
                    pos++;
                }
            }
        }
        return (double) pos / n;
    }

    /** The figures section 8 and features.py's summary print, computed from a sample set. */
    private record Summary(int samples, int dropped, long t, int atT, int train, int test, int fit, int val, long tv,
                           double[] rates, int[] cuts, int missingYear, int emptyRecent, int maxGenres,
                           double[] trainMin, double[] trainMax, int testUsers, int testUsersWithoutTrain,
                           long sumUserCount, long sumItemCount, double[] sums, long sumRecentIds, long sumRecentLen,
                           long sumYearBucket, Map<String, Integer> firstFavourite) {
    }

    private static Summary summarise(SampleSet s) {
        int atT = 0, missingYear = 0, emptyRecent = 0, maxGenres = 0;
        double[] min = new double[6];
        double[] max = new double[6];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        double[] sums = new double[4];
        long sumUc = 0, sumIc = 0, sumIds = 0, sumLen = 0, sumBucket = 0;
        LongOpenHashSet trainUsers = new LongOpenHashSet();
        LongOpenHashSet testUsers = new LongOpenHashSet();
        Map<String, Integer> first = new TreeMap<>();
        QuantileBuckets years = yearEncoder(s);
        int[] cuts = yearCuts(years);
        List<Aggregate> f = ProtocolCFeatures.AGGREGATES;
        for (int i = 0; i < s.size(); i++) {
            if (s.timestamp(i) == s.splitTimestamp()) {
                atT++;
            }
            if (year(s, i).isEmpty()) {
                missingYear++;
            }
            if (s.recentPositiveCount(i) == 0) {
                emptyRecent++;
            }
            maxGenres = Math.max(maxGenres, s.catalog().genres(s.itemIndex(i)).length);
            if (s.isTrain(i)) {
                trainUsers.add(s.userId(i));
                for (int j = 0; j < 6; j++) {
                    min[j] = Math.min(min[j], s.aggregate(i, f.get(j)));
                    max[j] = Math.max(max[j], s.aggregate(i, f.get(j)));
                }
            } else {
                testUsers.add(s.userId(i));
            }
            sumUc += s.userCount(i);
            sumIc += s.itemCount(i);
            sums[0] += s.userMean(i);
            sums[1] += s.userStddev(i);
            sums[2] += s.itemMean(i);
            sums[3] += s.itemStddev(i);
            for (long id : s.recentPositiveIds(i)) {
                sumIds += id;
            }
            sumLen += s.recentPositiveCount(i);
            sumBucket += yearBucket(year(s, i), years);
            List<String> fav = s.favouriteValues(i, ProtocolCFeatures.GENRES);
            first.merge(fav.isEmpty() ? "-" : fav.get(0), 1, Integer::sum);
        }
        int without = 0;
        for (long u : testUsers) {
            if (!trainUsers.contains(u)) {
                without++;
            }
        }
        double[] rates = {positiveRate(s, Part.values()), positiveRate(s, Part.FIT, Part.VALIDATION),
                positiveRate(s, Part.TEST), positiveRate(s, Part.FIT), positiveRate(s, Part.VALIDATION)};
        return new Summary(s.size(), s.droppedColdUser(), s.splitTimestamp(), atT, s.trainCount(), s.count(Part.TEST),
                s.count(Part.FIT), s.count(Part.VALIDATION), s.validationTimestamp(), rates, cuts, missingYear,
                emptyRecent, maxGenres, min, max, testUsers.size(), without, sumUc, sumIc, sums, sumIds, sumLen,
                sumBucket, first);
    }

    private static void check(Summary e, Summary a) {
        assertEquals(e.samples, a.samples, "samples");
        assertEquals(e.dropped, a.dropped, "dropped, < 2 earlier user ratings");
        assertEquals(e.t, a.t, "T");
        assertEquals(e.atT, a.atT, "samples at second T");
        assertEquals(e.train, a.train, "train");
        assertEquals(e.test, a.test, "test");
        assertEquals(e.fit, a.fit, "fit");
        assertEquals(e.val, a.val, "val");
        assertEquals(e.tv, a.tv, "Tv");
        String[] rateNames = {"all", "train", "test", "fit", "val"};
        for (int j = 0; j < 5; j++) {
            assertEquals(e.rates[j], a.rates[j], 5e-6, "positive rate " + rateNames[j]);
        }
        assertArrayEquals(e.cuts, a.cuts, "year cut points");
        assertEquals(e.missingYear, a.missingYear, "samples with missing year");
        assertEquals(e.emptyRecent, a.emptyRecent, "samples with empty recentPositive");
        assertEquals(e.maxGenres, a.maxGenres, "max genres per movie");
        for (int j = 0; j < ProtocolCFeatures.NUMERICS.size(); j++) {
            assertEquals(e.trainMin[j], a.trainMin[j], "train min " + ProtocolCFeatures.NUMERICS.get(j));
            assertEquals(e.trainMax[j], a.trainMax[j], "train max " + ProtocolCFeatures.NUMERICS.get(j));
        }
        assertEquals(e.testUsers, a.testUsers, "test users");
        assertEquals(e.testUsersWithoutTrain, a.testUsersWithoutTrain, "test users without a train sample");
        assertEquals(e.sumUserCount, a.sumUserCount, "sum userRatingCount");
        assertEquals(e.sumItemCount, a.sumItemCount, "sum movieRatingCount");
        String[] sumNames = {"userAvgRating", "userRatingStddev", "movieAvgRating", "movieRatingStddev"};
        for (int j = 0; j < 4; j++) {
            assertEquals(e.sums[j], a.sums[j], 5e-7, "sum " + sumNames[j]);   // printed to 6 decimals
        }
        assertEquals(e.sumRecentIds, a.sumRecentIds, "sum recentPositive ids");
        assertEquals(e.sumRecentLen, a.sumRecentLen, "sum recentPositive lengths");
        assertEquals(e.sumYearBucket, a.sumYearBucket, "sum year bucket");
        assertEquals(e.firstFavourite, a.firstFavourite, "first favourite genre counts");
    }

    @Test
    void mlLatestSmallReproducesSection8() throws IOException {
        SampleSet s = load("ml-latest-small");
        assertEquals(100836, s.history().size());
        Map<String, Integer> first = new TreeMap<>(Map.ofEntries(Map.entry("-", 342), Map.entry("Action", 17166),
                Map.entry("Adventure", 4092), Map.entry("Animation", 148), Map.entry("Children", 232),
                Map.entry("Comedy", 22307), Map.entry("Crime", 816), Map.entry("Documentary", 30),
                Map.entry("Drama", 49783), Map.entry("Fantasy", 102), Map.entry("Film-Noir", 3),
                Map.entry("Horror", 323), Map.entry("IMAX", 5), Map.entry("Musical", 64), Map.entry("Mystery", 21),
                Map.entry("Romance", 476), Map.entry("Sci-Fi", 1199), Map.entry("Thriller", 2030),
                Map.entry("War", 1), Map.entry("Western", 2)));
        double sd = 3.181980515339464;
        check(new Summary(99142, 1694, 1458636238L, 1, 79314, 19828, 71383, 7931, 1418063547L,
                new double[] {0.61203, 0.61253, 0.61005, 0.60907, 0.64368},
                new int[] {1975, 1986, 1991, 1994, 1996, 1998, 2000, 2003, 2006}, 18, 342, 10,
                new double[] {0, 0, 0, 2, 0.5, 0}, new double[] {265, 5, sd, 2515, 5, sd}, 116, 88,
                30_344_036L, 2_824_931L, new double[] {352287.686158, 90665.856333, 320717.693242, 71715.1251},
                9_871_834_559L, 485_187L, 597_091L, first), summarise(s));
    }

    @Test
    void mlLatestSmallKnownAnswerSamples() throws IOException {
        SampleSet s = load("ml-latest-small");
        QuantileBuckets years = yearEncoder(s);
        List<Integer> picks = new ArrayList<>();
        for (Part p : Part.values()) {
            int firstIdx = -1, lastIdx = -1;
            for (int i = 0; i < s.size(); i++) {
                if (s.part(i) == p) {
                    if (firstIdx < 0) {
                        firstIdx = i;
                    }
                    lastIdx = i;
                }
            }
            picks.add(firstIdx);
            picks.add(lastIdx);
        }
        Object[][] table = {
            // part, user, movie, ts, label, year, bucket, movie cnt/avg/sd, user cnt/avg/sd, recent, favourite
            {Part.FIT, 429, 48, 828124616L, true, 1995, 5, 0, 0.0, 0.0, 20, 3.95, 0.887041,
                new long[] {595, 592, 590, 588, 434}, List.of("Drama", "Thriller", "Adventure", "Action", "Children")},
            {Part.FIT, 21, 26340, 1418063547L, false, 1976, 2, 0, 0.0, 0.0, 191, 3.481675, 1.046764,
                new long[] {115877, 8644, 59315, 89745, 112006},
                List.of("Action", "Adventure", "Comedy", "Thriller", "Sci-Fi")},
            {Part.VALIDATION, 21, 364, 1418063557L, true, 1994, 5, 134, 3.94403, 0.835447, 192, 3.479167, 1.044599,
                new long[] {115877, 8644, 59315, 89745, 112006},
                List.of("Action", "Adventure", "Comedy", "Thriller", "Sci-Fi")},
            {Part.VALIDATION, 495, 5400, 1458636238L, false, 2002, 8, 14, 3.035714, 0.88718, 157, 4.213376, 1.003526,
                new long[] {2683, 7360, 7163, 145, 33679}, List.of("Drama", "Comedy", "Action", "Thriller", "Crime")},
            {Part.TEST, 495, 1552, 1458636242L, false, 1997, 6, 49, 3.102041, 0.984143, 158, 4.202532, 1.009569,
                new long[] {2683, 7360, 7163, 145, 33679}, List.of("Drama", "Comedy", "Action", "Thriller", "Crime")},
            {Part.TEST, 514, 162, 1537799250L, true, 1994, 5, 16, 4.21875, 0.657489, 396, 3.309343, 0.95049,
                new long[] {187593, 68157, 1089, 1079, 60487},
                List.of("Drama", "Comedy", "Action", "Thriller", "Adventure")},
        };
        for (int r = 0; r < table.length; r++) {
            Object[] e = table[r];
            int i = picks.get(r);
            String at = "row " + r + " (sample " + i + ")";
            assertEquals(e[0], s.part(i), at);
            assertEquals(((Integer) e[1]).longValue(), s.userId(i), at);
            assertEquals(((Integer) e[2]).longValue(), s.itemId(i), at);
            assertEquals(e[3], s.timestamp(i), at);
            assertEquals(e[4], s.label(i), at);
            assertEquals(OptionalInt.of((Integer) e[5]), year(s, i), at);
            assertEquals(e[6], yearBucket(year(s, i), years), at);
            assertEquals(e[7], s.itemCount(i), at);
            assertEquals((Double) e[8], s.itemMean(i), 5e-7, at);
            assertEquals((Double) e[9], s.itemStddev(i), 5e-7, at);
            assertEquals(e[10], s.userCount(i), at);
            assertEquals((Double) e[11], s.userMean(i), 5e-7, at);
            assertEquals((Double) e[12], s.userStddev(i), 5e-7, at);
            assertArrayEquals((long[]) e[13], s.recentPositiveIds(i), at);
            assertEquals(e[14], s.favouriteValues(i, ProtocolCFeatures.GENRES), at);
            assertEquals(HashedCross.of(10_000).bucket(s.itemId(i), ((long[]) e[13])[0]), s.crossBucket(i), at);
        }
        assertEquals(List.of("Animation", "Children", "Drama", "Musical", "Romance"),
                s.catalog().genreNames(s.itemIndex(picks.get(0))));
        assertEquals(2214, s.crossBucket(picks.get(0)));   // splitmix64 of 48·10⁶ + 595
    }

    @Test
    void ml100kReproducesSection8() throws IOException {
        SampleSet s = load("ml-100k");
        assertEquals(100000, s.history().size());
        Map<String, Integer> first = new TreeMap<>(Map.ofEntries(Map.entry("-", 722), Map.entry("Action", 13943),
                Map.entry("Adventure", 265), Map.entry("Animation", 78), Map.entry("Children's", 176),
                Map.entry("Comedy", 8789), Map.entry("Crime", 408), Map.entry("Drama", 66739),
                Map.entry("Horror", 306), Map.entry("Mystery", 150), Map.entry("Romance", 974),
                Map.entry("Sci-Fi", 541), Map.entry("Thriller", 3972), Map.entry("War", 64)));
        double sd = 2.8284271247461903;
        check(new Summary(97127, 2873, 889237026L, 3, 77702, 19425, 69932, 7770, 887740603L,
                new double[] {0.55213, 0.54920, 0.56386, 0.55281, 0.51673},
                new int[] {1967, 1982, 1989, 1993, 1994, 1995, 1996, 1997}, 13, 722, 6,
                new double[] {0, 0, 0, 2, 1, 0}, new double[] {472, 5, sd, 736, 5, sd}, 301, 193,
                9_948_326L, 7_990_870L, new double[] {349851.068257, 95287.997374, 339543.546798, 90885.943453},
                190_091_543L, 467_634L, 536_683L, first), summarise(s));
    }
}
