package org.recsys4j.core.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Returns features from process memory: the embedded default {@link FeatureStore}, thread-safe, with
 * the same semantics as {@link RedisFeatureStore} (values are kept encoded in the {@link ValueCodec}
 * format and decoded on every read, so callers never share arrays with the store).
 *
 * <pre>{@code
 * try (FeatureStore store = InMemoryFeatureStore.builder()
 *         .withNamespace(NamespaceSpec.vectors("item", 32))
 *         .build()) {
 *     try (VersionedLoad load = store.beginLoad("item")) {
 *         load.put("i1", new float[32]);
 *         load.commit();
 *     }
 *     float[] v = store.get("item", "i1").orElseThrow();
 * }
 * }</pre>
 */
public final class InMemoryFeatureStore extends AbstractFeatureStore {
    private final Map<String, NsState> states = new HashMap<>();

    private static final class Version {
        final long number;
        final ConcurrentHashMap<String, byte[]> values = new ConcurrentHashMap<>();

        Version(long number) {
            this.number = number;
        }
    }

    /** Per-namespace state; {@code current} is read without locking, everything else under the lock. */
    private static final class NsState {
        volatile Version current = new Version(0);
        long nextVersion = 1;
        final Map<Long, Long> retiredAt = new LinkedHashMap<>();
    }

    private InMemoryFeatureStore(Builder b) {
        super(b.namespaces.values(), b.clock);
        for (NamespaceSpec s : namespaces()) {
            states.put(s.name(), new NsState());
        }
    }

    /** Returns a builder for an in-memory store. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns {@link InMemoryFeatureStore}s; declare at least one namespace. */
    public static final class Builder {
        private final Map<String, NamespaceSpec> namespaces = new LinkedHashMap<>();
        private boolean nullNamespace;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Declares a namespace.
         *
         * @param spec the declaration
         * @return this builder
         */
        public Builder withNamespace(NamespaceSpec spec) {
            if (spec == null) {
                nullNamespace = true;
            } else {
                namespaces.put(spec.name(), spec);
            }
            return this;
        }

        /**
         * Sets the clock that times superseded versions for {@link FeatureStore#gc} (default: system UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder withClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Returns the store.
         *
         * @throws IllegalArgumentException if no namespace is declared
         * @throws NullPointerException     if a namespace or the clock is null
         */
        public InMemoryFeatureStore build() {
            if (nullNamespace) {
                throw new NullPointerException("namespace");
            }
            Objects.requireNonNull(clock, "clock");
            if (namespaces.isEmpty()) {
                throw new IllegalArgumentException("namespaces: none declared; call withNamespace at least once");
            }
            return new InMemoryFeatureStore(this);
        }
    }

    private NsState state(String namespace) {
        namespace(namespace);
        return states.get(namespace);
    }

    @Override
    public long currentVersion(String namespace) {
        return state(namespace).current.number;
    }

    @Override
    public long scanKeys(String namespace, Consumer<String> action) {
        Objects.requireNonNull(action, "action");
        Version v = state(namespace).current;
        v.values.keySet().forEach(action);
        return v.number;
    }

    @Override
    RawRead readRaw(String namespace, List<String> keys) {
        Version v = state(namespace).current;
        List<byte[]> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            out.add(v.values.get(k));
        }
        return new RawRead(v.number, out);
    }

    @Override
    void writeRaw(String namespace, Map<String, byte[]> values) {
        state(namespace).current.values.putAll(values);
    }

    /** Stores raw bytes in the current version, bypassing encoding; for tests of corrupt values only. */
    void writeRawForTesting(String namespace, String key, byte[] bytes) {
        state(namespace).current.values.put(key, bytes.clone());
    }

    @Override
    boolean deleteRaw(String namespace, String key) {
        return state(namespace).current.values.remove(key) != null;
    }

    @Override
    AbstractLoad newLoad(NamespaceSpec spec) {
        NsState st = states.get(spec.name());
        long n;
        synchronized (st) {
            n = st.nextVersion++;
        }
        Version v = new Version(n);
        return new AbstractLoad(spec, n) {
            @Override
            void write(Map<String, byte[]> values) {
                v.values.putAll(values);
            }

            @Override
            void flush() {
            }

            @Override
            void switchPointer() {
                synchronized (st) {
                    Version old = st.current;
                    if (old.number >= n) {
                        throw new IllegalStateException("load of namespace '" + spec.name() + "' version " + n
                                + " cannot be committed: version " + old.number + " was committed meanwhile");
                    }
                    st.current = v;
                    st.retiredAt.put(old.number, clock.millis());
                }
            }

            @Override
            void discard() {
                v.values.clear();
                synchronized (st) {
                    st.retiredAt.put(n, clock.millis());
                }
            }
        };
    }

    @Override
    public int gc(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace: " + grace + ", must not be negative");
        }
        long now = clock.millis();
        int removed = 0;
        for (NsState st : states.values()) {
            synchronized (st) {
                for (Iterator<Map.Entry<Long, Long>> it = st.retiredAt.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Long, Long> e = it.next();
                    if (e.getValue() + grace.toMillis() <= now && e.getKey() != st.current.number) {
                        it.remove();
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    @Override
    public void close() {
    }
}
