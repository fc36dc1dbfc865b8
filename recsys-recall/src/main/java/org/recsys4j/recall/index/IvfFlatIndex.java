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
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * An inverted-file index with exact ("flat") lists: a k-means coarse quantiser splits the rows into
 * {@code nlist} lists; a search scans, exactly, the rows of the {@code nprobe} lists whose centroids are
 * nearest to the query. With {@code nprobe = nlist} the search is exact.
 *
 * <p>Training, as faiss trains its coarse quantiser: on a seeded sample of at most {@code 256 × nlist} rows,
 * centroids start at {@code nlist} distinct random sample rows (or, with {@link Builder#withKmeansPlusPlus}, by
 * k-means++ D² sampling), then 10 Lloyd iterations by default. The assignment step, the bulk of the work, is
 * blocked: the centroids are kept transposed ({@code dim} rows of {@code nlist}), so one row's scores against
 * every centroid are {@code dim / 4} vectorised {@link Vectors#axpy4(float, float[], float, float[], float,
 * float[], float, float[], float[], int)} calls instead of {@code nlist} dot products; it runs on
 * {@link Builder#withThreads} threads, updates in a fixed order, so the same seed gives the same index on any
 * number of threads.
 * For {@link Metric#COSINE} the rows are normalised and the k-means is spherical (centroids re-normalised);
 * for {@link Metric#INNER_PRODUCT} lists are formed by Euclidean k-means and probed by inner product with the
 * centroids. The vectors of each list are copied next to each other, so a probe is one contiguous scan.
 *
 * <pre>{@code
 * IvfFlatIndex index = IvfFlatIndex.builder(table, Metric.L2).withNlist(256).withNprobe(16).withSeed(7).build();
 * Neighbors top10 = index.search(query, 10);                 // the builder's nprobe
 * Neighbors wider = index.search(query, 10, 64, seen::notContains);
 * }</pre>
 */
public final class IvfFlatIndex implements VectorIndex {
    static final String KIND = "ivf-flat";
    static final int VERSION = 2;
    /** The default number of lists probed per search. */
    public static final int DEFAULT_NPROBE = 8;
    /** The default maximum number of Lloyd iterations (faiss's). */
    public static final int DEFAULT_ITERATIONS = 10;
    /** By default the initial centroids are distinct random sample rows (faiss's choice), not k-means++. */
    public static final boolean DEFAULT_KMEANS_PLUS_PLUS = false;
    /** The default seed of the sample and of the initial centroids. */
    public static final long DEFAULT_SEED = 42;
    /**
     * The default number of threads of the build: all available processors, since the index does not depend on
     * the thread count.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final Metric metric;
    private final int dim;
    private final IdIndex ids;
    private final IndexInfo meta;
    private final int nprobe;
    private final float[] centroids;
    private final float[] centroidNorms;
    /** The centroids transposed ({@code dim} rows of {@code nlist}), for {@link #centroidDots}. */
    private final float[][] centroidsT;
    private final int[] listStart;
    private final int[] listRows;
    private final float[] listVectors;

    private IvfFlatIndex(Metric metric, int dim, IdIndex ids, int nprobe, float[] centroids, int[] listStart,
                         int[] listRows, float[] listVectors, IndexInfo meta) {
        this.meta = meta;
        this.metric = metric;
        this.dim = dim;
        this.ids = ids;
        this.nprobe = nprobe;
        this.centroids = centroids;
        this.listStart = listStart;
        this.listRows = listRows;
        this.listVectors = listVectors;
        int nlist = listStart.length - 1;
        this.centroidNorms = new float[nlist];
        this.centroidsT = transpose(centroids, nlist, dim);
        for (int c = 0; c < nlist; c++) {
            centroidNorms[c] = Vectors.dot(centroids, c * dim, centroids, c * dim, dim);
        }
    }

    /** Returns the {@code rows × dim} row-major matrix {@code m} as {@code dim} arrays of {@code rows}. */
    static float[][] transpose(float[] m, int rows, int dim) {
        float[][] t = new float[dim][rows];
        for (int r = 0; r < rows; r++) {
            for (int d = 0; d < dim; d++) {
                t[d][r] = m[r * dim + d];
            }
        }
        return t;
    }

    /**
     * Adds {@code x[xo..xo+dim) · centroid c} to {@code out[c]} for every centroid, the centroids given
     * transposed: {@code dim / 4} vectorised {@link Vectors#axpy4(float, float[], float, float[], float, float[],
     * float, float[], float[], int)} sweeps over {@code out}, a blocked product in place of one dot per centroid.
     */
    static void centroidDots(float[][] centT, float[] x, int xo, float[] out) {
        int dim = centT.length;
        int k = out.length;
        int d = 0;
        for (; d + 4 <= dim; d += 4) {
            Vectors.axpy4(x[xo + d], centT[d], x[xo + d + 1], centT[d + 1], x[xo + d + 2], centT[d + 2],
                    x[xo + d + 3], centT[d + 3], out, k);
        }
        for (; d < dim; d++) {
            Vectors.axpy(x[xo + d], centT[d], out, k);
        }
    }

    /**
     * Returns a builder of an index over the rows of {@code table}, ranking by {@code metric}; the options start
     * at the {@code DEFAULT_*} values. Both arguments are checked by {@link Builder#build()}.
     *
     * @param table  the vectors, not empty
     * @param metric the metric
     * @return the builder
     */
    public static Builder builder(EmbeddingTable table, Metric metric) {
        return new Builder(table, metric);
    }

    /**
     * Settings of an {@link IvfFlatIndex} over a table. Setters only store; {@link #build()} checks every value
     * and names the one out of range. Not thread-safe.
     */
    public static final class Builder {
        private final EmbeddingTable table;
        private final Metric metric;
        private Integer nlist;   // null: the data-dependent default
        private int nprobe = DEFAULT_NPROBE;
        private int iterations = DEFAULT_ITERATIONS;
        private boolean kmeansPlusPlus = DEFAULT_KMEANS_PLUS_PLUS;
        private Integer trainingSample;   // null: the data-dependent default
        private long seed = DEFAULT_SEED;
        private int threads = DEFAULT_THREADS;

        private Builder(EmbeddingTable table, Metric metric) {
            this.table = table;
            this.metric = metric;
        }

        /**
         * Sets the number of lists (k-means centroids), at least 1 and at most the table size. Absent (the
         * default): {@code round(sqrt(rows))}, a value that depends on the table.
         *
         * @param nlist the number of lists
         * @return this builder
         */
        public Builder withNlist(int nlist) {
            this.nlist = nlist;
            return this;
        }

        /**
         * Sets the default number of lists probed per search, at least 1 (capped at {@code nlist}; default
         * {@value IvfFlatIndex#DEFAULT_NPROBE}).
         *
         * @param nprobe the number of lists
         * @return this builder
         */
        public Builder withNprobe(int nprobe) {
            this.nprobe = nprobe;
            return this;
        }

        /**
         * Sets the maximum number of Lloyd iterations, at least 0 (training stops earlier when no assignment
         * changes; default {@value IvfFlatIndex#DEFAULT_ITERATIONS}, as faiss).
         *
         * @param iterations the maximum number of iterations
         * @return this builder
         */
        public Builder withIterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /**
         * Sets the number of rows k-means is trained on (a seeded sample), at least 1 (raised to {@code nlist}
         * if smaller, capped at the table size). Absent (the default): {@code 256 × nlist} rows, as faiss.
         *
         * @param rows the sample size
         * @return this builder
         */
        public Builder withTrainingSample(int rows) {
            this.trainingSample = rows;
            return this;
        }

        /**
         * Chooses the initial centroids by k-means++ D² sampling (one pass over the sample per centroid) instead
         * of distinct random sample rows (faiss's choice; default {@value IvfFlatIndex#DEFAULT_KMEANS_PLUS_PLUS}).
         *
         * @param on true for k-means++
         * @return this builder
         */
        public Builder withKmeansPlusPlus(boolean on) {
            this.kmeansPlusPlus = on;
            return this;
        }

        /**
         * Sets the seed of the sample and of the initial centroids (default {@value IvfFlatIndex#DEFAULT_SEED}).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder withSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the number of threads used for assignments while building, at least 1 (default
         * {@link IvfFlatIndex#DEFAULT_THREADS}: all available processors); the index does not depend on it.
         *
         * @param threads the number of threads
         * @return this builder
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Trains the quantiser and builds the index over the table.
         *
         * @return the index
         * @throws NullPointerException     naming {@code table} or {@code metric} if it is null
         * @throws IllegalArgumentException naming the option out of range, e.g. an empty table or an
         *                                  {@code nlist} larger than its size
         */
        public IvfFlatIndex build() {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(metric, "metric");
            if (nlist != null && nlist < 1) {
                throw AnnSupport.bad("nlist", nlist, "must be >= 1");
            }
            if (nprobe < 1) {
                throw AnnSupport.bad("nprobe", nprobe, "must be >= 1");
            }
            if (iterations < 0) {
                throw AnnSupport.bad("iterations", iterations, "must be >= 0");
            }
            if (trainingSample != null && trainingSample < 1) {
                throw AnnSupport.bad("trainingSample", trainingSample, "must be >= 1");
            }
            Parallel.checkThreads(threads);
            int n = table.size();
            int dim = table.dim();
            if (n < 1) {
                throw AnnSupport.bad("table", "0 rows", "must not be empty");
            }
            int lists = nlist != null ? nlist : Math.max(1, (int) Math.round(Math.sqrt(n)));
            if (lists > n) {
                throw AnnSupport.bad("nlist", lists, "must be <= the table size " + n);
            }
            float[] values = AnnSupport.rows(table, metric);
            SplittableRandom rnd = new SplittableRandom(seed);
            int m = Math.min(n, Math.max(lists, trainingSample != null ? trainingSample : 256 * lists));
            float[] sample = sample(values, n, dim, m, rnd);
            float[] cent = kmeans(sample, m, dim, lists, rnd);
            int[] assign = new int[n];
            assign(values, n, dim, cent, lists, assign);
            int[] start = new int[lists + 1];
            for (int a : assign) {
                start[a + 1]++;
            }
            for (int c = 0; c < lists; c++) {
                start[c + 1] += start[c];
            }
            int[] fill = start.clone();
            int[] rows = new int[n];
            float[] vecs = new float[n * dim];
            for (int r = 0; r < n; r++) {
                int pos = fill[assign[r]]++;
                rows[pos] = r;
                System.arraycopy(values, r * dim, vecs, pos * dim, dim);
            }
            return new IvfFlatIndex(metric, dim, table.ids(), Math.min(nprobe, lists), cent, start, rows, vecs,
                    IndexInfo.built(KIND, IvfFlatIndex.class, table, "metric", metric, "nlist", lists, "nprobe",
                            Math.min(nprobe, lists), "iterations", iterations, "kmeansPlusPlus", kmeansPlusPlus, "seed", seed));
        }

        /** Returns {@code m} distinct rows of {@code values} chosen by the seeded generator (all, in order, if m = n). */
        private static float[] sample(float[] values, int n, int dim, int m, SplittableRandom rnd) {
            if (m == n) {
                return values.clone();
            }
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            float[] out = new float[m * dim];
            for (int i = 0; i < m; i++) {
                int j = i + rnd.nextInt(n - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                System.arraycopy(values, perm[i] * dim, out, i * dim, dim);
            }
            return out;
        }

        private float[] kmeans(float[] x, int m, int dim, int k, SplittableRandom rnd) {
            float[] cent = kmeansPlusPlus ? plusPlus(x, m, dim, k, rnd) : sample(x, m, dim, k, rnd);
            if (metric == Metric.COSINE) {
                Vectors.normalizeRows(cent, dim);
            }
            int[] assign = new int[m];
            java.util.Arrays.fill(assign, -1);
            double[] sums = new double[k * dim];
            int[] counts = new int[k];
            for (int it = 0; it < iterations; it++) {
                int changed = assign(x, m, dim, cent, k, assign);
                if (changed == 0) {
                    break;
                }
                java.util.Arrays.fill(sums, 0);
                java.util.Arrays.fill(counts, 0);
                for (int i = 0; i < m; i++) {
                    int c = assign[i];
                    counts[c]++;
                    for (int d = 0, o = c * dim, xo = i * dim; d < dim; d++) {
                        sums[o + d] += x[xo + d];
                    }
                }
                for (int c = 0; c < k; c++) {
                    int o = c * dim;
                    if (counts[c] == 0) {
                        // an empty cluster restarts at a random sample row
                        System.arraycopy(x, rnd.nextInt(m) * dim, cent, o, dim);
                        continue;
                    }
                    for (int d = 0; d < dim; d++) {
                        cent[o + d] = (float) (sums[o + d] / counts[c]);
                    }
                    if (metric == Metric.COSINE) {
                        Vectors.normalize(cent, o, dim);
                    }
                }
            }
            return cent;
        }

        /** k-means++ initial centroids: D² sampling, one pass over the sample per centroid. */
        private float[] plusPlus(float[] x, int m, int dim, int k, SplittableRandom rnd) {
            float[] cent = new float[k * dim];
            // k-means++: D² sampling
            double[] minD = new double[m];
            int first = rnd.nextInt(m);
            System.arraycopy(x, first * dim, cent, 0, dim);
            double total = 0;
            for (int i = 0; i < m; i++) {
                minD[i] = Vectors.squaredDistance(x, i * dim, cent, 0, dim);
                total += minD[i];
            }
            for (int c = 1; c < k; c++) {
                int pick;
                if (total <= 0) {
                    pick = rnd.nextInt(m);
                } else {
                    double target = rnd.nextDouble() * total;
                    pick = m - 1;
                    double acc = 0;
                    for (int i = 0; i < m; i++) {
                        acc += minD[i];
                        if (acc > target) {
                            pick = i;
                            break;
                        }
                    }
                }
                System.arraycopy(x, pick * dim, cent, c * dim, dim);
                int co = c * dim;
                double[] sum = new double[1];
                Parallel.forRange(m, threads, 4096, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double d = Vectors.squaredDistance(x, i * dim, cent, co, dim);
                        if (d < minD[i]) {
                            minD[i] = d;
                        }
                    }
                });
                for (int i = 0; i < m; i++) {
                    sum[0] += minD[i];
                }
                total = sum[0];
            }
            return cent;
        }

        /**
         * Assigns every row of {@code x} to its nearest centroid; returns how many assignments changed. Blocked:
         * with the centroids transposed, a row's scores {@code 2·x·c − |c|²} (or {@code x·c} for cosine) against
         * all {@code k} centroids are {@code dim / 4} vectorised {@link Vectors#axpy4} calls over {@code k} floats.
         */
        private int assign(float[] x, int m, int dim, float[] cent, int k, int[] assign) {
            float[] init = new float[k];
            float[][] centT = transpose(cent, k, dim);
            for (int c = 0; c < k; c++) {
                init[c] = metric == Metric.COSINE ? 0 : -0.5f * Vectors.dot(cent, c * dim, cent, c * dim, dim);
            }
            int[] changed = new int[(m + 1023) / 1024];
            Parallel.forRange(m, threads, 1024, () -> new float[k], (scores, from, to) -> {
                int ch = 0;
                for (int i = from; i < to; i++) {
                    System.arraycopy(init, 0, scores, 0, k);
                    centroidDots(centT, x, i * dim, scores);
                    int best = 0;
                    float bestScore = Float.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        if (scores[c] > bestScore) {
                            bestScore = scores[c];
                            best = c;
                        }
                    }
                    if (assign[i] != best) {
                        assign[i] = best;
                        ch++;
                    }
                }
                changed[from / 1024] = ch;
            });
            int total = 0;
            for (int c : changed) {
                total += c;
            }
            return total;
        }
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
        return listRows.length;
    }

    @Override
    public IdIndex ids() {
        return ids;
    }

    /** Returns the number of lists. */
    public int nlist() {
        return listStart.length - 1;
    }

    /** Returns the default number of lists probed by {@link #search(float[], int, IntPredicate)}. */
    public int nprobe() {
        return nprobe;
    }

    /** Returns the number of rows in list {@code list}, in {@code [0, nlist())}. */
    public int listSize(int list) {
        return listStart[list + 1] - listStart[list];
    }

    /** Searches the builder's default number of lists; see {@link #search(float[], int, int, IntPredicate)}. */
    @Override
    public Neighbors search(float[] query, int k, IntPredicate accept) {
        return search(query, k, nprobe, accept, Deadline.none());
    }

    /**
     * Searches the builder's default number of lists, checking the deadline as
     * {@link #search(float[], int, int, IntPredicate, Deadline)} does.
     *
     * @throws DeadlineExceededException if the deadline passes before the search ends
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    @Override
    public Neighbors search(float[] query, int k, IntPredicate accept, Deadline deadline) {
        return search(query, k, nprobe, accept, deadline);
    }

    /**
     * Returns up to {@code k} rows nearest to {@code query} among those {@code accept} allows, scanning the
     * {@code nprobe} lists whose centroids are nearest to the query (exact when {@code nprobe >= nlist()}).
     *
     * @param query  {@link #dim()} values (not modified)
     * @param k      the number of neighbours wanted, at least 1
     * @param nprobe the number of lists to scan, at least 1 (capped at {@link #nlist()})
     * @param accept the rows that may be returned, or {@code null} for all
     * @return the neighbours, best first
     * @throws IllegalArgumentException naming the argument if the query has the wrong dimension, {@code k < 1}
     *                                  or {@code nprobe < 1}
     */
    public Neighbors search(float[] query, int k, int nprobe, IntPredicate accept) {
        return search(query, k, nprobe, accept, Deadline.none());
    }

    /**
     * Like {@link #search(float[], int, int, IntPredicate)}, checking the deadline (and the thread's
     * interruption) at the start and before each probed list; with the deadline far away the answer is the same.
     *
     * @param query    {@link #dim()} values (not modified)
     * @param k        the number of neighbours wanted, at least 1
     * @param nprobe   the number of lists to scan, at least 1 (capped at {@link #nlist()})
     * @param accept   the rows that may be returned, or {@code null} for all
     * @param deadline when the caller stops waiting
     * @return the neighbours, best first
     * @throws IllegalArgumentException naming the argument if the query has the wrong dimension, {@code k < 1}
     *                                  or {@code nprobe < 1}
     * @throws DeadlineExceededException if the deadline passes before the search ends
     * @throws java.util.concurrent.CancellationException if the thread is interrupted
     */
    public Neighbors search(float[] query, int k, int nprobe, IntPredicate accept, Deadline deadline) {
        Objects.requireNonNull(deadline, "deadline");
        deadline.check("ivf search");
        float[] q = AnnSupport.query(query, dim, k, metric);
        if (nprobe < 1) {
            throw AnnSupport.bad("nprobe", nprobe, "must be >= 1");
        }
        int nlist = nlist();
        int probes = Math.min(nprobe, nlist);
        float[] dots = new float[nlist];
        centroidDots(centroidsT, q, 0, dots);
        int[] order;
        if (probes == nlist) {
            order = new int[nlist];
            for (int c = 0; c < nlist; c++) {
                order[c] = c;
            }
        } else {
            IntDoubleTopK near = new IntDoubleTopK(probes);
            for (int c = 0; c < nlist; c++) {
                near.offer(c, metric == Metric.L2 ? 2.0 * dots[c] - centroidNorms[c] : dots[c]);
            }
            order = near.drainIds();
        }
        IntDoubleTopK top = new IntDoubleTopK(k);
        for (int c : order) {
            deadline.check("ivf search");
            for (int p = listStart[c], end = listStart[c + 1]; p < end; p++) {
                int row = listRows[p];
                if (accept != null && !accept.test(row)) {
                    continue;
                }
                top.offer(row, AnnSupport.score(metric, q, listVectors, p * dim, dim));
            }
        }
        return AnnSupport.drain(top);
    }

    @Override
    public void save(Path file) throws IOException {
        meta.save(file, VERSION, 0, ids, this::writeBody);
    }

    /** Writes the body of the saved index (the same in versions 1 and 2). */
    private void writeBody(DataOutputStream out) throws IOException {
        out.writeUTF(metric.name());
        out.writeInt(dim);
        out.writeInt(nprobe);
        AnnSupport.writeIds(out, ids);
        AnnSupport.writeInts(out, listStart);
        AnnSupport.writeFloats(out, centroids);
        AnnSupport.writeInts(out, listRows);
        AnnSupport.writeFloats(out, listVectors);
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
    public IvfFlatIndex withInfo(ArtifactInfo provenance) {
        return new IvfFlatIndex(metric, dim, ids, nprobe, centroids, listStart, listRows, listVectors, meta.with(provenance));
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
    public static IvfFlatIndex read(IndexFile.Opened file) throws IOException {
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
        if (dim < 1) {
            throw AnnSupport.format("dim", dim, "must be >= 1");
        }
        int nprobe = in.readInt();
        IdIndex ids = AnnSupport.readIds(in);
        int n = ids.size();
        int starts = in.readInt();
        if (starts < 2 || starts > n + 1) {
            throw AnnSupport.format("nlist", starts - 1, "must be in [1, " + n + "]");
        }
        int[] start = new int[starts];
        for (int i = 0; i < starts; i++) {
            start[i] = in.readInt();
            if (i > 0 && start[i] < start[i - 1] || start[i] < 0 || start[i] > n) {
                throw AnnSupport.format("listStart", start[i], "list offsets must be non-decreasing in [0, " + n + "]");
            }
        }
        if (start[0] != 0 || start[starts - 1] != n) {
            throw AnnSupport.format("listStart", start[starts - 1], "lists must cover the " + n + " rows");
        }
        int nlist = starts - 1;
        if (nprobe < 1 || nprobe > nlist) {
            throw AnnSupport.format("nprobe", nprobe, "must be in [1, " + nlist + "]");
        }
        float[] cent = AnnSupport.readFloats(in, "centroids", (long) nlist * dim);
        int[] rows = AnnSupport.readInts(in, "listRows", n, n);
        float[] vecs = AnnSupport.readFloats(in, "listVectors", (long) n * dim);
        IndexFile.requireRecordedIds(file, ids, "index body");
        return new IvfFlatIndex(metric, dim, ids, nprobe, cent, start, rows, vecs, meta);
    }
}
