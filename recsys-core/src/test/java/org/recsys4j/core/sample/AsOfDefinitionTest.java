package org.recsys4j.core.sample;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public as-of definition ({@link UserAsOf}, {@link ItemAsOf}, {@link TimeSplit}, {@link LabelRule}) used the way
 * another engine would use it — each key's events fed on their own, those of one second in a shuffled order — gives
 * exactly {@link SampleSet}'s features (bit for bit), its current aggregates and its split.
 */
class AsOfDefinitionTest {

    /** A random log with many events per second and an item index not in id order. */
    static Interactions randomLog(ItemCatalog c, long seed) {
        Random rnd = new Random(seed);
        IdIndex users = IdIndex.ofLongs(90, 70, 50, 30, 10, 20, 40);
        Interactions.Builder b = Interactions.builder(users, c.items());
        for (int n = 0; n < 2500; n++) {
            b.add(rnd.nextInt(users.size()), rnd.nextInt(c.size()), 0.5f * (1 + rnd.nextInt(10)), 1000 + rnd.nextInt(150));
        }
        return b.build();
    }

    static ItemCatalog randomCatalog(long seed) {
        Random rnd = new Random(seed);
        String[] genreNames = {"Action", "Comedy", "Drama", "IMAX", "Sci-Fi", "War", "Western"};
        ItemCatalog.Builder cb = ItemCatalog.builder();
        for (int i = 0; i < 50; i++) {
            List<String> g = new ArrayList<>();
            for (String name : genreNames) {
                if (rnd.nextInt(3) == 0) {
                    g.add(name);
                }
            }
            cb.add(900 - 7L * i, "Item " + i + " (19" + (50 + i % 50) + ")", g);
        }
        return cb.build();
    }

