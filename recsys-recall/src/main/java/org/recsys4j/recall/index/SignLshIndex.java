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
 * Sign random projection LSH (SimHash, Charikar 2002) for {@link Metric#COSINE}: each of {@code L} tables
 * hashes a normalised vector to {@code b} bits, the signs of its dot products with {@code b} Gaussian
 * hyperplanes (two vectors at angle θ agree on a bit with probability 1 − θ/π). A search gathers the rows
 * sharing the query's bucket in any table (plus, with multi-probe, up to {@code probes} buckets per table
 * that differ in one bit, the bits whose projection is smallest in magnitude first) and ranks them exactly.
 *
 * <pre>{@code
 * SignLshIndex index = SignLshIndex.builder(table).withBits(14).withTables(16).withProbes(4).build();
 * Neighbors top10 = index.search(query, 10);
 * }</pre>
 */
public final class SignLshIndex implements VectorIndex {
    static final String KIND = "sign-lsh";
    static final int VERSION = 2;
    /** The default number {@code b} of bits per table. */
    public static final int DEFAULT_BITS = 16;
    /** The default number {@code L} of tables. */
    public static final int DEFAULT_TABLES = 16;
    /** The default number of extra buckets probed per table. */
    public static final int DEFAULT_PROBES = 0;
    /** The default seed of the hyperplanes. */
    public static final long DEFAULT_SEED = 42;
    /**
     * The default number of threads hashing the rows: all available processors, since the index does not depend
     * on the thread count.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final int dim;
    private final IdIndex ids;
    private final IndexInfo meta;
    private final float[] values;
    private final int bits;
    private final int probes;
    private final float[] planes;
    private final LshTables tables;

    private SignLshIndex(int dim, IdIndex ids, float[] values, int bits, int probes, float[] planes, LshTables tables, IndexInfo meta) {
        this.meta = meta;
        this.dim = dim;
        this.ids = ids;
        this.values = values;
        this.bits = bits;
        this.probes = probes;
        this.planes = planes;
        this.tables = tables;
    }

    /**
     * Returns a builder of an index over the rows of {@code table} (the metric is always {@link Metric#COSINE});
     * the options start at the {@code DEFAULT_*} values. The table is checked by {@link Builder#build()}.
     *
     * @param table the vectors, not empty
     * @return the builder
     */
    public static Builder builder(EmbeddingTable table) {
        return new Builder(table);
    }

    /**
     * Settings of a {@link SignLshIndex} over a table. Setters only store; {@link #build()} checks every value
     * and names the one out of range. Not thread-safe.
     */
    public static final class Builder {
        private final EmbeddingTable table;
        private int bits = DEFAULT_BITS;
        private int tables = DEFAULT_TABLES;
        private int probes = DEFAULT_PROBES;
        private long seed = DEFAULT_SEED;
        private int threads = DEFAULT_THREADS;

        private Builder(EmbeddingTable table) {
            this.table = table;
        }

        /**
         * Sets the number {@code b} of hyperplanes (bits) per table, in {@code [1, 64]}; default
         * {@value SignLshIndex#DEFAULT_BITS}.
         *
         * @param b the number of bits
         * @return this builder
         */
        public Builder withBits(int b) {
            this.bits = b;
            return this;
        }

        /**
         * Sets the number {@code L} of tables, at least 1; default {@value SignLshIndex#DEFAULT_TABLES}.
         *
         * @param l the number of tables
         * @return this builder
         */
        public Builder withTables(int l) {
            this.tables = l;
            return this;
        }

        /**
         * Sets the number of extra buckets (one bit flipped) probed per table, in {@code [0, b]}; default
         * {@value SignLshIndex#DEFAULT_PROBES}.
         *
         * @param probes the number of extra buckets
         * @return this builder
         */
        public Builder withProbes(int probes) {
            this.probes = probes;
            return this;
        }

        /**
         * Sets the seed of the hyperplanes; default {@value SignLshIndex#DEFAULT_SEED}.
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
         * {@link SignLshIndex#DEFAULT_THREADS}: all available processors); the index does not depend on it.
         *
         * @param threads the number of threads
         * @return this builder
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Normalises and hashes every row of the table and builds the index.
         *
         * @return the index
         * @throws NullPointerException     naming {@code table} if it is null
         * @throws IllegalArgumentException naming the option out of range: an empty table, {@code probes > b},
         *                                  ...
         */
        public SignLshIndex build() {
            Objects.requireNonNull(table, "table");
            if (bits < 1 || bits > 64) {
                throw AnnSupport.bad("b (bits)", bits, "must be in [1, 64]");
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
            if (probes > bits) {
                throw AnnSupport.bad("probes", probes, "must be <= b = " + bits);
            }
            int dim = table.dim();
            int n = table.size();
            float[] values = AnnSupport.rows(table, Metric.COSINE);
            Random rnd = new Random(seed);
            float[] planes = new float[tables * bits * dim];
            for (int i = 0; i < planes.length; i++) {
                planes[i] = (float) rnd.nextGaussian();
            }
            long[][] rowKeys = new long[tables][n];
            int l = tables;
            int b = bits;
            Parallel.forRange(n, threads, 512, () -> new float[l * b], (p, from, to) -> {
                for (int r = from; r < to; r++) {
                    Vectors.dotRows(planes, dim, values, r * dim, p);
                    for (int t = 0; t < l; t++) {
                        rowKeys[t][r] = signs(p, t * b, b);
                    }
                }
            });
            return new SignLshIndex(dim, table.ids(), values, bits, probes, planes, LshTables.build(rowKeys, n),
                    IndexInfo.built(KIND, SignLshIndex.class, table, "bits", bits, "tables", l, "probes", probes,
                            "seed", seed));
        }
    }

