package org.recsys4j.core.feature;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed known answers for every encoder, protocol C's rules included. */
class EncodersTest {

    // ---- vocabulary ---------------------------------------------------------------------------

    @Test
    void vocabularyWithMinCountTwoKeepsIdsSeenTwiceAscending() {
        // counts: 7 x2, 3 x3, 9 x1, 12 x2, 5 x1
        Vocabulary v = Vocabulary.trainer().withMinCount(2).build().fit(new long[] {7, 3, 7, 9, 3, 3, 12, 5, 12});
        assertEquals(3, v.size());
        assertEquals(4, v.cardinality());
        assertEquals(1, v.index(3));
        assertEquals(2, v.index(7));
        assertEquals(3, v.index(12));
        assertEquals(Vocabulary.OOV, v.index(9));     // seen once
        assertEquals(Vocabulary.OOV, v.index(5));
        assertEquals(Vocabulary.OOV, v.index(100));   // never seen
        assertEquals(12L, v.longId(3));
        assertEquals("7", v.id(2));
        assertThrows(IndexOutOfBoundsException.class, () -> v.longId(0));
    }

    @Test
    void vocabularyIndicesDoNotDependOnTrainingOrder() {
        Vocabulary a = Vocabulary.trainer().build().fit(new long[] {5, 1, 9});
        Vocabulary b = Vocabulary.trainer().build().fit(new long[] {9, 9, 5, 1});
        assertEquals(a, b);
        assertEquals(1, a.index(1));
        assertEquals(3, a.index(9));
    }

    @Test
    void stringVocabularyUsesOrdinalOrder() {
        Vocabulary v = Vocabulary.trainer().build().fitStrings(List.of("b", "a", "b", "Z", "Sci-Fi", "(none)"));
        // ordinal: '(' < 'S' < 'Z' < 'a' < 'b'
        assertEquals(1, v.index("(none)"));
        assertEquals(2, v.index("Sci-Fi"));
        assertEquals(3, v.index("Z"));
        assertEquals(4, v.index("a"));
        assertEquals(5, v.index("b"));
        assertEquals(0, v.index("c"));
        assertEquals(0, v.index((String) null));
    }

