package org.recsys4j.recall.index;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.DeadlineExceededException;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.vector.Vectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Exact nearest-neighbour search: every query is compared with every row. The reference of every recall
 * figure, and the right index for up to a few hundred thousand rows when exact answers matter.
 *
 * <p>For {@link Metric#COSINE} the index keeps normalised copies of the rows and normalises each query, so a
 * search is a plain scan of dot products. Scores are computed in float with {@link Vectors#dot} or
 * {@link Vectors#squaredDistance} and selected with a primitive heap; equal scores go to the lower row, as in
 * the ground truth of protocol A. A filter is applied during the scan, so a rejected row never takes a slot.
 *
 * <pre>{@code
 * BruteForceIndex index = BruteForceIndex.of(table, Metric.COSINE);
 * Neighbors n = index.search(query, 10, row -> !seen.contains(row));
 * index.save(Path.of("items.r4ji"));
 * }</pre>
 */
public final class BruteForceIndex implements VectorIndex {
    /** The kind written into the {@link IndexFile}. */
    public static final String KIND = "brute-force";
    /** The format version of the body. */
    public static final int VERSION = 2;

    private final Metric metric;
    private final IdIndex ids;
    private final IndexInfo meta;
    private final int dim;
    private final int size;
    private final float[] rows; // row-major, normalised for COSINE

    private BruteForceIndex(Metric metric, IdIndex ids, int dim, float[] rows, IndexInfo meta) {
        this.meta = meta;
        this.metric = metric;
        this.ids = ids;
        this.dim = dim;
        this.size = ids.size();
        this.rows = rows;
    }

    /**
     * Returns an exact index over the rows of {@code table} (copied; normalised for {@link Metric#COSINE}). It
     * has no options, so there is no builder.
     *
     * @param table  the vectors, one row per id
     * @param metric how rows are ranked
     * @return the index
     * @throws IllegalArgumentException naming {@code table} if it has more values than an array holds
     */
    public static BruteForceIndex of(EmbeddingTable table, Metric metric) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(metric, "metric");
        if ((long) table.size() * table.dim() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("table: " + table.size() + " rows × " + table.dim()
                    + " values are more than an array holds");
        }
        return new BruteForceIndex(metric, table.ids(), table.dim(), AnnSupport.rows(table, metric),
                IndexInfo.built(KIND, BruteForceIndex.class, table, "metric", metric));
    }

    @Override
    public Metric metric() {
        return metric;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public IdIndex ids() {
        return ids;
    }

    @Override
    public Neighbors search(float[] query, int k, IntPredicate accept) {
        return search(query, k, accept, Deadline.none());
    }

    /**
     * Scans every row, checking the deadline (and the thread's interruption) at the start and after every
     * {@value #SCAN_CHUNK} rows; the answer does not depend on the deadline while it is not reached.
     *
     * @throws DeadlineExceededException if the deadline passes before the search ends
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    @Override
    public Neighbors search(float[] query, int k, IntPredicate accept, Deadline deadline) {
        Objects.requireNonNull(deadline, "deadline");
        float[] q = checkQuery(query, k, dim);
        if (metric == Metric.COSINE) {
            q = q.clone();
            Vectors.normalize(q, 0, dim);
        }
        IntDoubleTopK top = new IntDoubleTopK(Math.min(k, size));
        for (int from = 0; from < size; from += SCAN_CHUNK) {
            deadline.check("brute-force search");
            scan(from, Math.min(size, from + SCAN_CHUNK), q, accept, top);
        }
        return AnnSupport.drain(top);
    }

    /** Rows scanned between two deadline checks of {@link #search(float[], int, IntPredicate, Deadline)}. */
    public static final int SCAN_CHUNK = 4096;

    /** Offers rows {@code [from, to)} that {@code accept} allows (all if null) to {@code top}. */
    private void scan(int from, int to, float[] q, IntPredicate accept, IntDoubleTopK top) {
        // one method per metric, so that each loop gets its own JIT profile and compiled code
        if (metric == Metric.L2) {
            scanL2(rows, dim, from, to, q, accept, top);
        } else {
            scanDot(rows, dim, from, to, q, accept, top);
        }
    }

    private static void scanL2(float[] rows, int dim, int from, int to, float[] q, IntPredicate accept,
                               IntDoubleTopK top) {
        for (int r = from, o = from * dim; r < to; r++, o += dim) {
            if (accept == null || accept.test(r)) {
                top.offer(r, 0f - Vectors.squaredDistance(rows, o, q, 0, dim)); // 0f - d: +0 at distance 0
            }
        }
    }

    private static void scanDot(float[] rows, int dim, int from, int to, float[] q, IntPredicate accept,
                                IntDoubleTopK top) {
        for (int r = from, o = from * dim; r < to; r++, o += dim) {
            if (accept == null || accept.test(r)) {
                top.offer(r, Vectors.dot(rows, o, q, 0, dim));
            }
        }
    }

    /** Queries per group of {@link #searchBatch}: each block of rows is read once per group. */
    private static final int GROUP = 8;
    /** Rows per block of {@link #searchBatch}: 512 rows of dim 64 are 128 KiB, which stays in a core's L2. */
    private static final int BLOCK_BYTES = 128 * 1024;

    /**
     * Searches many queries (no filter), with the same answers as {@link #search(float[], int)} query by query
     * (the same kernels, so the same bits), but faster: queries are taken in groups of 8, and each block of rows
     * is scored against the whole group while it is in cache, so the rows are streamed from memory once per group
     * instead of once per query. Groups are spread over {@code threads} threads.
     *
     * @param queries the queries, each of {@link #dim()} values (not modified)
     * @param k       neighbours per query, at least 1
     * @param threads threads to use, at least 1
     * @return one answer per query, in query order
     * @throws IllegalArgumentException naming the argument if a query has the wrong dimension, {@code k < 1} or
     *                                  {@code threads < 1}
     */
    public Neighbors[] searchBatch(float[][] queries, int k, int threads) {
        Objects.requireNonNull(queries, "queries");
        org.recsys4j.core.util.Parallel.checkThreads(threads);
        float[][] qs = new float[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            try {
                qs[i] = checkQuery(queries[i], k, dim);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("queries[" + i + "]: " + e.getMessage(), e);
            }
            if (metric == Metric.COSINE) {
                qs[i] = qs[i].clone();
                Vectors.normalize(qs[i], 0, dim);
            }
        }
        Neighbors[] out = new Neighbors[qs.length];
        int groups = (qs.length + GROUP - 1) / GROUP;
        int blockRows = Math.max(16, BLOCK_BYTES / (4 * dim));
        int keep = Math.min(k, size);
        org.recsys4j.core.util.Parallel.forRange(groups, threads, 1, (fromGroup, toGroup) -> {
            IntDoubleTopK[] tops = new IntDoubleTopK[GROUP];
            for (int g = 0; g < GROUP; g++) {
                tops[g] = new IntDoubleTopK(keep);
            }
            for (int group = fromGroup; group < toGroup; group++) {
                int q0 = group * GROUP;
                int q1 = Math.min(qs.length, q0 + GROUP);
                for (int b0 = 0; b0 < size; b0 += blockRows) {
                    int b1 = Math.min(size, b0 + blockRows);
                    for (int qi = q0; qi < q1; qi++) {
                        scan(b0, b1, qs[qi], null, tops[qi - q0]);
                    }
                }
                for (int qi = q0; qi < q1; qi++) {
                    out[qi] = AnnSupport.drain(tops[qi - q0]);
                }
            }
        });
        return out;
    }

    /**
     * Checks the arguments of {@link VectorIndex#search}: a non-null query of {@code dim} values and {@code k >= 1}.
     *
     * @return the query
     * @throws IllegalArgumentException naming {@code query} or {@code k}
     */
    static float[] checkQuery(float[] query, int k, int dim) {
        Objects.requireNonNull(query, "query");
        if (query.length != dim) {
            throw new IllegalArgumentException("query: dimension " + query.length + ", the index's is " + dim);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k: " + k + ", must be >= 1");
        }
        return query;
    }

    /**
     * Saves the index as an {@link IndexFile} of kind {@value #KIND}, version {@value #VERSION}: metric name,
     * whether ids are numeric, row count, the ids (longs or UTF strings), dimension, then the row-major floats
     * (normalised for cosine).
     */
    @Override
    public void save(Path file) throws IOException {
        meta.save(file, VERSION, 0, ids, this::writeBody);
    }

    /** Writes the body of the saved index (the same in versions 1 and 2). */
    private void writeBody(DataOutputStream out) throws IOException {
        out.writeUTF(metric.name());
        AnnSupport.writeIds(out, ids);
        out.writeInt(dim);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.BIG_ENDIAN);
        for (float v : rows) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /**
     * Returns the index's info: kind {@value #KIND}, its builder and settings, the content fingerprint of the
     * vectors it was built from (input {@code vectors}), and its identity (rows, ids and content fingerprints).
     */
    @Override
    public ArtifactInfo info() {
        return meta.get(0, ids, this::writeBody);
    }

    /**
     * Returns this index (sharing its structures) with another provenance, e.g. a name or a pinned creation time.
     *
     * @param provenance the provenance, of kind {@value #KIND}
     * @return the index
     * @throws IllegalArgumentException if the kind is another
     */
    public BruteForceIndex withInfo(ArtifactInfo provenance) {
        return new BruteForceIndex(metric, ids, dim, rows, meta.with(provenance));
    }

    /**
     * Reads the body of an opened {@link IndexFile} of kind {@value #KIND} (see {@link VectorIndexes#load}).
     *
     * @param file the opened, checksum-verified file
     * @return the index
     * @throws DataFileException if the kind, version or body is not a valid brute-force index
     * @throws IOException         if reading fails
     */
    public static BruteForceIndex read(IndexFile.Opened file) throws IOException {
        if (!KIND.equals(file.kind())) {
            throw new DataFileException(KIND + " index", 0, "kind", file.kind(), "expected " + KIND);
        }
        if (file.version() < 1 || file.version() > VERSION) {
            throw new DataFileException(KIND + " index", 0, "version", Integer.toString(file.version()),
                    "this library reads versions 1 to " + VERSION);
        }
        DataInputStream in = file.body();
        try {
            String m = in.readUTF();
            Metric metric;
            try {
                metric = Metric.valueOf(m);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(KIND + " index", 0, "metric", m, "unknown metric");
            }
            IdIndex ids = AnnSupport.readIds(in);
            int dim = in.readInt();
            if (dim < 1) {
                throw new DataFileException(KIND + " index", 0, "dim", Integer.toString(dim), "must be >= 1");
            }
            long count = (long) ids.size() * dim;
            if (count > Integer.MAX_VALUE - 8 || (long) in.available() != count * 4) {
                throw new DataFileException(KIND + " index", 0, "vectors", ids.size() + " × " + dim,
                        "the body holds " + in.available() + " bytes of vectors, expected " + count * 4);
            }
            byte[] bytes = new byte[(int) count * 4];
            in.readFully(bytes);
            float[] rows = new float[(int) count];
            ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(rows);
            for (int i = 0; i < rows.length; i++) {
                if (!Float.isFinite(rows[i])) {
                    throw new DataFileException(KIND + " index", 0, "vectors", Float.toString(rows[i]),
                            "row " + i / dim + ": every value must be finite");
                }
            }
            IndexFile.requireRecordedIds(file, ids, KIND + " index");
            return new BruteForceIndex(metric, ids, dim, rows, IndexInfo.read(file, 0));
        } catch (EOFException e) {
            throw new DataFileException(KIND + " index", 0, "body", "", "ends too early", e);
        }
    }

    @Override
    public String toString() {
        return "BruteForceIndex[" + size + " × " + dim + ", " + metric + "]";
    }
}
