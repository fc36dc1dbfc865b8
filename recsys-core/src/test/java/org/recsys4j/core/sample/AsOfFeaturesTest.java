package org.recsys4j.core.sample;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.HashedCross;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-made log whose every feature is worked out by hand: no feature of a rating uses that rating,
 * a rating at the same second, or a later rating; plus a brute-force comparison on a random log.
 */
class AsOfFeaturesTest {

    /** Every rating of a log as a sample (minPriorEvents 0), its features looked up by the rating's row. */
    record AllRatings(SampleSet s, int[] at) {
        static AllRatings of(Interactions r, ItemCatalog c, SampleSpec spec) {
            SampleSet s = SampleSet.build(r, c, spec.toBuilder().withMinPriorEvents(0).build());
            int[] at = new int[r.size()];
            for (int i = 0; i < s.size(); i++) {
                at[s.eventRow(i)] = i;
            }
            return new AllRatings(s, at);
        }

        int userRatingCount(int k) {
            return s.userCount(at[k]);
        }

        double userAvgRating(int k) {
            return s.userMean(at[k]);
        }

        double userRatingStddev(int k) {
            return s.userStddev(at[k]);
        }

        int itemRatingCount(int k) {
            return s.itemCount(at[k]);
        }

        double itemAvgRating(int k) {
            return s.itemMean(at[k]);
        }

        double itemRatingStddev(int k) {
            return s.itemStddev(at[k]);
        }

        int recentPositiveCount(int k) {
            return s.recentPositiveCount(at[k]);
        }

        int favouriteGenreCount(int k) {
            return s.favouriteCount(at[k], 0);
        }

        /** The dense item indices of rating k's recent positives, most recent first. */
        int[] recentPositives(int k) {
            int[] out = new int[s.recentPositiveCount(at[k])];
            for (int j = 0; j < out.length; j++) {
                out[j] = s.recentPositive(at[k], j);
            }
            return out;
        }

        /** The favourite genres of rating k as catalogue genre indices, best first. */
        int[] favouriteGenres(int k) {
            int[] out = new int[s.favouriteCount(at[k], 0)];
            for (int j = 0; j < out.length; j++) {
                out[j] = s.favourite(at[k], 0, j);
            }
            return out;
        }
    }

    /*
     * Items: 10 "Ten (1995)" A|B, 20 "Twenty (2000)" B, 30 "Foo" C (no year), 40 "Forty (1990)" A,
     * 50 "Fifty (2001)" B.
     * user 1: 10 4.0 @100 | 20 2.0 @200 | 30 5.0 @300, 40 4.5 @300 (same second) | 50 1.0 @400
     * user 2: 10 5.0 @150 | 20 3.5 @250 | 30 1.0 @350
     * user 3: 10 2.0 @300, 20 4.0 @300 | 40 5.0 @500
     */
    static ItemCatalog catalog() {
        return ItemCatalog.builder()
                .add(10, "Ten (1995)", List.of("A", "B"))
                .add(20, "Twenty (2000)", List.of("B"))
                .add(30, "Foo", List.of("C"))
                .add(40, "Forty (1990)", List.of("A"))
                .add(50, "Fifty (2001)", List.of("B"))
                .build();
    }

    static Interactions log(ItemCatalog catalog) {
        // rows deliberately not in time order
        return Interactions.builder(IdIndex.ofLongs(1, 2, 3), catalog.items())
                .addIds(1, 50, 1.0f, 400)
                .addIds(3, 40, 5.0f, 500)
                .addIds(1, 40, 4.5f, 300)
                .addIds(2, 30, 1.0f, 350)
                .addIds(1, 10, 4.0f, 100)
                .addIds(3, 20, 4.0f, 300)
                .addIds(2, 10, 5.0f, 150)
                .addIds(1, 30, 5.0f, 300)
                .addIds(3, 10, 2.0f, 300)
                .addIds(1, 20, 2.0f, 200)
                .addIds(2, 20, 3.5f, 250)
                .build();
    }

