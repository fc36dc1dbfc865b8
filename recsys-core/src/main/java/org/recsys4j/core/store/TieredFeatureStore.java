package org.recsys4j.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 *     float[] item = store.get("item", "i42");          // from memory
 *     List<float[]> users = store.multiGet("user", List.of("u1", "u2"));   // cache, misses in one MGET
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

    private static final Object ABSENT = new Object();

    private final FeatureStore backing;
    private final Clock clock;
    private final Map<String, Resident> residents;
    private final Map<String, Cached> cached;
    private final Duration cacheTtl;
    private final long versionCheckMillis;
    private final ScheduledExecutorService ownScheduler;
    private final ScheduledFuture<?> refreshTask;
    private final Object tickLock = new Object();
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong refreshFailures = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();

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

    /** One version of a resident namespace; {@code values} holds float[] or byte[], never handed out. */
    private record Snapshot(long version, ConcurrentHashMap<String, Object> values) {
    }

    private static final class Resident {
        final NamespaceSpec spec;
        volatile Snapshot current;
        /** Writes made while a refresh copies the namespace; null when no refresh runs. Guarded by this. */
        List<Consumer<Map<String, Object>>> journal;

        Resident(NamespaceSpec spec) {
            this.spec = spec;
        }
    }

    private record Entry(Object value, long expiresAt) {
    }

    /** A bounded LRU cache of one namespace; every method is synchronized. */
    private static final class Cached {
        final NamespaceSpec spec;
        final LinkedHashMap<String, Entry> map;
        long version;
        long nextCheck;
        long generation;

        Cached(NamespaceSpec spec, int capacity) {
            this.spec = spec;
            this.map = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, TieredFeatureStore.Entry> eldest) {   // qualified, as in ResultCache (javac 25)
                    return size() > capacity;
                }
            };
        }
    }

    private TieredFeatureStore(Builder b) {
        this.backing = b.backing;
        this.clock = b.clock;
        Map<String, Resident> r = new LinkedHashMap<>();
        for (String ns : b.resident) {
            r.put(ns, new Resident(backing.namespace(ns)));
        }
        Map<String, Cached> c = new LinkedHashMap<>();
        for (String ns : b.cached) {
            c.put(ns, new Cached(backing.namespace(ns), b.cacheCapacity));
        }
        this.residents = Collections.unmodifiableMap(r);
        this.cached = Collections.unmodifiableMap(c);
        this.cacheTtl = b.cacheTtl;
        this.versionCheckMillis = b.versionCheckInterval.toMillis();
        for (Resident res : residents.values()) {
            res.current = copy(res.spec);
            refreshes.incrementAndGet();
        }
        for (Cached cache : cached.values()) {
            cache.version = backing.currentVersion(cache.spec.name());
            cache.nextCheck = clock.millis() + versionCheckMillis;
        }
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
        return new Builder(Objects.requireNonNull(backing, "backing"));
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
         * Makes namespaces resident: held wholly in memory and refreshed when their version changes.
         *
         * @param namespaces namespaces declared by the backing store
         * @return this builder
         */
        public Builder withResident(String... namespaces) {
            resident.addAll(List.of(namespaces));
            return this;
        }

        /**
         * Makes namespaces cached: read through a bounded LRU cache, misses fetched from the backing store.
         *
         * @param namespaces namespaces declared by the backing store
         * @return this builder
         */
        public Builder withCached(String... namespaces) {
            cached.addAll(List.of(namespaces));
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
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Runs refresh ticks on this executor instead of a daemon thread of the store's own; the store
         * cancels its task on close but does not shut the executor down.
         *
         * @param scheduler the executor
         * @return this builder
         */
        public Builder withScheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
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
            for (String ns : resident) {
                checkDeclared("resident", ns);
                if (cached.contains(ns)) {
                    throw new IllegalArgumentException("resident: namespace '" + ns + "' is also cached; choose one");
                }
            }
            for (String ns : cached) {
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
            if (d == null || d.isNegative()) {
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
        return new Stats(refreshes.get(), refreshFailures.get(), cacheHits.get(), cacheMisses.get());
    }

    /**
     * Returns the number of resident namespaces swapped to a new version, after one refresh tick: each
     * resident namespace whose backing version changed is copied and swapped in, and each cached
     * namespace whose version changed is emptied. Failures are logged and counted, never thrown; the
     * old copies keep serving. The scheduled ticks call this; tests call it to refresh deterministically.
     */
    public int refreshNow() {
        synchronized (tickLock) {
            int swapped = 0;
            for (Resident r : residents.values()) {
                try {
                    if (refresh(r, false)) {
                        swapped++;
                    }
                } catch (RuntimeException e) {
                    refreshFailures.incrementAndGet();
                    LOG.warn("refresh of resident namespace '{}' failed; still serving version {}: {}",
                            r.spec.name(), r.current.version(), e.toString());
                }
            }
            for (Cached c : cached.values()) {
                try {
                    checkVersion(c, true);
                } catch (RuntimeException e) {
                    LOG.warn("version check of cached namespace '{}' failed: {}", c.spec.name(), e.toString());
                }
            }
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

    /** Copies the namespace when its backing version differs from the copy's (or always when forced); returns whether it swapped. */
    private boolean refresh(Resident r, boolean force) {
        long v = backing.currentVersion(r.spec.name());
        if (!force && v == r.current.version()) {
            return false;
        }
        synchronized (r) {
            r.journal = new ArrayList<>();
        }
        Snapshot fresh;
        try {
            fresh = copy(r.spec);
        } catch (RuntimeException e) {
            synchronized (r) {
                r.journal = null;
            }
            throw e;
        }
        synchronized (r) {
            for (Consumer<Map<String, Object>> op : r.journal) {
                op.accept(fresh.values());
            }
            r.journal = null;
            r.current = fresh;
        }
        refreshes.incrementAndGet();
        return true;
    }

    /** Reads one consistent version of a namespace: the version is the same before the key scan and after the last value. */
    private Snapshot copy(NamespaceSpec spec) {
        String ns = spec.name();
        for (int attempt = 1; ; attempt++) {
            long before = backing.currentVersion(ns);
            List<String> keys = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            long scanned = backing.scanKeys(ns, k -> {
                if (seen.add(k)) {
                    keys.add(k);
                }
            });
            ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>(Math.max(16, keys.size() * 4 / 3 + 1));
            for (int from = 0; from < keys.size(); from += COPY_BATCH) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + COPY_BATCH));
                List<?> got = spec.kind() == NamespaceSpec.Kind.VECTOR ? backing.multiGet(ns, chunk) : backing.multiGetBlobs(ns, chunk);
                for (int i = 0; i < chunk.size(); i++) {
                    if (got.get(i) != null) {
                        values.put(chunk.get(i), got.get(i));
                    }
                }
            }
            long after = backing.currentVersion(ns);
            if (before == scanned && scanned == after) {
                return new Snapshot(after, values);
            }
            if (attempt >= COPY_ATTEMPTS) {
                throw new FeatureStoreException("namespace '" + ns + "': the backing version changed during each of "
                        + COPY_ATTEMPTS + " attempts to copy it (last: " + before + " -> " + after + ")");
            }
        }
    }

    /** Applies a local write to the resident copy, and to the copy being refreshed if any. */
    private void applyLocal(Resident r, Consumer<Map<String, Object>> op) {
        synchronized (r) {
            op.accept(r.current.values());
            if (r.journal != null) {
                r.journal.add(op);
            }
        }
    }

    /**
     * Empties the cache when the backing version changed; with {@code force} regardless of the interval.
     * Returns the failure when the backing store could not be reached (the cache is kept), else null.
     */
    private StoreConnectionException checkVersion(Cached c, boolean force) {
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

    private void invalidate(String namespace, Collection<String> keys) {
        Cached c = cached.get(namespace);
        if (c != null) {
            synchronized (c) {
                for (String k : keys) {
                    c.map.remove(k);
                }
                c.generation++;
            }
        }
    }

    private void invalidateAll(String namespace) {
        Cached c = cached.get(namespace);
        if (c != null) {
            synchronized (c) {
                c.map.clear();
                c.generation++;
            }
        }
    }

    private static Object copyOut(Object v) {
        if (v == null || v == ABSENT) {
            return null;
        }
        return v instanceof float[] f ? f.clone() : ((byte[]) v).clone();
    }

    private NamespaceSpec spec(String namespace, NamespaceSpec.Kind kind) {
        NamespaceSpec s = backing.namespace(namespace);
        if (s.kind() != kind) {
            throw new IllegalArgumentException("namespace '" + namespace + "' holds " + (s.kind() == NamespaceSpec.Kind.BLOB
                    ? "blobs; use getBlob/multiGetBlobs/putBlob/putAllBlobs" : "vectors; use get/multiGet/put/putAll"));
        }
        return s;
    }

    private static void checkKeys(String namespace, List<String> keys) {
        Objects.requireNonNull(keys, "keys");
        for (String k : keys) {
            if (k == null) {
                throw new IllegalArgumentException("namespace '" + namespace + "': key is null");
            }
        }
    }

    /** Reads keys of a resident or cached namespace; returns null when the namespace passes through. */
    private List<Object> read(String namespace, NamespaceSpec.Kind kind, List<String> keys) {
        spec(namespace, kind);
        checkKeys(namespace, keys);
        Resident r = residents.get(namespace);
        if (r != null) {
            Map<String, Object> values = r.current.values();
            List<Object> out = new ArrayList<>(keys.size());
            for (String k : keys) {
                out.add(copyOut(values.get(k)));
            }
            return out;
        }
        Cached c = cached.get(namespace);
        if (c == null) {
            return null;
        }
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
        int hits = 0;
        for (Object v : found) {
            hits += v == null ? 0 : 1;
        }
        cacheHits.addAndGet(hits);
        if (!missing.isEmpty()) {
            cacheMisses.addAndGet(missing.size());
            List<?> fetched;
            try {
                if (unreachable != null) {
                    // this read already waited for the backing store once: do not wait a second time
                    throw unreachable;
                }
                fetched = kind == NamespaceSpec.Kind.VECTOR ? backing.multiGet(namespace, missing) : backing.multiGetBlobs(namespace, missing);
            } catch (StoreConnectionException e) {
                throw new StoreConnectionException("namespace '" + namespace + "': " + missing.size() + " of " + keys.size()
                        + " keys are not in the local cache " + (missing.size() <= 5 ? missing + " " : "")
                        + "and the backing store is unreachable: " + e.getMessage(), e);
            }
            Map<String, Object> byKey = new HashMap<>();
            long expiresAt = cacheTtl == null ? Long.MAX_VALUE : now + cacheTtl.toMillis();
            synchronized (c) {
                for (int i = 0; i < missing.size(); i++) {
                    Object v = fetched.get(i) == null ? ABSENT : fetched.get(i);
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
        List<Object> out = new ArrayList<>(keys.size());
        for (Object v : found) {
            out.add(copyOut(v));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> cast(List<Object> values) {
        return Collections.unmodifiableList((List<T>) (List<?>) values);
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
        Resident r = residents.get(namespace);
        return r != null ? r.current.version() : backing.currentVersion(namespace);
    }

    @Override
    public float[] get(String namespace, String key) {
        if (key == null) {
            throw new IllegalArgumentException("namespace '" + namespace + "': key is null");
        }
        return multiGet(namespace, Collections.singletonList(key)).get(0);
    }

    @Override
    public List<float[]> multiGet(String namespace, List<String> keys) {
        List<Object> local = read(namespace, NamespaceSpec.Kind.VECTOR, keys);
        return local != null ? cast(local) : backing.multiGet(namespace, keys);
    }

    @Override
    public byte[] getBlob(String namespace, String key) {
        if (key == null) {
            throw new IllegalArgumentException("namespace '" + namespace + "': key is null");
        }
        return multiGetBlobs(namespace, Collections.singletonList(key)).get(0);
    }

    @Override
    public List<byte[]> multiGetBlobs(String namespace, List<String> keys) {
        List<Object> local = read(namespace, NamespaceSpec.Kind.BLOB, keys);
        return local != null ? cast(local) : backing.multiGetBlobs(namespace, keys);
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
        Resident r = residents.get(namespace);
        if (r != null) {
            applyLocal(r, m -> m.putAll(written));
        }
        invalidate(namespace, written.keySet());
    }

    @Override
    public boolean delete(String namespace, String key) {
        boolean removed = backing.delete(namespace, key);
        Resident r = residents.get(namespace);
        if (r != null) {
            applyLocal(r, m -> m.remove(key));
        }
        invalidate(namespace, List.of(key));
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
        Resident r = residents.get(namespace);
        if (r != null) {
            synchronized (tickLock) {
                try {
                    refresh(r, true);
                } catch (RuntimeException e) {
                    refreshFailures.incrementAndGet();
                    LOG.warn("refresh of resident namespace '{}' after a commit failed; still serving version {}: {}",
                            namespace, r.current.version(), e.toString());
                }
            }
        }
        Cached c = cached.get(namespace);
        if (c != null) {
            checkVersion(c, true);
            invalidateAll(namespace);
        }
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
