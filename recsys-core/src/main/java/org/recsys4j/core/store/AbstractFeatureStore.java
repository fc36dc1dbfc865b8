package org.recsys4j.core.store;

import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared half of both stores: namespace lookup, argument checks, encoding and decoding through
 * {@link ValueCodec}, and the load state machine. Subclasses move encoded bytes.
 */
abstract class AbstractFeatureStore implements FeatureStore {
    private final Map<String, NamespaceSpec> specs;
    final Clock clock;

    AbstractFeatureStore(Collection<NamespaceSpec> namespaces, Clock clock) {
        Map<String, NamespaceSpec> m = new LinkedHashMap<>();
        for (NamespaceSpec s : namespaces) {
            NamespaceSpec prev = m.put(s.name(), s);
            if (prev != null && !prev.equals(s)) {
                throw new IllegalArgumentException("namespaces: '" + s.name() + "' declared twice, as " + prev + " and " + s);
            }
        }
        this.specs = Collections.unmodifiableMap(m);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The bytes read for some keys, all from one version. */
    record RawRead(long version, List<byte[]> values) {
    }

    abstract RawRead readRaw(String namespace, List<String> keys);

    abstract void writeRaw(String namespace, Map<String, byte[]> values);

    abstract boolean deleteRaw(String namespace, String key);

    abstract AbstractLoad newLoad(NamespaceSpec spec);

    @Override
    public Collection<NamespaceSpec> namespaces() {
        return specs.values();
    }

    @Override
    public NamespaceSpec namespace(String namespace) {
        NamespaceSpec s = specs.get(namespace);
        if (s == null) {
            throw new UnknownNamespaceException("unknown namespace '" + namespace + "'; this store declares " + specs.keySet());
        }
        return s;
    }

    NamespaceSpec spec(String namespace, NamespaceSpec.Kind kind) {
        NamespaceSpec s = namespace(namespace);
        if (s.kind() != kind) {
            throw new IllegalArgumentException("namespace '" + namespace + "' holds " + (s.kind() == NamespaceSpec.Kind.BLOB
                    ? "blobs; use getBlob/multiGetBlobs/putBlob/putAllBlobs" : "vectors; use get/multiGet/put/putAll"));
        }
        return s;
    }

    static String where(String namespace, long version, String key) {
        return "namespace '" + namespace + "' version " + version + " key '" + key + "'";
    }

    static void checkKey(String namespace, String key) {
        if (key == null) {
            throw new IllegalArgumentException("namespace '" + namespace + "': key is null");
        }
    }

    /** Returns an immutable copy of the keys (the list itself when it already is one) after checking none is null. */
    static List<String> checkKeys(String namespace, List<String> keys) {
        Objects.requireNonNull(keys, "keys");
        for (String k : keys) {
            checkKey(namespace, k);
        }
        return List.copyOf(keys);
    }

    static byte[] encodeVector(NamespaceSpec spec, String key, float[] vector) {
        checkKey(spec.name(), key);
        if (vector == null) {
            throw new IllegalArgumentException("namespace '" + spec.name() + "' key '" + key + "': vector is null");
        }
        if (spec.dimension() != 0 && vector.length != spec.dimension()) {
            throw new IllegalArgumentException("namespace '" + spec.name() + "' key '" + key + "': vector has dimension "
                    + vector.length + ", the namespace declares " + spec.dimension());
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException("namespace '" + spec.name() + "' key '" + key + "': component " + i
                        + " is " + vector[i] + ", must be finite");
            }
        }
        return ValueCodec.encodeVector(vector);
    }

    static byte[] encodeBlob(NamespaceSpec spec, String key, byte[] blob) {
        checkKey(spec.name(), key);
        if (blob == null) {
            throw new IllegalArgumentException("namespace '" + spec.name() + "' key '" + key + "': blob is null");
        }
        return ValueCodec.encodeBlob(blob);
    }

    static Map<String, byte[]> encodeVectors(NamespaceSpec spec, Map<String, float[]> vectors) {
        Objects.requireNonNull(vectors, "vectors");
        Map<String, byte[]> out = new LinkedHashMap<>(Math.max(16, vectors.size() * 2));
        vectors.forEach((k, v) -> out.put(k, encodeVector(spec, k, v)));
        return out;
    }

    static Map<String, byte[]> encodeBlobs(NamespaceSpec spec, Map<String, byte[]> blobs) {
        Objects.requireNonNull(blobs, "blobs");
        Map<String, byte[]> out = new LinkedHashMap<>(Math.max(16, blobs.size() * 2));
        blobs.forEach((k, v) -> out.put(k, encodeBlob(spec, k, v)));
        return out;
    }

    @Override
    public Optional<float[]> get(String namespace, String key) {
        checkKey(namespace, key);
        return multiGet(namespace, Collections.singletonList(key)).find(0);
    }

    @Override
    public BatchRead<float[]> multiGet(String namespace, List<String> keys) {
        NamespaceSpec spec = spec(namespace, NamespaceSpec.Kind.VECTOR);
        List<String> ks = checkKeys(namespace, keys);
        RawRead r = readRaw(namespace, ks);
        Object[] out = new Object[ks.size()];
        for (int i = 0; i < out.length; i++) {
            byte[] b = r.values().get(i);
            out[i] = b == null ? null : ValueCodec.decodeVector(b, spec.dimension(), where(namespace, r.version(), ks.get(i)));
        }
        return BatchRead.wrap(ks, out);
    }

