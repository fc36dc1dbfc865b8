package org.recsys4j.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiered-only behaviour: refresh, the bounded cache, TTL, batching of misses, a backing store that is down. */
class TieredFeatureStoreTest {
    private static final NamespaceSpec ITEM = NamespaceSpec.vectors("item", 4);
    private static final NamespaceSpec USER = NamespaceSpec.vectors("user", 4);
    private static final NamespaceSpec ROWS = NamespaceSpec.blobs("rows");

    private final MutableClock clock = new MutableClock();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private RecordingFeatureStore backing;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private static float[] vec(float base) {
        return FeatureStoreContractTest.vec(base);
    }

    /** A backing store with items i0..i9, users u0..u9 (version 0) and a row, wrapped in a recorder. */
    private RecordingFeatureStore backing() {
        InMemoryFeatureStore mem = InMemoryFeatureStore.builder().withNamespace(ITEM).withNamespace(USER)
                .withNamespace(ROWS).withClock(clock).build();
        for (int i = 0; i < 10; i++) {
            mem.put("item", "i" + i, vec(i));
            mem.put("user", "u" + i, vec(100 + i));
        }
        mem.putBlob("rows", "r", new byte[] {7});
        backing = new RecordingFeatureStore(mem);
        return backing;
    }

    private TieredFeatureStore.Builder tiered() {
        return TieredFeatureStore.builder(backing()).withResident("item").withCached("user", "rows")
                .withRefreshInterval(Duration.ZERO).withClock(clock);
    }

    private TieredFeatureStore open(TieredFeatureStore.Builder b) {
        TieredFeatureStore s = b.build();
        opened.add(s);
        return s;
    }

    private static long commit(FeatureStore store, String ns, Map<String, float[]> values) {
        try (VersionedLoad load = store.beginLoad(ns)) {
            load.putAll(values);
            return load.commit();
        }
    }

    @Test
    void residentNamespaceIsServedFromMemoryAndRefreshedWhenTheVersionChanges() {
        TieredFeatureStore s = open(tiered());
        backing.multiGets.clear();
        assertArrayEquals(vec(3), s.get("item", "i3").orElseThrow());
        assertTrue(s.get("item", "nope").isEmpty());
        assertEquals(10, s.multiGet("item", List.of("i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9")).size());
        assertTrue(backing.multiGets.isEmpty(), "resident reads never reach the backing store");

        long v = commit(backing.delegate, "item", Map.of("i3", vec(33), "new", vec(44)));
        assertArrayEquals(vec(3), s.get("item", "i3").orElseThrow(), "the new version is not seen before a refresh");
        assertEquals(0, s.currentVersion("item"));
        assertEquals(1, s.refreshNow());
        assertArrayEquals(vec(33), s.get("item", "i3").orElseThrow());
        assertArrayEquals(vec(44), s.get("item", "new").orElseThrow());
        assertTrue(s.get("item", "i4").isEmpty(), "a load replaces the whole namespace");
        assertEquals(v, s.currentVersion("item"));
        assertEquals(0, s.refreshNow(), "nothing changed since");
        assertEquals(new TieredFeatureStore.Stats(2, 0, 0, 0), s.stats());
    }

    @Test
    void writesThroughTheTieredStoreAreReadBackAndReachTheBackingStore() {
        TieredFeatureStore s = open(tiered());
        s.put("item", "i1", vec(11));
        assertArrayEquals(vec(11), s.get("item", "i1").orElseThrow());
        assertArrayEquals(vec(11), backing.delegate.get("item", "i1").orElseThrow());
        assertArrayEquals(vec(101), s.get("user", "u1").orElseThrow());
        s.put("user", "u1", vec(111));
        assertArrayEquals(vec(111), s.get("user", "u1").orElseThrow(), "a write evicts the cached entry");
        assertTrue(s.delete("item", "i2"));
        assertTrue(s.get("item", "i2").isEmpty());
        long v = commit(s, "item", Map.of("only", vec(5)));
        assertEquals(v, s.currentVersion("item"), "a commit through the tiered store refreshes at once");
        assertArrayEquals(vec(5), s.get("item", "only").orElseThrow());
        assertTrue(s.get("item", "i1").isEmpty());
    }