    /** Protocol C's six numerics of a sample by name, in its order. */
    private static Map<String, Double> numerics(double itemCount, double itemMean, double itemSd, double userCount,
                                                double userMean, double userSd) {
        double[] v = {itemCount, itemMean, itemSd, userCount, userMean, userSd};
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int j = 0; j < v.length; j++) {
            m.put(ProtocolCFeatures.NUMERICS.get(j), v[j]);
        }
        return m;
    }

    private static int row(Interactions r, long user, long item) {
        for (int k = 0; k < r.size(); k++) {
            if (r.users().longId(r.user(k)) == user && r.items().longId(r.item(k)) == item) {
                return k;
            }
        }
        throw new AssertionError("no rating " + user + "/" + item);
    }

    private static long[] ids(Interactions r, int[] items) {
        return Arrays.stream(items).mapToLong(i -> r.items().longId(i)).toArray();
    }

    private static List<String> names(ItemCatalog c, int[] genres) {
        List<String> out = new ArrayList<>();
        for (int g : genres) {
            out.add(c.genreVocabulary().get(g));
        }
        return out;
    }

    @Test
    void userStatisticsUseOnlyStrictlyEarlierSeconds() {
        ItemCatalog c = catalog();
        Interactions r = log(c);
        AllRatings s = AllRatings.of(r, c, SampleSpec.protocolC());
        // user 1 at 300: history {4.0@100, 2.0@200}; the other rating at 300 and the 1.0 at 400 are excluded
        for (long item : new long[] {30, 40}) {
            int k = row(r, 1, item);
            assertEquals(2, s.userRatingCount(k));
            assertEquals(3.0, s.userAvgRating(k));
            assertEquals(Math.sqrt(2.0), s.userRatingStddev(k));           // (16 + 4 - 36/2) / 1 = 2
            assertArrayEquals(new long[] {10}, ids(r, s.recentPositives(k)));
            assertEquals(List.of("A", "B"), names(c, s.favouriteGenres(k)));  // tie 1-1: by name
        }
        // user 1 at 400: both 300 ratings now count, folded movieId ascending -> 40 is the most recent
        int k = row(r, 1, 50);
        assertEquals(4, s.userRatingCount(k));
        assertEquals(3.875, s.userAvgRating(k));
        assertEquals(Math.sqrt((65.25 - 15.5 * 15.5 / 4) / 3), s.userRatingStddev(k));
        assertArrayEquals(new long[] {40, 30, 10}, ids(r, s.recentPositives(k)));
        assertEquals(List.of("A", "B", "C"), names(c, s.favouriteGenres(k)));   // A 2, B 1, C 1
        // first ratings: empty history, zeros
        k = row(r, 1, 10);
        assertEquals(0, s.userRatingCount(k));
        assertEquals(0.0, s.userAvgRating(k));
        assertEquals(0.0, s.userRatingStddev(k));
        assertEquals(0, s.recentPositiveCount(k));
        assertEquals(0, s.favouriteGenreCount(k));
        // one earlier rating: mean is that rating, stddev 0
        k = row(r, 1, 20);
        assertEquals(1, s.userRatingCount(k));
        assertEquals(4.0, s.userAvgRating(k));
        assertEquals(0.0, s.userRatingStddev(k));
        // user 2 at 350: 3.5 is positive (threshold inclusive); B counted twice
        k = row(r, 2, 30);
        assertEquals(2, s.userRatingCount(k));
        assertEquals(4.25, s.userAvgRating(k));
        assertEquals(Math.sqrt(1.125), s.userRatingStddev(k));
        assertArrayEquals(new long[] {20, 10}, ids(r, s.recentPositives(k)));
        assertEquals(List.of("B", "A"), names(c, s.favouriteGenres(k)));
        // user 3's two ratings at 300 see nothing of each other
        assertEquals(0, s.userRatingCount(row(r, 3, 10)));
        assertEquals(0, s.userRatingCount(row(r, 3, 20)));
        k = row(r, 3, 40);
        assertEquals(2, s.userRatingCount(k));
        assertEquals(3.0, s.userAvgRating(k));
        assertArrayEquals(new long[] {20}, ids(r, s.recentPositives(k)));
        assertEquals(List.of("B"), names(c, s.favouriteGenres(k)));
    }

    @Test
    void itemStatisticsUseOnlyStrictlyEarlierSeconds() {
        ItemCatalog c = catalog();
        Interactions r = log(c);
        AllRatings s = AllRatings.of(r, c, SampleSpec.protocolC());
        // item 30 rated by user 1 at 300 and user 2 at 350: the later rating is not in the first's stats
        int k = row(r, 1, 30);
        assertEquals(0, s.itemRatingCount(k));
        assertEquals(0.0, s.itemAvgRating(k));
        assertEquals(0.0, s.itemRatingStddev(k));
        k = row(r, 2, 30);
        assertEquals(1, s.itemRatingCount(k));
        assertEquals(5.0, s.itemAvgRating(k));
        assertEquals(0.0, s.itemRatingStddev(k));
        // item 10 at 300 (user 3): {4.0@100, 5.0@150}
        k = row(r, 3, 10);
        assertEquals(2, s.itemRatingCount(k));
        assertEquals(4.5, s.itemAvgRating(k));
        assertEquals(Math.sqrt(0.5), s.itemRatingStddev(k));
        // item 20 at 300 (user 3): {2.0@200, 3.5@250}
        k = row(r, 3, 20);
        assertEquals(2, s.itemRatingCount(k));
        assertEquals(2.75, s.itemAvgRating(k));
        assertEquals(Math.sqrt(1.125), s.itemRatingStddev(k));
        // item 40: user 1 at 300, user 3 at 500
        assertEquals(0, s.itemRatingCount(row(r, 1, 40)));
        k = row(r, 3, 40);
        assertEquals(1, s.itemRatingCount(k));
        assertEquals(4.5, s.itemAvgRating(k));
    }

    @Test
    void samplesLabelsOrderAndSplit() {
        ItemCatalog c = catalog();
        SampleSet s = SampleSet.build(log(c), c, SampleSpec.protocolC());
        // samples: ratings whose user has >= 2 strictly earlier ratings; canonical (ts, user, item) order
        assertEquals(5, s.size());
        assertEquals(6, s.droppedColdUser());
        long[][] expected = {{300, 1, 30}, {300, 1, 40}, {350, 2, 30}, {400, 1, 50}, {500, 3, 40}};
        boolean[] labels = {true, true, false, false, true};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i][0], s.timestamp(i));
            assertEquals(expected[i][1], s.userId(i));
            assertEquals(expected[i][2], s.itemId(i));
            assertEquals(labels[i], s.label(i));
            assertEquals(s.userId(i), s.history().users().longId(s.userIndex(i)));
            assertEquals(s.timestamp(i), s.history().timestamp(s.eventRow(i)));
        }
        // k = (4*5 + 4)/5 - 1 = 3 -> T = 400; train ts {300,300,350,400}: (9*4 + 9)/10 - 1 = 3 -> Tv = 400
        assertEquals(400, s.splitTimestamp());
        assertEquals(400, s.validationTimestamp());
        assertEquals(4, s.count(Part.FIT));
        assertEquals(0, s.count(Part.VALIDATION));
        assertEquals(1, s.count(Part.TEST));
        assertEquals(Part.TEST, s.part(4));
        assertFalse(s.isTrain(4));

        Sample first = s.sample(0);
        assertEquals(new Sample("1", "30", 300, 5.0f, true, Part.FIT, numerics(0, 0.0, 0.0, 2, 3.0, Math.sqrt(2.0)),
                List.of("10"), Map.of("genres", List.of("A", "B")), Map.of("genres", "C"),
                HashedCross.of(10_000).bucket(30, 10)), first);
        Sample last = s.sample(4);
        assertEquals(new Sample("3", "40", 500, 5.0f, true, Part.TEST, numerics(1, 4.5, 0.0, 2, 3.0, Math.sqrt(2.0)),
                List.of("20"), Map.of("genres", List.of("B")), Map.of("genres", "A", "year", "1990"),
                HashedCross.of(10_000).bucket(40, 20)), last);
        assertEquals(Math.sqrt(2.0), s.aggregate(0, Aggregate.USER_STDDEV));
        assertEquals(2.0, s.aggregate(0, Aggregate.USER_COUNT));
        assertEquals(1.0, s.aggregate(4, Aggregate.ITEM_COUNT));
        assertEquals(10, s.firstRecentPositiveId(0));
        assertArrayEquals(new int[] {0}, c.genres(s.itemIndex(4)));   // "A" is genre 0

        // a different fit fraction: train ts {300,300,350,400}, (1*4 + 1)/2 - 1 = 1 -> Tv = 300
        SampleSet half = SampleSet.build(log(c), c, SampleSpec.protocolC().toBuilder().withFitFraction(1, 2).build());
        assertEquals(300, half.validationTimestamp());
        assertEquals(2, half.count(Part.FIT));
        assertEquals(2, half.count(Part.VALIDATION));
        assertEquals(1, half.count(Part.TEST));
    }

    @Test
    void configurableThresholds() {
        ItemCatalog c = catalog();
        Interactions r = log(c);
        SampleSpec spec = SampleSpec.protocolC().toBuilder().withLabelRule(LabelRule.valueAtLeast(4.5))
                .withMaxRecentPositives(1).withMaxFavourites(1).withMinPriorEvents(4).build();
        AllRatings st = AllRatings.of(r, c, spec);
        int k = row(r, 1, 50);
        assertArrayEquals(new long[] {40}, ids(r, st.recentPositives(k)));   // 4.0 no longer positive
        assertEquals(List.of("A"), names(c, st.favouriteGenres(k)));       // A (40), C (30): A first
        SampleSet s = SampleSet.build(r, c, spec);
        assertEquals(1, s.size());                                           // only user 1 at 400
        assertFalse(s.label(0));
    }

    @Test
    void changingTheRatingItselfOrLaterOnesChangesNoFeature() {
        // every sample's features must be equal when all ratings at or after its second change
        ItemCatalog c = catalog();
        Interactions r = log(c);
        AllRatings base = AllRatings.of(r, c, SampleSpec.protocolC());
        for (long t : new long[] {300, 350, 400, 500}) {
            Interactions.Builder b = Interactions.builder(r.users(), r.items());
            for (int k = 0; k < r.size(); k++) {
                float v = r.timestamp(k) >= t ? 5.5f - r.value(k) : r.value(k);
                b.add(r.user(k), r.item(k), v, r.timestamp(k));
            }
            AllRatings changed = AllRatings.of(b.build(), c, SampleSpec.protocolC());
            for (int k = 0; k < r.size(); k++) {
                if (r.timestamp(k) == t) {
                    assertEquals(base.userRatingCount(k), changed.userRatingCount(k));
                    assertEquals(base.userAvgRating(k), changed.userAvgRating(k));
                    assertEquals(base.userRatingStddev(k), changed.userRatingStddev(k));
                    assertEquals(base.itemAvgRating(k), changed.itemAvgRating(k));
                    assertEquals(base.itemRatingStddev(k), changed.itemRatingStddev(k));
                    assertArrayEquals(base.recentPositives(k), changed.recentPositives(k));
                    assertArrayEquals(base.favouriteGenres(k), changed.favouriteGenres(k));
                }
            }
        }
    }

    @Test
    void matchesBruteForceOnARandomLog() {
        Random rnd = new Random(7);
        String[] genreNames = {"Action", "Comedy", "Drama", "IMAX", "Sci-Fi", "War", "Western"};
        ItemCatalog.Builder cb = ItemCatalog.builder();
        long[] itemIds = new long[60];
        for (int i = 0; i < itemIds.length; i++) {
            itemIds[i] = 1000 - 7L * i;       // ids unrelated to insertion order
            List<String> g = new ArrayList<>();
            for (String name : genreNames) {
                if (rnd.nextInt(3) == 0) {
                    g.add(name);
                }
            }
            cb.add(itemIds[i], "Item " + i + " (19" + (50 + i % 50) + ")", g);
        }
        ItemCatalog c = cb.build();
        // user ids inserted in descending order: the user index is not sorted
        IdIndex users = IdIndex.ofLongs(90, 70, 50, 30, 10);
        Interactions.Builder b = Interactions.builder(users, c.items());
        for (int n = 0; n < 1500; n++) {
            b.add(rnd.nextInt(5), rnd.nextInt(60), 0.5f * (1 + rnd.nextInt(10)), 1000 + rnd.nextInt(200));
        }
        Interactions r = b.build();
        SampleSpec spec = SampleSpec.protocolC().toBuilder().withMaxRecentPositives(4).withMaxFavourites(3).build();
        AllRatings s = AllRatings.of(r, c, spec);
        for (int k = 0; k < r.size(); k++) {
            int cu = 0, ci = 0;
            double su = 0, ssu = 0, si = 0, ssi = 0;
            List<int[]> positives = new ArrayList<>();   // {ts, item}
            int[] gcount = new int[c.genreVocabulary().size()];
            for (int o = 0; o < r.size(); o++) {
                if (r.timestamp(o) >= r.timestamp(k)) {
                    continue;
                }
                double v = r.value(o);
                if (r.user(o) == r.user(k)) {
                    cu++;
                    su += v;
                    ssu += v * v;
                    if (v >= 3.5) {
                        positives.add(new int[] {(int) r.timestamp(o), r.item(o)});
                        for (int g : c.genres(r.item(o))) {
                            gcount[g]++;
                        }
                    }
                }
                if (r.item(o) == r.item(k)) {
                    ci++;
                    si += v;
                    ssi += v * v;
                }
            }
            assertEquals(cu, s.userRatingCount(k), "row " + k);
            assertEquals(cu == 0 ? 0 : su / cu, s.userAvgRating(k), "row " + k);
            assertEquals(SampleSet.std(cu, su, ssu), s.userRatingStddev(k), "row " + k);
            assertEquals(ci, s.itemRatingCount(k), "row " + k);
            assertEquals(ci == 0 ? 0 : si / ci, s.itemAvgRating(k), "row " + k);
            assertEquals(SampleSet.std(ci, si, ssi), s.itemRatingStddev(k), "row " + k);
            positives.sort((x, y) -> x[0] != y[0] ? Integer.compare(y[0], x[0])
                    : Long.compare(r.items().longId(y[1]), r.items().longId(x[1])));
            int[] recent = positives.stream().limit(4).mapToInt(x -> x[1]).toArray();
            assertArrayEquals(recent, s.recentPositives(k), "row " + k);
            List<Integer> gs = new ArrayList<>();
            for (int g = 0; g < gcount.length; g++) {
                if (gcount[g] > 0) {
                    gs.add(g);
                }
            }
            gs.sort((x, y) -> gcount[x] != gcount[y] ? Integer.compare(gcount[y], gcount[x])
                    : c.genreVocabulary().get(x).compareTo(c.genreVocabulary().get(y)));
            assertArrayEquals(gs.stream().limit(3).mapToInt(Integer::intValue).toArray(), s.favouriteGenres(k),
                    "row " + k);
        }
        // canonical order over external ids although the user index is descending
        SampleSet set = SampleSet.build(r, c, spec);
        for (int i = 1; i < set.size(); i++) {
            long t0 = set.timestamp(i - 1), t1 = set.timestamp(i);
            assertTrue(t0 < t1 || (t0 == t1 && (set.userId(i - 1) < set.userId(i)
                    || (set.userId(i - 1) == set.userId(i) && set.itemId(i - 1) <= set.itemId(i)))), "sample " + i);
        }
    }

    @Test
    void wideCrossMatchesProtocolValues() {
        // splitmix64 values computed independently (Python, unbounded integers masked to 64 bits)
        assertEquals(2214, HashedCross.of(10_000).bucket(48, 595));
        assertEquals(1868, HashedCross.of(10_000).bucket(26340, 115877));
        assertEquals(9847, HashedCross.of(10_000).bucket(1, 0));
        assertEquals(3877, HashedCross.of(10_000).bucket(162, 187593));
        assertThrows(IllegalArgumentException.class, () -> HashedCross.of(0));
    }

    @Test
    void specValidationNamesTheField() {
        assertEquals("maxRecentPositives: -1, must be in [0, 1000]",
                assertThrows(IllegalArgumentException.class,
                        () -> SampleSpec.protocolC().toBuilder().withMaxRecentPositives(-1).build()).getMessage());
        assertEquals("trainFraction: 5/4, must be in (0, 1]",
                assertThrows(IllegalArgumentException.class,
                        () -> SampleSpec.protocolC().toBuilder().withTrainFraction(5, 4).build()).getMessage());
        assertEquals("threshold: NaN, must be finite",
                assertThrows(IllegalArgumentException.class, () -> LabelRule.valueAtLeast(Double.NaN)).getMessage());
        assertEquals("minPriorEvents: -2, must be >= 0",
                assertThrows(IllegalArgumentException.class,
                        () -> SampleSpec.protocolC().toBuilder().withMinPriorEvents(-2).build()).getMessage());
        SampleSpec d = SampleSpec.protocolC();
        assertEquals(3.5, d.labelRule().threshold());
        assertEquals(5, d.maxRecentPositives());
        assertEquals(5, d.maxFavourites());
        assertEquals(2, d.minPriorEvents());
        assertEquals(d.toString(), d.toBuilder().build().toString());
    }

    @Test
    void noSampleAndForeignCatalogueAreErrors() {
        ItemCatalog c = catalog();
        Interactions one = Interactions.builder(IdIndex.ofLongs(1), c.items()).addIds(1, 10, 4f, 1).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleSet.build(one, c, SampleSpec.protocolC()))
                .getMessage().startsWith("history: none of the 1 events"));
        ItemCatalog other = ItemCatalog.builder().add(10, "Ten", List.of()).build();
        assertThrows(IllegalArgumentException.class, () -> SampleSet.build(one, other, SampleSpec.protocolC()));
    }
}
