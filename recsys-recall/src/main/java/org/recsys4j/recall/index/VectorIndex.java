package org.recsys4j.recall.index;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.DeadlineExceededException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntPredicate;

/**
 * A nearest-neighbour index over the rows of an {@code EmbeddingTable}: built once, immutable, safe
 * for concurrent searches from any number of threads.
 *
 * <p>Implementations: exact brute force (the reference of every recall figure) and approximate
 * indexes (LSH, IVF, HNSW). A filter, when given, is applied <em>during</em> the search (rows it
 * rejects are never returned and never take a result slot), e.g. to exclude the items a user has
 * already seen.
 */
public interface VectorIndex {
    /** Returns the metric the index ranks by. */
    Metric metric();

    /** Returns the vector dimension. */
    int dim();

    /** Returns the number of indexed rows. */
    int size();

    /** Returns the external ids of the rows (row {@code r} is {@code ids().id(r)}). */
    IdIndex ids();

    /**
     * Returns what the index is ({@link ArtifactInfo}): its kind, builder and settings, the content fingerprint
     * of the vectors it was built from (input {@code vectors}), and its rows, ids and content fingerprints. The
     * library's indexes record all of it (and save it in their files); this default, for other implementations,
     * records only the kind {@code vector-index} and the number of rows.
     *
     * @return the info
     */
    default ArtifactInfo info() {
        return ArtifactInfo.unrecorded("vector-index", size());
    }

    /**
     * Returns up to {@code k} rows nearest to {@code query} among those {@code accept} allows, best first.
     *
     * @param query  {@link #dim()} values (not modified)
     * @param k      the number of neighbours wanted, at least 1
     * @param accept the rows that may be returned, or {@code null} for all
     * @throws IllegalArgumentException if the query has the wrong dimension or {@code k < 1}
     */
    Neighbors search(float[] query, int k, IntPredicate accept);

    /**
     * Like {@link #search(float[], int, IntPredicate)}, but stops with an exception once the deadline
     * passes or the thread is interrupted, so a pipeline's late recall stage frees its thread. The
     * library's indexes check at the start and then every few hundred node expansions or scanned rows (a
     * clock read each time, nothing measurable); with a deadline far away the answer is exactly that of
     * the search without one. This default checks once, before searching: an implementation that
     * searches for long should override it.
     *
     * @param query    {@link #dim()} values (not modified)
     * @param k        the number of neighbours wanted, at least 1
     * @param accept   the rows that may be returned, or {@code null} for all
     * @param deadline when the caller stops waiting ({@link Deadline#none()}: never, but interruption
     *                 still stops the search)
     * @throws IllegalArgumentException  if the query has the wrong dimension or {@code k < 1}
     * @throws DeadlineExceededException if the deadline passes before the search ends
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    default Neighbors search(float[] query, int k, IntPredicate accept, Deadline deadline) {
        deadline.check("index search");
        return search(query, k, accept);
    }

    /** Returns up to {@code k} rows nearest to {@code query}, best first (no filter). */
    default Neighbors search(float[] query, int k) {
        return search(query, k, null);
    }

    /**
     * Saves the index in its versioned, checksummed format (temporary file, then an atomic move).
     *
     * @throws IOException if writing fails
     */
    void save(Path file) throws IOException;
}