    @Override
    public void put(String namespace, String key, float[] vector) {
        NamespaceSpec spec = spec(namespace, NamespaceSpec.Kind.VECTOR);
        writeRaw(namespace, Collections.singletonMap(key, encodeVector(spec, key, vector)));
    }

    @Override
    public void putAll(String namespace, Map<String, float[]> vectors) {
        NamespaceSpec spec = spec(namespace, NamespaceSpec.Kind.VECTOR);
        writeRaw(namespace, encodeVectors(spec, vectors));
    }

    @Override
    public Optional<byte[]> getBlob(String namespace, String key) {
        checkKey(namespace, key);
        return multiGetBlobs(namespace, Collections.singletonList(key)).find(0);
    }

    @Override
    public BatchRead<byte[]> multiGetBlobs(String namespace, List<String> keys) {
        spec(namespace, NamespaceSpec.Kind.BLOB);
        List<String> ks = checkKeys(namespace, keys);
        RawRead r = readRaw(namespace, ks);
        Object[] out = new Object[ks.size()];
        for (int i = 0; i < out.length; i++) {
            byte[] b = r.values().get(i);
            out[i] = b == null ? null : ValueCodec.decodeBlob(b, where(namespace, r.version(), ks.get(i)));
        }
        return BatchRead.wrap(ks, out);
    }

    @Override
    public void putBlob(String namespace, String key, byte[] blob) {
        NamespaceSpec spec = spec(namespace, NamespaceSpec.Kind.BLOB);
        writeRaw(namespace, Collections.singletonMap(key, encodeBlob(spec, key, blob)));
    }

    @Override
    public void putAllBlobs(String namespace, Map<String, byte[]> blobs) {
        NamespaceSpec spec = spec(namespace, NamespaceSpec.Kind.BLOB);
        writeRaw(namespace, encodeBlobs(spec, blobs));
    }

    @Override
    public boolean delete(String namespace, String key) {
        namespace(namespace);
        checkKey(namespace, key);
        return deleteRaw(namespace, key);
    }

    @Override
    public VersionedLoad beginLoad(String namespace) {
        return newLoad(namespace(namespace));
    }

    /** The load state machine; subclasses move the bytes and switch the pointer. */
    abstract static class AbstractLoad implements VersionedLoad {
        final NamespaceSpec spec;
        final long version;
        private State state = State.OPEN;
        private RuntimeException failure;

        AbstractLoad(NamespaceSpec spec, long version) {
            this.spec = spec;
            this.version = version;
        }

        /** Writes (or buffers) encoded values into this load's version. */
        abstract void write(Map<String, byte[]> values);

        /** Writes everything buffered and checks that every write was acknowledged. */
        abstract void flush();

        /**
         * Switches the current-version pointer to this version and marks the replaced one superseded.
         *
         * @throws IllegalStateException if the current version is already newer than this one
         */
        abstract void switchPointer();

        /** Marks this version aborted (best effort: errors are logged by the subclass, not thrown). */
        abstract void discard();

        @Override
        public String namespace() {
            return spec.name();
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public synchronized State state() {
            return state;
        }

        private String name() {
            return "load of namespace '" + spec.name() + "' version " + version;
        }

        private void checkOpen() {
            if (state == State.FAILED) {
                throw new IllegalStateException(name() + " failed earlier (" + failure.getMessage()
                        + "); it cannot be committed, the previous version stays current", failure);
            }
            if (state != State.OPEN) {
                throw new IllegalStateException(name() + " is " + state + ", not OPEN");
            }
        }

        private void guarded(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                state = State.FAILED;
                failure = e;
                throw e;
            }
        }

        @Override
        public synchronized void put(String key, float[] vector) {
            checkOpen();
            Map<String, byte[]> m = Collections.singletonMap(key, encodeVector(spec(NamespaceSpec.Kind.VECTOR), key, vector));
            guarded(() -> write(m));
        }

        @Override
        public synchronized void putAll(Map<String, float[]> vectors) {
            checkOpen();
            Map<String, byte[]> m = encodeVectors(spec(NamespaceSpec.Kind.VECTOR), vectors);
            guarded(() -> write(m));
        }

        @Override
        public synchronized void putBlob(String key, byte[] blob) {
            checkOpen();
            Map<String, byte[]> m = Collections.singletonMap(key, encodeBlob(spec(NamespaceSpec.Kind.BLOB), key, blob));
            guarded(() -> write(m));
        }

        @Override
        public synchronized void putAllBlobs(Map<String, byte[]> blobs) {
            checkOpen();
            Map<String, byte[]> m = encodeBlobs(spec(NamespaceSpec.Kind.BLOB), blobs);
            guarded(() -> write(m));
        }

        private NamespaceSpec spec(NamespaceSpec.Kind kind) {
            if (spec.kind() != kind) {
                throw new IllegalArgumentException("namespace '" + spec.name() + "' holds "
                        + (spec.kind() == NamespaceSpec.Kind.BLOB ? "blobs; use putBlob/putAllBlobs" : "vectors; use put/putAll"));
            }
            return spec;
        }

        @Override
        public synchronized long commit() {
            checkOpen();
            guarded(this::flush);
            try {
                switchPointer();
            } catch (IllegalStateException superseded) {
                state = State.ABORTED;
                discard();
                throw superseded;
            } catch (RuntimeException e) {
                state = State.FAILED;
                failure = e;
                throw e;
            }
            state = State.COMMITTED;
            return version;
        }

        @Override
        public synchronized void abort() {
            if (state == State.COMMITTED || state == State.ABORTED) {
                return;
            }
            state = State.ABORTED;
            discard();
        }

        @Override
        public void close() {
            abort();
        }
    }
}
