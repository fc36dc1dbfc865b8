package org.recsys4j.core.store;

import java.util.Map;

/**
 * Returns nothing to readers until committed: a writer that fills one new version of one namespace,
 * obtained from {@link FeatureStore#beginLoad}. One thread writes a load; the methods are
 * synchronized but interleaving writers gives no useful guarantee.
 *
 * <p>Life cycle: OPEN, then COMMITTED by {@link #commit()}, ABORTED by {@link #abort()} or
 * {@link #close()} before commit, or FAILED when a write throws. Only an OPEN load accepts writes or
 * commits; a FAILED load can only be aborted or closed, and the previous version stays current.
 */
public interface VersionedLoad extends AutoCloseable {
    /** The states of a load. */
    enum State {
        /** Accepting writes. */
        OPEN,
        /** Committed: the load's version is (or was) the current version. */
        COMMITTED,
        /**
         * Aborted: the version will never become current; the store deletes what it wrote at the abort
         * (best effort: {@link FeatureStore#gc} deletes whatever that missed, e.g. when the server was
         * unreachable).
         */
        ABORTED,
        /** A write failed; the load cannot be committed. */
        FAILED
    }

    /** Returns the namespace being loaded. */
    String namespace();

    /** Returns the version number this load writes. */
    long version();

    /** Returns the state of the load. */
    State state();

    /**
     * Writes a vector into the new version.
     *
     * @param key    the key
     * @param vector the vector (copied), checked like {@link FeatureStore#put}
     */
    void put(String key, float[] vector);

    /**
     * Writes many vectors into the new version.
     *
     * @param vectors key to vector
     */
    void putAll(Map<String, float[]> vectors);

    /**
     * Writes a blob into the new version.
     *
     * @param key  the key
     * @param blob the bytes (copied)
     */
    void putBlob(String key, byte[] blob);

    /**
     * Writes many blobs into the new version.
     *
     * @param blobs key to bytes
     */
    void putAllBlobs(Map<String, byte[]> blobs);

    /**
     * Returns the committed version after flushing every pending write, checking that all were
     * acknowledged, and switching the namespace's current-version pointer to it atomically. The
     * replaced version is marked superseded for {@link FeatureStore#gc}.
     *
     * @throws IllegalStateException if the load is not OPEN, or a newer version was committed meanwhile
     *                               (the load is then ABORTED)
     * @throws FeatureStoreException if flushing fails (the load is then FAILED and the previous version
     *                               stays current)
     */
    long commit();

    /**
     * Abandons the load: the previous version stays current and what the load wrote is deleted; does
     * nothing if already committed or aborted. May be called from another thread (a shutdown hook):
     * it waits for a write or commit in progress to finish.
     */
    void abort();

    /** Aborts the load unless it was committed. */
    @Override
    void close();
}