    @Test
    void vocabularyTrainerNamesTheBadSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.trainer().withMinCount(0).build());
        assertEquals("minCount: 0, must be >= 1", e.getMessage());
    }

    // ---- multi-hot ----------------------------------------------------------------------------

    @Test
    void multiHotGivesSortedDistinctIndicesAndKeepsOrDropsOov() {
        MultiHot keep = MultiHot.trainer().build().fitStrings(List.of(List.of("Drama", "Comedy"), List.of("Drama"), List.of()));
        // vocabulary: Comedy = 1, Drama = 2
        assertArrayEquals(new int[] {0, 1, 2}, keep.indices(List.of("Drama", "Western", "Comedy", "Drama", "Horror")));
        assertArrayEquals(new int[] {0}, keep.indices(List.of("Western")));
        assertArrayEquals(new int[] {}, keep.indices(List.of()));
        assertEquals(3, keep.cardinality());

        MultiHot drop = MultiHot.over(keep.vocabulary(), MultiHot.Oov.DROP);
        assertArrayEquals(new int[] {1, 2}, drop.indices(List.of("Drama", "Western", "Comedy")));
        assertArrayEquals(new int[] {}, drop.indices(List.of("Western")));
    }

    @Test
    void multiHotOverMovieVocabularyLikeRecentPositive() {
        Vocabulary movies = Vocabulary.trainer().withMinCount(2).build().fit(new long[] {3, 3, 7, 7, 12, 12, 99});
        MultiHot recent = MultiHot.over(movies, MultiHot.Oov.KEEP);
        assertArrayEquals(new int[] {0, 1, 3}, recent.indices(12L, 99L, 3L, 12L));
        assertArrayEquals(new int[] {}, recent.indices());
    }

    @Test
    void multiHotMinCountCountsEveryOccurrence() {
        MultiHot m = MultiHot.trainer().withMinCount(2).withOov(MultiHot.Oov.DROP).build()
                .fitLongs(List.of(new long[] {1, 2}, new long[] {2, 3}, new long[] {3}));
        assertEquals(2, m.vocabulary().size());   // 2 and 3
        assertArrayEquals(new int[] {1, 2}, m.indices(1L, 2L, 3L));
    }

    // ---- scalers ------------------------------------------------------------------------------

    @Test
    void minMaxIsNotClippedByDefault() {
        MinMaxScaler s = MinMaxScaler.trainer().build().fit(new double[] {4, 2, 6});
        assertEquals(2.0, s.min());
        assertEquals(6.0, s.max());
        assertEquals(0.75, s.transform(5));
        assertEquals(2.0, s.transform(10));     // above the train maximum: outside [0, 1]
        assertEquals(-0.5, s.transform(0));
        assertFalse(s.isClipped());
    }

    @Test
    void minMaxClipsWhenAskedAndGivesZeroForAConstantFeature() {
        MinMaxScaler c = MinMaxScaler.trainer().withClip(true).build().fit(new double[] {2, 6});
        assertEquals(1.0, c.transform(10));
        assertEquals(0.0, c.transform(0));
        assertEquals(0.25, c.transform(3));
        MinMaxScaler constant = MinMaxScaler.trainer().build().fit(new double[] {5, 5, 5});
        assertEquals(0.0, constant.transform(5));
        assertEquals(0.0, constant.transform(1e9));
    }

    @Test
    void minMaxRefusesEmptyAndNonFiniteTraining() {
        assertEquals("values: empty; min-max needs at least one training value", assertThrows(IllegalArgumentException.class,
                () -> MinMaxScaler.trainer().build().fit(new double[0])).getMessage());
        assertEquals("values[1]=NaN: must be finite", assertThrows(IllegalArgumentException.class,
                () -> MinMaxScaler.trainer().build().fit(new double[] {1, Double.NaN})).getMessage());
    }

    @Test
    void standardScalerUsesPopulationStddevAndZeroForConstant() {
        StandardScaler s = StandardScaler.trainer().fit(new double[] {1, 3});
        assertEquals(2.0, s.mean());
        assertEquals(1.0, s.stddev());
        assertEquals(2.0, s.transform(4));
        assertEquals(-1.0, s.transform(1));
        StandardScaler c = StandardScaler.trainer().fit(new double[] {7, 7});
        assertEquals(0.0, c.stddev());
        assertEquals(0.0, c.transform(100));
    }

    // ---- quantile buckets ---------------------------------------------------------------------

    @Test
    void protocolCYearBucketsOnHandMadeYears() {
        // Y sorted (NaN = unknown year, not in Y): n = 10, c_j = Y[j] for j = 1..9
        double[] years = {2010, 1990, 1995, Double.NaN, 1990, 1991, 2001, 1995, 2005, 1995, 2000};
        QuantileBuckets b = QuantileBuckets.trainer().build().fit(years);
        // Y = [1990,1990,1991,1995,1995,1995,2000,2001,2005,2010]; Y[1..9] = 1990,1991,1995,1995,1995,2000,2001,2005,2010
        assertArrayEquals(new double[] {1990, 1991, 1995, 2000, 2001, 2005, 2010}, b.cuts());
        assertEquals(9, b.numBuckets());        // #cuts + 2
        assertEquals(0, b.bucket(Double.NaN));  // missing
        assertEquals(1, b.bucket(1950));        // below the first cut
        assertEquals(2, b.bucket(1990));        // equal to a cut: upper bucket
        assertEquals(2, b.bucket(1990.5));
        assertEquals(3, b.bucket(1991));
        assertEquals(4, b.bucket(1999));
        assertEquals(8, b.bucket(2010));
        assertEquals(8, b.bucket(2030));        // above the train range: last bucket
    }

    @Test
    void quantileCutPointsUseIntegerDivisionWhenNIsNotAMultipleOfQ() {
        // n = 7, q = 10: floor(j*7/10) for j = 1..9 = 0,1,2,2,3,4,4,5,6
        QuantileBuckets b = QuantileBuckets.trainer().build().fit(new double[] {70, 10, 20, 30, 40, 50, 60});
        assertArrayEquals(new double[] {10, 20, 30, 40, 50, 60, 70}, b.cuts());
        // n = 8, q = 4: floor(j*8/4) = 2, 4, 6
        QuantileBuckets d = QuantileBuckets.trainer().withBuckets(4).build()
                .fit(new double[] {1990, 1990, 1990, 1990, 1990, 2000, 2001, 2010});
        assertArrayEquals(new double[] {1990, 2001}, d.cuts());   // Y[2] = Y[4] = 1990 deduplicated
        assertEquals(1, d.bucket(1989));
        assertEquals(2, d.bucket(1990));
        assertEquals(2, d.bucket(2000));
        assertEquals(3, d.bucket(2001));
        assertEquals(4, d.numBuckets());
    }

    @Test
    void quantileWithoutKnownTrainingValuesPutsEveryKnownValueInBucketOne() {
        QuantileBuckets b = QuantileBuckets.trainer().build().fit(new double[] {Double.NaN});
        assertEquals(0, b.cuts().length);
        assertEquals(1, b.bucket(-1e300));
        assertEquals(0, b.bucket(Double.NaN));
        assertEquals(2, b.numBuckets());
    }

    @Test
    void quantileBucketsAreMonotoneAndMatchABruteForceOracle() {
        Random r = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(60);
            int q = 2 + r.nextInt(12);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(5) == 0 ? Double.NaN : r.nextInt(20);   // many ties, some missing
            }
            QuantileBuckets b = QuantileBuckets.trainer().withBuckets(q).build().fit(v);
            // oracle: the rule written out with a list and a linear count
            List<Double> y = new ArrayList<>();
            for (double x : v) {
                if (!Double.isNaN(x)) {
                    y.add(x);
                }
            }
            y.sort(null);
            List<Double> cuts = new ArrayList<>();
            for (int j = 1; j < q && !y.isEmpty(); j++) {
                double c = y.get(j * y.size() / q);
                if (!cuts.contains(c)) {
                    cuts.add(c);
                }
            }
            assertArrayEquals(cuts.stream().mapToDouble(Double::doubleValue).toArray(), b.cuts(), "trial " + trial);
            int previous = 0;
            for (double x = -2; x <= 22; x += 0.25) {
                int bucket = b.bucket(x);
                long expected = 1;
                for (double c : cuts) {
                    if (c <= x) {
                        expected++;
                    }
                }
                assertEquals(expected, bucket, "trial " + trial + " x " + x);
                assertTrue(bucket >= previous, "monotone at " + x);
                assertTrue(bucket >= 1 && bucket < b.numBuckets());
                previous = bucket;
            }
        }
    }

    @Test
    void quantileTrainerAndCutsAreValidated() {
        assertEquals("buckets: 1, must be >= 2", assertThrows(IllegalArgumentException.class,
                () -> QuantileBuckets.trainer().withBuckets(1).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> QuantileBuckets.ofCuts(2, 1));
        assertEquals(3, QuantileBuckets.ofCuts(1, 2).bucket(5));
    }

    // ---- label --------------------------------------------------------------------------------

    @Test
    void labelThresholdAtLeastAndAbove() {
        LabelThreshold p = LabelThreshold.atLeast(LabelThreshold.DEFAULT_THRESHOLD);
        assertEquals(1, p.label(3.5));
        assertEquals(1, p.label(5));
        assertEquals(0, p.label(3.0));
        LabelThreshold strict = LabelThreshold.above(3.5);
        assertEquals(0, strict.label(3.5));
        assertEquals(1, strict.label(4.0));
        assertThrows(IllegalArgumentException.class, () -> p.label(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LabelThreshold.atLeast(Double.NaN));
    }

    // ---- hashed cross -------------------------------------------------------------------------

    /** Protocol C section 6, copied verbatim: the oracle. */
    static int crossBucket(long movieId, long recent1) {
        long z = movieId * 1_000_000L + recent1 + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) Long.remainderUnsigned(z, 10_000);
    }

    @Test
    void hashedCrossMatchesProtocolCKnownAnswers() {
        HashedCross c = HashedCross.of(10_000, 1_000_000L);
        // computed by running the protocol-c.md snippet
        assertEquals(7535, c.bucket(0, 0));
        assertEquals(9847, c.bucket(1, 0));
        assertEquals(7855, c.bucket(1, 1));
        assertEquals(6861, c.bucket(296, 318));
        assertEquals(8442, c.bucket(318, 296));
        assertEquals(4403, c.bucket(2571, 0));
        assertEquals(4496, c.bucket(193609, 193587));
        assertEquals(1866, c.bucket(1, 193609));
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long a = r.nextInt(300_000);
            long b = r.nextInt(5) == 0 ? 0 : r.nextInt(300_000);
            assertEquals(crossBucket(a, b), c.bucket(a, b), a + "," + b);
        }
        assertEquals(HashedCross.of(10_000), c);
    }

    @Test
    void hashedCrossBucketsAreInRangeForNegativeHashes() {
        HashedCross c = HashedCross.of(7);
        for (long k = -1000; k < 1000; k++) {
            int b = c.bucketOfKey(k);
            assertTrue(b >= 0 && b < 7);
        }
        assertThrows(IllegalArgumentException.class, () -> HashedCross.of(0));
    }

    // ---- time context -------------------------------------------------------------------------

    private static long at(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    @Test
    void timeContextAcrossBerlinDaylightSavingChanges() {
        TimeContext t = TimeContext.of(ZoneId.of("Europe/Berlin"), 1);
        // spring forward 2021-03-28: 02:00 CET -> 03:00 CEST at 01:00 UTC
        assertEquals(1, t.hourOfDay(at("2021-03-28T00:59:59Z")));
        assertEquals(3, t.hourOfDay(at("2021-03-28T01:00:00Z")));
        // fall back 2021-10-31: 03:00 CEST -> 02:00 CET at 01:00 UTC; the 02 hour happens twice
        assertEquals(2, t.hourOfDay(at("2021-10-31T00:30:00Z")));
        assertEquals(2, t.hourOfDay(at("2021-10-31T01:30:00Z")));
        assertEquals(3, t.hourOfDay(at("2021-10-31T02:00:00Z")));
        assertTrue(t.isWeekend(at("2021-03-28T01:00:00Z")));   // Sunday
        TimeContext six = TimeContext.of(ZoneId.of("Europe/Berlin"), 6);
        assertEquals(4, six.numHourBuckets());
        assertEquals(0, six.hourBucket(1616893200L));          // the class javadoc example
        assertEquals(3, six.hourOfDay(1616893200L));
    }

    @Test
    void weekendIsReadOnTheLocalCalendar() {
        long saturdayUtc = at("2021-01-02T03:00:00Z");         // Friday 22:00 in New York
        assertTrue(TimeContext.of(ZoneId.of("UTC"), 1).isWeekend(saturdayUtc));
        TimeContext ny = TimeContext.of(ZoneId.of("America/New_York"), 1);
        assertFalse(ny.isWeekend(saturdayUtc));
        assertEquals(5, ny.dayOfWeek(saturdayUtc));
        assertEquals(22, ny.hourOfDay(saturdayUtc));
        long mondayUtc = at("2021-01-04T02:00:00Z");            // Sunday 21:00 in New York
        assertTrue(ny.isWeekend(mondayUtc));
        TimeContext kolkata = TimeContext.of(ZoneId.of("Asia/Kolkata"), 3);   // +05:30, fixed
        assertEquals(5, kolkata.hourOfDay(at("2021-01-04T00:00:00Z")));
        assertEquals(1, kolkata.hourBucket(at("2021-01-04T00:00:00Z")));
    }

    @Test
    void timeContextAgreesWithJavaTimeOnRandomInstants() {
        Random r = new Random(3);
        for (String id : Set.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "+14:00")) {
            ZoneId zone = ZoneId.of(id);
            TimeContext t = TimeContext.of(zone, 2);
            for (int i = 0; i < 20_000; i++) {
                long s = r.nextLong() % 4_000_000_000L;   // 1843 .. 2096, negative included
                ZonedDateTime z = Instant.ofEpochSecond(s).atZone(zone);
                assertEquals(z.getHour(), t.hourOfDay(s), id + " " + s);
                assertEquals(z.getHour() / 2, t.hourBucket(s), id + " " + s);
                assertEquals(z.getDayOfWeek().getValue(), t.dayOfWeek(s), id + " " + s);
            }
        }
    }

    @Test
    void timeContextRefusesABucketWidthThatDoesNotDivide24() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeContext.of(ZoneId.of("UTC"), 5));
        assertTrue(e.getMessage().startsWith("hoursPerBucket=5"), e.getMessage());
        assertEquals(Arrays.asList(24, 12, 8, 6, 4, 3, 2, 1), Arrays.asList(1, 2, 3, 4, 6, 8, 12, 24).stream()
                .map(h -> TimeContext.of(ZoneId.of("UTC"), h).numHourBuckets()).toList());
    }
}
