package org.recsys4j.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour every {@link FeatureStore} must have; one subclass per implementation. */
abstract class FeatureStoreContractTest {
    static final NamespaceSpec ITEM = NamespaceSpec.vectors("item", 4);
    static final NamespaceSpec ANY = NamespaceSpec.vectors("any");
    static final NamespaceSpec ROWS = NamespaceSpec.blobs("rows");

    final MutableClock clock = new MutableClock();
    private final List<FeatureStore> opened = new ArrayList<>();

    /** Returns a new, empty store with the namespaces ITEM, ANY and ROWS and the test clock. */
    abstract FeatureStore createStore();

    /** Writes raw bytes under a key of the current version, bypassing the codec. */
    abstract void writeRawBytes(FeatureStore store, String namespace, String key, byte[] bytes);

    /** Returns whether any data of a version is still stored, or null if the store cannot tell. */
    abstract Boolean versionPresent(FeatureStore store, String namespace, long version, String key);

    FeatureStore store() {
        FeatureStore s = createStore();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(FeatureStore::close);
    }

    static float[] vec(float base) {
        return new float[] {base, base + 1, base + 2, base + 3};
    }

    @Test
    void vectorsAndBlobsRoundTrip() {
        FeatureStore s = store();
        float[] v = {0.5f, -1.25f, Float.MAX_VALUE, Float.MIN_VALUE};
        s.put("item", "i1", v);
        assertArrayEquals(v, s.get("item", "i1").orElseThrow());
        s.get("item", "i1").orElseThrow()[0] = 99f;
        assertArrayEquals(v, s.get("item", "i1").orElseThrow(), "the store must hand out copies");
        assertTrue(s.get("item", "missing").isEmpty());

        s.put("any", "empty", new float[0]);
        s.put("any", "long", new float[300]);
        assertEquals(0, s.get("any", "empty").orElseThrow().length);
        assertEquals(300, s.get("any", "long").orElseThrow().length);

        byte[] row = "age=31;genre=drama".getBytes(StandardCharsets.UTF_8);
        s.putBlob("rows", "u1", row);
        s.putBlob("rows", "u2", new byte[0]);
        assertArrayEquals(row, s.getBlob("rows", "u1").orElseThrow());
        assertArrayEquals(new byte[0], s.getBlob("rows", "u2").orElseThrow());
        assertTrue(s.getBlob("rows", "u3").isEmpty());

        s.put("item", "i1", vec(7));
        assertArrayEquals(vec(7), s.get("item", "i1").orElseThrow());
        assertTrue(s.delete("item", "i1"));
        assertFalse(s.delete("item", "i1"));
        assertTrue(s.get("item", "i1").isEmpty());
        assertEquals(0, s.currentVersion("item"));
    }

    @Test
    void multiGetKeepsOrderAndMarksMissingKeysAbsent() {
        FeatureStore s = store();
        Map<String, float[]> all = new LinkedHashMap<>();
        for (int i = 0; i < 2500; i++) {
            all.put("i" + i, vec(i));
        }
        s.putAll("item", all);
        List<String> keys = new ArrayList<>();
        for (int i = 2499; i >= 0; i -= 3) {
            keys.add("i" + i);
            keys.add("nope" + i);
        }
        keys.add("i5");
        keys.add("i5");
        BatchRead<float[]> got = s.multiGet("item", keys);
        assertEquals(keys.size(), got.size());
        for (int j = 0; j < keys.size(); j++) {
            String k = keys.get(j);
            assertEquals(k, got.key(j));
            if (k.startsWith("nope")) {
                assertFalse(got.isPresent(j), k);
                assertTrue(got.find(j).isEmpty(), k);
                int at = j;
                assertTrue(assertThrows(NoSuchElementException.class, () -> got.get(at)).getMessage().contains(k));
            } else {
                assertArrayEquals(all.get(k), got.get(j), k);
            }
        }
        assertEquals(keys.size() - keys.size() / 2 + 1, got.presentCount(), "every i key and the two i5");
        assertEquals(0, s.multiGet("item", List.of()).size());

        s.putAllBlobs("rows", Map.of("a", new byte[] {1}, "b", new byte[] {2, 3}));
        BatchRead<byte[]> blobs = s.multiGetBlobs("rows", List.of("b", "x", "a"));
        assertArrayEquals(new byte[] {2, 3}, blobs.get(0));
        assertFalse(blobs.isPresent(1));
        assertNull(blobs.orElse(1, null));
        assertArrayEquals(new byte[] {1}, blobs.find(2).orElseThrow());
        assertEquals(3, blobs.toList().size());
    }

