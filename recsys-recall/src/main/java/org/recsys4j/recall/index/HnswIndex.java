package org.recsys4j.recall.index;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.DeadlineExceededException;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntPredicate;

/**
 * A Hierarchical Navigable Small World graph (Malkov &amp; Yashunin, 2016): approximate nearest-neighbour
 * search in roughly logarithmic time.
 *
 * <pre>{@code
 * HnswIndex index = HnswIndex.builder(table, Metric.L2).withM(16).withEfConstruction(200).withEf(64)
 *         .withSeed(42).build();
 * Neighbors top10 = index.search(query, 10);                 // the default ef
 * Neighbors wide = index.search(query, 10, 256, r -> r % 2 == 0); // a larger ef, filtered
 * }</pre>
 *
 * <p><b>Graph.</b> Each row gets a level {@code ⌊−ln(U)·mL⌋} with {@code mL = 1/ln(M)} (drawn from the
 * seed before insertion starts); it is linked to at most {@code M} neighbours on each upper layer and to
 * at most {@code 2·M} on layer 0. Neighbours are chosen by the paper's heuristic: a candidate is kept only
 * if it is closer to the base row than to every neighbour already kept (with
 * {@link Builder#withKeepPrunedConnections(boolean)}, the pruned candidates then fill the remaining slots).
 * Rows are inserted in parallel on {@link Builder#withThreads(int)} threads with one lock per row guarding the
 * writes to its neighbour lists, as hnswlib does (reads take no lock: a list read while another thread
 * rewrites it holds valid rows either way); a row's own lists are written on every layer before any row links
 * to it. A build on one thread (the default) is deterministic for a given seed (the same graph and the same
 * answers every time), a build on several threads is not. After the build, every row is made reachable from
 * the entry point on every layer it is on (the heuristic, above all with concurrent inserts, can drop a row
 * from every list that held it, and such a row would never be returned): each such row gets a link from its
 * nearest reachable neighbour.
 *
 * <p><b>Storage.</b> Vectors live in one row-major {@code float[]} (normalised for {@link Metric#COSINE});
 * layer-0 neighbour lists in one {@code int[]} of {@code size × (2M + 1)} (a count, then the rows); the
 * lists of the few upper-layer rows in one small {@code int[]} per row. Searches use primitive heaps of
 * packed (score, row) longs and a generation-stamped visited array reused per thread, so a search allocates
 * only its result.
 *
 * <p><b>Filters and deletions.</b> The filter is applied during the search: rejected rows are still
 * traversed (they keep the graph connected) but never enter the result set, and the search continues until
 * {@code ef} accepted rows are found or the reachable graph is exhausted, so it returns {@code k} rows
 * whenever at least {@code k} reachable rows pass. A very selective filter (accepting, say, under 1% of the
 * rows) makes a search visit a large part of the graph and lowers recall at a given {@code ef}: pass a larger
 * {@code ef}, or use brute force over the accepted rows. Rows are deleted with {@link #markDeletedAt(int)}: a
 * thread-safe tombstone, after which the row is never returned but still used for navigation (the graph is
 * not changed). Tombstones are saved with the index.
 *
 * <p>Scores are those of {@link Metric}: −squared distance for L2, cosine for COSINE, the dot product for
 * INNER_PRODUCT. For INNER_PRODUCT the graph is built on the standard MIPS-to-L2 reduction (each row gets
 * the extra coordinate {@code sqrt(max‖x‖² − ‖x‖²)}, a query gets 0, so the nearest augmented rows are the
 * largest inner products), which keeps the graph navigable when norms vary; searches still rank by the dot
 * product. Safe for concurrent searches (and {@link #markDeletedAt(int)}) from any threads.
 *
 * <p>This class is the public face of the index (settings, searches, tombstones); the graph, how it is walked
 * and its storage are {@code HnswGraph}'s, how it is built {@code HnswConstruction}'s and its file
 * {@code HnswFormat}'s (package-private).
 */
