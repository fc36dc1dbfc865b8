package org.recsys4j.core.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Delegates to another store, records the keys of every multiGet, and can pretend the server is down. */
class RecordingFeatureStore implements FeatureStore {
    final FeatureStore delegate;
    final List<List<String>> multiGets = Collections.synchronizedList(new ArrayList<>());
    volatile boolean down;

    RecordingFeatureStore(FeatureStore delegate) {
        this.delegate = delegate;
    }

    private void check() {
        if (down) {
            throw new StoreConnectionException("cannot reach test server at 127.0.0.1:1", new java.io.IOException("connection refused"));
        }
    }

    @Override
    public Collection<NamespaceSpec> namespaces() {
        return delegate.namespaces();
    }

    @Override
    public NamespaceSpec namespace(String namespace) {
        return delegate.namespace(namespace);
    }

    @Override
    public long currentVersion(String namespace) {
        check();
        return delegate.currentVersion(namespace);
    }

    @Override
    public Optional<float[]> get(String namespace, String key) {
        check();
        multiGets.add(List.of(key));
        return delegate.get(namespace, key);
    }

    @Override
    public BatchRead<float[]> multiGet(String namespace, List<String> keys) {
        check();
        multiGets.add(List.copyOf(keys));
        return delegate.multiGet(namespace, keys);
    }

    @Override
    public void put(String namespace, String key, float[] vector) {
        check();
        delegate.put(namespace, key, vector);
    }

    @Override
    public void putAll(String namespace, Map<String, float[]> vectors) {
        check();
        delegate.putAll(namespace, vectors);
    }

    @Override
    public Optional<byte[]> getBlob(String namespace, String key) {
        check();
        multiGets.add(List.of(key));
        return delegate.getBlob(namespace, key);
    }

    @Override
    public BatchRead<byte[]> multiGetBlobs(String namespace, List<String> keys) {
        check();
        multiGets.add(List.copyOf(keys));
        return delegate.multiGetBlobs(namespace, keys);
    }

    @Override
    public void putBlob(String namespace, String key, byte[] blob) {
        check();
        delegate.putBlob(namespace, key, blob);
    }

    @Override
    public void putAllBlobs(String namespace, Map<String, byte[]> blobs) {
        check();
        delegate.putAllBlobs(namespace, blobs);
    }

    @Override
    public boolean delete(String namespace, String key) {
        check();
        return delegate.delete(namespace, key);
    }

    @Override
    public long scanKeys(String namespace, Consumer<String> action) {
        check();
        return delegate.scanKeys(namespace, action);
    }

    @Override
    public VersionedLoad beginLoad(String namespace) {
        check();
        return delegate.beginLoad(namespace);
    }

    @Override
    public int gc(Duration grace) {
        check();
        return delegate.gc(grace);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
