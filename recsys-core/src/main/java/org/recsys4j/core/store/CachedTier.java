package org.recsys4j.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cached tier of a {@link TieredFeatureStore}: namespaces read through a bounded LRU cache per
 * namespace with an optional time to live. The misses of one read are fetched with ONE batch read of
 * the backing store; absent keys are cached as absent. At most every version-check interval a read
 * checks the backing store's current version and empties the cache when it changed. When the backing
 * store is down, hits are answered and a miss throws a {@link StoreConnectionException}; a read whose
 * version check already found the backing store unreachable fails its misses at once. Thread-safe
 * (one lock per namespace, held for map operations only).
 */
final class CachedTier {
    private static final Logger LOG = LoggerFactory.getLogger(CachedTier.class);
    private static final Object ABSENT = new Object();

    private final FeatureStore backing;
    private final Clock clock;
    private final Duration ttl;
    private final long versionCheckMillis;
    private final Map<String, Cache> caches;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    private record Entry(Object value, long expiresAt) {
    }

    /** A bounded LRU cache of one namespace; every access is synchronized on it. */
    private static final class Cache {
        final NamespaceSpec spec;
        final LinkedHashMap<String, Entry> map;
        long version;
        long nextCheck;
        long generation;

        Cache(NamespaceSpec spec, int capacity) {
            this.spec = spec;
            this.map = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CachedTier.Entry> eldest) {   // qualified, as in ResultCache (javac 25)
                    return size() > capacity;
                }
            };
        }
    }

    /** Reads each namespace's current version from the backing store. */
    CachedTier(FeatureStore backing, Collection<String> namespaces, int capacity, Duration ttl,
               Duration versionCheckInterval, Clock clock) {
        this.backing = backing;
        this.clock = clock;
        this.ttl = ttl;
        this.versionCheckMillis = versionCheckInterval.toMillis();
        Map<String, Cache> c = new LinkedHashMap<>();
        for (String ns : namespaces) {
            c.put(ns, new Cache(backing.namespace(ns), capacity));
        }
        this.caches = Collections.unmodifiableMap(c);
        for (Cache cache : caches.values()) {
            cache.version = backing.currentVersion(cache.spec.name());
            cache.nextCheck = clock.millis() + versionCheckMillis;
        }
    }

    boolean holds(String namespace) {
        return caches.containsKey(namespace);
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }

    /**
     * Returns copies of the values of the keys (null where absent): hits from the cache, the misses of the
     * call fetched in one batch read of the backing store and cached.
     *
     * @throws StoreConnectionException naming the keys not cached when the backing store is unreachable
     */
    Object[] read(String namespace, NamespaceSpec.Kind kind, List<String> keys) {
        Cache c = caches.get(namespace);
        StoreConnectionException unreachable = checkVersion(c, false);
        long now = clock.millis();
        Object[] found = new Object[keys.size()];
        Set<String> missingSet = new LinkedHashSet<>();
        long generation;
        synchronized (c) {
            generation = c.generation;
            for (int i = 0; i < keys.size(); i++) {
                String k = keys.get(i);
                Entry e = c.map.get(k);
                if (e != null && e.expiresAt() <= now) {
                    c.map.remove(k);
                    e = null;
                }
                if (e != null) {
                    found[i] = e.value();
                } else {
                    missingSet.add(k);
                }
            }
        }
        List<String> missing = new ArrayList<>(missingSet);
        int hit = 0;
        for (Object v : found) {
            hit += v == null ? 0 : 1;
        }
        hits.addAndGet(hit);
        if (!missing.isEmpty()) {
            misses.addAndGet(missing.size());
            BatchRead<?> fetched;
            try {
                if (unreachable != null) {
                    // this read already waited for the backing store once: do not wait a second time
                    throw unreachable;
                }
                fetched = kind == NamespaceSpec.Kind.VECTOR ? backing.multiGet(namespace, missing)
                        : backing.multiGetBlobs(namespace, missing);
            } catch (StoreConnectionException e) {
                throw new StoreConnectionException("namespace '" + namespace + "': " + missing.size() + " of " + keys.size()
                        + " keys are not in the local cache " + (missing.size() <= 5 ? missing + " " : "")
                        + "and the backing store is unreachable: " + e.getMessage(), e);
            }
            Map<String, Object> byKey = new HashMap<>();
            long expiresAt = ttl == null ? Long.MAX_VALUE : now + ttl.toMillis();
            synchronized (c) {
                for (int i = 0; i < missing.size(); i++) {
                    Object v = fetched.isPresent(i) ? fetched.get(i) : ABSENT;
                    byKey.put(missing.get(i), v);
                    if (c.generation == generation) {
                        c.map.put(missing.get(i), new Entry(v, expiresAt));
                    }
                }
            }
            for (int i = 0; i < keys.size(); i++) {
                if (found[i] == null) {
                    found[i] = byKey.get(keys.get(i));
                }
            }
        }
        for (int i = 0; i < found.length; i++) {
            found[i] = found[i] == ABSENT ? null : ResidentTier.copyOut(found[i]);
        }
        return found;
    }

    /** Checks every namespace's version now (a refresh tick); failures are logged. */
    void checkAllVersions() {
        for (Cache c : caches.values()) {
            try {
                checkVersion(c, true);
            } catch (RuntimeException e) {
                LOG.warn("version check of cached namespace '{}' failed: {}", c.spec.name(), e.toString());
            }
        }
    }

    /**
     * Empties the cache when the backing version changed; with {@code force} regardless of the interval.
     * Returns the failure when the backing store could not be reached (the cache is kept), else null.
     */
    private StoreConnectionException checkVersion(Cache c, boolean force) {
        long now = clock.millis();
        synchronized (c) {
            if (!force && now < c.nextCheck) {
                return null;
            }
            c.nextCheck = now + versionCheckMillis;
        }
        long v;
        try {
            v = backing.currentVersion(c.spec.name());
        } catch (StoreConnectionException e) {
            return e;
        }
        synchronized (c) {
            if (v != c.version) {
                c.version = v;
                c.map.clear();
                c.generation++;
            }
        }
        return null;
    }

    /** Evicts written keys of a cached namespace (no-op for other namespaces). */
    void invalidate(String namespace, Collection<String> keys) {
        Cache c = caches.get(namespace);
        if (c != null) {
            synchronized (c) {
                for (String k : keys) {
                    c.map.remove(k);
                }
                c.generation++;
            }
        }
    }

    /** After a commit made through this store: reads the new version and empties the cache. */
    void afterCommit(String namespace) {
        Cache c = caches.get(namespace);
        if (c != null) {
            checkVersion(c, true);
            synchronized (c) {
                c.map.clear();
                c.generation++;
            }
        }
    }
}
