package org.recsys4j.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StoreLoader} against one store implementation; subclasses give the store. */
abstract class StoreLoaderContractTest {
    static final NamespaceSpec ITEM = NamespaceSpec.vectors("item", 4);
    static final NamespaceSpec ROWS = NamespaceSpec.blobs("rows");

    private FeatureStore store;

    /** Returns a new, empty store declaring ITEM and ROWS. */
    abstract FeatureStore createStore();

    FeatureStore store() {
        if (store == null) {
            store = createStore();
        }
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static float[] vec(int i) {
        return new float[] {i, i + 0.25f, -i, 1f / (i + 1)};
    }

    static EmbeddingTable table(int n, int offset) {
        EmbeddingTable.Builder b = EmbeddingTable.builder(4);
        for (int i = 0; i < n; i++) {
            b.add("k" + i, vec(i + offset));
        }
        return b.build();
    }

    /** Returns n rows k0..k(n-1); the row at {@code failAt} (if >= 0) throws instead. */
    static Iterator<Map.Entry<String, float[]>> rows(int n, int offset, int failAt) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Map.Entry<String, float[]> next() {
                if (i >= n) {
                    throw new NoSuchElementException();
                }
                if (i == failAt) {
                    throw new IllegalStateException("source broke at row " + i);
                }
                int k = i++;
                return Map.entry("k" + k, vec(k + offset));
            }
        };
    }

    @Test
    void loadsATableAsOneVersionVisibleOnlyAtCommit() {
        FeatureStore s = store();
        List<Long> versionsSeen = new ArrayList<>();
        List<float[]> seenDuringLoad = new ArrayList<>();
        StoreLoader loader = StoreLoader.builder(s).withBatchSize(100).withProgressInterval(Duration.ZERO)
                .withListener(p -> {
                    if (!p.done()) {
                        versionsSeen.add(s.currentVersion("item"));
                        seenDuringLoad.add(s.get("item", "k0").orElse(null));
                    }
                }).build();
        StoreLoader.Summary first = loader.load("item", table(1050, 0));
        assertEquals(1050, first.rows());
        assertEquals(first.version(), s.currentVersion("item"));
        assertTrue(first.seconds() > 0);
        assertEquals(10, versionsSeen.size(), "one report per full batch");
        for (int i = 0; i < versionsSeen.size(); i++) {
            assertEquals(0, versionsSeen.get(i), "nothing is current before the commit");
            assertNull(seenDuringLoad.get(i));
        }
        assertArrayEquals(vec(1049), s.get("item", "k1049").orElseThrow());

        versionsSeen.clear();
        seenDuringLoad.clear();
        StoreLoader.Summary second = loader.load("item", table(300, 7));
        assertTrue(second.version() > first.version());
        for (int i = 0; i < versionsSeen.size(); i++) {
            assertEquals(first.version(), versionsSeen.get(i), "the previous load stays current until the commit");
            assertArrayEquals(vec(0), seenDuringLoad.get(i));
        }
        assertArrayEquals(vec(7), s.get("item", "k0").orElseThrow());
        assertTrue(s.get("item", "k1049").isEmpty(), "a load replaces the whole namespace");
    }

    @Test
    void aFailingSourceLeavesThePreviousVersionCurrent() {
        FeatureStore s = store();
        StoreLoader loader = StoreLoader.builder(s).withBatchSize(64).build();
        long v1 = loader.loadVectors("item", rows(500, 0, -1), 500).version();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loader.loadVectors("item", rows(500, 1000, 321), 500));
        assertEquals("source broke at row 321", e.getMessage(), "the source's exception is rethrown unchanged");
        assertEquals(v1, s.currentVersion("item"));
        assertArrayEquals(vec(0), s.get("item", "k0").orElseThrow());
        assertArrayEquals(vec(499), s.get("item", "k499").orElseThrow());
        // an invalid row (wrong dimension) midway fails the same way
        Iterator<Map.Entry<String, float[]>> bad = List.of(Map.entry("a", vec(1)), Map.entry("b", new float[3])).iterator();
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> loader.loadVectors("item", bad, -1));
        assertTrue(dim.getMessage().contains("key 'b'"), dim.getMessage());
        assertEquals(v1, s.currentVersion("item"));
        assertTrue(s.get("item", "a").isEmpty());
        // and the store still loads afterwards
        assertTrue(loader.loadVectors("item", rows(3, 5, -1), 3).version() > v1);
        assertArrayEquals(vec(7), s.get("item", "k2").orElseThrow());
    }

    @Test
    void aThrowingListenerAbortsTheLoad() {
        FeatureStore s = store();
        StoreLoader quiet = StoreLoader.builder(s).build();
        long v1 = quiet.load("item", table(10, 0)).version();
        RuntimeException boom = new RuntimeException("listener");
        StoreLoader loud = StoreLoader.builder(s).withBatchSize(5).withProgressInterval(Duration.ZERO)
                .withListener(p -> {
                    throw boom;
                }).build();
        assertSame(boom, assertThrows(RuntimeException.class, () -> loud.load("item", table(20, 3))));
        assertEquals(v1, s.currentVersion("item"));
        assertArrayEquals(vec(0), s.get("item", "k0").orElseThrow());
    }

    @Test
    void progressIsMonotoneAndEndsAtTheTotal() {
        FeatureStore s = store();
        List<StoreLoader.Progress> reports = new ArrayList<>();
        StoreLoader loader = StoreLoader.builder(s).withBatchSize(37).withProgressInterval(Duration.ZERO)
                .withListener(reports::add).build();
        StoreLoader.Summary sum = loader.loadVectors("item", rows(1000, 0, -1), 1000);
        assertEquals(1000 / 37 + 1, reports.size());
        long last = -1;
        double lastSeconds = -1;
        for (StoreLoader.Progress p : reports) {
            assertTrue(p.rowsDone() > last, "rows done must increase: " + reports);
            assertTrue(p.seconds() >= lastSeconds);
            assertEquals(1000, p.totalRows());
            assertEquals(sum.version(), p.version());
            assertEquals("item", p.namespace());
            assertTrue(p.rowsPerSecond() > 0);
            assertTrue(p.etaSeconds() >= 0);
            last = p.rowsDone();
            lastSeconds = p.seconds();
        }
        StoreLoader.Progress end = reports.get(reports.size() - 1);
        assertTrue(end.done());
        assertEquals(1000, end.rowsDone());
        assertEquals(0.0, end.etaSeconds());
        assertEquals(1.0, end.fraction());
        assertEquals(1, reports.stream().filter(StoreLoader.Progress::done).count());
        assertEquals(37, reports.get(0).rowsDone());

        // unknown total: NaN ETA and fraction; a long interval leaves only the final report
        reports.clear();
        StoreLoader sparse = StoreLoader.builder(s).withBatchSize(10).withProgressInterval(Duration.ofHours(1))
                .withListener(reports::add).build();
        sparse.loadVectors("item", rows(95, 0, -1), -1);
        assertEquals(1, reports.size());
        assertEquals(95, reports.get(0).rowsDone());
        assertTrue(Double.isNaN(reports.get(0).etaSeconds()));
        assertTrue(Double.isNaN(reports.get(0).fraction()));
    }

    @Test
    void loadsBlobsAndEmptySources() {
        FeatureStore s = store();
        StoreLoader loader = StoreLoader.builder(s).withBatchSize(2).build();
        Iterator<Map.Entry<String, byte[]>> blobs = List.of(Map.entry("u1", new byte[] {1, 2}), Map.entry("u2", new byte[0]),
                Map.entry("u3", new byte[] {3})).iterator();
        StoreLoader.Summary sum = loader.loadBlobs("rows", blobs, 3);
        assertEquals(3, sum.rows());
        assertArrayEquals(new byte[] {1, 2}, s.getBlob("rows", "u1").orElseThrow());
        assertArrayEquals(new byte[] {3}, s.getBlob("rows", "u3").orElseThrow());

        AtomicReference<StoreLoader.Progress> end = new AtomicReference<>();
        StoreLoader.Summary empty = StoreLoader.builder(s).withListener(end::set).build()
                .loadVectors("item", List.<Map.Entry<String, float[]>>of().iterator(), 0);
        assertEquals(0, empty.rows());
        assertEquals(empty.version(), s.currentVersion("item"));
        assertEquals(1.0, end.get().fraction());
    }

    @Test
    void anEmptySourceIsRefusedBeforeAnythingIsWrittenWhenEmptyLoadsAreOff() {
        FeatureStore s = store();
        long v1 = StoreLoader.builder(s).build().load("item", table(5, 0)).version();
        StoreLoader strict = StoreLoader.builder(s).withEmptyLoads(false).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> strict.loadVectors("item", List.<Map.Entry<String, float[]>>of().iterator(), 0));
        assertEquals("namespace 'item': the source has no rows; an empty load is refused (it would replace version " + v1
                + " by an empty one), nothing was written", e.getMessage());
        assertEquals(v1, s.currentVersion("item"));
        assertArrayEquals(vec(4), s.get("item", "k4").orElseThrow());
        // the next load gets the next version number: the refused one never began
        assertEquals(v1 + 1, strict.load("item", table(2, 7)).version());
    }

    @Test
    void anAbortSwitchThrownFromAnotherThreadMidLoadKeepsThePreviousVersionAndDeletesThePartialOne() throws Exception {
        FeatureStore s = store();
        long v1 = StoreLoader.builder(s).build().load("item", table(30, 0)).version();
        StoreLoader.AbortSwitch abort = new StoreLoader.AbortSwitch();
        StoreLoader loader = StoreLoader.builder(s).withBatchSize(50).withAbortSwitch(abort).build();
        List<VersionedLoad> aborted = new ArrayList<>();
        AtomicReference<Long> partial = new AtomicReference<>();
        Iterator<Map.Entry<String, float[]>> source = rows(100_000, 1000, -1);
        Iterator<Map.Entry<String, float[]>> stopping = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Map.Entry<String, float[]> next() {
                if (++n == 420) {
                    // what a shutdown hook does: another thread throws the switch while the load runs
                    Thread hook = new Thread(() -> aborted.addAll(abort.abort("SIGTERM")));
                    hook.start();
                    try {
                        hook.join();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    partial.set(aborted.isEmpty() ? null : aborted.get(0).version());
                }
                return source.next();
            }
        };
        java.util.concurrent.CancellationException e = assertThrows(java.util.concurrent.CancellationException.class,
                () -> loader.loadVectors("item", stopping, -1));
        assertEquals(1, aborted.size());
        long v2 = partial.get();
        assertEquals("load of namespace 'item' version " + v2 + " aborted (SIGTERM): the previous version stays current",
                e.getMessage());
        assertEquals(VersionedLoad.State.ABORTED, aborted.get(0).state());
        assertEquals(v1, s.currentVersion("item"));
        assertArrayEquals(vec(0), s.get("item", "k0").orElseThrow());
        assertTrue(s.get("item", "k100").isEmpty(), "no row of the aborted load is visible");
        assertPartialVersionGone("item", v2, 400);
        assertTrue(abort.isAborted());
        assertEquals("SIGTERM", abort.reason().orElseThrow());
        // a thrown switch stops later loads before they begin
        e = assertThrows(java.util.concurrent.CancellationException.class, () -> loader.load("item", table(3, 0)));
        assertEquals("load of namespace 'item' not started (SIGTERM)", e.getMessage());
        assertEquals(v1, s.currentVersion("item"));
        assertTrue(abort.abort("again").isEmpty());
        assertEquals("SIGTERM", abort.reason().orElseThrow());
    }

    /** Checks, where the store can tell, that no key of {@code version} is left (the first {@code rows} were written). */
    void assertPartialVersionGone(String namespace, long version, int rows) {
    }

    @Test
    void rejectsAMismatchedNamespaceBeforeLoading() {
        FeatureStore s = store();
        StoreLoader loader = StoreLoader.builder(s).build();
        EmbeddingTable three = EmbeddingTable.of(IdIndex.ofLongs(1), 3, new float[] {1, 2, 3});
        assertEquals("namespace 'item' declares dimension 4, the table has dimension 3",
                assertThrows(IllegalArgumentException.class, () -> loader.load("item", three)).getMessage());
        assertEquals("namespace 'rows' holds blobs, cannot load vectors into it",
                assertThrows(IllegalArgumentException.class, () -> loader.load("rows", table(1, 0))).getMessage());
        assertThrows(UnknownNamespaceException.class, () -> loader.load("nope", table(1, 0)));
        assertEquals(0, s.currentVersion("item"));
        assertEquals("batchSize: 0, must be in [1, 1000000]",
                assertThrows(IllegalArgumentException.class, () -> StoreLoader.builder(s).withBatchSize(0).build()).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> StoreLoader.builder(s).withProgressInterval(Duration.ofSeconds(-1)).build());
    }
}
