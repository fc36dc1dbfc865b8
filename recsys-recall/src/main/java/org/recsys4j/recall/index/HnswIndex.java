package org.recsys4j.recall.index;

import org.recsys4j.core.data.DataFormatException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.DeadlineExceededException;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntPredicate;

/**
 * A Hierarchical Navigable Small World graph (Malkov &amp; Yashunin, 2016): approximate nearest-neighbour
 * search in roughly logarithmic time.
 *
 * <pre>{@code
 * HnswIndex index = HnswIndex.builder().m(16).efConstruction(200).ef(64).threads(2).seed(42)
 *         .build(table, Metric.L2);
 * Neighbors top10 = index.search(query, 10);                 // the default ef
 * Neighbors wide = index.search(query, 10, 256, r -> r % 2 == 0); // a larger ef, filtered
 * }</pre>
 *
 * <p><b>Graph.</b> Each row gets a level {@code ⌊−ln(U)·mL⌋} with {@code mL = 1/ln(M)} (drawn from the
 * seed before insertion starts); it is linked to at most {@code M} neighbours on each upper layer and to
 * at most {@code 2·M} on layer 0. Neighbours are chosen by the paper's heuristic: a candidate is kept only
 * if it is closer to the base row than to every neighbour already kept (with
 * {@link Builder#keepPrunedConnections(boolean)}, the pruned candidates then fill the remaining slots).
 * Rows are inserted in parallel on {@link Builder#threads(int)} threads with one lock per row guarding the
 * writes to its neighbour lists, as hnswlib does (reads take no lock: a list read while another thread
 * rewrites it holds valid rows either way); a row's own lists are written on every layer before any row links
 * to it. A build on one thread is deterministic for a given seed (the same graph and the same answers every
 * time), a build on several threads is not. After the build, every row is made reachable from the entry point
 * on every layer it is on (the heuristic, above all with concurrent inserts, can drop a row from every list that
 * held it, and such a row would never be returned): each such row gets a link from its nearest reachable
 * neighbour.
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
 * {@code ef}, or use brute force over the accepted rows. Rows are deleted with {@link #markDeleted(int)}: a
 * thread-safe tombstone, after which the row is never returned but still used for navigation (the graph is
 * not changed). Tombstones are saved with the index.
 *
 * <p>Scores are those of {@link Metric}: −squared distance for L2, cosine for COSINE, the dot product for
 * INNER_PRODUCT. For INNER_PRODUCT the graph is built on the standard MIPS-to-L2 reduction (each row gets
 * the extra coordinate {@code sqrt(max‖x‖² − ‖x‖²)}, a query gets 0, so the nearest augmented rows are the
 * largest inner products), which keeps the graph navigable when norms vary; searches still rank by the dot
 * product. Safe for concurrent searches (and {@link #markDeleted(int)}) from any threads.
 */
public final class HnswIndex implements VectorIndex {
    /** The {@link IndexFile} kind of a saved HNSW index. */
    public static final String KIND = "hnsw";
    /** The format version written by {@link #save(Path)}. */
    public static final int VERSION = 1;
    /** Node expansions of a layer search between two deadline checks (a power of two). */
    static final int CHECK_EVERY = 256;

    private final Graph graph;
    private final IdIndex ids;
    private final int defaultEf;
    private final int efConstruction;
    private final boolean keepPruned;
    private final AtomicLongArray deleted;
    private final AtomicInteger deletedCount = new AtomicInteger();
    private final ThreadLocal<Scratch> scratch;

