package org.recsys4j.core.store;

import org.recsys4j.core.util.OptionalDependency;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Returns the settings of a {@link RedisFeatureStore}: server, key prefix, declared namespaces,
 * connection pool, timeouts, batch size and optional TTL. Immutable; built with {@link #builder()},
 * which checks every value and names the field in its error.
 */
public final class RedisStoreConfig {
    /** Default host: the loopback address. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default port: Redis's. */
    public static final int DEFAULT_PORT = 6379;
    /** Default key prefix. */
    public static final String DEFAULT_PREFIX = "r4j";
    /** Default maximum number of pooled connections. */
    public static final int DEFAULT_POOL_SIZE = 8;
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Default socket (read) timeout. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(2);
    /** Default number of commands per pipeline sync and keys per MGET. */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** Default database index: {@value}. */
    public static final int DEFAULT_DATABASE = 0;

    private final String host;
    private final int port;
    private final String prefix;
    private final List<NamespaceSpec> namespaces;
    private final int poolSize;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final int batchSize;
    private final Duration ttl;
    private final String password;
    private final int database;
    private final Clock clock;

    private RedisStoreConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.prefix = b.prefix;
        this.namespaces = Collections.unmodifiableList(new ArrayList<>(b.namespaces.values()));
        this.poolSize = b.poolSize;
        this.connectTimeout = b.connectTimeout;
        this.socketTimeout = b.socketTimeout;
        this.batchSize = b.batchSize;
        this.ttl = b.ttl;
        this.password = b.password;
        this.database = b.database;
        this.clock = b.clock;
    }

    /** Returns a builder with the defaults above and no namespaces. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the server host. */
    public String host() {
        return host;
    }

    /** Returns the server port. */
    public int port() {
        return port;
    }

    /** Returns the key prefix: keys are {@code prefix:ns:vN:key}. */
    public String prefix() {
        return prefix;
    }

    /** Returns the declared namespaces. */
    public List<NamespaceSpec> namespaces() {
        return namespaces;
    }

    /** Returns the maximum number of pooled connections. */
    public int poolSize() {
        return poolSize;
    }

    /** Returns the TCP connect timeout of a new connection. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns the socket timeout: the time bound of one call as a whole (the wait for a pooled connection
     * and every reply of the call share it; see {@link RedisFeatureStore}).
     */
    public Duration socketTimeout() {
        return socketTimeout;
    }

    /** Returns the number of commands per pipeline sync, and of keys per MGET. */
    public int batchSize() {
        return batchSize;
    }

    /** Returns the time to live of value keys, or empty for none. */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** Returns the password, or null for none. */
    String password() {
        return password;
    }

    /** Returns the database index. */
    public int database() {
        return database;
    }

    /** Returns the clock that times superseded versions. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "RedisStoreConfig{" + host + ":" + port + ", prefix=" + prefix + ", namespaces=" + namespaces + ", poolSize="
                + poolSize + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout + ", batchSize="
                + batchSize + ", ttl=" + ttl + ", database=" + database + "}";
    }

    /** Returns {@link RedisStoreConfig}s; every setter is optional except at least one namespace. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String prefix = DEFAULT_PREFIX;
        private final Map<String, NamespaceSpec> namespaces = new LinkedHashMap<>();
        private boolean nullNamespace;
        private int poolSize = DEFAULT_POOL_SIZE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration ttl;
        private String password;
        private int database = DEFAULT_DATABASE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the server host (default {@value RedisStoreConfig#DEFAULT_HOST}).
         *
         * @param host a host name or address
         * @return this builder
         */
        public Builder withHost(String host) {
            this.host = host;
            return this;
        }

        /**
         * Sets the server port (default {@value RedisStoreConfig#DEFAULT_PORT}).
         *
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder withPort(int port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the key prefix, so several stores can share one Redis database (default {@value RedisStoreConfig#DEFAULT_PREFIX}).
         *
         * @param prefix 1 to 64 characters from {@code [A-Za-z0-9_.-]}
         * @return this builder
         */
        public Builder withPrefix(String prefix) {
            this.prefix = prefix;
            return this;
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
         * Sets the maximum number of pooled connections (default {@value RedisStoreConfig#DEFAULT_POOL_SIZE}).
         *
         * @param poolSize at least 1
         * @return this builder
         */
        public Builder withPoolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /**
         * Sets the connect timeout (default {@link RedisStoreConfig#DEFAULT_CONNECT_TIMEOUT}).
         *
         * @param timeout positive, at most {@link Integer#MAX_VALUE} milliseconds
         * @return this builder
         */
        public Builder withConnectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the socket timeout, which bounds each call as a whole: waiting for a pooled connection and
         * for every reply of the call (a read's version lookup and its MGET) share it, so a frozen server
         * costs a caller about this long, not a multiple of it (default {@link RedisStoreConfig#DEFAULT_SOCKET_TIMEOUT}).
         *
         * @param timeout positive, at most {@link Integer#MAX_VALUE} milliseconds
         * @return this builder
         */
        public Builder withSocketTimeout(Duration timeout) {
            this.socketTimeout = timeout;
            return this;
        }

        /**
         * Sets the number of commands per pipeline sync and of keys per MGET (default {@value RedisStoreConfig#DEFAULT_BATCH_SIZE}).
         *
         * @param batchSize 1 to 100,000
         * @return this builder
         */
        public Builder withBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets a time to live on every value key written (not on the version pointer).
         *
         * @param ttl positive, whole milliseconds; null for none (the default)
         * @return this builder
         */
        public Builder withTtl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets the password (AUTH; default none).
         *
         * @param password the password, or null for none
         * @return this builder
         */
        public Builder withPassword(String password) {
            this.password = password;
            return this;
        }

        /**
         * Sets the database index (default {@value RedisStoreConfig#DEFAULT_DATABASE}).
         *
         * @param database at least 0
         * @return this builder
         */
        public Builder withDatabase(int database) {
            this.database = database;
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

        private static void checkTimeout(String field, Duration d) {
            if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(field + ": " + d + ", must be positive and at most "
                        + Integer.MAX_VALUE + " ms");
            }
        }

        /**
         * Returns the config, checking every value.
         *
         * @throws IllegalArgumentException naming the setting out of range
         * @throws NullPointerException     naming a null setting (a namespace, the prefix, the clock)
         * @throws IllegalStateException    if jedis (an optional dependency of recsys-core) is not on the class path
         */
        public RedisStoreConfig build() {
            OptionalDependency.require("redis.clients.jedis.UnifiedJedis", "redis.clients:jedis", "RedisFeatureStore");
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host: '" + host + "', must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + ", must be in [1, 65535]");
            }
            Objects.requireNonNull(prefix, "prefix");
            NamespaceSpec.checkName("prefix", prefix);
            if (nullNamespace) {
                throw new NullPointerException("namespace");
            }
            if (namespaces.isEmpty()) {
                throw new IllegalArgumentException("namespaces: none declared; call withNamespace at least once");
            }
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize: " + poolSize + ", must be >= 1");
            }
            checkTimeout("connectTimeout", connectTimeout);
            checkTimeout("socketTimeout", socketTimeout);
            if (batchSize < 1 || batchSize > 100_000) {
                throw new IllegalArgumentException("batchSize: " + batchSize + ", must be in [1, 100000]");
            }
            if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.toMillis() < 1)) {
                throw new IllegalArgumentException("ttl: " + ttl + ", must be at least 1 ms, or null for none");
            }
            if (database < 0) {
                throw new IllegalArgumentException("database: " + database + ", must be >= 0");
            }
            Objects.requireNonNull(clock, "clock");
            return new RedisStoreConfig(this);
        }
    }
}
