package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.CorruptValueException;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.recall.channel.Fixture.CATALOG;
import static org.recsys4j.recall.channel.Fixture.items;
import static org.recsys4j.recall.channel.Fixture.scores;

/** The offline-list codec, writer and channel. */
class PrecomputedListChannelTest {
    private static FeatureStore store() {
        return InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.blobs("recs"))
                .withNamespace(NamespaceSpec.vectors("vec")).build();
    }

    @Test
    void codecLayoutAndRoundTrip() {
        ScoredItemList list = ScoredItemList.sorted(new long[] {3, 1, 5, 99}, new float[] {0.5f, 0.9f, 0.7f, 0.8f});
        assertArrayEquals(new long[] {1, 99, 5, 3}, list.ids());
        byte[] b = list.encode();
        assertEquals(8 + 12 * 4, b.length);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('S', buf.get(0));
        assertEquals('L', buf.get(1));
        assertEquals(1, buf.get(2));
        assertEquals(4, buf.getInt(4));
        assertEquals(99L, buf.getLong(8 + 12));
        assertEquals(0.8f, buf.getFloat(8 + 12 + 8));
        assertEquals(list, ScoredItemList.decode(b, "t"));
        assertEquals(0, ScoredItemList.decode(new ScoredItemList(new long[0], new float[0]).encode(), "t").size());
    }

    @Test
    void corruptBytesAreNamed() {
        byte[] good = ScoredItemList.sorted(new long[] {1, 2}, new float[] {2, 1}).encode();
        byte[] magic = good.clone();
        magic[0] = 'X';
        byte[] version = good.clone();
        version[2] = 9;
        byte[] shortened = java.util.Arrays.copyOf(good, good.length - 1);
        byte[] increasing = good.clone();
        ByteBuffer.wrap(increasing).order(ByteOrder.LITTLE_ENDIAN).putFloat(8 + 12 + 8, 5f);
        for (byte[] bad : List.of(magic, version, shortened, increasing, new byte[3])) {
            CorruptValueException e = assertThrows(CorruptValueException.class, () -> ScoredItemList.decode(bad, "recs/7"));
            assertTrue(e.getMessage().startsWith("recs/7"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ScoredItemList(new long[] {1, 1}, new float[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> new ScoredItemList(new long[] {1}, new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new ScoredItemList(new long[] {1, 2}, new float[] {1, 2}));
    }

    @Test
    void writeThenServe() {
        FeatureStore store = store();
        long v = PrecomputedListChannel.write(store, "recs", Map.of(
                "10", ScoredItemList.sorted(new long[] {3, 1, 5, 99}, new float[] {0.5f, 0.9f, 0.7f, 0.8f})));
        assertEquals(v, store.currentVersion("recs"));
        PrecomputedListChannel offline = PrecomputedListChannel.builder(store, "recs", CATALOG.items())
                .withName("offline").build();
        // ids 1, 99 (unknown), 5, 3 -> items 0, 4, 2; item 4 (id 5) excluded
        RecRequest r = RecRequest.builder(10).withUser("10", 0).addExcluded(4).build();
        List<Candidate> c = Contract.check("offline", r, 10, offline.recall(r, 10));
        assertArrayEquals(new int[] {0, 2}, items(c));
        assertArrayEquals(new double[] {0.9f, 0.5f}, scores(c));
        assertEquals(1, offline.recall(r, 1).size());
        assertEquals(0, offline.recall(RecRequest.builder(3).withUser("11", 1).build(), 3).size()); // missing key
        assertEquals(0, offline.recall(RecRequest.builder(3).build(), 3).size());               // anonymous
        store.putBlob("recs", "bad", new byte[] {1, 2, 3});
        assertThrows(CorruptValueException.class, () -> offline.recall(RecRequest.builder(3).withUser("bad", -1).build(), 3));
        assertThrows(IllegalArgumentException.class, () -> PrecomputedListChannel.builder(store, "vec", CATALOG.items())
                .withName("x").build());

        // in a merger, the corrupt value is a failed channel; the other channels still answer
        try (MultiChannelRecall m = MultiChannelRecall.builder().withTimeBudget(java.time.Duration.ofSeconds(10))
                .add(offline, 5, 1).add(Newest.byAttribute("newest", CATALOG, "year"), 2, 1).build()) {
            RecallResult res = m.recallWithReport(RecRequest.builder(3).withUser("bad", -1).build(), 3);
            ChannelReport failed = res.report().channel("offline");
            assertEquals(ChannelStatus.FAILED, failed.status());
            String error = failed.error().orElseThrow();
            assertTrue(error.contains("CorruptValueException") && error.contains("recs/bad"),
                    failed.error().toString());
            assertArrayEquals(new int[] {4, 3}, items(res.candidates()));
        }
    }
}
