package org.recsys4j.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Returns features from process memory in front of a backing {@link FeatureStore} (typically
 * {@link RedisFeatureStore}), the way a serving process keeps all item features in memory and fetches
 * user features per request. Thread-safe.
 *
 * <p>Each namespace of the backing store is served in one of three ways:
 * <ul>
 * <li><b>resident</b> ({@link Builder#withResident}): the whole current version is copied into memory
 * when the store is built, and reads never touch the backing store. Every refresh tick
 * ({@link Builder#withRefreshInterval}, or {@link #refreshNow()}) compares the backing store's current
 * version with the copy's; when it changed, the new version is read in the background (keys by
 * {@link FeatureStore#scanKeys}, values by batched multiGets, retried if the version moves during the
 * copy) and swapped in with one reference write, so a read sees either the old or the new copy, never
 * a mix. A failed refresh is logged, counted ({@link Stats#refreshFailures()}) and the old copy keeps
 * serving; so does a backing store that is down.</li>
 * <li><b>cached</b> ({@link Builder#withCached}): reads go through a bounded LRU cache of
 * {@link Builder#withCacheCapacity} entries per namespace, with an optional time to live. The misses
 * of one call are fetched with ONE multiGet of the backing store; absent keys are cached as absent.
 * At most every {@link Builder#withVersionCheckInterval} a read checks the backing store's current
 * version and empties the cache when it changed. A multiGet whose hits and misses straddle a version
 * change may therefore mix two versions until that check. When the backing store is down, hits are
 * still answered and a miss throws a {@link StoreConnectionException} saying which keys were not cached;
 * a read whose version check already found the backing store unreachable fails its misses at once, so
 * one read waits for an unreachable backing store once (one call's time bound), never twice.</li>
 * <li>any other namespace passes straight through to the backing store.</li>
 * </ul>
 *
 * <p><b>Who does what.</b> This class routes: each read goes to the {@code ResidentTier} (the in-memory
 * copies and their refresh), the {@code CachedTier} (the LRU caches and their version checks) or the
 * backing store; each write goes to the backing store first and then to the tier that holds the
 * namespace. It also owns the refresh schedule and the counters.
 *
 * <p><b>Writes</b> ({@code put}, {@code putAll}, {@code delete}, loads, {@link #gc}) go to the backing
 * store first. Then, for a resident namespace, the same change is applied to the in-memory copy (and
 * replayed onto a copy being refreshed at that moment), so this process reads its own writes; for a
 * cached namespace the written keys are evicted. A commit through {@link #beginLoad} refreshes a
 * resident namespace at once, or empties a cached one. Writes made by other processes become visible
 * here only through the version check: direct writes that do not change the version are seen by
 * cached namespaces after the entry's TTL or eviction, and by resident namespaces after the next
 * committed load. So load resident namespaces with versioned loads. A backing store that loses its
 * data and hands out an already used version number again (a Redis restarted without persistence) is
 * not noticed by the version check; a commit made through this store always reloads, though.
 *
 * <pre>{@code
 * FeatureStore redis = RedisFeatureStore.connect(config);
 * try (TieredFeatureStore store = TieredFeatureStore.builder(redis)
 *         .withResident("item")
 *         .withCached("user")
 *         .withCacheCapacity(100_000).withCacheTtl(Duration.ofMinutes(5))
 *         .withRefreshInterval(Duration.ofSeconds(30))
 *         .build()) {                      // loads "item" into memory, then refreshes it every 30 s
 *     float[] item = store.get("item", "i42").orElseThrow();                 // from memory
 *     BatchRead<float[]> users = store.multiGet("user", List.of("u1", "u2"));   // cache, misses in one MGET
 * }                                        // stops the refresh and closes the backing store
 * }</pre>
 */
public final class TieredFeatureStore implements FeatureStore {
    private static final Logger LOG = LoggerFactory.getLogger(TieredFeatureStore.class);
    /** Keys per backing multiGet when a resident namespace is copied. */
    static final int COPY_BATCH = 1_000;
    /** How often a copy is retried when the backing version changes while it is read. */
    static final int COPY_ATTEMPTS = 3;

    /** The default capacity of each cached namespace, in entries. */
    public static final int DEFAULT_CACHE_CAPACITY = 10_000;
    /** The default interval between refresh ticks of resident namespaces. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** The default interval between version checks of a cached namespace. */
    public static final Duration DEFAULT_VERSION_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final FeatureStore backing;
    private final ResidentTier resident;
    private final CachedTier cached;
    private final ScheduledExecutorService ownScheduler;
    private final ScheduledFuture<?> refreshTask;
    private final Object tickLock = new Object();

    /**
     * The counters of a tiered store, since it was built.
     *
     * @param refreshes       resident copies loaded and swapped in (the initial loads included)
     * @param refreshFailures refreshes that failed; the old copy kept serving
     * @param cacheHits       keys of cached namespaces answered from the cache
     * @param cacheMisses     keys of cached namespaces fetched from the backing store
     */
    public record Stats(long refreshes, long refreshFailures, long cacheHits, long cacheMisses) {
    }

    private TieredFeatureStore(Builder b) {
        this.backing = b.backing;
        this.resident = new ResidentTier(backing, b.resident);
        this.cached = new CachedTier(backing, b.cached, b.cacheCapacity, b.cacheTtl, b.versionCheckInterval, b.clock);
        if (b.refreshInterval.isZero()) {
            this.ownScheduler = null;
            this.refreshTask = null;
        } else {
            ScheduledExecutorService s = b.scheduler;
            this.ownScheduler = s == null ? Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "recsys4j-tiered-refresh");
                t.setDaemon(true);
                return t;
            }) : null;
            if (s == null) {
                s = ownScheduler;
            }
            long period = b.refreshInterval.toMillis();
            this.refreshTask = s.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Returns a builder of a tiered store over {@code backing}; the tiered store owns it and closes it.
     *
     * @param backing the store that holds every namespace, e.g. a {@link RedisFeatureStore}
     */
    public static Builder builder(FeatureStore backing) {
        return new Builder(backing);
    }

    /** Returns {@link TieredFeatureStore}s; every setting is checked in {@link #build()}. */
    public static final class Builder {
        private final FeatureStore backing;
        private final Set<String> resident = new LinkedHashSet<>();
        private final Set<String> cached = new LinkedHashSet<>();
        private int cacheCapacity = DEFAULT_CACHE_CAPACITY;
        private Duration cacheTtl;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private Duration versionCheckInterval = DEFAULT_VERSION_CHECK_INTERVAL;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService scheduler;

        private Builder(FeatureStore backing) {
            this.backing = backing;
        }

        /**
         * Makes namespaces resident: held wholly in memory and refreshed when their version changes (none by
         * default: a namespace neither resident nor cached passes through to the backing store).
         *
         * @param namespaces namespaces declared by the backing store
         * @return this builder
         */
        public Builder withResident(String... namespaces) {
            Collections.addAll(resident, namespaces == null ? new String[] {null} : namespaces);
            return this;
        }

        /**
         * Makes namespaces cached: read through a bounded LRU cache, misses fetched from the backing store (none
         * by default).
         *
         * @param namespaces namespaces declared by the backing store
         * @return this builder
         */
        public Builder withCached(String... namespaces) {
            Collections.addAll(cached, namespaces == null ? new String[] {null} : namespaces);
            return this;
        }

        /**
         * Sets the capacity of each cached namespace, in entries (default {@link TieredFeatureStore#DEFAULT_CACHE_CAPACITY}).
         *
         * @param entries at least 1
         * @return this builder
         */
        public Builder withCacheCapacity(int entries) {
            this.cacheCapacity = entries;
            return this;
        }

        /**
         * Sets how long a cache entry may be served after it was fetched (default: no expiry).
         *
         * @param ttl positive, or null for no expiry
         * @return this builder
         */
        public Builder withCacheTtl(Duration ttl) {
            this.cacheTtl = ttl;
            return this;
        }

        /**
         * Sets the interval between refresh ticks of resident namespaces (default 30 s);
         * {@link Duration#ZERO} schedules none (call {@link #refreshNow()} yourself).
         *
         * @param interval zero or positive
         * @return this builder
         */
        public Builder withRefreshInterval(Duration interval) {
            this.refreshInterval = interval;
            return this;
        }

        /**
         * Sets how often a read of a cached namespace checks the backing version (default 1 s);
         * {@link Duration#ZERO} checks on every read.
         *
         * @param interval zero or positive
         * @return this builder
         */
        public Builder withVersionCheckInterval(Duration interval) {
            this.versionCheckInterval = interval;
            return this;
        }

        /**
         * Sets the clock of cache expiry and version checks (default: system UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder withClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Runs refresh ticks on this executor instead of a daemon thread of the store's own (the default,
         * also when null); the store cancels its task on close but does not shut the executor down.
         *
         * @param scheduler the executor
         * @return this builder
         */
        public Builder withScheduler(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * Returns the store after checking the settings and copying every resident namespace from the
         * backing store.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         * @throws FeatureStoreException    if a resident namespace cannot be copied (e.g. the backing store is down)
         */
        public TieredFeatureStore build() {
            Objects.requireNonNull(backing, "backing");
            Objects.requireNonNull(clock, "clock");
            for (String ns : resident) {
                Objects.requireNonNull(ns, "resident namespace");
                checkDeclared("resident", ns);
                if (cached.contains(ns)) {
                    throw new IllegalArgumentException("resident: namespace '" + ns + "' is also cached; choose one");
                }
            }
            for (String ns : cached) {
                Objects.requireNonNull(ns, "cached namespace");
                checkDeclared("cached", ns);
            }
            if (cacheCapacity < 1) {
                throw new IllegalArgumentException("cacheCapacity: " + cacheCapacity + ", must be >= 1");
            }
            if (cacheTtl != null && (cacheTtl.isNegative() || cacheTtl.isZero())) {
                throw new IllegalArgumentException("cacheTtl: " + cacheTtl + ", must be positive (or null for no expiry)");
            }
            checkNotNegative("refreshInterval", refreshInterval);
            checkNotNegative("versionCheckInterval", versionCheckInterval);
            return new TieredFeatureStore(this);
        }

        private void checkDeclared(String field, String ns) {
            try {
                backing.namespace(ns);
            } catch (UnknownNamespaceException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
            }
        }

        private static void checkNotNegative(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative()) {
                throw new IllegalArgumentException(field + ": " + d + ", must be zero or positive");
            }
        }
    }

    /** Returns the backing store. */
    public FeatureStore backing() {
        return backing;
    }

    /** Returns the counters: refreshes, refresh failures, cache hits and misses. */
    public Stats stats() {
        return new Stats(resident.refreshes(), resident.refreshFailures(), cached.hits(), cached.misses());
    }

    /**
     * Returns the number of resident namespaces swapped to a new version, after one refresh tick: each
     * resident namespace whose backing version changed is copied and swapped in, and each cached
     * namespace whose version changed is emptied. Failures are logged and counted, never thrown; the
     * old copies keep serving. The scheduled ticks call this; tests call it to refresh deterministically.
     */
    public int refreshNow() {
        synchronized (tickLock) {
            int swapped = resident.refreshChanged();
            cached.checkAllVersions();
            return swapped;
        }
    }

    private void refreshQuietly() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            LOG.warn("refresh tick failed: {}", e.toString());
        }
    }

    private NamespaceSpec spec(String namespace, NamespaceSpec.Kind kind) {
        NamespaceSpec s = backing.namespace(namespace);
        if (s.kind() != kind) {
            throw new IllegalArgumentException("namespace '" + namespace + "' holds " + (s.kind() == NamespaceSpec.Kind.BLOB
                    ? "blobs; use getBlob/multiGetBlobs/putBlob/putAllBlobs" : "vectors; use get/multiGet/put/putAll"));
        }
        return s;
    }

    private static List<String> checkKeys(String namespace, List<String> keys) {
        Objects.requireNonNull(keys, "keys");
        for (String k : keys) {
            if (k == null) {
                throw new IllegalArgumentException("namespace '" + namespace + "': key is null");
            }
        }
        return List.copyOf(keys);
    }

    /** Reads keys of a resident or cached namespace; returns null when the namespace passes through. */
    private <T> BatchRead<T> read(String namespace, NamespaceSpec.Kind kind, List<String> keys) {
        spec(namespace, kind);
        if (resident.holds(namespace)) {
            List<String> ks = checkKeys(namespace, keys);
            return BatchRead.wrap(ks, resident.read(namespace, ks));
        }
        if (cached.holds(namespace)) {
            List<String> ks = checkKeys(namespace, keys);
            return BatchRead.wrap(ks, cached.read(namespace, kind, ks));
        }
        return null;
    }

    @Override
    public Collection<NamespaceSpec> namespaces() {
        return backing.namespaces();
    }

    @Override
    public NamespaceSpec namespace(String namespace) {
        return backing.namespace(namespace);
    }

    /** Returns the version of the in-memory copy for a resident namespace, otherwise the backing store's. */
    @Override
    public long currentVersion(String namespace) {
        return resident.holds(namespace) ? resident.version(namespace) : backing.currentVersion(namespace);
    }

    @Override
    public Optional<float[]> get(String namespace, String key) {
        if (key == null) {
            throw new IllegalArgumentException("namespace '" + namespace + "': key is null");
        }
        return multiGet(namespace, Collections.singletonList(key)).find(0);
    }

    @Override
    public BatchRead<float[]> multiGet(String namespace, List<String> keys) {
        BatchRead<float[]> local = read(namespace, NamespaceSpec.Kind.VECTOR, keys);
        return local != null ? local : backing.multiGet(namespace, keys);
    }

    @Override
    public Optional<byte[]> getBlob(String namespace, String key) {
        if (key == null) {
            throw new IllegalArgumentException("namespace '" + namespace + "': key is null");
        }
        return multiGetBlobs(namespace, Collections.singletonList(key)).find(0);
    }

    @Override
    public BatchRead<byte[]> multiGetBlobs(String namespace, List<String> keys) {
        BatchRead<byte[]> local = read(namespace, NamespaceSpec.Kind.BLOB, keys);
        return local != null ? local : backing.multiGetBlobs(namespace, keys);
    }

    @Override
    public void put(String namespace, String key, float[] vector) {
        backing.put(namespace, key, vector);
        afterWrite(namespace, Collections.singletonMap(key, vector.clone()));
    }

    @Override
    public void putAll(String namespace, Map<String, float[]> vectors) {
        backing.putAll(namespace, vectors);
        Map<String, Object> copies = new HashMap<>();
        vectors.forEach((k, v) -> copies.put(k, v.clone()));
        afterWrite(namespace, copies);
    }

    @Override
    public void putBlob(String namespace, String key, byte[] blob) {
        backing.putBlob(namespace, key, blob);
        afterWrite(namespace, Collections.singletonMap(key, blob.clone()));
    }

    @Override
    public void putAllBlobs(String namespace, Map<String, byte[]> blobs) {
        backing.putAllBlobs(namespace, blobs);
        Map<String, Object> copies = new HashMap<>();
        blobs.forEach((k, v) -> copies.put(k, v.clone()));
        afterWrite(namespace, copies);
    }

    private void afterWrite(String namespace, Map<String, Object> written) {
        resident.apply(namespace, m -> m.putAll(written));
        cached.invalidate(namespace, written.keySet());
    }

    @Override
    public boolean delete(String namespace, String key) {
        boolean removed = backing.delete(namespace, key);
        resident.apply(namespace, m -> m.remove(key));
        cached.invalidate(namespace, List.of(key));
        return removed;
    }

    /** Passes {@link FeatureStore#scanKeys} through to the backing store. */
    @Override
    public long scanKeys(String namespace, Consumer<String> action) {
        return backing.scanKeys(namespace, action);
    }

    /**
     * Returns a load of the backing store whose successful commit also refreshes a resident namespace
     * at once (a failure of that refresh is logged and counted; the next tick retries) or empties a
     * cached one.
     */
    @Override
    public VersionedLoad beginLoad(String namespace) {
        VersionedLoad load = backing.beginLoad(namespace);
        return new VersionedLoad() {
            @Override
            public String namespace() {
                return load.namespace();
            }

            @Override
            public long version() {
                return load.version();
            }

            @Override
            public State state() {
                return load.state();
            }

            @Override
            public void put(String key, float[] vector) {
                load.put(key, vector);
            }

            @Override
            public void putAll(Map<String, float[]> vectors) {
                load.putAll(vectors);
            }

            @Override
            public void putBlob(String key, byte[] blob) {
                load.putBlob(key, blob);
            }

            @Override
            public void putAllBlobs(Map<String, byte[]> blobs) {
                load.putAllBlobs(blobs);
            }

            @Override
            public long commit() {
                long v = load.commit();
                afterCommit(namespace);
                return v;
            }

            @Override
            public void abort() {
                load.abort();
            }

            @Override
            public void close() {
                load.close();
            }
        };
    }

    private void afterCommit(String namespace) {
        if (resident.holds(namespace)) {
            synchronized (tickLock) {
                resident.refreshAfterCommit(namespace);
            }
        }
        cached.afterCommit(namespace);
    }

    /** Passes {@link FeatureStore#gc} through to the backing store; the in-memory copies are not affected. */
    @Override
    public int gc(Duration grace) {
        return backing.gc(grace);
    }

    /** Stops the refresh ticks and closes the backing store. */
    @Override
    public void close() {
        if (refreshTask != null) {
            refreshTask.cancel(false);
        }
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        backing.close();
    }
}
