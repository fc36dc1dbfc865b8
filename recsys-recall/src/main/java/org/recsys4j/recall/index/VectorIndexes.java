package org.recsys4j.recall.index;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.util.Parallel;

import java.io.EOFException;
import java.io.UTFDataFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loading saved indexes of any kind, and searching many queries at once.
 *
 * <pre>{@code
 * VectorIndex index = VectorIndexes.load(Path.of("items.r4ji"));   // whatever kind was saved
 * Neighbors[] all = VectorIndexes.searchAll(index, queries, 10, 2);
 * }</pre>
 */
public final class VectorIndexes {
    private VectorIndexes() {
    }

    /**
     * Loads an index saved with {@link VectorIndex#save}: opens and verifies the {@link IndexFile}, then
     * dispatches on its kind.
     *
     * @param file the saved index
     * @return the index
     * @throws DataFileException naming the file if it is corrupt, truncated, of an unknown kind, of a kind's
     *                             format version this library does not read, or inconsistent
     * @throws IOException         if it cannot be read
     */
    public static VectorIndex load(Path file) throws IOException {
        IndexFile.Opened opened = IndexFile.open(file);
        String name = String.valueOf(file.getFileName());
        try {
            VectorIndex index = read(opened, name);
            IndexFile.requireEnd(opened.body(), name, opened.kind() + " index");
            return index;
        } catch (DataFileException e) {
            if (name.equals(e.file())) {
                throw e;
            }
            // a kind's reader names its body ("index body"); the caller needs the file
            throw new DataFileException(name, e.line(), e.field(), e.value(), e.problem(), e);
        } catch (UTFDataFormatException e) {
            throw new DataFileException(name, 0, "body", opened.kind(),
                    "a string is not valid modified UTF-8 (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataFileException(name, 0, "body", opened.kind(),
                    "ends before the index does (inconsistent sizes)", e);
        }
    }

    /**
     * Loads an index and checks that it was built from {@code vectors} (e.g. the embedding it is served with):
     * the content fingerprint the index records as its input {@code vectors} must be the table's. So an index of
     * old vectors, or another model's index file put in its place, is refused instead of answering with the
     * neighbours of other vectors. A version-1 file records no input: its ids must then be the table's.
     *
     * @param file    the saved index
     * @param vectors the table the index must have been built from
     * @return the index
     * @throws DataFileException naming the file, the expected and the found fingerprint (or ids) if it was built
     *                           from other vectors, or as {@link #load(Path)}
     * @throws IOException       if it cannot be read
     */
    public static VectorIndex load(Path file, EmbeddingTable vectors) throws IOException {
        Objects.requireNonNull(vectors, "vectors");
        VectorIndex index = load(file);
        String name = String.valueOf(file.getFileName());
        String expected = vectors.info().contentFingerprint().orElseThrow();
        if (index.info().input("vectors").isPresent()) {
            index.info().requireInput("vectors", expected, name);
        } else if (!index.ids().equals(vectors.ids()) || index.dim() != vectors.dim()) {
            throw new DataFileException(name, 0, "ids", Fingerprints.abbreviate(Fingerprints.ids(index.ids())),
                    "this index (format version 1, which records no vectors fingerprint) has " + index.size() + " × "
                            + index.dim() + " rows of other ids than the vectors at hand (" + vectors.size() + " × "
                            + vectors.dim() + ", ids " + Fingerprints.abbreviate(Fingerprints.ids(vectors.ids())) + ")");
        }
        return index;
    }

    private static VectorIndex read(IndexFile.Opened opened, String name) throws IOException {
        // one case per index kind
        switch (opened.kind()) {
            case BruteForceIndex.KIND:
                return BruteForceIndex.read(opened);
            case HnswIndex.KIND:
                return HnswIndex.read(opened);
            case IvfFlatIndex.KIND:
                return IvfFlatIndex.read(opened);
            case E2LshIndex.KIND:
                return E2LshIndex.read(opened);
            case SignLshIndex.KIND:
                return SignLshIndex.read(opened);
            default:
                throw new DataFileException(name, 0, "kind", opened.kind(),
                        "unknown index kind, not a vector index (known: " + String.join(", ", BruteForceIndex.KIND,
                        HnswIndex.KIND, IvfFlatIndex.KIND, E2LshIndex.KIND, SignLshIndex.KIND) + "); found: "
                        + opened.info().describe());
        }
    }

    /**
     * Searches every query (no filter) on up to {@code threads} threads; answer {@code i} belongs to
     * {@code queries[i]} and does not depend on the thread count.
     *
     * @param index   the index (safe for concurrent searches, as every {@link VectorIndex} is)
     * @param queries the queries, each of {@code index.dim()} values
     * @param k       neighbours per query, at least 1
     * @param threads threads to use, at least 1
     * @return one answer per query
     * @throws IllegalArgumentException naming the argument if a query has the wrong dimension, {@code k < 1} or
     *                                  {@code threads < 1}
     */
    public static Neighbors[] searchAll(VectorIndex index, float[][] queries, int k, int threads) {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(queries, "queries");
        Parallel.checkThreads(threads);
        if (k < 1) {
            throw new IllegalArgumentException("k: " + k + ", must be >= 1");
        }
        Neighbors[] out = new Neighbors[queries.length];
        Parallel.forRange(queries.length, threads, 8, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = index.search(queries[i], k);
            }
        });
        return out;
    }
}