public final class HnswIndex implements VectorIndex {
    /** The {@link IndexFile} kind of a saved HNSW index. */
    public static final String KIND = "hnsw";
    /** The format version written by {@link #save(Path)}. */
    public static final int VERSION = 2;
    /** The default M: neighbours per row on the upper layers (2·M on layer 0). */
    public static final int DEFAULT_M = 16;
    /** The default size of the candidate list while building. */
    public static final int DEFAULT_EF_CONSTRUCTION = 200;
    /** The default size of the candidate list of a search. */
    public static final int DEFAULT_EF = 64;
    /**
     * The default number of threads inserting rows: 1, because a build on several threads depends on the
     * interleaving (a different graph, and slightly different answers, on every run), and a default must be
     * reproducible. Pass more with {@link Builder#withThreads(int)} for a faster build.
     */
    public static final int DEFAULT_THREADS = 1;
    /** The default seed of the level draws. */
    public static final long DEFAULT_SEED = 42;
    /** By default pruned candidates do not fill up the free neighbour slots. */
    public static final boolean DEFAULT_KEEP_PRUNED_CONNECTIONS = false;
    /** Node expansions of a layer search between two deadline checks (a power of two). */
    static final int CHECK_EVERY = HnswGraph.CHECK_EVERY;

    private final HnswGraph graph;
    private final IdIndex ids;
    private final int defaultEf;
    private final int efConstruction;
    private final boolean keepPruned;
    private final AtomicLongArray deleted;
    private final AtomicInteger deletedCount = new AtomicInteger();
    private final ThreadLocal<HnswGraph.Scratch> scratch;
    private final IndexInfo meta;

    HnswIndex(HnswGraph graph, IdIndex ids, int defaultEf, int efConstruction, boolean keepPruned, long[] tombstones,
              IndexInfo meta) {
        this.meta = meta;
        this.graph = graph;
        this.ids = ids;
        this.defaultEf = defaultEf;
        this.efConstruction = efConstruction;
        this.keepPruned = keepPruned;
        this.deleted = new AtomicLongArray(tombstones);
        int count = 0;
        for (long w : tombstones) {
            count += Long.bitCount(w);
        }
        deletedCount.set(count);
        this.scratch = ThreadLocal.withInitial(() -> new HnswGraph.Scratch(graph.n, graph.m0, defaultEf, graph.dim));
    }

    /**
     * Returns a builder of an index over every row of {@code table}, ranking by {@code metric}; the options
     * start at the {@code DEFAULT_*} values. Both arguments are checked by {@link Builder#build()}.
     *
     * @param table  the vectors, one row per id (copied when the index is built)
     * @param metric how rows are ranked
     * @return the builder
     */
    public static Builder builder(EmbeddingTable table, Metric metric) {
        return new Builder(table, metric);
    }

    @Override
    public Metric metric() {
        return graph.metric;
    }

    @Override
    public int dim() {
        return graph.dim;
    }

    @Override
    public int size() {
        return graph.n;
    }

    @Override
    public IdIndex ids() {
        return ids;
    }

    /** Returns M, the number of neighbours per row on the upper layers (2·M on layer 0). */
    public int m() {
        return graph.m;
    }

    /** Returns the size of the candidate list used while building. */
    public int efConstruction() {
        return efConstruction;
    }

    /** Returns the default size of the candidate list of a search (see {@link #search(float[], int, int, IntPredicate)}). */
    public int ef() {
        return defaultEf;
    }

    /** Returns whether pruned candidates filled up the neighbour lists while building. */
    public boolean keepPrunedConnections() {
        return keepPruned;
    }

    /** Returns the highest layer of the graph ({@code -1} for an empty index). */
    public int maxLevel() {
        return graph.maxLevel;
    }

    // ---- read-only views of the graph, for the tests of its invariants (package-private) ----

    /** Returns the entry point of searches: a row on the highest layer ({@code -1} for an empty index). */
    int entryPoint() {
        return graph.entry;
    }

    /** Returns the highest layer row {@code row} is on. */
    int level(int row) {
        checkRow(row);
        return graph.levels[row];
    }

    /** Returns a copy of the neighbour list of {@code row} on {@code layer} ({@code 0 <= layer <= level(row)}). */
    int[] neighbours(int row, int layer) {
        if (layer < 0 || layer > level(row)) {
            throw new IndexOutOfBoundsException("layer " + layer + ", row " + row + " is on layers 0.." + level(row));
        }
        int[] out = new int[graph.capacity(layer)];
        return Arrays.copyOf(out, graph.neighbours(row, layer, out));
    }

    /**
     * Searches with the default {@link #ef()} (at least {@code k}).
     *
     * @throws IllegalArgumentException if the query has the wrong dimension or {@code k < 1}
     */
    @Override
    public Neighbors search(float[] query, int k, IntPredicate accept) {
        return search(query, k, defaultEf, accept, Deadline.none());
    }

