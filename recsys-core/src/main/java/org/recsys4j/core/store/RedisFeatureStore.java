package org.recsys4j.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Returns features from a Redis server through a jedis connection pool ({@link JedisPooled}); a
 * {@link FeatureStore} with versioned bulk loads. Thread-safe.
 *
 * <p>Keys (UTF-8; prefix and namespace names are restricted to {@code [A-Za-z0-9_.-]}, so keys of
 * different namespaces and versions never collide):
 * <pre>
 * prefix:ns:vN:key    a value of version N, in the {@link ValueCodec} layout (magic "RV", version,
 *                     kind, count, little-endian float32s or bytes, CRC32)
 * prefix:ns:current   the current version number, decimal; absent means 0
 * prefix:ns:next      the last version number handed to a load (INCR)
 * prefix:ns:retired   sorted set: superseded or aborted version -&gt; epoch milliseconds
 * </pre>
 * A load writes its keys with pipelined SETs, {@link RedisStoreConfig#batchSize()} commands per sync,
 * checks every reply, and commits with one Lua script that sets the pointer (only if it is older than
 * the load's version) and records the replaced version in {@code retired}. Reads GET the pointer and
 * then read that version's keys with MGET in chunks of the batch size, so a {@link #multiGet} reads one
 * version. {@link #gc} walks {@code retired} and deletes each expired version's keys with SCAN MATCH
 * {@code prefix:ns:vN:*} and UNLINK, never KEYS. With a TTL, SETs carry PX; the pointer keys never
 * expire. Every Redis error is a {@link FeatureStoreException}, a lost connection a
 * {@link StoreConnectionException}, both naming host and port.
 *
 * <pre>{@code
 * RedisStoreConfig config = RedisStoreConfig.builder()
 *         .withHost("127.0.0.1").withPort(6379)
 *         .withNamespace(NamespaceSpec.vectors("item", 32))
 *         .build();
 * try (RedisFeatureStore store = RedisFeatureStore.connect(config)) {
 *     float[] v = store.get("item", "i42");
 * }
 * }</pre>
 */
public final class RedisFeatureStore extends AbstractFeatureStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFeatureStore.class);

    private static final String COMMIT_SCRIPT = ""
            + "local old = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
            + "local new = tonumber(ARGV[1])\n"
            + "if old >= new then return {0, old} end\n"
            + "redis.call('SET', KEYS[1], ARGV[1])\n"
            + "redis.call('ZADD', KEYS[2], ARGV[2], tostring(old))\n"
            + "return {1, old}\n";

    private final RedisStoreConfig config;
    private final JedisPooled jedis;
    private final String server;
    private final SetParams setParams;

    private RedisFeatureStore(RedisStoreConfig config, JedisPooled jedis) {
        super(config.namespaces(), config.clock());
        this.config = config;
        this.jedis = jedis;
        this.server = "Redis at " + config.host() + ":" + config.port();
        this.setParams = config.ttl() == null ? null : SetParams.setParams().px(config.ttl().toMillis());
    }

    /**
     * Returns a store connected to the configured server, after checking that it answers PING.
     *
     * @param config the settings
     * @throws StoreConnectionException if the server cannot be reached (the message names host and port)
     */
    public static RedisFeatureStore connect(RedisStoreConfig config) {
        Objects.requireNonNull(config, "config");
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(config.poolSize());
        pool.setMaxIdle(config.poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(config.connectTimeout().plus(config.socketTimeout()));
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) config.connectTimeout().toMillis())
                .socketTimeoutMillis((int) config.socketTimeout().toMillis())
                .database(config.database());
        if (config.password() != null) {
            client.password(config.password());
        }
        JedisPooled jedis = new JedisPooled(pool, new HostAndPort(config.host(), config.port()), client.build());
        try {
            String pong = jedis.ping();
            if (!"PONG".equals(pong)) {
                throw new JedisException("PING answered '" + pong + "'");
            }
        } catch (RuntimeException e) {
            jedis.close();
            throw new StoreConnectionException("cannot reach Redis at " + config.host() + ":" + config.port()
                    + " (connect timeout " + config.connectTimeout().toMillis() + " ms): " + e.getMessage(), e);
        }
        return new RedisFeatureStore(config, jedis);
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

    private String metaKey(String namespace, String what) {
        return config.prefix() + ":" + namespace + ":" + what;
    }

    private <T> T call(String what, Supplier<T> s) {
        try {
            return s.get();
        } catch (JedisConnectionException e) {
            throw new StoreConnectionException(server + ": " + what + " failed: " + e.getMessage(), e);
        } catch (JedisException e) {
            throw new FeatureStoreException(server + ": " + what + " failed: " + e.getMessage(), e);
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

    /** Calls {@code page} with each non-empty SCAN page of the keys of one version (SCAN MATCH, never KEYS). */
    private void scanPattern(String namespace, String version, Consumer<List<byte[]>> page) {
        byte[] pattern = (config.prefix() + ":" + namespace + ":v" + version + ":*").getBytes(StandardCharsets.UTF_8);
        ScanParams params = new ScanParams().match(pattern).count(config.batchSize());
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        do {
            byte[] from = cursor;
            ScanResult<byte[]> result = call("SCAN for version " + version + " of namespace '" + namespace + "'",
                    () -> jedis.scan(from, params));
            if (!result.getResult().isEmpty()) {
                page.accept(result.getResult());
            }
            cursor = result.getCursorAsBytes();
        } while (!"0".equals(new String(cursor, StandardCharsets.UTF_8)));
    }

    @Override
    RawRead readRaw(String namespace, List<String> keys) {
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
        call("MGET of " + keys.size() + " keys in namespace '" + namespace + "'", () -> {
            try (Pipeline p = jedis.pipelined()) {
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
                try (Pipeline p = jedis.pipelined()) {
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
        scanPattern(namespace, version, found ->
                call("UNLINK of " + found.size() + " keys", () -> jedis.unlink(found.toArray(new byte[0][]))));
    }

    @Override
    public void close() {
        jedis.close();
    }
}