    @Test
    void cacheMissesOfOneCallAreFetchedInOneBatchedMultiGet() {
        TieredFeatureStore s = open(tiered());
        assertArrayEquals(vec(102), s.get("user", "u2").orElseThrow());
        backing.multiGets.clear();
        BatchRead<float[]> got = s.multiGet("user", List.of("u1", "u2", "u3", "nobody", "u1"));
        assertEquals(List.of(List.of("u1", "u3", "nobody")), backing.multiGets, "one call, each missing key once, hits left out");
        assertArrayEquals(vec(101), got.get(0));
        assertArrayEquals(vec(102), got.get(1));
        assertArrayEquals(vec(103), got.get(2));
        assertFalse(got.isPresent(3));
        assertArrayEquals(vec(101), got.get(4));
        backing.multiGets.clear();
        s.multiGet("user", List.of("u1", "u2", "u3", "nobody"));
        assertTrue(backing.multiGets.isEmpty(), "absent keys are cached too: " + backing.multiGets);
        assertEquals(new TieredFeatureStore.Stats(1, 0, 1 + 4, 1 + 3), s.stats());
        got.get(0)[0] = 99f;
        assertArrayEquals(vec(101), s.get("user", "u1").orElseThrow(), "the cache hands out copies");
    }

    @Test
    void cacheIsBoundedAndEvictsTheLeastRecentlyUsedEntry() {
        TieredFeatureStore s = open(tiered().withCacheCapacity(3));
        s.get("user", "u1");
        s.get("user", "u2");
        s.get("user", "u3");
        s.get("user", "u1");                       // u2 is now the least recently used
        s.get("user", "u4");                       // evicts u2
        backing.multiGets.clear();
        s.multiGet("user", List.of("u1", "u3", "u4"));
        assertTrue(backing.multiGets.isEmpty(), "u1, u3, u4 are cached: " + backing.multiGets);
        s.get("user", "u2");
        assertEquals(List.of(List.of("u2")), backing.multiGets, "u2 was evicted");
        backing.multiGets.clear();
        s.multiGet("user", List.of("u1", "u3", "u4", "u2"));
        assertEquals(List.of(List.of("u1")), backing.multiGets, "fetching u2 evicted u1, the least recently used");
    }

    @Test
    void cacheEntriesExpireAfterTheTtl() {
        TieredFeatureStore s = open(tiered().withCacheTtl(Duration.ofSeconds(10)).withVersionCheckInterval(Duration.ofHours(1)));
        s.get("user", "u1");
        backing.delegate.put("user", "u1", vec(7));      // a direct write by another process
        clock.advance(Duration.ofMillis(9_999));
        assertArrayEquals(vec(101), s.get("user", "u1").orElseThrow(), "served from the cache before the TTL");
        clock.advance(Duration.ofMillis(1));
        assertArrayEquals(vec(7), s.get("user", "u1").orElseThrow(), "expired, fetched again");
        assertEquals(2, s.stats().cacheMisses());
        assertEquals(1, s.stats().cacheHits());
    }

    @Test
    void cacheIsEmptiedWhenTheBackingVersionChanges() {
        TieredFeatureStore s = open(tiered().withVersionCheckInterval(Duration.ofSeconds(1)));
        assertArrayEquals(vec(101), s.get("user", "u1").orElseThrow());
        commit(backing.delegate, "user", Map.of("u1", vec(9)));
        assertArrayEquals(vec(101), s.get("user", "u1").orElseThrow(), "not checked yet");
        clock.advance(Duration.ofSeconds(1));
        assertArrayEquals(vec(9), s.get("user", "u1").orElseThrow());
        assertTrue(s.get("user", "u2").isEmpty(), "u2 is not in the new version");
        commit(backing.delegate, "user", Map.of("u1", vec(10)));
        s.refreshNow();
        assertArrayEquals(vec(10), s.get("user", "u1").orElseThrow(), "a refresh tick checks cached namespaces too");
    }