    /**
     * Searches with the default {@link #ef()} (at least {@code k}), checking the deadline every
     * 256 node expansions.
     *
     * @throws IllegalArgumentException  if the query has the wrong dimension or {@code k < 1}
     * @throws DeadlineExceededException if the deadline passes before the search ends
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    @Override
    public Neighbors search(float[] query, int k, IntPredicate accept, Deadline deadline) {
        return search(query, k, defaultEf, accept, deadline);
    }

    /**
     * Returns up to {@code k} rows nearest to {@code query} among the rows {@code accept} allows and that are
     * not deleted, best first, exploring a candidate list of {@code max(ef, k)} rows on layer 0: a larger
     * {@code ef} is slower and more accurate.
     *
     * @param query  {@link #dim()} values (not modified)
     * @param k      the number of neighbours wanted, at least 1
     * @param ef     the size of the candidate list, at least 1
     * @param accept the rows that may be returned, or {@code null} for all; called from the searching thread
     * @return the neighbours, best first
     * @throws IllegalArgumentException naming the argument if the query has the wrong dimension, {@code k < 1}
     *                                  or {@code ef < 1}
     */
    public Neighbors search(float[] query, int k, int ef, IntPredicate accept) {
        return search(query, k, ef, accept, Deadline.none());
    }

    /**
     * Like {@link #search(float[], int, int, IntPredicate)}, but checks the deadline (and the thread's
     * interruption) at the start and every 256 node expansions of the layer-0 search,
     * so a late search stops within microseconds; with the deadline far away the answer is the same.
     *
     * @param query    {@link #dim()} values (not modified)
     * @param k        the number of neighbours wanted, at least 1
     * @param ef       the size of the candidate list, at least 1
     * @param accept   the rows that may be returned, or {@code null} for all; called from the searching thread
     * @param deadline when the caller stops waiting
     * @return the neighbours, best first
     * @throws IllegalArgumentException  naming the argument if the query has the wrong dimension, {@code k < 1}
     *                                   or {@code ef < 1}
     * @throws DeadlineExceededException if the deadline passes before the search ends
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    public Neighbors search(float[] query, int k, int ef, IntPredicate accept, Deadline deadline) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(deadline, "deadline");
        if (query.length != graph.dim) {
            throw new IllegalArgumentException("query: length " + query.length + ", expected dim " + graph.dim);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k: " + k + ", must be >= 1");
        }
        if (ef < 1) {
            throw new IllegalArgumentException("ef: " + ef + ", must be >= 1");
        }
        deadline.check("hnsw search");
        HnswGraph g = graph;
        if (g.n == 0) {
            return new Neighbors(new int[0], new float[0]);
        }
        HnswGraph.Scratch s = scratch.get();
        float[] q = s.query;
        System.arraycopy(query, 0, q, 0, g.dim);
        if (g.metric == Metric.COSINE) {
            Vectors.normalize(q, 0, g.dim);
        }
        int cur = g.entry;
        float curScore = g.score(q, -1, cur);
        for (int layer = g.maxLevel; layer >= 1; layer--) {
            long best = g.greedy(q, -1, cur, curScore, layer, s);
            cur = LongHeap.row(best);
            curScore = LongHeap.score(best);
        }
        boolean filtered = accept != null || deletedCount.get() > 0;
        IntPredicate ok = !filtered ? null : accept == null ? r -> !isDeletedAt(r) : r -> !isDeletedAt(r) && accept.test(r);
        LongHeap res = g.searchLayer(q, -1, cur, curScore, Math.max(ef, k), 0, ok, s, deadline);
        while (res.size() > k) {
            res.pop();
        }
        int size = res.size();
        int[] rows = new int[size];
        float[] scores = new float[size];
        for (int i = size - 1; i >= 0; i--) {
            long c = res.pop();
            rows[i] = LongHeap.row(c);
            scores[i] = LongHeap.score(c);
        }
        return new Neighbors(rows, scores);
    }

    /**
     * Marks row {@code row} deleted (a tombstone): it is never returned again but still navigated through.
     * Thread-safe; visible to searches that start after it returns. The row is a dense row of the index
     * ({@code ids().indexOf(id)} for an external id), not an id.
     *
     * @param row the row, in {@code [0, size())}
     * @return {@code true} if the row was not deleted before
     * @throws IndexOutOfBoundsException naming the row and the size
     */
    public boolean markDeletedAt(int row) {
        checkRow(row);
        long bit = 1L << row;
        int w = row >>> 6;
        while (true) {
            long old = deleted.get(w);
            if ((old & bit) != 0) {
                return false;
            }
            if (deleted.compareAndSet(w, old, old | bit)) {
                deletedCount.incrementAndGet();
                return true;
            }
        }
    }