    private HnswIndex(Graph graph, IdIndex ids, int defaultEf, int efConstruction, boolean keepPruned,
                      long[] tombstones) {
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
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(graph.n, graph.m0, defaultEf, graph.dim));
    }

    /** Returns a builder with M = 16, efConstruction = 200, ef = 64, one thread, seed 42, no pruned fill-up. */
    public static Builder builder() {
        return new Builder();
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
        int[] out = new int[layer == 0 ? graph.m0 : graph.m];
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
        Graph g = graph;
        if (g.n == 0) {
            return new Neighbors(new int[0], new float[0]);
        }
        Scratch s = scratch.get();
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
        IntPredicate ok = !filtered ? null : accept == null ? r -> !isDeleted(r) : r -> !isDeleted(r) && accept.test(r);
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
     * Thread-safe; visible to searches that start after it returns.
     *
     * @return {@code true} if the row was not deleted before
     * @throws IndexOutOfBoundsException naming the row and the size
     */
    public boolean markDeleted(int row) {
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
     * @throws IndexOutOfBoundsException naming the row and the size
     */
    public boolean isDeleted(int row) {
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
        Graph g = graph;
        long[] tomb = new long[deleted.length()];
        for (int i = 0; i < tomb.length; i++) {
            tomb[i] = deleted.get(i);
        }
        IndexFile.write(file, KIND, VERSION, out -> {
            out.writeUTF(g.metric.name());
            out.writeInt(g.dim);
            out.writeInt(g.n);
            out.writeInt(g.m);
            out.writeInt(efConstruction);
            out.writeInt(defaultEf);
            out.writeBoolean(keepPruned);
            AnnSupport.writeIdsWithoutCount(out, ids);
            for (float v : g.data) {
                out.writeFloat(v);
            }
            out.writeInt(g.entry);
            out.writeInt(g.maxLevel);
            for (int r = 0; r < g.n; r++) {
                out.writeByte(g.levels[r]);
            }
            writeLists(out, g.links0, 0, g.n, g.m0);
            for (int r = 0; r < g.n; r++) {
                if (g.levels[r] > 0) {
                    writeLists(out, g.upper[r], 0, g.levels[r], g.m);
                }
            }
            for (long w : tomb) {
                out.writeLong(w);
            }
        });
    }

    private static void writeLists(DataOutputStream out, int[] a, int from, int lists, int max) throws IOException {
        int stride = max + 1;
        for (int l = 0; l < lists; l++) {
            int o = from + l * stride;
            int c = a[o];
            out.writeShort(c);
            for (int j = 1; j <= c; j++) {
                out.writeInt(a[o + j]);
            }
        }
    }

    /**
     * Reads an index saved by {@link #save(Path)}.
     *
     * @throws DataFormatException naming the file if it is not a valid HNSW index file (wrong kind or version,
     *                             corrupt, truncated or inconsistent)
     * @throws IOException         if it cannot be read
     */
    public static HnswIndex read(Path file) throws IOException {
        IndexFile.Opened opened = IndexFile.open(file);
        String name = String.valueOf(file.getFileName());
        HnswIndex index = read(opened, name);
        IndexFile.requireEnd(opened.body(), name, KIND + " index");
        return index;
    }

    /**
     * Reads the body of an opened, verified index file of kind {@value #KIND}.
     *
     * @throws DataFormatException if the kind or version is not this format's or the body is inconsistent
     * @throws IOException         if the body cannot be read
     */
    public static HnswIndex read(IndexFile.Opened opened) throws IOException {
        return read(opened, "index file");
    }

    private static HnswIndex read(IndexFile.Opened opened, String name) throws IOException {
        if (!KIND.equals(opened.kind())) {
            throw new DataFormatException(name, 0, "kind", opened.kind(), "not an HNSW index (expected " + KIND + ")");
        }
        if (opened.version() != VERSION) {
            throw new DataFormatException(name, 0, "version", Integer.toString(opened.version()),
                    "unsupported HNSW format version (this build reads " + VERSION + ")");
        }
        DataInputStream in = opened.body();
        try {
            Metric metric;
            String metricName = in.readUTF();
            try {
                metric = Metric.valueOf(metricName);
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(name, 0, "metric", metricName, "unknown metric");
            }
            int dim = in.readInt();
            int n = in.readInt();
            int m = in.readInt();
            int efc = in.readInt();
            int ef = in.readInt();
            boolean keep = in.readBoolean();
            check(name, "dim", dim, dim >= 1);
            check(name, "size", n, n >= 0);
            check(name, "m", m, m >= 2 && m <= 4096);
            check(name, "efConstruction", efc, efc >= 1);
            check(name, "ef", ef, ef >= 1);
            check(name, "size", n, (long) n * dim <= Integer.MAX_VALUE && (long) n * (2L * m + 1) <= Integer.MAX_VALUE);
            IdIndex ids = AnnSupport.readIds(in, n);
            AnnSupport.checkRemaining(in, "vectors", (long) n * dim, 4);
            float[] data = new float[n * dim];
            for (int i = 0; i < data.length; i++) {
                data[i] = in.readFloat();
            }
            Graph g = new Graph(metric, dim, n, m, data);
            g.entry = in.readInt();
            g.maxLevel = in.readInt();
            check(name, "entry", g.entry, n == 0 ? g.entry == -1 : g.entry >= 0 && g.entry < n);
            for (int r = 0; r < n; r++) {
                int level = in.readByte();
                check(name, "level", level, level >= 0 && level <= g.maxLevel);
                g.levels[r] = (byte) level;
                if (level > 0) {
                    g.upper[r] = new int[level * (m + 1)];
                }
            }
            if (n > 0) {
                check(name, "maxLevel", g.maxLevel, g.levels[g.entry] == g.maxLevel);
            }
            readLists(in, name, g.links0, n, g.m0, n);
            for (int r = 0; r < n; r++) {
                if (g.levels[r] > 0) {
                    readLists(in, name, g.upper[r], g.levels[r], m, n);
                }
            }
            long[] tomb = new long[(n + 63) >>> 6];
            for (int i = 0; i < tomb.length; i++) {
                tomb[i] = in.readLong();
            }
            return new HnswIndex(g, ids, ef, efc, keep, tomb);
        } catch (java.io.EOFException e) {
            throw new DataFormatException(name, 0, "body", "", "ends early: inconsistent HNSW index");
        } catch (java.io.UTFDataFormatException e) {
            throw new DataFormatException(name, 0, "body", "", "a string is not valid modified UTF-8: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(name, 0, "body", "", e.getMessage());
        }
    }

    private static void readLists(DataInputStream in, String name, int[] a, int lists, int max, int n)
            throws IOException {
        int stride = max + 1;
        for (int l = 0; l < lists; l++) {
            int o = l * stride;
            int c = in.readUnsignedShort();
            check(name, "neighbour count", c, c <= max);
            a[o] = c;
            for (int j = 1; j <= c; j++) {
                int r = in.readInt();
                check(name, "neighbour", r, r >= 0 && r < n);
                a[o + j] = r;
            }
        }
    }

    private static void check(String name, String field, long value, boolean ok) {
        if (!ok) {
            throw new DataFormatException(name, 0, field, Long.toString(value), "out of range: inconsistent HNSW index");
        }
    }

    @Override
    public String toString() {
        return "HnswIndex[" + graph.metric + ", dim " + graph.dim + ", " + graph.n + " rows, M " + graph.m
                + ", efConstruction " + efConstruction + ", ef " + defaultEf + ", levels " + (graph.maxLevel + 1) + "]";
    }

    /** Per-thread search state: visited stamps, the two heaps and small buffers. */
    private static final class Scratch {
        final int[] visited;
        int generation;
        final LongHeap candidates;
        final LongHeap results;
        final int[] nbrs;
        final float[] query;
        long[] sorted;
        final int[] selected;
        final long[] pruned;

        Scratch(int n, int m0, int ef, int dim) {
            visited = new int[n];
            candidates = new LongHeap(Math.max(64, ef * 2));
            results = new LongHeap(ef + 1);
            nbrs = new int[m0 + 1];
            query = new float[dim];
            sorted = new long[Math.max(ef, m0) + 1];
            selected = new int[m0 + 1];
            pruned = new long[Math.max(ef, m0) + 1];
        }

        void newVisit() {
            if (++generation == 0) {
                Arrays.fill(visited, 0);
                generation = 1;
            }
        }
    }

    /** The graph and vectors; mutable only while it is being built, then published by a final field. */
    private static final class Graph {
        final Metric metric;
        final int dim;
        final int n;
        final int m;
        final int m0;
        final float[] data;
        final byte[] levels;
        final int[] links0;
        final int[][] upper;
        /**
         * For INNER_PRODUCT, {@code sqrt(max‖x‖² − ‖x‖²)} per row: the extra coordinate of the MIPS-to-L2
         * reduction (Bachrach et al., 2014), so the graph is built on a true metric; null otherwise.
         */
        final float[] extra;
        final boolean l2;
        int entry = -1;
        int maxLevel = -1;
        /** One lock per row guarding list writes while building on several threads; null otherwise. */
        Object[] locks;

        Graph(Metric metric, int dim, int n, int m, float[] data) {
            this.metric = metric;
            this.dim = dim;
            this.n = n;
            this.m = m;
            this.m0 = 2 * m;
            this.data = data;
            this.levels = new byte[n];
            this.links0 = new int[n * (m0 + 1)];
            this.upper = new int[n][];
            this.l2 = metric == Metric.L2;
            if (metric == Metric.INNER_PRODUCT) {
                extra = new float[n];
                float max = 0;
                for (int r = 0; r < n; r++) {
                    extra[r] = Vectors.dot(data, r * dim, data, r * dim, dim);
                    max = Math.max(max, extra[r]);
                }
                for (int r = 0; r < n; r++) {
                    extra[r] = (float) Math.sqrt(Math.max(0, max - extra[r]));
                }
            } else {
                extra = null;
            }
        }

        /**
         * Returns the score of row {@code row} for {@code q}: a query ({@code self < 0}) or the vector of row
         * {@code self} being inserted (then, for INNER_PRODUCT, the product of the augmented vectors).
         */
        float score(float[] q, int self, int row) {
            if (l2) {
                return -Vectors.squaredDistance(q, 0, data, row * dim, dim);
            }
            float d = Vectors.dot(q, 0, data, row * dim, dim);
            return self >= 0 && extra != null ? d + extra[self] * extra[row] : d;
        }

        /** Returns the score between two rows (augmented for INNER_PRODUCT). */
        float score(int a, int b) {
            if (metric == Metric.L2) {
                return -Vectors.squaredDistance(data, a * dim, data, b * dim, dim);
            }
            float d = Vectors.dot(data, a * dim, data, b * dim, dim);
            return extra != null ? d + extra[a] * extra[b] : d;
        }

        /**
         * Copies the neighbours of {@code row} on {@code layer} into {@code out} and returns their number.
         * Reads take no lock, even during a parallel build: a list being rewritten by another thread may be read
         * half old, half new, or see a new count before the new row (a slot still 0): every slot holds a valid row
         * and the count is clamped to the capacity, and the searches skip a row whose level is below the layer,
         * so a racy read only costs a slightly different path (hnswlib locks here; the reads were the bottleneck).
         */
        int neighbours(int row, int layer, int[] out) {
            int[] a;
            int o;
            if (layer == 0) {
                a = links0;
                o = row * (m0 + 1);
            } else {
                a = upper[row];
                o = (layer - 1) * (m + 1);
            }
            int c = Math.min(a[o], out.length);
            System.arraycopy(a, o + 1, out, 0, c);
            return c;
        }

        /** Greedy walk on one layer from {@code start}; returns the packed (score, row) of the local best. */
        long greedy(float[] q, int self, int start, float startScore, int layer, Scratch s) {
            int cur = start;
            float curScore = startScore;
            boolean changed = true;
            while (changed) {
                changed = false;
                int c = neighbours(cur, layer, s.nbrs);
                for (int j = 0; j < c; j++) {
                    int r = s.nbrs[j];
                    if (levels[r] < layer) {
                        continue; // only possible for a racy read during a parallel build (see neighbours())
                    }
                    float sc = score(q, self, r);
                    if (sc > curScore) {
                        curScore = sc;
                        cur = r;
                        changed = true;
                    }
                }
            }
            return LongHeap.encode(curScore, cur);
        }

        /**
         * The beam search of one layer: returns the results heap (worst on top) of at most {@code ef} rows
         * that {@code ok} accepts (all if null); checks {@code deadline} (unless null, as in a build) every
         * {@link #CHECK_EVERY} expansions.
         */
        LongHeap searchLayer(float[] q, int self, int start, float startScore, int ef, int layer, IntPredicate ok, Scratch s,
                             Deadline deadline) {
            s.newVisit();
            int[] visited = s.visited;
            int gen = s.generation;
            LongHeap cand = s.candidates;
            LongHeap res = s.results;
            cand.clear();
            res.clear();
            visited[start] = gen;
            long startCode = LongHeap.encode(startScore, start);
            cand.push(~startCode);
            float bound = Float.NEGATIVE_INFINITY;
            if (ok == null || ok.test(start)) {
                res.push(startCode);
                bound = startScore;
            }
            int expanded = 0;
            while (!cand.isEmpty()) {
                long c = ~cand.pop();
                if (LongHeap.score(c) < bound && res.size() >= ef) {
                    break;
                }
                if (deadline != null && (++expanded & (CHECK_EVERY - 1)) == 0) {
                    deadline.check("hnsw search");
                }
                // read in place, without a lock (see neighbours(): racy reads during a parallel build are benign)
                int node = LongHeap.row(c);
                int[] a = layer == 0 ? links0 : upper[node];
                int o = layer == 0 ? node * (m0 + 1) : (layer - 1) * (m + 1);
                int end = o + 1 + Math.min(a[o], layer == 0 ? m0 : m);
                for (int j = o + 1; j < end; j++) {
                    int r = a[j];
                    if (visited[r] == gen || layer > 0 && levels[r] < layer) {
                        continue;
                    }
                    visited[r] = gen;
                    float sc = score(q, self, r);
                    if (res.size() < ef || sc > bound) {
                        long code = LongHeap.encode(sc, r);
                        cand.push(~code);
                        if (ok == null || ok.test(r)) {
                            res.push(code);
                            if (res.size() > ef) {
                                res.pop();
                            }
                            bound = LongHeap.score(res.peek());
                        }
                    }
                }
            }
            return res;
        }

        /**
         * The neighbour-selection heuristic over {@code count} candidates sorted best first (packed scores to
         * the base row): keeps a candidate only if it is closer to the base than to every kept one; writes up to
         * {@code max} rows to {@code out} and returns their number.
         */
        int select(long[] sorted, int count, int max, boolean keepPruned, int[] out, Scratch s) {
            if (count <= max) {
                for (int i = 0; i < count; i++) {
                    out[i] = LongHeap.row(sorted[i]);
                }
                return count;
            }
            int kept = 0;
            int prunedCount = 0;
            for (int i = 0; i < count && kept < max; i++) {
                int r = LongHeap.row(sorted[i]);
                float toBase = LongHeap.score(sorted[i]);
                boolean good = true;
                for (int j = 0; j < kept; j++) {
                    if (score(r, out[j]) > toBase) {
                        good = false;
                        break;
                    }
                }
                if (good) {
                    out[kept++] = r;
                } else if (keepPruned) {
                    s.pruned[prunedCount++] = sorted[i];
                }
            }
            for (int i = 0; i < prunedCount && kept < max; i++) {
                out[kept++] = LongHeap.row(s.pruned[i]);
            }
            return kept;
        }

        /** Inserts row {@code row} (its level already drawn) into the graph. */
        void insert(int row, int efConstruction, boolean keepPruned, Object globalLock, Scratch s) {
            int level = levels[row];
            float[] q = s.query;
            System.arraycopy(data, row * dim, q, 0, dim);
            int ep;
            int top;
            synchronized (globalLock) {
                ep = entry;
                top = maxLevel;
            }
            linkLayers(row, level, ep, top, 0, efConstruction, keepPruned, s);
            // layers 0..done are linked; a row above the top becomes the entry point of its upper layers, unless
            // another thread raised the top meanwhile: then the layers between are linked from the new entry
            // first (otherwise the row would sit on them with an empty list, a dead end no search could leave)
            int done = top;
            while (level > done) {
                synchronized (globalLock) {
                    if (maxLevel <= done) {
                        maxLevel = level;
                        entry = row;
                        return;
                    }
                    ep = entry;
                    top = maxLevel;
                }
                linkLayers(row, level, ep, top, done + 1, efConstruction, keepPruned, s);
                done = Math.min(level, top);
            }
        }

        /**
         * Descends greedily from {@code ep} on layers {@code top} down to the row's level, then links the row on
         * layers {@code min(level, top)} down to {@code lowest}.
         */
        private void linkLayers(int row, int level, int ep, int top, int lowest, int efConstruction, boolean keepPruned,
                                Scratch s) {
            float[] q = s.query;
            int cur = ep;
            float curScore = score(q, row, cur);
            for (int layer = top; layer > level; layer--) {
                long best = greedy(q, row, cur, curScore, layer, s);
                cur = LongHeap.row(best);
                curScore = LongHeap.score(best);
            }
            int[] sel = s.selected;
            // the row's own lists are written on every layer before any row links to it: until then no other
            // inserting thread can reach it, so none can descend into a layer of it not written yet, link to it
            // there and have that link overwritten (on one thread the order makes no difference: each layer's
            // links are independent of the others')
            int highest = Math.min(level, top);
            int[][] chosenOn = new int[highest + 1][];
            for (int layer = highest; layer >= lowest; layer--) {
                LongHeap res = searchLayer(q, row, cur, curScore, efConstruction, layer, null, s, null);
                int count = res.size();
                if (s.sorted.length < count + 1) {
                    s.sorted = new long[count + 1];
                }
                long[] sorted = s.sorted;
                for (int i = count - 1; i >= 0; i--) {
                    sorted[i] = res.pop();
                }
                cur = LongHeap.row(sorted[0]);
                curScore = LongHeap.score(sorted[0]);
                int kept = select(sorted, count, m, keepPruned, sel, s);
                // the selection is copied because connecting may reuse the scratch buffers
                int[] chosen = Arrays.copyOf(sel, kept);
                setNeighbours(row, layer, chosen, kept);
                chosenOn[layer] = chosen;
            }
            for (int layer = highest; layer >= lowest; layer--) {
                for (int r : chosenOn[layer]) {
                    connect(r, row, layer, keepPruned, s);
                }
            }
        }

        private void setNeighbours(int row, int layer, int[] rows, int count) {
            Object[] l = locks;
            if (l != null) {
                synchronized (l[row]) {
                    writeNeighbours(row, layer, rows, count);
                }
            } else {
                writeNeighbours(row, layer, rows, count);
            }
        }

        private void writeNeighbours(int row, int layer, int[] rows, int count) {
            int[] a = layer == 0 ? links0 : upper[row];
            int o = layer == 0 ? row * (m0 + 1) : (layer - 1) * (m + 1);
            System.arraycopy(rows, 0, a, o + 1, count);
            a[o] = count;
        }

        /**
         * Makes every row reachable from the entry point on every layer it is on, and returns the number of links
         * added. The neighbour heuristic can drop a row from every list that held it (more often when rows are
         * inserted in parallel: two close rows inserted at once do not see each other, and the one dropped from a
         * shared neighbour's list has no link from the other; and whenever many rows are identical, e.g. the zero
         * vectors of items an ALS model never saw); such a row could never be returned by a search.
         *
         * <p>A breadth-first search from the entry point numbers the rows it reaches in the order it finds them.
         * Each unreachable row (lowest first) then gets a link from a reachable row of its own list (the first with a
         * free slot or a safe slot, else the entry point): a free slot, or else a <em>safe</em> one — a link to a row
         * that another row found before it also links to, so that row stays reachable (that other row's path from
         * the entry point only passes rows found earlier still). The search then continues from the newly linked row.
         * So the repair costs about one search of each layer and never makes another row unreachable; in the rare
         * case where no safe slot exists the farthest link is replaced and the layer is searched again (at most 8
         * times). Deterministic; a graph with no unreachable row is left unchanged.
         */
        int repairReachability() {
            if (n < 2) {
                return 0;
            }
            int added = 0;
            int[] order = new int[n];      // the rank in which the search found a row, -1 if unreached
            int[] earlyIn = new int[n];    // links to a row from rows found before it
            int[] queue = new int[n];
            int[] nb = new int[m0];
            for (int layer = maxLevel; layer >= 0; layer--) {
                int onLayer = 0;
                for (int r = 0; r < n; r++) {
                    onLayer += levels[r] >= layer ? 1 : 0;
                }
                for (int pass = 0; pass < 8; pass++) {
                    Arrays.fill(order, -1);
                    Arrays.fill(earlyIn, 0);
                    int found = spread(entry, 0, layer, order, earlyIn, queue, nb);
                    if (found == onLayer) {
                        break;
                    }
                    for (int lost = 0; lost < n; lost++) {
                        if (levels[lost] < layer || order[lost] >= 0) {
                            continue;
                        }
                        int target = -1;
                        int slot = -1;
                        int c = neighbours(lost, layer, nb);
                        for (int j = 0; j < c && slot < 0; j++) {
                            if (order[nb[j]] >= 0) {
                                slot = slotFor(nb[j], layer, order, earlyIn);
                                target = nb[j];
                            }
                        }
                        if (slot < 0) {
                            target = entry;
                            slot = slotFor(entry, layer, order, earlyIn);
                        }
                        if (slot < 0) {
                            // the nearest reachable row with a free slot (a scan of the layer; rare)
                            float best = Float.NEGATIVE_INFINITY;
                            for (int r = 0; r < n; r++) {
                                if (order[r] >= 0 && listSize(r, layer) < (layer == 0 ? m0 : m)) {
                                    float sc = score(lost, r);
                                    if (slot < 0 || sc > best) {
                                        best = sc;
                                        target = r;
                                        slot = listSize(r, layer);
                                    }
                                }
                            }
                        }
                        if (slot < 0) {
                            slot = farthestSlot(target, layer);
                        }
                        int[] a = layer == 0 ? links0 : upper[target];
                        int o = layer == 0 ? target * (m0 + 1) : (layer - 1) * (m + 1);
                        if (slot < a[o]) {
                            int replaced = a[o + 1 + slot];
                            if (order[replaced] > order[target]) {
                                earlyIn[replaced]--;
                            }
                        } else {
                            a[o] = slot + 1;
                        }
                        a[o + 1 + slot] = lost;
                        earlyIn[lost]++;
                        added++;
                        found = spread(lost, found, layer, order, earlyIn, queue, nb);
                    }
                }
            }
            return added;
        }

        /**
         * Returns a slot of {@code target}'s list on {@code layer} a new link can take without making a row
         * unreachable: a free one, else the farthest link to a row that a row found before it also links to; -1 if
         * none.
         */
        private int slotFor(int target, int layer, int[] order, int[] earlyIn) {
            int[] a = layer == 0 ? links0 : upper[target];
            int o = layer == 0 ? target * (m0 + 1) : (layer - 1) * (m + 1);
            int count = a[o];
            if (count < (layer == 0 ? m0 : m)) {
                return count;
            }
            int slot = -1;
            float worst = Float.POSITIVE_INFINITY;
            for (int j = 0; j < count; j++) {
                int y = a[o + 1 + j];
                // earlyIn[y] counts target's own link when target was found first: another early link is needed
                int others = earlyIn[y] - (order[target] < order[y] ? 1 : 0);
                float sc = score(target, y);
                if (others >= 1 && (slot < 0 || sc < worst)) {
                    worst = sc;
                    slot = j;
                }
            }
            return slot;
        }

        private int listSize(int row, int layer) {
            return layer == 0 ? links0[row * (m0 + 1)] : upper[row][(layer - 1) * (m + 1)];
        }

        /** Returns the slot of the link of {@code target} on {@code layer} farthest from it (its list is full). */
        private int farthestSlot(int target, int layer) {
            int[] a = layer == 0 ? links0 : upper[target];
            int o = layer == 0 ? target * (m0 + 1) : (layer - 1) * (m + 1);
            int slot = 0;
            float worst = Float.POSITIVE_INFINITY;
            for (int j = 0; j < a[o]; j++) {
                float sc = score(target, a[o + 1 + j]);
                if (sc < worst) {
                    worst = sc;
                    slot = j;
                }
            }
            return slot;
        }

        /**
         * Breadth-first from {@code start} (not yet found) on {@code layer}: numbers the rows it finds from
         * {@code found} on, counts in {@code earlyIn} each link from a row found before the row it points to, and
         * returns the number of rows found so far.
         */
        private int spread(int start, int found, int layer, int[] order, int[] earlyIn, int[] queue, int[] nb) {
            int head = 0;
            int tail = 0;
            order[start] = found++;
            queue[tail++] = start;
            while (head < tail) {
                int r = queue[head++];
                int c = neighbours(r, layer, nb);
                for (int j = 0; j < c; j++) {
                    int x = nb[j];
                    if (order[x] < 0) {
                        order[x] = found++;
                        queue[tail++] = x;
                    }
                    if (order[r] < order[x]) {
                        earlyIn[x]++;
                    }
                }
            }
            return found;
        }

        /** Adds {@code added} to the neighbours of {@code row} on {@code layer}, shrinking by the heuristic when full. */
        private void connect(int row, int added, int layer, boolean keepPruned, Scratch s) {
            Object[] l = locks;
            if (l != null) {
                synchronized (l[row]) {
                    connectLocked(row, added, layer, keepPruned, s);
                }
            } else {
                connectLocked(row, added, layer, keepPruned, s);
            }
        }

        private void connectLocked(int row, int added, int layer, boolean keepPruned, Scratch s) {
            int[] a = layer == 0 ? links0 : upper[row];
            int o = layer == 0 ? row * (m0 + 1) : (layer - 1) * (m + 1);
            int max = layer == 0 ? m0 : m;
            int c = a[o];
            for (int j = 1; j <= c; j++) {
                if (a[o + j] == added) {
                    return;
                }
            }
            if (c < max) {
                a[o + 1 + c] = added;
                a[o] = c + 1;
                return;
            }
            long[] sorted = s.sorted;
            for (int j = 0; j < c; j++) {
                int r = a[o + 1 + j];
                sorted[j] = LongHeap.encode(score(row, r), r);
            }
            sorted[c] = LongHeap.encode(score(row, added), added);
            Arrays.sort(sorted, 0, c + 1);
            for (int i = 0, j = c; i < j; i++, j--) {
                long t = sorted[i];
                sorted[i] = sorted[j];
                sorted[j] = t;
            }
            int kept = select(sorted, c + 1, max, keepPruned, s.selected, s);
            System.arraycopy(s.selected, 0, a, o + 1, kept);
            a[o] = kept;
        }
    }

    /** Configures and builds an {@link HnswIndex}. Not thread-safe. */
    public static final class Builder {
        private int m = 16;
        private int efConstruction = 200;
        private int ef = 64;
        private int threads = 1;
        private long seed = 42;
        private boolean keepPruned;

        private Builder() {
        }

        /**
         * Sets M, the number of neighbours per row on the upper layers (2·M on layer 0); 12–48 is usual.
         *
         * @throws IllegalArgumentException if {@code m < 2} or {@code m > 4096}
         */
        public Builder m(int m) {
            if (m < 2 || m > 4096) {
                throw new IllegalArgumentException("m: " + m + ", must be in [2, 4096]");
            }
            this.m = m;
            return this;
        }

        /**
         * Sets the size of the candidate list while building: larger is slower to build and gives a better graph.
         *
         * @throws IllegalArgumentException if {@code efConstruction < 1}
         */
        public Builder efConstruction(int efConstruction) {
            if (efConstruction < 1) {
                throw new IllegalArgumentException("efConstruction: " + efConstruction + ", must be >= 1");
            }
            this.efConstruction = efConstruction;
            return this;
        }

        /**
         * Sets the default size of the candidate list of a search (at least {@code k} is always used).
         *
         * @throws IllegalArgumentException if {@code ef < 1}
         */
        public Builder ef(int ef) {
            if (ef < 1) {
                throw new IllegalArgumentException("ef: " + ef + ", must be >= 1");
            }
            this.ef = ef;
            return this;
        }

        /**
         * Sets the number of threads inserting rows (1 gives a deterministic graph for a given seed).
         *
         * @throws IllegalArgumentException if {@code threads < 1}
         */
        public Builder threads(int threads) {
            this.threads = Parallel.checkThreads(threads);
            return this;
        }

        /** Sets the seed of the level draws. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets whether candidates pruned by the heuristic fill up the free neighbour slots (default false). */
        public Builder keepPrunedConnections(boolean keep) {
            this.keepPruned = keep;
            return this;
        }

        /**
         * Builds the index over every row of {@code table} (vectors are copied, and normalised for COSINE).
         *
         * @throws IllegalArgumentException if the table is too large for the flat arrays
         */
        public HnswIndex build(EmbeddingTable table, Metric metric) {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(metric, "metric");
            int n = table.size();
            int dim = table.dim();
            if ((long) n * dim > Integer.MAX_VALUE || (long) n * (2L * m + 1) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("table: " + n + " rows are too many for M " + m + " and dim " + dim);
            }
            float[] data = new float[n * dim];
            float[] row = new float[dim];
            for (int r = 0; r < n; r++) {
                table.row(r, row);
                System.arraycopy(row, 0, data, r * dim, dim);
            }
            if (metric == Metric.COSINE) {
                Vectors.normalizeRows(data, dim);
            }
            Graph g = new Graph(metric, dim, n, m, data);
            double mL = 1 / Math.log(m);
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int r = 0; r < n; r++) {
                int level = (int) Math.min(100, Math.floor(-Math.log(1 - rnd.nextDouble()) * mL));
                g.levels[r] = (byte) level;
                if (level > 0) {
                    g.upper[r] = new int[level * (m + 1)];
                }
            }
            if (n > 0) {
                g.entry = 0;
                g.maxLevel = g.levels[0];
                int t = Parallel.effectiveThreads(threads, n, 64);
                if (t > 1) {
                    g.locks = new Object[n];
                    for (int r = 0; r < n; r++) {
                        g.locks[r] = new Object();
                    }
                }
                Object global = new Object();
                int efc = efConstruction;
                boolean keep = keepPruned;
                Parallel.forRange(n - 1, t, 64, () -> new Scratch(n, g.m0, efc, dim),
                        (s, from, to) -> {
                            for (int i = from; i < to; i++) {
                                g.insert(i + 1, efc, keep, global, s);
                            }
                        });
                g.locks = null;
                g.repairReachability();
            }
            return new HnswIndex(g, table.ids(), ef, efConstruction, keepPruned, new long[(n + 63) >>> 6]);
        }
    }
}
