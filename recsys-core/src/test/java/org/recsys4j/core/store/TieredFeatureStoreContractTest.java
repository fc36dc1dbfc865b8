package org.recsys4j.core.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract against a {@link TieredFeatureStore} over an {@link InMemoryFeatureStore}: "item" is
 * resident, "rows" cached, "any" passes through.
 */
class TieredFeatureStoreContractTest extends FeatureStoreContractTest {
    @Override
    FeatureStore createStore() {
        InMemoryFeatureStore backing = InMemoryFeatureStore.builder().withNamespace(ITEM).withNamespace(ANY)
                .withNamespace(ROWS).withClock(clock).build();
        return TieredFeatureStore.builder(backing).withResident("item").withCached("rows")
                .withCacheCapacity(100).withRefreshInterval(Duration.ZERO).withVersionCheckInterval(Duration.ZERO)
                .withClock(clock).build();
    }

    @Override
    void writeRawBytes(FeatureStore store, String namespace, String key, byte[] bytes) {
        ((InMemoryFeatureStore) ((TieredFeatureStore) store).backing()).writeRawForTesting(namespace, key, bytes);
    }

    @Override
    Boolean versionPresent(FeatureStore store, String namespace, long version, String key) {
        return null;
    }

    /**
     * Replaces the inherited test: a resident namespace never reads the backing store, so corrupt bytes
     * there fail the copy (at build or refresh) instead of a read; cached and pass-through namespaces
     * report them on read as usual.
     */
    @Override
    @Test
    void corruptStoredBytesAreAClearErrorNeverNumbers() {
        FeatureStore s = store();
        writeRawBytes(s, "rows", "r", "hello world, not a blob".getBytes(StandardCharsets.UTF_8));
        CorruptValueException e = assertThrows(CorruptValueException.class, () -> s.getBlob("rows", "r"));
        assertTrue(e.getMessage().contains("namespace 'rows'") && e.getMessage().contains("key 'r'"), e.getMessage());
        writeRawBytes(s, "any", "x", new byte[] {1, 2, 3});
        e = assertThrows(CorruptValueException.class, () -> s.get("any", "x"));
        assertTrue(e.getMessage().contains("key 'x'"), e.getMessage());

        TieredFeatureStore t = (TieredFeatureStore) s;
        t.put("item", "good", vec(1));
        FeatureStore backing = t.backing();
        try (VersionedLoad load = backing.beginLoad("item")) {
            load.put("good", vec(2));
            load.commit();
        }
        writeRawBytes(s, "item", "garbage", "not a vector".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, t.refreshNow());
        assertEquals(1, t.stats().refreshFailures());
        assertArrayEquals(vec(1), s.get("item", "good").orElseThrow(), "a failed refresh keeps the old copy");
        assertEquals(0, s.currentVersion("item"));

        CorruptValueException atBuild = assertThrows(CorruptValueException.class,
                () -> TieredFeatureStore.builder(backing).withResident("item").withRefreshInterval(Duration.ZERO).build());
        assertTrue(atBuild.getMessage().contains("key 'garbage'"), atBuild.getMessage());
    }
}
