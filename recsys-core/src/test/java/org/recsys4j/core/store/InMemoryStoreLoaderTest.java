package org.recsys4j.core.store;

/** {@link StoreLoader} into an {@link InMemoryFeatureStore}. */
class InMemoryStoreLoaderTest extends StoreLoaderContractTest {
    @Override
    FeatureStore createStore() {
        return InMemoryFeatureStore.builder().withNamespace(ITEM).withNamespace(ROWS).build();
    }
}
