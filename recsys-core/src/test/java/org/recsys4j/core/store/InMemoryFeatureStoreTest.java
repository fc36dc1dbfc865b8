package org.recsys4j.core.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryFeatureStoreTest extends FeatureStoreContractTest {
    @Override
    FeatureStore createStore() {
        return InMemoryFeatureStore.builder().withNamespace(ITEM).withNamespace(ANY).withNamespace(ROWS)
                .withClock(clock).build();
    }

    @Override
    void writeRawBytes(FeatureStore store, String namespace, String key, byte[] bytes) {
        ((InMemoryFeatureStore) store).writeRawForTesting(namespace, key, bytes);
    }

    @Override
    Boolean versionPresent(FeatureStore store, String namespace, long version, String key) {
        return null;
    }

    @Test
    void builderNamesTheMissingField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InMemoryFeatureStore.builder().build());
        assertTrue(e.getMessage().startsWith("namespaces:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NamespaceSpec.vectors("a:b", 3));
        assertTrue(e.getMessage().contains("'a:b'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NamespaceSpec.vectors("a", 0));
        assertTrue(e.getMessage().contains("dimension"), e.getMessage());
    }
}
