/**
 * Feature stores: versioned key-value stores of float vectors and byte blobs for serving.
 *
 * <ul>
 *   <li>{@link org.recsys4j.core.store.FeatureStore}: the SPI (get, multiGet, put, putAll, delete,
 *       versioned loads, gc);</li>
 *   <li>{@link org.recsys4j.core.store.InMemoryFeatureStore}: the embedded default;</li>
 *   <li>{@link org.recsys4j.core.store.RedisFeatureStore} with {@link org.recsys4j.core.store.RedisStoreConfig}:
 *       Redis through a jedis pool, pipelined writes, chunked MGET, optional TTL;</li>
 *   <li>{@link org.recsys4j.core.store.VersionedLoad}: a writer of a new version, switched in atomically by
 *       commit;</li>
 *   <li>{@link org.recsys4j.core.store.StoreLoader}: a table or a stream of rows as one versioned load,
 *       in batches, with progress reports;</li>
 *   <li>{@link org.recsys4j.core.store.ValueCodec}: the binary value layout (magic, version, kind, count,
 *       little-endian payload, CRC32).</li>
 * </ul>
 * See {@code docs/store.md}.
 */
package org.recsys4j.core.store;
