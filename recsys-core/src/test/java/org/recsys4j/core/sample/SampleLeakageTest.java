package org.recsys4j.core.sample;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.ItemCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The no-leakage property, for any spec: no feature of a sample depends on an event at or after its second.
 * On random shop logs (text ids, types, weights, many events in one second, a categorical and a multi-valued
 * favourite attribute, affinities, every aggregate), for many cut times t: changing the type and weight of
 * every event at or after t and adding events after t leaves every feature of every sample at or before t
 * unchanged (its own label may change); removing every event at or after t leaves every feature of every
 * sample before t unchanged. And the check has teeth: some later sample's features do change.
 */
class SampleLeakageTest {
    private static final String[] TYPES = {"view", "cart", "buy"};
    private static final Feedback WEIGHTS = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0),
            Feedback.Combine.SUM);

    private record Event(String user, String item, long ts, String type, double weight) {
    }

    private static ItemCatalog catalog(Random rnd, int items) {
        ItemCatalog.Builder b = ItemCatalog.builder()
                .field("category", AttributeType.CATEGORICAL)
                .field("tags", AttributeType.MULTI_CATEGORICAL)
                .field("price", AttributeType.NUMERIC);
        String[] tags = {"eco", "new", "sale", "gift", "kids"};
        for (int i = 0; i < items; i++) {
            List<String> t = new ArrayList<>();
            for (String tag : tags) {
                if (rnd.nextInt(3) == 0) {
                    t.add(tag);
                }
            }
            Map<String, Object> v = new HashMap<>();
            v.put("category", "c" + rnd.nextInt(6));
            v.put("tags", t);
            if (rnd.nextInt(5) > 0) {
                v.put("price", 1.0 + rnd.nextInt(100));
            }
            b.add("sku-" + Integer.toString(1000 + 37 * i, 36), v);
        }
        return b.build();
    }

    private static EventLog log(ItemCatalog c, List<Event> events) {
        EventLog.Builder b = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).withItems(c.items());
        for (Event e : events) {
            b.add(e.user, e.item, e.ts, e.type, Double.NaN, e.weight);
        }
        return b.build();
    }

    private static Event random(Random rnd, ItemCatalog c, int users, long from, long to) {
        return new Event("user-" + rnd.nextInt(users), c.items().id(rnd.nextInt(c.size())),
                from + rnd.nextInt((int) (to - from)), TYPES[rnd.nextInt(3)], 1 + rnd.nextInt(3));
    }

    private static SampleSpec spec() {
        return SampleSpec.builder(LabelRule.eventTypes(List.of("cart", "buy")))
                .withItemAttributes(List.of("category", "tags", "price"))
                .withFavourites(List.of("category", "tags"))
                .withMaxRecentPositives(4)
                .withMaxFavourites(3)
                .withMinPriorEvents(1)
                .build();
    }

    /** Every as-of feature of sample i as one comparable value (label, value and part excluded: not features). */
    private static List<Object> features(SampleSet s, int i) {
        List<Object> f = new ArrayList<>();
        f.add(s.userKey(i));
        f.add(s.itemKey(i));
        f.add(s.timestamp(i));
        for (Aggregate a : Aggregate.values()) {
            f.add(s.aggregate(i, a));
        }
        f.add(s.recentPositiveKeys(i));
        f.add(s.crossBucket(i));
        for (int g = 0; g < s.spec().favourites().size(); g++) {
            f.add(s.favouriteValues(i, g));
            f.add(s.affinity(i, g));
        }
        return f;
    }

    @Test
    void noFeatureDependsOnAnEventAtOrAfterItsSecond() {
        int cuts = 0;
        int laterChanged = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Random rnd = new Random(seed);
            ItemCatalog c = catalog(rnd, 30);
            List<Event> events = new ArrayList<>();
            for (int k = 0; k < 1200; k++) {
                events.add(random(rnd, c, 15, 0, 300));   // 300 seconds: many events share one
            }
            SampleSet base = SampleSet.build(log(c, events), WEIGHTS, c, spec());
            for (int round = 0; round < 6; round++, cuts++) {
                long t = 20 + rnd.nextInt(260);
                // (a) every event at or after t changed, more events added after t
                List<Event> changed = new ArrayList<>();
                for (Event e : events) {
                    changed.add(e.ts >= t ? new Event(e.user, e.item, e.ts, TYPES[rnd.nextInt(3)], 1 + rnd.nextInt(5)) : e);
                }
                for (int k = 0; k < 300; k++) {
                    changed.add(random(rnd, c, 20, t, t + 200));
                }
                SampleSet a = SampleSet.build(log(c, changed), WEIGHTS, c, spec());
                Map<Integer, Integer> byRow = new HashMap<>();
                for (int i = 0; i < a.size(); i++) {
                    byRow.put(a.eventRow(i), i);
                }
                for (int i = 0; i < base.size(); i++) {
                    Integer j = byRow.get(base.eventRow(i));
                    if (base.timestamp(i) <= t) {
                        assertEquals(features(base, i), features(a, j), "seed " + seed + ", t=" + t + ", sample " + i);
                    } else if (j != null && !features(base, i).equals(features(a, j))) {
                        laterChanged++;
                    }
                }
                // (b) every event at or after t removed
                List<Event> kept = new ArrayList<>();
                Map<Integer, Integer> newRow = new HashMap<>();
                for (int k = 0; k < events.size(); k++) {
                    if (events.get(k).ts < t) {
                        newRow.put(k, kept.size());
                        kept.add(events.get(k));
                    }
                }
                SampleSet b = SampleSet.build(log(c, kept), WEIGHTS, c, spec());
                Map<Integer, Integer> bByRow = new HashMap<>();
                for (int i = 0; i < b.size(); i++) {
                    bByRow.put(b.eventRow(i), i);
                }
                int compared = 0;
                for (int i = 0; i < base.size(); i++) {
                    if (base.timestamp(i) < t) {
                        int j = bByRow.get(newRow.get(base.eventRow(i)));
                        assertEquals(features(base, i), features(b, j), "seed " + seed + ", removed from t=" + t);
                        compared++;
                    }
                }
                assertEquals(compared, b.size(), "the samples before t are the same samples");
            }
        }
        assertEquals(24, cuts);
        assertTrue(laterChanged > 1000, "changing events at or after t changes later samples' features: " + laterChanged);
    }
}
