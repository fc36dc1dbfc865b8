package org.recsys4j.core.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Returns features (float vectors or byte blobs) by namespace and key, and writes them; a versioned
 * key-value store for serving. Implementations: {@link InMemoryFeatureStore} (the embedded default)
 * and {@link RedisFeatureStore}. Both are safe to use from many threads.
 *
 * <p><b>Value model.</b> Each namespace is declared up front by a {@link NamespaceSpec}: it holds
 * either {@code float[]} vectors (optionally of a fixed dimension) or opaque {@code byte[]} blobs
 * (e.g. a small feature row in the caller's own encoding). Vectors are read with {@link #get} /
 * {@link #multiGet} and written with {@link #put} / {@link #putAll}; blobs with the {@code Blob}
 * variants. Using a vector method on a blob namespace, or the reverse, is an
 * {@link IllegalArgumentException}; an undeclared namespace is an {@link UnknownNamespaceException};
 * writing a vector of the wrong dimension, or with a NaN or infinite component, is an
 * {@link IllegalArgumentException} naming namespace and key; stored bytes that do not decode are a
 * {@link CorruptValueException}. Values are stored in the {@link ValueCodec} format.
 *
 * <p><b>Versions.</b> Every namespace has a current version, 0 until the first committed load. Reads
 * always read the current version, and one {@link #multiGet} reads a single version, so it never
 * mixes two loads. {@link #put}, {@link #putAll} and {@link #delete} change the current version in
 * place. {@link #beginLoad} returns a writer that fills a new version; its
 * {@link VersionedLoad#commit()} switches the current-version pointer atomically once every write has
 * been acknowledged; an {@link VersionedLoad#abort()}, or a failed write, leaves the previous version
 * current. The version a commit replaces is marked superseded at the store clock's time, and
 * {@link #gc} deletes superseded and aborted versions once their grace period has passed; a reader
 * that looked up the pointer just before a commit still finds its version during the grace period.
 * Direct writes that race with a commit of the same namespace may land in the superseded version.
 */
public interface FeatureStore extends AutoCloseable {
    /** Returns the declared namespaces. */
    Collection<NamespaceSpec> namespaces();

    /**
     * Returns the declaration of a namespace.
     *
     * @param namespace the name
     * @throws UnknownNamespaceException if the namespace was not declared
     */
    NamespaceSpec namespace(String namespace);

    /**
     * Returns the current version of a namespace: 0 until the first load is committed.
     *
     * @param namespace a vector or blob namespace
     */
    long currentVersion(String namespace);

    /**
     * Returns the vector stored under a key in the current version, or empty if there is none. The array
     * is the caller's (a fresh copy).
     *
     * @param namespace a vector namespace
     * @param key       the key
     * @throws CorruptValueException if the stored bytes are not a valid vector of the namespace's dimension
     */
    Optional<float[]> get(String namespace, String key);

    /**
     * Returns the vectors stored under the keys, in the keys' order, all read from one version: position
     * {@code i} of the result answers {@code keys.get(i)}, present or absent ({@link BatchRead}; never null,
     * never a null element).
     *
     * @param namespace a vector namespace
     * @param keys      the keys; duplicates are allowed
     * @throws CorruptValueException if any stored value is corrupt (the message names its key)
     */
    BatchRead<float[]> multiGet(String namespace, List<String> keys);

    /**
     * Stores a vector under a key in the current version, replacing any previous value.
     *
     * @param namespace a vector namespace
     * @param key       the key
     * @param vector    the vector (copied); its length must equal the declared dimension, if any
     */
    void put(String namespace, String key, float[] vector);

    /**
     * Stores many vectors in the current version in bulk (batched/pipelined where the store supports it).
     *
     * @param namespace a vector namespace
     * @param vectors   key to vector; every vector is checked before anything is written
     */
    void putAll(String namespace, Map<String, float[]> vectors);

    /**
     * Returns the blob stored under a key in the current version, or empty if there is none. The array is
     * the caller's (a fresh copy).
     *
     * @param namespace a blob namespace
     * @param key       the key
     * @throws CorruptValueException if the stored bytes are not a valid blob
     */
    Optional<byte[]> getBlob(String namespace, String key);

    /**
     * Returns the blobs stored under the keys, in the keys' order, all read from one version: position
     * {@code i} answers {@code keys.get(i)}, present or absent ({@link BatchRead}).
     *
     * @param namespace a blob namespace
     * @param keys      the keys
     * @throws CorruptValueException if any stored value is corrupt (the message names its key)
     */
    BatchRead<byte[]> multiGetBlobs(String namespace, List<String> keys);

    /**
     * Stores a blob under a key in the current version.
     *
     * @param namespace a blob namespace
     * @param key       the key
     * @param blob      the bytes (copied)
     */
    void putBlob(String namespace, String key, byte[] blob);

    /**
     * Stores many blobs in the current version in bulk.
     *
     * @param namespace a blob namespace
     * @param blobs     key to bytes
     */
    void putAllBlobs(String namespace, Map<String, byte[]> blobs);

    /**
     * Returns the version whose keys were visited, after calling {@code action} once for every key of
     * the namespace's current version (in no particular order). Used to copy a whole namespace, e.g. by
     * {@link TieredFeatureStore} for its resident namespaces. Keys written or deleted during the scan
     * may or may not be visited, and on Redis (SCAN) a key may be visited more than once; callers
     * that need one consistent copy compare {@link #currentVersion} before and after. On Redis this
     * walks the whole keyspace with SCAN MATCH {@code prefix:ns:vN:*}, never KEYS.
     *
     * @param namespace a vector or blob namespace
     * @param action    receives each key
     */
    long scanKeys(String namespace, Consumer<String> action);

    /**
     * Returns whether a value was stored under the key in the current version, and removes it.
     *
     * @param namespace a vector or blob namespace
     * @param key       the key
     */
    boolean delete(String namespace, String key);

    /**
     * Returns a writer that fills a new version of a namespace; readers keep reading the current
     * version until {@link VersionedLoad#commit()}. Close the writer (try-with-resources): closing an
     * uncommitted load aborts it.
     *
     * @param namespace a vector or blob namespace
     */
    VersionedLoad beginLoad(String namespace);

    /**
     * Returns the number of versions deleted: every version superseded by a commit, or aborted, at
     * least {@code grace} ago by the store's clock. The current version is never deleted.
     *
     * @param grace how long a superseded version stays readable for readers that looked up the pointer
     *              before the switch; {@link Duration#ZERO} deletes them all now
     */
    int gc(Duration grace);

    /** Releases the store's resources (connections); the store is unusable afterwards. */
    @Override
    void close();
}