    @Test
    void scanKeysVisitsEveryKeyOfTheCurrentVersionOnly() {
        FeatureStore s = store();
        Set<String> seen = new HashSet<>();
        assertEquals(0, s.scanKeys("item", seen::add));
        assertTrue(seen.isEmpty());
        Map<String, float[]> all = new LinkedHashMap<>();
        for (int i = 0; i < 1234; i++) {
            all.put("i:" + i + (i % 7 == 0 ? "*?[x]" : ""), vec(i));
        }
        s.putAll("item", all);
        s.putBlob("rows", "r1", new byte[] {1});
        assertEquals(0, s.scanKeys("item", seen::add));
        assertEquals(all.keySet(), seen);
        long v;
        try (VersionedLoad load = s.beginLoad("item")) {
            load.put("new1", vec(1));
            load.put("new2", vec(2));
            seen.clear();
            s.scanKeys("item", seen::add);
            assertEquals(all.keySet(), seen, "an uncommitted load is not visited");
            v = load.commit();
        }
        seen.clear();
        assertEquals(v, s.scanKeys("item", seen::add));
        assertEquals(Set.of("new1", "new2"), seen);
        seen.clear();
        s.scanKeys("rows", seen::add);
        assertEquals(Set.of("r1"), seen);
        assertThrows(UnknownNamespaceException.class, () -> s.scanKeys("users", k -> { }));
    }

