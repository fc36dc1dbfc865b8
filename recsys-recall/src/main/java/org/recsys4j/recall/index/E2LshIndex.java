package org.recsys4j.recall.index;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.DeadlineExceededException;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Bucketed random projection LSH (E2LSH, p-stable, Datar et al. 2004), the scheme of Spark's
 * {@code BucketedRandomProjectionLSH}: each of {@code L} tables hashes a vector to the {@code k}-tuple
 * {@code floor((a_j·x + b_j) / w)} (Gaussian {@code a_j}, uniform {@code b_j} in {@code [0, w)}), stored as a
 * 64-bit hash in sorted primitive arrays. A search gathers the rows sharing the query's bucket in any table
 * (plus, with multi-probe, up to {@code probes} neighbouring buckets per table: the tuple with one coordinate
 * moved by ±1, coordinates whose projection is nearest a bucket boundary first, after Lv et al. 2007), and
 * ranks those candidates exactly.
 *
 * <p>For {@link Metric#L2}; for {@link Metric#COSINE} the rows and queries are normalised (the Euclidean
 * distance of unit vectors is monotone in their cosine). {@link #tune} picks {@code (w, k, L, probes)} for a
 * target recall.
 *
 * <pre>{@code
 * E2LshIndex index = E2LshIndex.builder(table, Metric.L2).withWidth(2.5).withProjections(8).withTables(16)
 *         .withProbes(4).build();
 * Neighbors top10 = index.search(query, 10);
 * }</pre>
 */
public final class E2LshIndex implements VectorIndex {
    static final String KIND = "e2lsh";
    static final int VERSION = 2;
    /** The default bucket width {@code w}. */
    public static final double DEFAULT_WIDTH = 4.0;
    /** The default number {@code k} of projections per table. */
    public static final int DEFAULT_PROJECTIONS = 8;
    /** The default number {@code L} of tables. */
    public static final int DEFAULT_TABLES = 16;
    /** The default number of extra buckets probed per table. */
    public static final int DEFAULT_PROBES = 0;
    /** The default seed of the projections. */
    public static final long DEFAULT_SEED = 42;
    /**
     * The default number of threads hashing the rows: all available processors, since the index does not depend
     * on the thread count.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final Metric metric;
    private final int dim;
    private final IdIndex ids;
    private final IndexInfo meta;
    private final float[] values;
    private final double w;
    private final int k;
    private final int probes;
    private final float[] proj;
    private final float[] offsets;
    private final LshTables tables;

    private E2LshIndex(Metric metric, int dim, IdIndex ids, float[] values, double w, int k, int probes,
                       float[] proj, float[] offsets, LshTables tables, IndexInfo meta) {
        this.meta = meta;
        this.metric = metric;
        this.dim = dim;
        this.ids = ids;
        this.values = values;
        this.w = w;
        this.k = k;
        this.probes = probes;
        this.proj = proj;
        this.offsets = offsets;
        this.tables = tables;
    }

    /**
     * Returns a builder of an index over the rows of {@code table}, ranking by {@code metric}; the options start
     * at the {@code DEFAULT_*} values. Both arguments are checked by {@link Builder#build()}.
     *
     * @param table  the vectors, not empty
     * @param metric {@link Metric#L2} or {@link Metric#COSINE}
     * @return the builder
     */
    public static Builder builder(EmbeddingTable table, Metric metric) {
        return new Builder(table, metric);
    }

    /**
     * Settings of an {@link E2LshIndex} over a table. Setters only store; {@link #build()} checks every value and
     * names the one out of range. Not thread-safe.
     */
    public static final class Builder {
        private final EmbeddingTable table;
        private final Metric metric;
        private double w = DEFAULT_WIDTH;
        private int k = DEFAULT_PROJECTIONS;
        private int tables = DEFAULT_TABLES;
        private int probes = DEFAULT_PROBES;
        private long seed = DEFAULT_SEED;
        private int threads = DEFAULT_THREADS;

        private Builder(EmbeddingTable table, Metric metric) {
            this.table = table;
            this.metric = metric;
        }

        /**
         * Sets the bucket width {@code w}, finite and greater than 0, in the units of the vectors (for cosine: of
         * unit vectors); default {@value E2LshIndex#DEFAULT_WIDTH}. Use {@link E2LshIndex#tune} to pick it for a
         * data set.
         *
         * @param w the bucket width
         * @return this builder
         */
        public Builder withWidth(double w) {
            this.w = w;
            return this;
        }

        /**
         * Sets the number {@code k} of projections per table (AND-construction), in {@code [1, 64]}; default
         * {@value E2LshIndex#DEFAULT_PROJECTIONS}.
         *
         * @param k the number of projections
         * @return this builder
         */
        public Builder withProjections(int k) {
            this.k = k;
            return this;
        }

        /**
         * Sets the number {@code L} of tables (OR-construction), at least 1; default
         * {@value E2LshIndex#DEFAULT_TABLES}.
         *
         * @param l the number of tables
         * @return this builder
         */
        public Builder withTables(int l) {
            this.tables = l;
            return this;
        }

        /**
         * Sets the number of extra buckets probed per table (multi-probe), in {@code [0, 2k]}; default
         * {@value E2LshIndex#DEFAULT_PROBES}.
         *
         * @param probes the number of extra buckets
         * @return this builder
         */
        public Builder withProbes(int probes) {
            this.probes = probes;
            return this;
        }

        /**
         * Sets the seed of the projections; default {@value E2LshIndex#DEFAULT_SEED}.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder withSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the number of threads used to hash the rows while building, at least 1 (default
         * {@link E2LshIndex#DEFAULT_THREADS}: all available processors); the index does not depend on it.
         *
         * @param threads the number of threads
         * @return this builder
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Hashes every row of the table and builds the index.
         *
         * @return the index
         * @throws NullPointerException     naming {@code table} or {@code metric} if it is null
         * @throws IllegalArgumentException naming the option out of range: a metric other than L2 and COSINE,
         *                                  an empty table, {@code probes > 2k}, ...
         */
        public E2LshIndex build() {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(metric, "metric");
            checkMetric(metric);
            if (!(w > 0) || !Double.isFinite(w)) {
                throw AnnSupport.bad("w (width)", w, "must be finite and > 0");
            }
            if (k < 1 || k > 64) {
                throw AnnSupport.bad("k (projections)", k, "must be in [1, 64]");
            }
            if (tables < 1) {
                throw AnnSupport.bad("L (tables)", tables, "must be >= 1");
            }
            if (probes < 0) {
                throw AnnSupport.bad("probes", probes, "must be >= 0");
            }
            Parallel.checkThreads(threads);
            if (table.size() < 1) {
                throw AnnSupport.bad("table", "0 rows", "must not be empty");
            }
            if (probes > 2 * k) {
                throw AnnSupport.bad("probes", probes, "must be <= 2k = " + 2 * k);
            }
            int dim = table.dim();
            int n = table.size();
            float[] values = AnnSupport.rows(table, metric);
            Random rnd = new Random(seed);
            float[] proj = new float[tables * k * dim];
            float[] offs = new float[tables * k];
            for (int t = 0, j = 0; t < tables; t++) {
                for (int i = 0; i < k; i++, j++) {
                    for (int d = 0; d < dim; d++) {
                        proj[j * dim + d] = (float) rnd.nextGaussian();
                    }
                    offs[j] = (float) (rnd.nextDouble() * w);
                }
            }
            long[][] rowKeys = new long[tables][n];
            int l = tables;
            int kk = k;
            double width = w;
            Parallel.forRange(n, threads, 512, () -> new float[l * kk], (p, from, to) -> {
                long[] coords = new long[kk];
                for (int r = from; r < to; r++) {
                    Vectors.dotRows(proj, dim, values, r * dim, p);
                    for (int t = 0; t < l; t++) {
                        for (int i = 0; i < kk; i++) {
                            coords[i] = (long) Math.floor((p[t * kk + i] + offs[t * kk + i]) / width);
                        }
                        rowKeys[t][r] = key(t, coords, kk);
                    }
                }
            });
            return new E2LshIndex(metric, dim, table.ids(), values, w, k, probes, proj, offs,
                    LshTables.build(rowKeys, n), IndexInfo.built(KIND, E2LshIndex.class, table, "metric", metric,
                    "width", w, "projections", k, "tables", l, "probes", probes, "seed", seed));
        }
    }

    private static void checkMetric(Metric metric) {
        if (metric != Metric.L2 && metric != Metric.COSINE) {
            throw AnnSupport.bad("metric", metric, "E2LSH supports L2 and COSINE");
        }
    }

    static long key(int table, long[] coords, int k) {
        long h = 0x9E3779B97F4A7C15L * (table + 1);
        for (int i = 0; i < k; i++) {
            h = LshTables.mix(h + coords[i] * 0xC2B2AE3D27D4EB4FL + i);
        }
        return h;
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
        return values.length / dim;
    }

    @Override
    public IdIndex ids() {
        return ids;
    }

    /** Returns the bucket width {@code w}. */
    public double width() {
        return w;
    }

    /** Returns the number {@code k} of projections per table. */
    public int projections() {
        return k;
    }

    /** Returns the number {@code L} of tables. */
    public int tables() {
        return tables.tables();
    }

    /** Returns the number of extra buckets probed per table by default. */
    public int probes() {
        return probes;
    }

    @Override
    public Neighbors search(float[] query, int k, IntPredicate accept) {
        return search(query, k, probes, accept, Deadline.none());
    }

    /**
     * Searches with the default number of probes, checking the deadline as
     * {@link #search(float[], int, int, IntPredicate, Deadline)} does.
     *
     * @throws DeadlineExceededException if the deadline passes before the search ends
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    @Override
    public Neighbors search(float[] query, int k, IntPredicate accept, Deadline deadline) {
        return search(query, k, probes, accept, deadline);
    }

    /**
     * Returns up to {@code k} rows nearest to {@code query} among the candidates {@code accept} allows,
     * probing {@code probes} extra buckets per table.
     *
     * @param query  {@link #dim()} values (not modified)
     * @param k      the number of neighbours wanted, at least 1
     * @param probes extra buckets per table, in {@code [0, 2 × projections()]}
     * @param accept the rows that may be returned, or {@code null} for all
     * @return the neighbours, best first (fewer than {@code k} if fewer candidates pass the filter)
     * @throws IllegalArgumentException naming the argument if it is out of range
     */
    public Neighbors search(float[] query, int k, int probes, IntPredicate accept) {
        return search(query, k, probes, accept, Deadline.none());
    }

    /**
     * Like {@link #search(float[], int, int, IntPredicate)}, checking the deadline (and the thread's
     * interruption) at the start and every 4,096 candidate rows while ranking; with the deadline far away the
     * answer is the same.
     *
     * @param query    {@link #dim()} values (not modified)
     * @param k        the number of neighbours wanted, at least 1
     * @param probes   extra buckets per table
     * @param accept   the rows that may be returned, or {@code null} for all
     * @param deadline when the caller stops waiting
     * @return the neighbours, best first
     * @throws IllegalArgumentException naming the argument if it is out of range
     * @throws DeadlineExceededException if the deadline passes before the search ends
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    public Neighbors search(float[] query, int k, int probes, IntPredicate accept, Deadline deadline) {
        Objects.requireNonNull(deadline, "deadline");
        deadline.check("e2lsh search");
        float[] q = AnnSupport.query(query, dim, k, metric);
        checkProbes(probes);
        IntDoubleTopK top = new IntDoubleTopK(k);
        gather(q, tables.tables(), probes, accept, top, deadline);
        return AnnSupport.drain(top);
    }

    /**
     * Returns the number of distinct candidate rows a search for {@code query} ranks exactly (before any
     * filter), with {@code probes} extra buckets per table: the cost of a search.
     *
     * @param query  {@link #dim()} values
     * @param probes extra buckets per table, in {@code [0, 2 × projections()]}
     * @return the number of candidates
     */
    public int candidates(float[] query, int probes) {
        float[] q = AnnSupport.query(query, dim, 1, metric);
        checkProbes(probes);
        return gather(q, tables.tables(), probes, null, null, Deadline.none());
    }

    private void checkProbes(int probes) {
        if (probes < 0 || probes > 2 * k) {
            throw AnnSupport.bad("probes", probes, "must be in [0, 2k = " + 2 * k + "]");
        }
    }

    /** Gathers the candidates of the first {@code used} tables, offers them to {@code top}; returns their count. */
    int gather(float[] q, int used, int probes, IntPredicate accept, IntDoubleTopK top, Deadline deadline) {
        float[] p = new float[used * k];
        Vectors.dotRows(proj, dim, q, 0, p);
        long[] coords = new long[k];
        double[] cost = new double[2 * k];
        int[] order = new int[2 * k];
        long[] seen = new long[(size() + 63) >>> 6];
        int count = 0;
        for (int t = 0; t < used; t++) {
            for (int i = 0; i < k; i++) {
                double v = (p[t * k + i] + offsets[t * k + i]) / w;
                double f = Math.floor(v);
                coords[i] = (long) f;
                double frac = v - f;
                cost[2 * i] = frac * frac;                 // move down one bucket
                cost[2 * i + 1] = (1 - frac) * (1 - frac); // move up one bucket
            }
            count += visit(t, key(t, coords, k), seen);
            if (probes > 0) {
                for (int i = 0; i < 2 * k; i++) {
                    order[i] = i;
                }
                for (int s = 0; s < probes; s++) { // partial selection sort: the nearest boundaries first
                    int best = s;
                    for (int i = s + 1; i < 2 * k; i++) {
                        if (cost[order[i]] < cost[order[best]]) {
                            best = i;
                        }
                    }
                    int tmp = order[s];
                    order[s] = order[best];
                    order[best] = tmp;
                    int c = order[s] >>> 1;
                    long delta = (order[s] & 1) == 0 ? -1 : 1;
                    coords[c] += delta;
                    count += visit(t, key(t, coords, k), seen);
                    coords[c] -= delta;
                }
            }
        }
        if (top != null) {
            rank(seen, q, accept, top, deadline);
        }
        return count;
    }

    /** Marks the rows of bucket {@code key} of table {@code t} in {@code seen}; returns how many were new. */
    private int visit(int t, long key, long[] seen) {
        int b = tables.bucket(t, key);
        if (b < 0) {
            return 0;
        }
        int[] rows = tables.rows[t];
        int count = 0;
        for (int i = tables.start[t][b], end = tables.start[t][b + 1]; i < end; i++) {
            int r = rows[i];
            long bit = 1L << r;
            if ((seen[r >>> 6] & bit) == 0) {
                seen[r >>> 6] |= bit;
                count++;
            }
        }
        return count;
    }

    /**
     * Ranks the marked rows exactly, in ascending row order: the rows are read front to back through memory, as
     * in a (sparse) scan, instead of in bucket order, which jumps across the whole table.
     */
    private void rank(long[] seen, float[] q, IntPredicate accept, IntDoubleTopK top, Deadline deadline) {
        for (int w = 0; w < seen.length; w++) {
            if ((w & 63) == 63) {
                deadline.check("e2lsh search");
            }
            long bits = seen[w];
            while (bits != 0) {
                int r = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (accept == null || accept.test(r)) {
                    top.offer(r, AnnSupport.score(metric, q, values, r * dim, dim));
                }
            }
        }
    }

    /**
     * The settings {@link #tune} chose and what they measured.
     *
     * @param metric      the metric the settings were tuned for
     * @param width       the bucket width {@code w}
     * @param projections the number {@code k} of projections per table
     * @param tables      the number {@code L} of tables
     * @param probes      the number of extra buckets probed per table
     * @param seed        the seed the settings were measured with
     * @param recall      the mean recall@10 measured on the sample queries
     * @param candidates  the mean number of candidates ranked per query
     * @param reached     whether the recall reached the target (if not, the setting of the highest recall)
     */
    public record Tuning(Metric metric, double width, int projections, int tables, int probes, long seed, double recall,
                         double candidates, boolean reached) {
        /**
         * Returns a builder over {@code table} (usually the tuned one) with these settings, metric and seed.
         *
         * @param table the vectors
         * @return the builder
         */
        public Builder builder(EmbeddingTable table) {
            return E2LshIndex.builder(table, metric).withWidth(width).withProjections(projections).withTables(tables)
                    .withProbes(probes).withSeed(seed);
        }

        @Override
        public String toString() {
            return "w=" + width + " k=" + projections + " L=" + tables + " probes=" + probes + " recall@10=" + recall
                    + " candidates=" + candidates + (reached ? "" : " (target not reached)");
        }
    }

    /**
     * Picks {@code (w, k, L, probes)} from a small grid for a target recall@10: {@code sampleQueries} rows of the
     * table (seeded) serve as queries, their exact top 10 is found by brute force over the table, and among the
     * settings reaching {@code targetRecall} the one with the fewest candidates plus bucket look-ups per query is
     * chosen. Widths are multiples (1, 2, 4, 8, 16) of the mean distance to the 10th neighbour; {@code k} in
     * {4, 8, 12, 16}; {@code L} in {2, 4, 8, 16, 32}; probes 0, {@code k/4}, {@code k/2} or {@code k}. It builds
     * 20 indexes of 32 tables over the table: allow about a minute for 100,000 rows of 64 values.
     *
     * @param table         the vectors the index will be built over
     * @param metric        {@link Metric#L2} or {@link Metric#COSINE}
     * @param targetRecall  in (0, 1]
     * @param sampleQueries at least 1 (capped at the table size)
     * @param seed          the seed of the sample and of every index built
     * @return the chosen settings and their measured recall and candidate count
     * @throws IllegalArgumentException naming the argument if it is out of range
     */
    public static Tuning tune(EmbeddingTable table, Metric metric, double targetRecall, int sampleQueries, long seed) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(metric, "metric");
        checkMetric(metric);
        if (!(targetRecall > 0 && targetRecall <= 1)) {
            throw AnnSupport.bad("targetRecall", targetRecall, "must be in (0, 1]");
        }
        if (sampleQueries < 1) {
            throw AnnSupport.bad("sampleQueries", sampleQueries, "must be >= 1");
        }
        int n = table.size();
        if (n < 1) {
            throw AnnSupport.bad("table", "0 rows", "must not be empty");
        }
        int dim = table.dim();
        int m = Math.min(sampleQueries, n);
        int topK = Math.min(10, n);
        float[] values = AnnSupport.rows(table, metric);
        Random rnd = new Random(seed);
        float[][] queries = new float[m][];
        int[][] truth = new int[m][];
        double[] tenth = new double[m];
        for (int i = 0; i < m; i++) {
            int r = rnd.nextInt(n);
            queries[i] = new float[dim];
            System.arraycopy(values, r * dim, queries[i], 0, dim);
        }
        Parallel.forRange(m, Parallel.availableThreads(), 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                IntDoubleTopK top = new IntDoubleTopK(topK);
                for (int r = 0; r < n; r++) {
                    top.offer(r, -Vectors.squaredDistance(queries[i], 0, values, r * dim, dim));
                }
                tenth[i] = Math.sqrt(-top.worstScore());
                truth[i] = top.drainIds();
            }
        });
        double scale = 0;
        for (double d : tenth) {
            scale += d / m;
        }
        if (!(scale > 0)) {
            scale = 1;
        }
        int[] ls = {2, 4, 8, 16, 32};
        Tuning best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int k : new int[] {4, 8, 12, 16}) {
            for (double mult : new double[] {1, 2, 4, 8, 16}) {
                E2LshIndex index = builder(table, metric).withWidth(mult * scale).withProjections(k).withTables(32)
                        .withSeed(seed).build();
                for (int probes : new int[] {0, k / 4, k / 2, k}) {
                    for (int l : ls) {
                        double recall = 0;
                        double cand = 0;
                        for (int i = 0; i < m; i++) {
                            IntDoubleTopK top = new IntDoubleTopK(topK);
                            cand += index.gather(queries[i], l, probes, null, top, Deadline.none());
                            int[] found = top.drainIds();
                            int hit = 0;
                            for (int a : truth[i]) {
                                for (int b : found) {
                                    if (a == b) {
                                        hit++;
                                        break;
                                    }
                                }
                            }
                            recall += (double) hit / truth[i].length;
                        }
                        recall /= m;
                        cand /= m;
                        boolean reached = recall >= targetRecall;
                        double cost = cand + (double) l * (1 + probes);
                        boolean better = best == null
                                || reached && (!best.reached() || cost < bestCost)
                                || !reached && !best.reached() && recall > best.recall();
                        if (better) {
                            best = new Tuning(metric, mult * scale, k, l, probes, seed, recall, cand, reached);
                            bestCost = cost;
                        }
                        if (reached) {
                            break; // more tables only cost more
                        }
                    }
                }
            }
        }
        return best;
    }

    @Override
    public void save(Path file) throws IOException {
        meta.save(file, VERSION, 0, ids, this::writeBody);
    }

    /** Writes the body of the saved index (the same in versions 1 and 2). */
    private void writeBody(DataOutputStream out) throws IOException {
        out.writeUTF(metric.name());
        out.writeInt(dim);
        out.writeDouble(w);
        out.writeInt(k);
        out.writeInt(tables.tables());
        out.writeInt(probes);
        AnnSupport.writeIds(out, ids);
        AnnSupport.writeFloats(out, values);
        AnnSupport.writeFloats(out, proj);
        AnnSupport.writeFloats(out, offsets);
        tables.write(out);
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
    public E2LshIndex withInfo(ArtifactInfo provenance) {
        return new E2LshIndex(metric, dim, ids, values, w, k, probes, proj, offsets, tables, meta.with(provenance));
    }

    /**
     * Reads an index written by {@link #save(Path)}.
     *
     * @param file an opened, checksum-verified file ({@link IndexFile#open(Path)})
     * @return the index, searching exactly like the saved one
     * @throws org.recsys4j.core.data.DataFileException if the file holds another kind or version, or
     *                                                  inconsistent contents
     * @throws IOException                              if the body cannot be read
     */
    public static E2LshIndex read(IndexFile.Opened file) throws IOException {
        AnnSupport.expect(file, KIND, VERSION);
        IndexInfo meta = IndexInfo.read(file, 0);
        DataInputStream in = file.body();
        Metric metric;
        try {
            metric = Metric.valueOf(in.readUTF());
        } catch (IllegalArgumentException e) {
            throw AnnSupport.format("metric", "?", "unknown metric");
        }
        int dim = in.readInt();
        double w = in.readDouble();
        int k = in.readInt();
        int l = in.readInt();
        int probes = in.readInt();
        if (dim < 1 || !(w > 0) || k < 1 || k > 64 || l < 1 || probes < 0 || probes > 2 * k) {
            throw AnnSupport.format("settings", "dim=" + dim + " w=" + w + " k=" + k + " L=" + l + " probes=" + probes,
                    "out of range");
        }
        IdIndex ids = AnnSupport.readIds(in);
        int n = ids.size();
        float[] values = AnnSupport.readFloats(in, "vectors", (long) n * dim);
        float[] proj = AnnSupport.readFloats(in, "projections", (long) l * k * dim);
        float[] offs = AnnSupport.readFloats(in, "offsets", (long) l * k);
        LshTables tables = LshTables.read(in, l, n);
        IndexFile.requireRecordedIds(file, ids, "index body");
        return new E2LshIndex(metric, dim, ids, values, w, k, probes, proj, offs, tables, meta);
    }
}