    /**
     * Returns whether row {@code row} is deleted.
     *
     * @param row the row, in {@code [0, size())}
     * @return whether it is deleted
     * @throws IndexOutOfBoundsException naming the row and the size
     */
    public boolean isDeletedAt(int row) {
        checkRow(row);
        return (deleted.get(row >>> 6) & (1L << row)) != 0;
    }

    /** Returns the number of deleted rows. */
    public int deletedCount() {
        return deletedCount.get();
    }

    private void checkRow(int row) {
        if (row < 0 || row >= graph.n) {
            throw new IndexOutOfBoundsException("row " + row + ", the index has " + graph.n + " rows");
        }
    }

    /**
     * Saves the index (kind {@value #KIND}, version {@value #VERSION}) with its ids, vectors, graph and
     * tombstones, through {@link IndexFile}.
     *
     * @throws IOException if writing fails
     */
    @Override
    public void save(Path file) throws IOException {
        int stamp = deletedCount.get();
        long[] tomb = tombstones();
        meta.save(file, VERSION, stamp, ids, out -> HnswFormat.writeBody(out, graph, ids, efConstruction, defaultEf,
                keepPruned, tomb));
    }

    private long[] tombstones() {
        long[] tomb = new long[deleted.length()];
        for (int i = 0; i < tomb.length; i++) {
            tomb[i] = deleted.get(i);
        }
        return tomb;
    }

    /**
     * Returns the index's info: kind {@value #KIND}, its settings, the content fingerprint of the vectors it was
     * built from (input {@code vectors}), and its identity (rows, ids and content fingerprints, the content
     * including the tombstones: recomputed after {@link #markDeletedAt}).
     */
    @Override
    public ArtifactInfo info() {
        int stamp = deletedCount.get();
        long[] tomb = tombstones();
        return meta.get(stamp, ids, out -> HnswFormat.writeBody(out, graph, ids, efConstruction, defaultEf, keepPruned,
                tomb));
    }

    /**
     * Returns this index (sharing its graph) with another provenance, e.g. a name or a pinned creation time. The
     * copy starts with this index's tombstones; rows deleted later in one are not deleted in the other.
     *
     * @param provenance the provenance, of kind {@value #KIND}
     * @return the index
     * @throws IllegalArgumentException if the kind is another
     */
    public HnswIndex withInfo(ArtifactInfo provenance) {
        return new HnswIndex(graph, ids, defaultEf, efConstruction, keepPruned, tombstones(), meta.with(provenance));
    }

    /**
     * Reads an index saved by {@link #save(Path)}.
     *
     * @param file the saved index
     * @return the index, searching exactly like the saved one
     * @throws DataFileException naming the file if it is not a valid HNSW index file (wrong kind or version,
     *                           corrupt, truncated or inconsistent)
     * @throws IOException       if it cannot be read
     */
    public static HnswIndex read(Path file) throws IOException {
        IndexFile.Opened opened = IndexFile.open(file);
        String name = String.valueOf(file.getFileName());
        HnswIndex index = HnswFormat.read(opened, name);
        IndexFile.requireEnd(opened.body(), name, KIND + " index");
        return index;
    }

    /**
     * Reads the body of an opened, verified index file of kind {@value #KIND}.
     *
     * @param opened the opened file ({@link IndexFile#open(Path)})
     * @return the index
     * @throws DataFileException if the kind or version is not this format's or the body is inconsistent
     * @throws IOException       if the body cannot be read
     */
    public static HnswIndex read(IndexFile.Opened opened) throws IOException {
        return HnswFormat.read(opened, "index file");
    }

    @Override
    public String toString() {
        return "HnswIndex[" + graph.metric + ", dim " + graph.dim + ", " + graph.n + " rows, M " + graph.m
                + ", efConstruction " + efConstruction + ", ef " + defaultEf + ", levels " + (graph.maxLevel + 1) + "]";
    }