    private static long signs(float[] p, int from, int b) {
        long key = 0;
        for (int i = 0; i < b; i++) {
            if (p[from + i] >= 0) {
                key |= 1L << i;
            }
        }
        return key;
    }

    /** Returns {@link Metric#COSINE}. */
    @Override
    public Metric metric() {
        return Metric.COSINE;
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

    /** Returns the number {@code b} of bits per table. */
    public int bits() {
        return bits;
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
     * Returns up to {@code k} rows most similar to {@code query} among the candidates {@code accept} allows,
     * probing {@code probes} extra buckets (one bit flipped) per table.
     *
     * @param query  {@link #dim()} values (not modified)
     * @param k      the number of neighbours wanted, at least 1
     * @param probes extra buckets per table, in {@code [0, bits()]}
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
        deadline.check("sign-lsh search");
        float[] q = AnnSupport.query(query, dim, k, Metric.COSINE);
        checkProbes(probes);
        IntDoubleTopK top = new IntDoubleTopK(k);
        gather(q, probes, accept, top, deadline);
        return AnnSupport.drain(top);
    }

    /**
     * Returns the number of distinct candidate rows a search for {@code query} ranks exactly (before any
     * filter), with {@code probes} extra buckets per table.
     *
     * @param query  {@link #dim()} values
     * @param probes extra buckets per table, in {@code [0, bits()]}
     * @return the number of candidates
     */
    public int candidates(float[] query, int probes) {
        float[] q = AnnSupport.query(query, dim, 1, Metric.COSINE);
        checkProbes(probes);
        return gather(q, probes, null, null, Deadline.none());
    }

    private void checkProbes(int probes) {
        if (probes < 0 || probes > bits) {
            throw AnnSupport.bad("probes", probes, "must be in [0, b = " + bits + "]");
        }
    }

    private int gather(float[] q, int probes, IntPredicate accept, IntDoubleTopK top, Deadline deadline) {
        int l = tables.tables();
        float[] p = new float[l * bits];
        Vectors.dotRows(planes, dim, q, 0, p);
        long[] seen = new long[(size() + 63) >>> 6];
        int[] order = new int[bits];
        int count = 0;
        for (int t = 0; t < l; t++) {
            int o = t * bits;
            long key = signs(p, o, bits);
            count += visit(t, key, seen);
            if (probes > 0) {
                for (int i = 0; i < bits; i++) {
                    order[i] = i;
                }
                for (int s = 0; s < probes; s++) { // partial selection sort: the smallest |projection| first
                    int best = s;
                    for (int i = s + 1; i < bits; i++) {
                        if (Math.abs(p[o + order[i]]) < Math.abs(p[o + order[best]])) {
                            best = i;
                        }
                    }
                    int tmp = order[s];
                    order[s] = order[best];
                    order[best] = tmp;
                    count += visit(t, key ^ (1L << order[s]), seen);
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
                deadline.check("sign-lsh search");
            }
            long bits = seen[w];
            while (bits != 0) {
                int r = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (accept == null || accept.test(r)) {
                    top.offer(r, Vectors.dot(q, 0, values, r * dim, dim));
                }
            }
        }
    }

    @Override
    public void save(Path file) throws IOException {
        meta.save(file, VERSION, 0, ids, this::writeBody);
    }

    /** Writes the body of the saved index (the same in versions 1 and 2). */
    private void writeBody(DataOutputStream out) throws IOException {
        out.writeInt(dim);
        out.writeInt(bits);
        out.writeInt(tables.tables());
        out.writeInt(probes);
        AnnSupport.writeIds(out, ids);
        AnnSupport.writeFloats(out, values);
        AnnSupport.writeFloats(out, planes);
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
    public SignLshIndex withInfo(ArtifactInfo provenance) {
        return new SignLshIndex(dim, ids, values, bits, probes, planes, tables, meta.with(provenance));
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
    public static SignLshIndex read(IndexFile.Opened file) throws IOException {
        AnnSupport.expect(file, KIND, VERSION);
        IndexInfo meta = IndexInfo.read(file, 0);
        DataInputStream in = file.body();
        int dim = in.readInt();
        int bits = in.readInt();
        int l = in.readInt();
        int probes = in.readInt();
        if (dim < 1 || bits < 1 || bits > 64 || l < 1 || probes < 0 || probes > bits) {
            throw AnnSupport.format("settings", "dim=" + dim + " b=" + bits + " L=" + l + " probes=" + probes,
                    "out of range");
        }
        IdIndex ids = AnnSupport.readIds(in);
        int n = ids.size();
        float[] values = AnnSupport.readFloats(in, "vectors", (long) n * dim);
        float[] planes = AnnSupport.readFloats(in, "hyperplanes", (long) l * bits * dim);
        LshTables tables = LshTables.read(in, l, n);
        IndexFile.requireRecordedIds(file, ids, "index body");
        return new SignLshIndex(dim, ids, values, bits, probes, planes, tables, meta);
    }
}
