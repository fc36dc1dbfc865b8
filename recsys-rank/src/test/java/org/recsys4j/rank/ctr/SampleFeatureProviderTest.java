package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.LabelRule;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.testing.PlantedShop;
import org.recsys4j.rank.serving.InputBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No train/serve skew: for a sample, a request whose history is the user's positive events before it (oldest
 * first) and whose store vector is the user's aggregates before it gets, from {@link SampleFeatureProvider}, the
 * sample's offline row ({@link CtrSamples}) field by field and numeric by numeric (the user aggregates to the
 * float rounding of the store); only the item aggregates differ by design (online they are over the whole
 * history, {@link SampleSet#currentAggregate}). On the planted
 * shop: text ids, categorical attributes, favourites, affinities, a cross.
 */
class SampleFeatureProviderTest {
    @Test
    void theProviderWritesTheOfflineRowOfASampleFromItsHistoryAndStore() throws Exception {
        SampleSpec spec = ShopCtrTest.spec();
        CtrSamples data = assertNoSkew(spec, 9);
        assertEquals(List.of("userCount", "userMean", "userStddev", "userPositiveRate"), data.userNumerics());
        assertEquals(List.of("itemCount", "itemMean", "itemStddev", "itemPositiveRate"), data.itemNumerics());
    }

    @Test
    void noSkewUnderAnotherSpecEither() throws Exception {
        // a favourite attribute that is not an item attribute (its own vocabulary), repeated recent items, no
        // affinities, three aggregates in another order, renamed features
        SampleSpec spec = SampleSpec.builder(LabelRule.eventTypes(List.of("cart", "buy")))
                .withItemAttributes(List.of("price"))
                .withFavourites(List.of("category"))
                .withRecentDistinct(false)
                .withAffinities(false)
                .withAggregates(List.of(Aggregate.USER_MEAN, Aggregate.ITEM_COUNT, Aggregate.USER_COUNT))
                .withFeatureNames(Map.of("itemId", "sku", "userCount", "events"))
                .build();
        CtrSamples data = assertNoSkew(spec, 13);
        assertEquals(List.of("userId", "sku", "price", "recentPositive", "favouriteCategory"), data.fields());
        assertEquals(List.of("userMean", "itemCount", "events"), data.numerics());
        assertEquals(List.of("userMean", "events"), data.userNumerics());
        assertEquals(List.of("userId", "recentPositive", "favouriteCategory"), data.userFields());
        assertEquals(List.of("sku", "price"), data.itemFields());
    }

    /**
     * Checks every 11th test sample: the provider's row for a request with the sample's positive history and its
     * user aggregates in the store equals the offline row; returns the encoded samples.
     */
    private static CtrSamples assertNoSkew(SampleSpec spec, long seed) throws Exception {
        PlantedShop shop = PlantedShop.generate(150, 6, 20, seed);
        SampleSet s = SampleSet.build(shop.log(), ShopCtrTest.WEIGHTS, shop.catalog(), spec);
        CtrSamples data = CtrSamples.of(s);
        CtrData test = data.test();
        CtrSchema schema = data.schema();
        List<Aggregate> userAggregates = new ArrayList<>();
        for (Aggregate a : spec.aggregates()) {
            if (a.isUser()) {
                userAggregates.add(a);
            }
        }
        Interactions h = s.history();
        int compared = 0;
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", userAggregates.size())).build()) {
            SampleFeatureProvider provider = SampleFeatureProvider.of(data, store, "user_stats");
            assertEquals(schema.inputs(), provider.inputs());
            int row = -1;
            for (int i = 0; i < s.size(); i++) {
                if (s.part(i) != Part.TEST) {
                    continue;
                }
                row++;
                if (row % 11 != 0) {
                    continue;
                }
                // the user's positive events strictly before the sample, in the order the samples fold them
                List<int[]> positives = new ArrayList<>();   // {item, row}
                List<Long> times = new ArrayList<>();
                for (int k = 0; k < h.size(); k++) {
                    if (h.user(k) == s.userIndex(i) && h.timestamp(k) < s.timestamp(i) && s.isPositiveEvent(k)) {
                        positives.add(new int[] {h.item(k), k});
                        times.add(h.timestamp(k));
                    }
                }
                Integer[] order = new Integer[positives.size()];
                for (int p = 0; p < order.length; p++) {
                    order[p] = p;
                }
                java.util.Arrays.sort(order, (x, y) -> !times.get(x).equals(times.get(y))
                        ? Long.compare(times.get(x), times.get(y))
                        : positives.get(x)[0] != positives.get(y)[0] ? Integer.compare(positives.get(x)[0], positives.get(y)[0])
                        : Integer.compare(positives.get(x)[1], positives.get(y)[1]));
                int[] history = new int[order.length];
                for (int p = 0; p < order.length; p++) {
                    history[p] = positives.get(order[p])[0];
                }
                String key = s.userKey(i);
                float[] vector = new float[userAggregates.size()];
                for (int j = 0; j < vector.length; j++) {
                    vector[j] = (float) s.aggregate(i, userAggregates.get(j));
                }
                store.put("user_stats", key, vector);
                RecRequest request = RecRequest.builder(10).withUser(key, s.userIndex(i)).withHistory(history).build();
                InputBatch b = provider.rows(request, CandidateBatch.ofItems(s.itemIndex(i)), 0, 1);
                String at = "test row " + row + " (sample " + i + ")";
                for (int f = 0; f < schema.numFields(); f++) {
                    int[] offline = new int[test.count(f, row)];
                    for (int k = 0; k < offline.length; k++) {
                        offline[k] = test.id(f, row, k);
                    }
                    long[] ids = b.longs(f);
                    int[] online;
                    if (schema.isMultiHot(f)) {
                        int[] off = b.offsets(f);
                        online = new int[off[1] - off[0]];
                        for (int k = 0; k < online.length; k++) {
                            online[k] = (int) ids[off[0] + k];
                        }
                    } else {
                        online = new int[] {(int) ids[0]};
                    }
                    assertArrayEquals(offline, online, at + ", field " + schema.fieldName(f));
                }
                for (int j = 0; j < schema.numNumerics(); j++) {
                    float online = b.floats(schema.numFields() + j)[0];
                    String name = schema.numericName(j);
                    if (data.itemNumerics().contains(name)) {
                        Aggregate a = spec.aggregates().get(j);
                        double current = data.features().encoder(name, org.recsys4j.core.feature.MinMaxScaler.class)
                                .transform(s.currentAggregate(a, s.itemIndex(i)));
                        assertEquals((float) current, online, at + ", " + name);
                    } else if (data.userNumerics().contains(name)) {
                        // the store holds floats: the raw mean and deviation are rounded before scaling
                        assertEquals(test.numeric(row, j), online, 1e-6f, at + ", " + name);
                    } else {
                        assertEquals(test.numeric(row, j), online, at + ", " + name);   // the affinities
                    }
                }
                compared++;
            }
        }
        assertTrue(compared > 30, "compared " + compared);
        return data;
    }

    /**
     * A request whose history holds every interaction (as a recall and the exclusions want it) gets the rows of its
     * positive events when the provider reads them from a {@link SampleFeatureProvider.PositiveHistory}:
     * {@link CtrSamples#positiveItems} is each user's positive events, oldest first (a brute-force recomputation), and
     * the rows equal those of a request whose history is exactly that list; an unknown or anonymous user has none.
     */
    @Test
    void positivesComeFromTheirSourceNotFromTheRequestsHistory() throws Exception {
        PlantedShop shop = PlantedShop.generate(80, 5, 12, 21);
        SampleSet s = SampleSet.build(shop.log(), ShopCtrTest.WEIGHTS, shop.catalog(), ShopCtrTest.spec());
        CtrSamples data = CtrSamples.of(s);
        Interactions h = s.history();
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", data.userNumerics().size())).build()) {
            SampleFeatureProvider byRequest = SampleFeatureProvider.of(data, store, "user_stats");
            SampleFeatureProvider bySamples = SampleFeatureProvider.of(data, store, "user_stats",
                    SampleFeatureProvider.PositiveHistory.of(data));
            int[] everything = java.util.stream.IntStream.range(0, shop.catalog().size()).toArray();
            CandidateBatch candidates = CandidateBatch.ofItems(java.util.stream.IntStream.range(0, 12).toArray());
            int withPositives = 0;
            for (int u = 0; u < h.numUsers(); u += 3) {
                List<long[]> events = new ArrayList<>();
                for (int k = 0; k < h.size(); k++) {
                    if (h.user(k) == u && s.isPositiveEvent(k)) {
                        events.add(new long[] {h.timestamp(k), h.item(k)});
                    }
                }
                events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
                int[] expected = events.stream().mapToInt(e -> (int) e[1]).toArray();
                assertArrayEquals(expected, data.positiveItems(u), "user " + u);
                withPositives += expected.length > 0 ? 1 : 0;
                String key = h.users().id(u);
                store.put("user_stats", key, data.userAggregates(u));
                InputBatch want = byRequest.rows(RecRequest.builder(10).withUser(key, u).withHistory(expected).build(),
                        candidates, 0, candidates.size());
                InputBatch got = bySamples.rows(RecRequest.builder(10).withUser(key, u).withHistory(everything).build(),
                        candidates, 0, candidates.size());
                assertSameRows(data.schema(), want, got, "user " + key);
            }
            assertTrue(withPositives > 10, withPositives + " users with positives");
            InputBatch none = byRequest.rows(RecRequest.builder(10).build(), candidates, 0, candidates.size());
            assertSameRows(data.schema(), none, bySamples.rows(RecRequest.builder(10).withHistory(everything).build(),
                    candidates, 0, candidates.size()), "anonymous");
            assertSameRows(data.schema(), none, bySamples.rows(RecRequest.builder(10).withUser("nobody", -1)
                    .withHistory(everything).build(), candidates, 0, candidates.size()), "unknown user");
            assertThrows(IndexOutOfBoundsException.class, () -> data.positiveItems(h.numUsers()));
        }
    }

    private static void assertSameRows(CtrSchema schema, InputBatch want, InputBatch got, String at) {
        assertEquals(want.rows(), got.rows(), at);
        for (int f = 0; f < schema.numFields(); f++) {
            assertArrayEquals(want.longs(f), got.longs(f), at + ", field " + schema.fieldName(f));
            if (schema.isMultiHot(f)) {
                assertArrayEquals(want.offsets(f), got.offsets(f), at + ", field " + schema.fieldName(f));
            }
        }
        for (int j = 0; j < schema.numNumerics(); j++) {
            assertArrayEquals(want.floats(schema.numFields() + j), got.floats(schema.numFields() + j),
                    at + ", " + schema.numericName(j));
        }
    }

    @Test
    void unknownUsersItemsAndMissingVectorsBecomeZerosNeverErrors() throws Exception {
        PlantedShop shop = PlantedShop.generate(60, 4, 10, 4);
        SampleSet s = SampleSet.build(shop.log(), ShopCtrTest.WEIGHTS, shop.catalog(), ShopCtrTest.spec());
        CtrSamples data = CtrSamples.of(s);
        CtrSchema schema = data.schema();
        // a namespace written for a spec with fewer user aggregates: the vectors are short
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("old_stats", 2)).build()) {
            store.put("old_stats", "u3", new float[] {12f, 2f});
            SampleFeatureProvider p = SampleFeatureProvider.of(data, store, "old_stats");
            int n = shop.catalog().size();
            CandidateBatch candidates = CandidateBatch.ofItems(0, n, n + 7, -1);
            RecRequest[] requests = {
                RecRequest.builder(3).build(),                                                   // anonymous
                RecRequest.builder(3).withUser("nobody", -1).withHistory(new int[] {n + 3, 2, 2}).build(),
                RecRequest.builder(3).withUser("u3", 3).build(),                                 // a short vector
            };
            for (RecRequest r : requests) {
                InputBatch b = p.rows(r, candidates, 0, candidates.size());
                for (int row = 1; row < 4; row++) {   // unknown candidates: every item field 0
                    assertEquals(0, b.longs(1)[row], "item id of candidate " + row);
                    assertEquals(0, b.longs(2)[row], "category of candidate " + row);
                }
                for (int j = 0; j < schema.numNumerics(); j++) {
                    for (float x : b.floats(schema.numFields() + j)) {
                        assertTrue(Float.isFinite(x), schema.numericName(j) + " " + x);
                    }
                }
                if (!r.userKey().orElse("").equals("u3")) {
                    assertEquals(0, b.longs(0)[0], "unknown user: OOV");
                    assertEquals(0f, b.floats(schema.numFields() + schema.numeric("userCount"))[0], "missing vector");
                } else {
                    assertEquals(0f, b.floats(schema.numFields() + schema.numeric("userStddev"))[0], "missing component");
                    assertTrue(b.floats(schema.numFields() + schema.numeric("userCount"))[0] > 0, "stored component");
                }
            }
            // the repeated history item is one recent positive, the unknown one kept as 0, most recent first
            InputBatch b = p.rows(requests[1], candidates, 0, 1);
            int[] off = b.offsets(schema.field("recentPositive"));
            assertEquals(2, off[1] - off[0]);
            assertEquals(data.tables().itemCode[2], b.longs(schema.field("recentPositive"))[off[0]]);
            assertEquals(0, b.longs(schema.field("recentPositive"))[off[0] + 1]);
        }
    }

    @Test
    void userAggregatesForTheStoreAreOverTheWholeHistory() {
        PlantedShop shop = PlantedShop.generate(40, 4, 10, 2);
        SampleSet s = SampleSet.build(shop.log(), ShopCtrTest.WEIGHTS, shop.catalog(), ShopCtrTest.spec());
        CtrSamples data = CtrSamples.of(s);
        EventLog log = shop.log();
        int u = log.users().indexOf("u7");
        int n = 0;
        int pos = 0;
        double sum = 0;
        for (int k = 0; k < log.size(); k++) {
            if (log.user(k) == u) {
                String type = log.type(k).orElseThrow();
                n++;
                sum += type.equals("view") ? 1 : type.equals("cart") ? 3 : 10;
                pos += type.equals("view") ? 0 : 1;
            }
        }
        float[] v = data.userAggregates(s.history().users().indexOf("u7"));
        assertEquals(4, v.length);
        assertEquals(n, v[0]);
        assertEquals((float) (sum / n), v[1], 1e-6);
        assertEquals((float) pos / n, v[3], 1e-6);
    }
}