    /**
     * Configures and builds an {@link HnswIndex} over a table. Setters only store; {@link #build()} checks every
     * value. Not thread-safe.
     *
     * <p>Tuning (Malkov &amp; Yashunin, section 4): M of 12–48 suits most data (higher for high-dimensional
     * data or high recall targets; memory grows with M); efConstruction should be large enough that the
     * recall of a search with {@code ef = efConstruction} is near 1 (raising it further only slows the
     * build); {@code ef} trades speed for recall per query and can also be passed per search.
     */
    public static final class Builder {
        private final EmbeddingTable table;
        private final Metric metric;
        private int m = DEFAULT_M;
        private int efConstruction = DEFAULT_EF_CONSTRUCTION;
        private int ef = DEFAULT_EF;
        private int threads = DEFAULT_THREADS;
        private long seed = DEFAULT_SEED;
        private boolean keepPruned = DEFAULT_KEEP_PRUNED_CONNECTIONS;

        private Builder(EmbeddingTable table, Metric metric) {
            this.table = table;
            this.metric = metric;
        }

        /**
         * Sets M, the number of neighbours per row on the upper layers (2·M on layer 0), in {@code [2, 4096]}
         * (default {@value HnswIndex#DEFAULT_M}); 12–48 is usual.
         *
         * @param m the number of neighbours
         * @return this builder
         */
        public Builder withM(int m) {
            this.m = m;
            return this;
        }

        /**
         * Sets the size of the candidate list while building, at least 1 (default
         * {@value HnswIndex#DEFAULT_EF_CONSTRUCTION}): larger is slower to build and gives a better graph.
         *
         * @param efConstruction the size of the candidate list
         * @return this builder
         */
        public Builder withEfConstruction(int efConstruction) {
            this.efConstruction = efConstruction;
            return this;
        }

        /**
         * Sets the default size of the candidate list of a search, at least 1 (default
         * {@value HnswIndex#DEFAULT_EF}); a search always uses at least {@code k}.
         *
         * @param ef the size of the candidate list
         * @return this builder
         */
        public Builder withEf(int ef) {
            this.ef = ef;
            return this;
        }

        /**
         * Sets the number of threads inserting rows, at least 1 (default {@value HnswIndex#DEFAULT_THREADS}).
         * The graph built on several threads depends on the interleaving, so it is not reproducible: only
         * one thread gives the same graph (and the same answers) for a seed on every run.
         *
         * @param threads the number of threads
         * @return this builder
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Sets the seed of the level draws (default {@value HnswIndex#DEFAULT_SEED}).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder withSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets whether candidates pruned by the heuristic fill up the free neighbour slots (default
         * {@value HnswIndex#DEFAULT_KEEP_PRUNED_CONNECTIONS}).
         *
         * @param keep true to fill up the lists
         * @return this builder
         */
        public Builder withKeepPrunedConnections(boolean keep) {
            this.keepPruned = keep;
            return this;
        }

        /**
         * Builds the index over every row of the table (vectors are copied, and normalised for COSINE).
         *
         * @return the index
         * @throws NullPointerException     naming {@code table} or {@code metric} if it is null
         * @throws IllegalArgumentException naming the option whose value is out of range, or {@code table} if it
         *                                  is too large for the flat arrays
         */
        public HnswIndex build() {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(metric, "metric");
            if (m < 2 || m > 4096) {
                throw new IllegalArgumentException("m: " + m + ", must be in [2, 4096]");
            }
            if (efConstruction < 1) {
                throw new IllegalArgumentException("efConstruction: " + efConstruction + ", must be >= 1");
            }
            if (ef < 1) {
                throw new IllegalArgumentException("ef: " + ef + ", must be >= 1");
            }
            Parallel.checkThreads(threads);
            int n = table.size();
            int dim = table.dim();
            if ((long) n * dim > Integer.MAX_VALUE || (long) n * (2L * m + 1) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("table: " + n + " rows are too many for M " + m + " and dim " + dim);
            }
            float[] data = AnnSupport.rows(table, metric);
            HnswGraph g = HnswConstruction.build(metric, dim, n, data, m, efConstruction, keepPruned, threads, seed);
            return new HnswIndex(g, table.ids(), ef, efConstruction, keepPruned, new long[(n + 63) >>> 6],
                    IndexInfo.built(KIND, HnswIndex.class, table, "metric", metric, "m", m, "efConstruction",
                            efConstruction, "ef", ef, "keepPrunedConnections", keepPruned, "seed", seed, "threads", threads));
        }
    }
}
