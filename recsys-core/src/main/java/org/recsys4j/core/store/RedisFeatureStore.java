package org.recsys4j.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Returns features from a Redis server through a jedis connection pool ({@link ConnectionPool}), or from a
 * Redis Cluster through jedis' cluster client ({@link JedisCluster}, see {@link #connectCluster}); a
 * {@link FeatureStore} with versioned bulk loads. Thread-safe.
 *
 * <p>Keys (UTF-8; prefix and namespace names are restricted to {@code [A-Za-z0-9_.-]}, so keys of
 * different namespaces and versions never collide):
 * <pre>
 * prefix:ns:vN:key    a value of version N, in the {@link ValueCodec} layout (magic "RV", version,
 *                     kind, count, little-endian float32s or bytes, CRC32)
 * prefix:{ns}:current the current version number, decimal; absent means 0
 * prefix:{ns}:next    the last version number handed to a load (INCR)
 * prefix:{ns}:retired sorted set: superseded or aborted version -&gt; epoch milliseconds (an aborted
 *                     version's keys are deleted at the abort already; gc deletes what that missed)
 * </pre>
 * The three metadata keys of a namespace share the hash tag {@code {ns}}, so on a cluster they live
 * in one slot and the commit script may touch them together; value keys carry no hash tag of their
 * own, so a namespace's values spread over all the cluster's masters.
 * A load writes its keys with pipelined SETs, {@link RedisStoreConfig#batchSize()} commands per sync,
 * checks every reply, and commits with one Lua script that sets the pointer (only if it is older than
 * the load's version) and records the replaced version in {@code retired}. Reads GET the pointer and
 * then read that version's keys with MGET in chunks of the batch size (on a cluster: GETs in a
 * {@link redis.clients.jedis.ClusterPipeline}, which sends each node its own keys), so a
 * {@link #multiGet} reads one version. {@link #gc} walks {@code retired} and deletes each expired
 * version's keys with SCAN MATCH {@code prefix:ns:vN:*} (on every master of a cluster) and UNLINK,
 * never KEYS. With a TTL, SETs carry PX; the pointer keys never
 * expire. Every Redis error is a {@link FeatureStoreException}, a lost connection a
 * {@link StoreConnectionException}, both naming host and port.
 *
 * <p><b>Time bound of a call.</b> {@link RedisStoreConfig#socketTimeout()} bounds each call
 * ({@code get}, {@code multiGet}, {@code currentVersion}, one pipelined batch of a load, one SCAN page) as
 * a whole, not each wait within it: the wait for a pooled connection and every reply of the call (a
 * read's version lookup and its MGET) share it, so a frozen or overloaded server makes a call fail with a
 * {@link StoreConnectionException} after about that time, however many callers queue for the pool. A
 * call that must open a new connection may wait up to {@link RedisStoreConfig#connectTimeout()} more for
 * the TCP connection itself (a server that no longer accepts connections). On a cluster, each reply waits
 * at most the socket timeout and jedis' redirections and retries stop after it in total.
 *
 * <pre>{@code
 * RedisStoreConfig config = RedisStoreConfig.builder()
 *         .withHost("127.0.0.1").withPort(6379)
 *         .withNamespace(NamespaceSpec.vectors("item", 32))
 *         .build();
 * try (RedisFeatureStore store = RedisFeatureStore.connect(config)) {
 *     Optional<float[]> v = store.get("item", "i42");   // empty: no such key
 * }
 * }</pre>
 */
public final class RedisFeatureStore extends AbstractFeatureStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFeatureStore.class);

    private static final int CLUSTER_MAX_ATTEMPTS = 5;

    private static final String COMMIT_SCRIPT = ""
            + "local old = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
            + "local new = tonumber(ARGV[1])\n"
            + "if old >= new then return {0, old} end\n"
            + "redis.call('SET', KEYS[1], ARGV[1])\n"
            + "redis.call('ZADD', KEYS[2], ARGV[2], tostring(old))\n"
            + "return {1, old}\n";

    private final RedisStoreConfig config;
    private final UnifiedJedis jedis;
    private final JedisCluster cluster;
    private final String server;
    private final SetParams setParams;
    private final long callNanos;
    /** Per thread: the end of the call in progress ({@link System#nanoTime()}), or 0 outside a call. */
    private final ThreadLocal<long[]> callEnd = ThreadLocal.withInitial(() -> new long[1]);

    private RedisFeatureStore(RedisStoreConfig config, ConnectionPool pool, JedisCluster cluster) {
        super(config.namespaces(), config.clock());
        this.config = config;
        this.callNanos = config.socketTimeout().toNanos();
        this.jedis = cluster != null ? cluster : new UnifiedJedis(new BoundedProvider(pool));
        this.cluster = cluster;
        this.server = (cluster == null ? "Redis at " : "Redis Cluster at ") + config.host() + ":" + config.port();
        this.setParams = config.ttl().map(t -> SetParams.setParams().px(t.toMillis())).orElse(null);
    }

    /**
     * Lends pooled connections within the time left to the current call: the pool wait is bounded by it,
     * and the connection's read timeout is set to what is left after the wait.
     */
    private final class BoundedProvider implements ConnectionProvider {
        private final ConnectionPool pool;

        BoundedProvider(ConnectionPool pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() {
            long left = callTimeLeft();
            if (left <= 0) {
                throw new JedisConnectionException("no time left of the call's " + config.socketTimeout().toMillis() + " ms");
            }
            Connection c;
            try {
                c = pool.borrowObject(Duration.ofNanos(left));
            } catch (NoSuchElementException e) {
                throw new JedisConnectionException("no pooled connection free within "
                        + Math.max(1, Math.round(left / 1e6)) + " ms (" + pool.getNumActive() + " of "
                        + config.poolSize() + " in use, " + pool.getNumWaiters() + " callers waiting)", e);
            } catch (JedisException e) {
                throw e;
            } catch (Exception e) {
                throw new JedisConnectionException("cannot open a connection: " + e.getMessage(), e);
            }
            c.setHandlingPool(pool);
            left = callTimeLeft();
            try {
                c.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
            } catch (JedisException e) {
                c.close();
                throw e;
            }
            return c;
        }

        @Override
        public Connection getConnection(CommandArguments args) {
            return getConnection();
        }

        @Override
        public Map<?, ?> getConnectionMap() {
            return Map.of(config.host() + ":" + config.port(), pool);
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** Returns the nanoseconds left to the current call (a full call's time outside a call). */
    private long callTimeLeft() {
        long end = callEnd.get()[0];
        return end == 0 ? callNanos : end - System.nanoTime();
    }

    /**
     * Returns a store connected to the configured server, after checking that it answers PING.
     *
     * @param config the settings
     * @throws StoreConnectionException if the server cannot be reached (the message names host and port)
     */
    public static RedisFeatureStore connect(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        ConnectionPool pool = new ConnectionPool(new HostAndPort(config.host(), config.port()), clientConfig(config),
                poolConfig(config));
        RedisFeatureStore store = new RedisFeatureStore(config, pool, null);
        try {
            String pong = store.call("PING", store.jedis::ping);
            if (!"PONG".equals(pong)) {
                throw new FeatureStoreException("PING answered '" + pong + "'");
            }
        } catch (RuntimeException e) {
            store.close();
            throw new StoreConnectionException("cannot reach Redis at " + config.host() + ":" + config.port()
                    + " (connect timeout " + config.connectTimeout().toMillis() + " ms): " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * Returns a store connected to a Redis Cluster, after discovering its slots through the configured
     * host and port (any node of the cluster). {@link RedisStoreConfig#poolSize()} is the pool size per
     * node; the database must be 0, the only one a cluster has.
     *
     * @param config the settings; host and port name one node of the cluster
     * @throws IllegalArgumentException if the configured database is not 0
     * @throws StoreConnectionException if the node cannot be reached or does not describe a cluster
     *                                  (the message names host and port)
     */
    public static RedisFeatureStore connectCluster(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.database() != 0) {
            throw new IllegalArgumentException("database: " + config.database() + ", a Redis Cluster has only database 0");
        }
        JedisCluster cluster;
        try {
            // redirections and retries stop after one socket timeout in total, so they cannot stack
            cluster = new JedisCluster(Set.of(new HostAndPort(config.host(), config.port())), clientConfig(config),
                    CLUSTER_MAX_ATTEMPTS, config.socketTimeout(), poolConfig(config));
        } catch (RuntimeException e) {
            throw new StoreConnectionException("cannot reach Redis Cluster at " + config.host() + ":" + config.port()
                    + " (connect timeout " + config.connectTimeout().toMillis() + " ms): " + e.getMessage(), e);
        }
        return new RedisFeatureStore(config, null, cluster);
    }

    private static ConnectionPoolConfig poolConfig(RedisStoreConfig config) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(config.poolSize());
        pool.setMaxIdle(config.poolSize());
        pool.setMinIdle(0);
        // a call's own wait for a connection is bounded by what is left of its time (BoundedProvider);
        // this bound applies where jedis borrows by itself (the cluster client)
        pool.setMaxWait(config.socketTimeout());
        return pool;
    }

    private static JedisClientConfig clientConfig(RedisStoreConfig config) {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) config.connectTimeout().toMillis())
                .socketTimeoutMillis((int) config.socketTimeout().toMillis())
                // no CLIENT SETINFO round trips when a connection opens: they would wait on a frozen
                // server outside any call's time bound
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .database(config.database());
        if (config.password() != null) {
            client.password(config.password());
        }
        return client.build();
    }

    /** Returns whether this store talks to a Redis Cluster ({@link #connectCluster}). */
    public boolean isCluster() {
        return cluster != null;
    }

    /** Returns the configuration. */
    public RedisStoreConfig config() {
        return config;
    }

    /**
     * Returns the Redis key of a value, {@code prefix:ns:vN:key}, in UTF-8.
     *
     * @param namespace the namespace
     * @param version   the version
     * @param key       the feature key
     */
    public byte[] valueKey(String namespace, long version, String key) {
        return (config.prefix() + ":" + namespace + ":v" + version + ":" + key).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the Redis key of a namespace's metadata, {@code prefix:{ns}:what}; the hash tag keeps a
     * namespace's metadata keys in one cluster slot.
     *
     * @param namespace the namespace
     * @param what      {@code current}, {@code next} or {@code retired}
     */
    public String metaKey(String namespace, String what) {
        return config.prefix() + ":{" + namespace + "}:" + what;
    }

    /**
     * Runs one call to Redis within {@link RedisStoreConfig#socketTimeout()} in all (calls nested in it share
     * its time) and translates jedis' exceptions.
     */
    private <T> T call(String what, Supplier<T> s) {
        long[] end = callEnd.get();
        boolean outer = end[0] == 0;
        if (outer) {
            end[0] = System.nanoTime() + callNanos | 1;
        }
        try {
            return s.get();
        } catch (JedisConnectionException e) {
            throw new StoreConnectionException(server + ": " + what + " failed: " + e.getMessage()
                    + " (call time bound " + config.socketTimeout().toMillis() + " ms)", e);
        } catch (JedisException e) {
            throw new FeatureStoreException(server + ": " + what + " failed: " + e.getMessage(), e);
        } finally {
            if (outer) {
                end[0] = 0;
            }
        }
    }

    @Override
    public long currentVersion(String namespace) {
        namespace(namespace);
        String key = metaKey(namespace, "current");
        String v = call("GET " + key, () -> jedis.get(key));
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CorruptValueException(server + ": " + key + " holds '" + v + "', expected a version number");
        }
    }

    @Override
    public long scanKeys(String namespace, Consumer<String> action) {
        namespace(namespace);
        Objects.requireNonNull(action, "action");
        long version = currentVersion(namespace);
        String head = config.prefix() + ":" + namespace + ":v" + version + ":";
        int skip = head.getBytes(StandardCharsets.UTF_8).length;
        scanPattern(namespace, Long.toString(version), found -> {
            for (byte[] k : found) {
                action.accept(new String(k, skip, k.length - skip, StandardCharsets.UTF_8));
            }
        });
        return version;
    }

    /**
     * Calls {@code page} with each non-empty SCAN page of the keys of one version (SCAN MATCH, never
     * KEYS); on a cluster, SCAN sees one node's keys only, so every master is walked.
     */
    private void scanPattern(String namespace, String version, Consumer<List<byte[]>> page) {
        byte[] pattern = (config.prefix() + ":" + namespace + ":v" + version + ":*").getBytes(StandardCharsets.UTF_8);
        ScanParams params = new ScanParams().match(pattern).count(config.batchSize());
        String what = "SCAN for version " + version + " of namespace '" + namespace + "'";
        if (cluster == null) {
            scanPages(what, from -> jedis.scan(from, params), page);
            return;
        }
        for (Map.Entry<String, ConnectionPool> node : cluster.getClusterNodes().entrySet()) {
            call(what + " on node " + node.getKey(), () -> {
                try (Connection c = node.getValue().getResource()) {
                    Jedis j = new Jedis(c);
                    if (j.info("replication").contains("role:master")) {
                        scanPages(what + " on node " + node.getKey(), from -> j.scan(from, params), page);
                    }
                }
                return null;
            });
        }
    }

    private void scanPages(String what, Function<byte[], ScanResult<byte[]>> scan, Consumer<List<byte[]>> page) {
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        do {
            byte[] from = cursor;
            ScanResult<byte[]> result = call(what, () -> scan.apply(from));
            if (!result.getResult().isEmpty()) {
                page.accept(result.getResult());
            }
            cursor = result.getCursorAsBytes();
        } while (!"0".equals(new String(cursor, StandardCharsets.UTF_8)));
    }

    @Override
    RawRead readRaw(String namespace, List<String> keys) {
        // the version lookup and the values share one call's time
        return call("read of " + keys.size() + " keys in namespace '" + namespace + "'", () -> readVersion(namespace, keys));
    }

    private RawRead readVersion(String namespace, List<String> keys) {
        long version = currentVersion(namespace);
        List<byte[]> out = new ArrayList<>(keys.size());
        if (keys.isEmpty()) {
            return new RawRead(version, out);
        }
        if (keys.size() == 1) {
            byte[] k = valueKey(namespace, version, keys.get(0));
            out.add(call("GET in namespace '" + namespace + "'", () -> jedis.get(k)));
            return new RawRead(version, out);
        }
        int batch = config.batchSize();
        if (cluster != null) {
            // keys of one version lie in many slots: one GET per key, which the cluster pipeline groups by node
            for (int from = 0; from < keys.size(); from += batch) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + batch));
                call("pipelined GET of " + chunk.size() + " keys in namespace '" + namespace + "'", () -> {
                    try (PipelineBase p = cluster.pipelined()) {
                        List<Response<byte[]>> responses = new ArrayList<>(chunk.size());
                        for (String k : chunk) {
                            responses.add(p.get(valueKey(namespace, version, k)));
                        }
                        p.sync();
                        for (Response<byte[]> r : responses) {
                            out.add(r.get());
                        }
                    }
                    return null;
                });
            }
            return new RawRead(version, out);
        }
        call("MGET of " + keys.size() + " keys in namespace '" + namespace + "'", () -> {
            try (PipelineBase p = jedis.pipelined()) {
                List<Response<List<byte[]>>> responses = new ArrayList<>();
                for (int from = 0; from < keys.size(); from += batch) {
                    int to = Math.min(keys.size(), from + batch);
                    byte[][] chunk = new byte[to - from][];
                    for (int i = from; i < to; i++) {
                        chunk[i - from] = valueKey(namespace, version, keys.get(i));
                    }
                    responses.add(p.mget(chunk));
                }
                p.sync();
                for (Response<List<byte[]>> r : responses) {
                    out.addAll(r.get());
                }
            }
            return null;
        });
        return new RawRead(version, out);
    }

    private void pipelinedSet(String namespace, long version, Map<String, byte[]> values) {
        int batch = config.batchSize();
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>(values.entrySet());
        for (int from = 0; from < entries.size(); from += batch) {
            int to = Math.min(entries.size(), from + batch);
            List<Map.Entry<String, byte[]>> chunk = entries.subList(from, to);
            call("pipelined SET of " + chunk.size() + " keys in namespace '" + namespace + "' version " + version, () -> {
                try (PipelineBase p = jedis.pipelined()) {
                    List<Response<String>> responses = new ArrayList<>(chunk.size());
                    for (Map.Entry<String, byte[]> e : chunk) {
                        byte[] k = valueKey(namespace, version, e.getKey());
                        responses.add(setParams == null ? p.set(k, e.getValue()) : p.set(k, e.getValue(), setParams));
                    }
                    p.sync();
                    for (int i = 0; i < responses.size(); i++) {
                        String reply = responses.get(i).get();
                        if (!"OK".equals(reply)) {
                            throw new JedisException("SET of key '" + chunk.get(i).getKey() + "' answered '" + reply + "'");
                        }
                    }
                }
                return null;
            });
        }
    }

    @Override
    void writeRaw(String namespace, Map<String, byte[]> values) {
        pipelinedSet(namespace, currentVersion(namespace), values);
    }

    @Override
    boolean deleteRaw(String namespace, String key) {
        byte[] k = valueKey(namespace, currentVersion(namespace), key);
        return call("DEL in namespace '" + namespace + "' key '" + key + "'", () -> jedis.del(k)) > 0;
    }

    @Override
    AbstractLoad newLoad(NamespaceSpec spec) {
        String ns = spec.name();
        String nextKey = metaKey(ns, "next");
        long version = call("INCR " + nextKey, () -> jedis.incr(nextKey));
        return new AbstractLoad(spec, version) {
            private Map<String, byte[]> pending = new LinkedHashMap<>();

            @Override
            void write(Map<String, byte[]> values) {
                pending.putAll(values);
                if (pending.size() >= config.batchSize()) {
                    flush();
                }
            }

            @Override
            void flush() {
                Map<String, byte[]> batch = pending;
                pending = new LinkedHashMap<>();
                pipelinedSet(ns, version, batch);
            }

            @Override
            void switchPointer() {
                List<String> keys = List.of(metaKey(ns, "current"), metaKey(ns, "retired"));
                List<String> args = List.of(Long.toString(version), Long.toString(clock.millis()));
                Object r = call("commit of namespace '" + ns + "' version " + version,
                        () -> jedis.eval(COMMIT_SCRIPT, keys, args));
                List<?> reply = (List<?>) r;
                if (((Number) reply.get(0)).longValue() != 1) {
                    throw new IllegalStateException("load of namespace '" + ns + "' version " + version
                            + " cannot be committed: version " + reply.get(1) + " was committed meanwhile");
                }
            }

            @Override
            void discard() {
                pending = new LinkedHashMap<>();
                String retired = metaKey(ns, "retired");
                try {
                    call("ZADD " + retired, () -> jedis.zadd(retired, clock.millis(), Long.toString(version)));
                } catch (RuntimeException e) {
                    LOG.warn("could not mark aborted version {} of namespace '{}' for gc: {}", version, ns, e.getMessage());
                }
                // no reader ever sees an aborted version, so its keys go now (gc would find what this misses)
                try {
                    deleteVersion(ns, Long.toString(version));
                } catch (RuntimeException e) {
                    LOG.warn("could not delete the keys of aborted version {} of namespace '{}' (gc will): {}", version, ns,
                            e.getMessage());
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
        long cutoff = clock.millis() - grace.toMillis();
        int removed = 0;
        for (NamespaceSpec spec : namespaces()) {
            String ns = spec.name();
            String retired = metaKey(ns, "retired");
            List<String> versions = call("ZRANGEBYSCORE " + retired, () -> jedis.zrangeByScore(retired, Double.NEGATIVE_INFINITY, cutoff));
            long current = currentVersion(ns);
            for (String v : versions) {
                if (Long.parseLong(v) == current) {
                    continue;
                }
                deleteVersion(ns, v);
                call("ZREM " + retired, () -> jedis.zrem(retired, v));
                removed++;
            }
        }
        return removed;
    }

    private void deleteVersion(String namespace, String version) {
        // one UNLINK per key: keys of a version lie in different slots, which a cluster refuses in one command
        scanPattern(namespace, version, found -> call("UNLINK of " + found.size() + " keys", () -> {
            try (PipelineBase p = jedis.pipelined()) {
                for (byte[] k : found) {
                    p.unlink(k);
                }
                p.sync();
            }
            return null;
        }));
    }

    @Override
    public void close() {
        jedis.close();
    }
}