    /** Each key's history rows, by timestamp, the rows of one second shuffled. */
    private static List<List<Integer>> byKey(Interactions h, boolean user, Random rnd) {
        int keys = user ? h.users().size() : h.items().size();
        List<List<Integer>> out = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            out.add(new ArrayList<>());
        }
        for (int k = 0; k < h.size(); k++) {
            out.get(user ? h.user(k) : h.item(k)).add(k);
        }
        for (List<Integer> rows : out) {
            Collections.shuffle(rows, rnd);
            rows.sort(Comparator.comparingLong(h::timestamp));     // stable: a second's rows stay shuffled
        }
        return out;
    }

    /** Feeds every key's events as a user-grouped and an item-grouped engine would and compares every sample. */
    private static void assertSameAsSampleSet(SampleSet s, long seed) {
        Interactions h = s.history();
        SampleSpec spec = s.spec();
        int[] sampleOf = new int[h.size()];
        java.util.Arrays.fill(sampleOf, -1);
        for (int i = 0; i < s.size(); i++) {
            sampleOf[s.historyRow(i)] = i;
        }
        Random rnd = new Random(seed);
        UserAsOf user = UserAsOf.of(spec, s.catalog());
        int samples = 0;
        for (List<Integer> rows : byKey(h, true, rnd)) {
            user.reset();
            for (int k : rows) {
                user.add(h.timestamp(k), h.item(k), h.value(k), s.isPositiveEvent(k), k);
                int i = sampleOf[k];
                assertEquals(i >= 0, user.isSample(), "row " + k);
                if (i < 0) {
                    continue;
                }
                samples++;
                assertEquals(s.userCount(i), user.count(), "row " + k);
                assertEquals(s.userMean(i), user.mean(), "row " + k);
                assertEquals(s.userStddev(i), user.stddev(), "row " + k);
                assertEquals(s.userPositiveCount(i), user.positiveCount(), "row " + k);
                assertEquals(s.userPositiveRate(i), user.aggregate(Aggregate.USER_POSITIVE_RATE), "row " + k);
                int[] recent = new int[s.recentPositiveCount(i)];
                for (int j = 0; j < recent.length; j++) {
                    recent[j] = s.recentPositive(i, j);
                }
                assertArrayEquals(recent, user.recentPositives(), "row " + k);
                for (int f = 0; f < spec.favourites().size(); f++) {
                    assertEquals(s.favouriteValues(i, f), user.favouriteValues(f), "row " + k);
                    if (spec.affinities()) {
                        assertEquals(s.affinity(i, f), (float) user.affinity(f, h.item(k)), "row " + k);
                    }
                }
            }
            user.complete();
            if (!rows.isEmpty()) {
                int u = h.user(rows.get(0));
                for (Aggregate a : List.of(Aggregate.USER_COUNT, Aggregate.USER_MEAN, Aggregate.USER_STDDEV,
                        Aggregate.USER_POSITIVE_RATE)) {
                    assertEquals(s.currentAggregate(a, u), user.aggregate(a), "user " + u + " " + a);
                }
            }
        }
        assertEquals(s.size(), samples);
        ItemAsOf item = ItemAsOf.create();
        for (List<Integer> rows : byKey(h, false, rnd)) {
            item.reset();
            for (int k : rows) {
                item.add(h.timestamp(k), h.value(k), s.isPositiveEvent(k), k);
                int i = sampleOf[k];
                if (i >= 0) {
                    assertEquals(s.itemCount(i), item.count(), "row " + k);
                    assertEquals(s.itemMean(i), item.mean(), "row " + k);
                    assertEquals(s.itemStddev(i), item.stddev(), "row " + k);
                    assertEquals(s.itemPositiveCount(i), item.positiveCount(), "row " + k);
                }
            }
            item.complete();
            if (!rows.isEmpty()) {
                int it = h.item(rows.get(0));
                for (Aggregate a : List.of(Aggregate.ITEM_COUNT, Aggregate.ITEM_MEAN, Aggregate.ITEM_STDDEV,
                        Aggregate.ITEM_POSITIVE_RATE)) {
                    assertEquals(s.currentAggregate(a, it), item.aggregate(a), "item " + it + " " + a);
                }
            }
        }
        // the split as pure functions: of every timestamp, of counts per second
        long[] ts = s.timestampColumn();
        TimeSplit split = TimeSplit.of(ts, spec);
        assertEquals(s.splitTimestamp(), split.splitTimestamp());
        assertEquals(s.validationTimestamp(), split.validationTimestamp());
        java.util.TreeMap<Long, Long> counts = new java.util.TreeMap<>();
        for (long t : ts) {
            counts.merge(t, 1L, Long::sum);
        }
        TimeSplit byCounts = TimeSplit.ofCounts(counts.keySet().stream().mapToLong(Long::longValue).toArray(),
                counts.values().stream().mapToLong(Long::longValue).toArray(), spec);
        assertEquals(split, byCounts);
        for (int i = 0; i < s.size(); i++) {
            assertEquals(s.part(i), split.part(s.timestamp(i)), "sample " + i);
            if (spec.labelRule().kind() == LabelRule.Kind.VALUE_AT_LEAST) {
                assertEquals(s.label(i), spec.labelRule().isPositiveValue(s.value(i)), "sample " + i);
            }
        }
    }

    @Test
    void aKeyAtATimeInShuffledSecondsGivesSampleSetsFeaturesOnARandomLog() {
        ItemCatalog c = randomCatalog(3);
        Interactions h = randomLog(c, 11);
        SampleSpec spec = SampleSpec.protocolC().toBuilder().withMaxRecentPositives(4).withMaxFavourites(3).build();
        assertSameAsSampleSet(SampleSet.build(h, c, spec), 5);
        // distinct recent positives, affinities, another split
        SampleSpec other = spec.toBuilder().withRecentDistinct(true).withAffinities(true).withMinPriorEvents(0)
                .withTrainFraction(2, 3).withFitFraction(1, 2).build();
        assertSameAsSampleSet(SampleSet.build(h, c, other), 6);
    }

    @Test
    void aKeyAtATimeGivesSampleSetsFeaturesOnAShopLogWithTextIdsAndEventTypes() {
        ItemCatalog c = ShopSamplesTest.catalog();
        EventLog log = ShopSamplesTest.log(c);
        SampleSet s = SampleSet.build(log, ShopSamplesTest.WEIGHTS, c, ShopSamplesTest.spec());
        assertSameAsSampleSet(s, 1);
        // the label as a pure function of the event's type
        for (int i = 0; i < s.size(); i++) {
            int row = s.eventRow(i);
            assertEquals(s.label(i), ShopSamplesTest.CONVERTED.isPositiveType(log.eventTypes().get(log.typeCode(row))));
        }
        assertFalse(LabelRule.valueAtLeast(3.5).isPositiveType("buy"));
        assertFalse(ShopSamplesTest.CONVERTED.isPositiveValue(10));
    }

    @Test
    void valuesAreThoseOfEarlierSecondsAndCompleteFoldsTheLastOne() {
        ItemCatalog c = randomCatalog(3);
        UserAsOf user = UserAsOf.of(SampleSpec.protocolC(), c);
        user.add(100, 0, 5f, true, 0);
        assertEquals(0, user.count());
        assertFalse(user.isSample());
        user.add(100, 1, 4f, true, 1);        // same second: still nothing before it
        assertEquals(0, user.count());
        user.add(200, 2, 1f, false, 2);
        assertEquals(2, user.count());
        assertEquals(4.5, user.mean());
        assertEquals(Math.sqrt(0.5), user.stddev(), 1e-15);
        assertTrue(user.isSample());
        // within a second the larger item id is the more recent
        boolean zeroFirst = c.items().longId(0) > c.items().longId(1);
        assertArrayEquals(zeroFirst ? new int[] {0, 1} : new int[] {1, 0}, user.recentPositives());
        user.complete();
        assertEquals(3, user.count());
        assertEquals(2, user.positiveCount());
        user.reset();
        assertEquals(0, user.count());
        assertEquals(0, user.recentCount());
        assertEquals(0, user.favouriteCount(0));
        ItemAsOf item = ItemAsOf.create();
        item.add(5, 3f, false, 9);
        item.add(6, 5f, true, 1);
        assertEquals(1, item.count());
        assertEquals(3.0, item.mean());
        assertEquals(0.0, item.positiveRate());
        item.complete();
        assertEquals(0.5, item.positiveRate());
    }

    @Test
    void outOfOrderEventsAndWrongSidesAreRefused() {
        ItemCatalog c = randomCatalog(3);
        UserAsOf user = UserAsOf.of(SampleSpec.protocolC(), c);
        user.add(100, 0, 5f, true, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> user.add(99, 1, 5f, true, 1));
        assertEquals("timestamp: 99 is before the previous event's 100 of this user; feed one user's events in time "
                + "order (nondecreasing timestamps)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> user.add(100, c.size(), 5f, true, 1));
        assertThrows(IllegalArgumentException.class, () -> user.add(100, -1, 5f, true, 1));
        assertThrows(IllegalArgumentException.class, () -> user.aggregate(Aggregate.ITEM_MEAN));
        ItemAsOf item = ItemAsOf.create();
        item.add(10, 1f, true, 0);
        assertThrows(IllegalArgumentException.class, () -> item.add(9, 1f, true, 1));
        assertThrows(IllegalArgumentException.class, () -> item.aggregate(Aggregate.USER_COUNT));
        assertThrows(IndexOutOfBoundsException.class, () -> user.recentAt(5));
        // a favourite attribute that is not categorical is named
        ItemCatalog shop = ShopSamplesTest.catalog();
        SampleSpec bad = ShopSamplesTest.spec().toBuilder().withFavourites(List.of("price")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserAsOf.of(bad, shop)).getMessage()
                .startsWith("favourites: 'price' is NUMERIC"));
        // splits
        SampleSpec spec = SampleSpec.protocolC();
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.of(new long[0], spec));
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.ofCounts(new long[] {2, 1}, new long[] {1, 1}, spec));
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.ofCounts(new long[] {1}, new long[] {0}, spec));
        assertThrows(IllegalArgumentException.class, () -> new TimeSplit(5, 6));
        // ten samples at seconds 1..10: T = the 8th (4/5), Tv = the ceil(7.2) = 8th of train's 8 -> 8
        long[] ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertEquals(new TimeSplit(8, 8), TimeSplit.of(ten, spec));
        assertEquals(new TimeSplit(8, 8), TimeSplit.ofCounts(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, spec));
        assertEquals(Part.TEST, new TimeSplit(8, 7).part(9));
        assertEquals(Part.VALIDATION, new TimeSplit(8, 7).part(8));
        assertEquals(Part.FIT, new TimeSplit(8, 7).part(7));
    }
}