    @Test
    void backingStoreDownResidentAnswersCacheHitsAnswerMissesAreAClearError() {
        TieredFeatureStore s = open(tiered().withVersionCheckInterval(Duration.ZERO));
        s.get("user", "u1");
        s.getBlob("rows", "r");
        backing.down = true;
        assertArrayEquals(vec(5), s.get("item", "i5").orElseThrow());
        assertArrayEquals(vec(101), s.get("user", "u1").orElseThrow());
        assertArrayEquals(new byte[] {7}, s.getBlob("rows", "r").orElseThrow());
        StoreConnectionException e = assertThrows(StoreConnectionException.class, () -> s.multiGet("user", List.of("u1", "u2")));
        assertTrue(e.getMessage().contains("namespace 'user'") && e.getMessage().contains("1 of 2 keys")
                && e.getMessage().contains("[u2]") && e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertEquals(0, s.refreshNow());
        assertEquals(1, s.stats().refreshFailures());
        assertArrayEquals(vec(5), s.get("item", "i5").orElseThrow());
        backing.down = false;
        assertArrayEquals(vec(102), s.get("user", "u2").orElseThrow());
    }

    @Test
    void aResidentCopyNeverMixesVersionsAndRetriesWhenTheVersionMovesDuringTheCopy() {
        InMemoryFeatureStore mem = InMemoryFeatureStore.builder().withNamespace(ITEM).build();
        commit(mem, "item", Map.of("a", vec(1), "b", vec(1)));
        int[] scans = {0};
        RecordingFeatureStore moving = new RecordingFeatureStore(mem) {
            @Override
            public long scanKeys(String namespace, java.util.function.Consumer<String> action) {
                long v = super.scanKeys(namespace, action);
                if (scans[0]++ == 0) {
                    commit(mem, "item", Map.of("a", vec(2), "b", vec(2)));   // a commit in the middle of the first copy
                }
                return v;
            }
        };
        TieredFeatureStore s = TieredFeatureStore.builder(moving).withResident("item").withRefreshInterval(Duration.ZERO).build();
        opened.add(s);
        assertEquals(2, scans[0], "the first copy was thrown away");
        assertArrayEquals(vec(2), s.get("item", "a").orElseThrow());
        assertArrayEquals(vec(2), s.get("item", "b").orElseThrow());
        assertEquals(mem.currentVersion("item"), s.currentVersion("item"));
    }

    @Test
    void refreshTicksRunOnTheInjectedSchedulerAndStopOnClose() {
        ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1);
        exec.setRemoveOnCancelPolicy(true);
        try {
            TieredFeatureStore s = tiered().withRefreshInterval(Duration.ofHours(1)).withScheduler(exec).build();
            assertEquals(1, exec.getQueue().size(), "one periodic refresh task");
            s.close();
            assertEquals(0, exec.getQueue().size(), "cancelled on close");
            assertTrue(!exec.isShutdown(), "an injected executor is not shut down");
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void builderNamesTheWrongSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiered().withResident("users").build());
        assertTrue(e.getMessage().startsWith("resident:") && e.getMessage().contains("'users'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiered().withResident("user").build());
        assertTrue(e.getMessage().contains("also cached"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiered().withCacheCapacity(0).build());
        assertTrue(e.getMessage().startsWith("cacheCapacity: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiered().withCacheTtl(Duration.ZERO).build());
        assertTrue(e.getMessage().startsWith("cacheTtl:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiered().withRefreshInterval(Duration.ofSeconds(-1)).build());
        assertTrue(e.getMessage().startsWith("refreshInterval:"), e.getMessage());
    }
}