    @Test
    void unknownNamespaceAndWrongKindAreClearErrors() {
        FeatureStore s = store();
        UnknownNamespaceException e = assertThrows(UnknownNamespaceException.class, () -> s.get("users", "u1"));
        assertTrue(e.getMessage().contains("'users'") && e.getMessage().contains("item"), e.getMessage());
        assertThrows(UnknownNamespaceException.class, () -> s.put("users", "u1", vec(1)));
        assertThrows(UnknownNamespaceException.class, () -> s.beginLoad("users"));
        assertThrows(UnknownNamespaceException.class, () -> s.delete("users", "u1"));
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> s.get("rows", "u1"));
        assertTrue(k.getMessage().contains("'rows'") && k.getMessage().contains("blobs"), k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.putBlob("item", "i1", new byte[1]));
    }

    @Test
    void wrongDimensionOrNonFiniteIsRejectedBeforeAnythingIsWritten() {
        FeatureStore s = store();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.put("item", "i1", new float[3]));
        assertTrue(e.getMessage().contains("'item'") && e.getMessage().contains("'i1'")
                && e.getMessage().contains("dimension 3") && e.getMessage().contains("declares 4"), e.getMessage());
        Map<String, float[]> batch = new LinkedHashMap<>();
        batch.put("ok", vec(1));
        batch.put("bad", new float[5]);
        e = assertThrows(IllegalArgumentException.class, () -> s.putAll("item", batch));
        assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
        assertTrue(s.get("item", "ok").isEmpty(), "a rejected batch writes nothing");
        e = assertThrows(IllegalArgumentException.class, () -> s.put("item", "n", new float[] {0, Float.NaN, 0, 0}));
        assertTrue(e.getMessage().contains("component 1"), e.getMessage());
        try (VersionedLoad load = s.beginLoad("item")) {
            assertThrows(IllegalArgumentException.class, () -> load.put("x", new float[2]));
            assertEquals(VersionedLoad.State.OPEN, load.state());
        }
    }

    @Test
    void corruptStoredBytesAreAClearErrorNeverNumbers() {
        FeatureStore s = store();
        writeRawBytes(s, "item", "garbage", "hello world, not a vector".getBytes(StandardCharsets.UTF_8));
        CorruptValueException e = assertThrows(CorruptValueException.class, () -> s.get("item", "garbage"));
        assertTrue(e.getMessage().contains("namespace 'item'") && e.getMessage().contains("key 'garbage'")
                && e.getMessage().contains("expected"), e.getMessage());

        writeRawBytes(s, "item", "short", new byte[] {0x52, 0x56, 1});
        e = assertThrows(CorruptValueException.class, () -> s.get("item", "short"));
        assertTrue(e.getMessage().contains("key 'short'") && e.getMessage().contains("3 bytes"), e.getMessage());

        byte[] flipped = ValueCodec.encodeVector(vec(1));
        flipped[10] ^= 0x40;
        writeRawBytes(s, "item", "flipped", flipped);
        e = assertThrows(CorruptValueException.class, () -> s.get("item", "flipped"));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());

        byte[] truncated = Arrays.copyOf(ValueCodec.encodeVector(vec(1)), 20);
        writeRawBytes(s, "item", "truncated", truncated);
        e = assertThrows(CorruptValueException.class, () -> s.get("item", "truncated"));
        assertTrue(e.getMessage().contains("28 bytes in all") && e.getMessage().contains("has 20"), e.getMessage());

        writeRawBytes(s, "item", "three", ValueCodec.encodeVector(new float[] {1, 2, 3}));
        e = assertThrows(CorruptValueException.class, () -> s.get("item", "three"));
        assertTrue(e.getMessage().contains("dimension 3") && e.getMessage().contains("declares 4"), e.getMessage());

        writeRawBytes(s, "item", "blob", ValueCodec.encodeBlob(new byte[16]));
        e = assertThrows(CorruptValueException.class, () -> s.get("item", "blob"));
        assertTrue(e.getMessage().contains("is a blob, expected a vector"), e.getMessage());

        byte[] future = ValueCodec.encodeVector(vec(1));
        future[2] = 9;
        writeRawBytes(s, "item", "future", future);
        e = assertThrows(CorruptValueException.class, () -> s.get("item", "future"));
        assertTrue(e.getMessage().contains("version 9, this reader supports at most 1"), e.getMessage());

        s.put("item", "good", vec(1));
        e = assertThrows(CorruptValueException.class, () -> s.multiGet("item", List.of("good", "flipped")));
        assertTrue(e.getMessage().contains("key 'flipped'"), e.getMessage());

        writeRawBytes(s, "rows", "r", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
        e = assertThrows(CorruptValueException.class, () -> s.getBlob("rows", "r"));
        assertTrue(e.getMessage().contains("namespace 'rows'") && e.getMessage().contains("key 'r'"), e.getMessage());
    }

    @Test
    void readersSeeTheOldVersionUntilCommit() {
        FeatureStore s = store();
        s.put("item", "a", vec(1));
        s.put("item", "old-only", vec(2));
        try (VersionedLoad load = s.beginLoad("item")) {
            assertEquals("item", load.namespace());
            assertTrue(load.version() > 0);
            load.put("a", vec(10));
            load.putAll(Map.of("b", vec(20)));
            assertArrayEquals(vec(1), s.get("item", "a").orElseThrow());
            assertTrue(s.get("item", "b").isEmpty());
            assertEquals(0, s.currentVersion("item"));
            assertEquals(load.version(), load.commit());
            assertEquals(VersionedLoad.State.COMMITTED, load.state());
            assertEquals(load.version(), s.currentVersion("item"));
        }
        assertArrayEquals(vec(10), s.get("item", "a").orElseThrow());
        assertArrayEquals(vec(20), s.get("item", "b").orElseThrow());
        assertTrue(s.get("item", "old-only").isEmpty(), "a load replaces the whole namespace");
        assertEquals(0, s.currentVersion("any"), "other namespaces are untouched");
    }

    @Test
    void abortAndCloseKeepThePreviousVersion() {
        FeatureStore s = store();
        long v1;
        try (VersionedLoad load = s.beginLoad("item")) {
            load.put("a", vec(1));
            v1 = load.commit();
        }
        VersionedLoad aborted = s.beginLoad("item");
        aborted.put("a", vec(2));
        aborted.abort();
        assertEquals(VersionedLoad.State.ABORTED, aborted.state());
        assertThrows(IllegalStateException.class, aborted::commit);
        assertThrows(IllegalStateException.class, () -> aborted.put("a", vec(3)));
        aborted.close();
        try (VersionedLoad forgotten = s.beginLoad("item")) {
            forgotten.put("a", vec(4));
        }
        assertEquals(v1, s.currentVersion("item"));
        assertArrayEquals(vec(1), s.get("item", "a").orElseThrow());
    }

    @Test
    void anAbortedLoadsKeysAreDeletedAtTheAbortNotAtTheNextGc() {
        FeatureStore s = store();
        long v1;
        try (VersionedLoad load = s.beginLoad("item")) {
            load.put("a", vec(1));
            v1 = load.commit();
        }
        VersionedLoad aborted = s.beginLoad("item");
        for (int i = 0; i < 300; i++) {
            aborted.put("k" + i, vec(i));
        }
        aborted.putAll(Map.of("a", vec(9)));
        if (versionPresent(s, "item", aborted.version(), "k299") != null) {
            // a Redis load buffers up to a batch: at least the first batches are on the server now
            assertTrue(versionPresent(s, "item", aborted.version(), "k0"));
        }
        aborted.abort();
        if (versionPresent(s, "item", aborted.version(), "k0") != null) {
            for (String k : new String[] {"k0", "k150", "k299", "a"}) {
                assertFalse(versionPresent(s, "item", aborted.version(), k), k);
            }
            assertTrue(versionPresent(s, "item", v1, "a"));
        }
        assertEquals(v1, s.currentVersion("item"));
        assertArrayEquals(vec(1), s.get("item", "a").orElseThrow());
    }

    @Test
    void aLoadInterruptedByAnExceptionLeavesTheOldVersion() {
        FeatureStore s = store();
        s.put("item", "a", vec(1));
        RuntimeException boom = assertThrows(RuntimeException.class, () -> {
            try (VersionedLoad load = s.beginLoad("item")) {
                load.put("a", vec(2));
                load.put("b", vec(3));
                throw new RuntimeException("source file ended early");
            }
        });
        assertEquals("source file ended early", boom.getMessage());
        assertEquals(0, s.currentVersion("item"));
        assertArrayEquals(vec(1), s.get("item", "a").orElseThrow());
        assertTrue(s.get("item", "b").isEmpty());
    }

    @Test
    void aCommitOlderThanTheCurrentVersionIsRefused() {
        FeatureStore s = store();
        VersionedLoad first = s.beginLoad("item");
        VersionedLoad second = s.beginLoad("item");
        first.put("a", vec(1));
        second.put("a", vec(2));
        long v2 = second.commit();
        IllegalStateException e = assertThrows(IllegalStateException.class, first::commit);
        assertTrue(e.getMessage().contains("version " + v2 + " was committed meanwhile"), e.getMessage());
        assertEquals(VersionedLoad.State.ABORTED, first.state());
        assertEquals(v2, s.currentVersion("item"));
        assertArrayEquals(vec(2), s.get("item", "a").orElseThrow());
        assertThrows(IllegalStateException.class, second::commit);
    }

    @Test
    void gcDeletesSupersededVersionsAfterTheGracePeriod() {
        FeatureStore s = store();
        s.put("item", "a", vec(0));
        long v1;
        try (VersionedLoad load = s.beginLoad("item")) {
            load.put("a", vec(1));
            v1 = load.commit();
        }
        assertEquals(0, s.gc(Duration.ofMinutes(1)), "version 0 was superseded just now");
        Boolean present = versionPresent(s, "item", 0, "a");
        if (present != null) {
            assertTrue(present);
        }
        clock.advance(Duration.ofSeconds(59));
        assertEquals(0, s.gc(Duration.ofMinutes(1)));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, s.gc(Duration.ofMinutes(1)));
        present = versionPresent(s, "item", 0, "a");
        if (present != null) {
            assertFalse(present, "version 0 should be deleted");
        }
        assertEquals(0, s.gc(Duration.ZERO), "nothing left to delete");
        assertEquals(v1, s.currentVersion("item"));
        assertArrayEquals(vec(1), s.get("item", "a").orElseThrow());

        VersionedLoad aborted = s.beginLoad("item");
        aborted.put("a", vec(2));
        aborted.commit();
        VersionedLoad dropped = s.beginLoad("item");
        dropped.put("z", vec(3));
        dropped.abort();
        assertEquals(2, s.gc(Duration.ZERO), "the superseded v1 and the aborted load");
        if (versionPresent(s, "item", v1, "a") != null) {
            assertFalse(versionPresent(s, "item", v1, "a"));
            assertFalse(versionPresent(s, "item", dropped.version(), "z"));
            assertTrue(versionPresent(s, "item", aborted.version(), "a"));
        }
        assertArrayEquals(vec(2), s.get("item", "a").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> s.gc(Duration.ofMillis(-1)));
    }

    @Test
    void readersDuringLoadsNeverSeeAMix() throws Exception {
        FeatureStore s = store();
        List<String> keys = new ArrayList<>();
        Map<String, float[]> initial = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            keys.add("k" + i);
            initial.put("k" + i, vec(0));
        }
        s.putAll("item", initial);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit(() -> {
                    while (!done.get() || reads.get() < 3) {
                        BatchRead<float[]> got = s.multiGet("item", keys);
                        float tag = got.get(0)[0];
                        for (int i = 0; i < got.size(); i++) {
                            assertTrue(got.isPresent(i), "key " + keys.get(i) + " missing in a read of version tag " + tag);
                            assertArrayEquals(vec(tag), got.get(i), "mixed versions at key " + keys.get(i));
                        }
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (int round = 1; round <= 6; round++) {
                try (VersionedLoad load = s.beginLoad("item")) {
                    for (int i = 0; i < keys.size(); i += 50) {
                        Map<String, float[]> part = new LinkedHashMap<>();
                        for (int j = i; j < i + 50; j++) {
                            part.put(keys.get(j), vec(round));
                        }
                        load.putAll(part);
                    }
                    load.commit();
                }
            }
            done.set(true);
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertArrayEquals(vec(6), s.get("item", "k199").orElseThrow());
    }
}
