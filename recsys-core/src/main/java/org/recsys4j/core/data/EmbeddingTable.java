package org.recsys4j.core.data;

import org.recsys4j.core.vector.Vectors;

import java.util.Objects;

/**
 * Returns embedding vectors by dense index: an immutable table of {@link #size()} rows of
 * {@link #dim()} float components, one row per id of an {@link IdIndex}, stored row-major in one
 * {@code float[]}. Safe to share between threads.
 *
 * <pre>{@code
 * EmbeddingTable t = EmbeddingTable.of(IdIndex.ofStrings("a", "b"), 2, new float[] {1, 0, 0, 1});
 * t.vector(t.ids().indexOf("b"));   // [0.0, 1.0]
 * t.info().contentFingerprint();     // SHA-256 of ids and values, see Fingerprints
 * }</pre>
 *
 * <p>A table carries its {@link ArtifactInfo}: the provenance its trainer (or {@link #withInfo}) gave it
 * (by default: kind {@value ArtifactInfo#EMBEDDING_TABLE}, created when the table was), and its identity,
 * the fingerprints of its ids and content, computed from the rows on first use (also for a table read from a file
 * that records them: a file's claim is not its content).
 */
public final class EmbeddingTable {
    private final IdIndex ids;
    private final int dim;
    private final float[] values;
    private final ArtifactInfo provenance;
    private volatile ArtifactInfo info;     // provenance with identity, computed on first use

    private EmbeddingTable(IdIndex ids, int dim, float[] values, ArtifactInfo provenance, ArtifactInfo info) {
        this.ids = ids;
        this.dim = dim;
        this.values = values;
        this.provenance = provenance != null ? provenance : ArtifactInfo.builder(ArtifactInfo.EMBEDDING_TABLE).build();
        this.info = info;
    }

    /**
     * Returns a table whose row {@code i} is {@code values[i * dim .. (i + 1) * dim)} and belongs to
     * {@code ids.id(i)}. The array is copied.
     *
     * @param ids    the ids, one per row
     * @param dim    the number of components per row, at least 1
     * @param values the row-major matrix; its length must be {@code ids.size() * dim}, every value finite
     * @throws IllegalArgumentException naming the problem (dimension, length, or the row, id and column of a
     *                                  non-finite value)
     */
    public static EmbeddingTable of(IdIndex ids, int dim, float[] values) {
        Objects.requireNonNull(values, "values");
        return owning(ids, dim, values.clone());
    }

    /** Returns a table over {@code values} without copying it, after the checks of {@link #of}. */
    static EmbeddingTable owning(IdIndex ids, int dim, float[] values) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(values, "values");
        if (dim < 1) {
            throw new IllegalArgumentException("dim: " + dim + ", must be >= 1");
        }
        long expected = (long) ids.size() * dim;
        if (values.length != expected) {
            throw new IllegalArgumentException("values: length " + values.length + ", expected " + ids.size()
                    + " ids × dim " + dim + " = " + expected);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                int row = i / dim;
                throw new IllegalArgumentException("values: row " + row + " (id '" + ids.id(row) + "') column "
                        + (i % dim) + " is " + values[i] + ", every value must be finite");
            }
        }
        return new EmbeddingTable(ids, dim, values, null, null);
    }

    /**
     * Returns this table (already checked) with the provenance a file recorded for it. Its identity is not taken from
     * the file: {@link #info()} digests the loaded content on first use, so a header that claims another content
     * fingerprint (crafted, or copied by a tool that rewrote the vectors) can never bind the table to an index of
     * other vectors. A load costs what it did; the digest (about 1 ms per MB) is paid by the first caller of
     * {@link #info()}, e.g. the check that an index was built from these vectors.
     */
    EmbeddingTable withRecorded(ArtifactInfo recorded) {
        return new EmbeddingTable(ids, dim, values, recorded.toBuilder().build(), null);
    }

    /**
     * Returns the table's info: its provenance and its identity (rows, the fingerprint of its ids, the
     * fingerprint of its content), see {@link Fingerprints}. Computed once, on first call (about 1 ms per MB of
     * vectors), from the vectors themselves, also for a table read from a file (whose recorded fingerprint is not
     * trusted: see {@link EmbeddingFormats}).
     *
     * @return the info
     */
    public ArtifactInfo info() {
        ArtifactInfo i = info;
        if (i == null) {
            i = provenance.identified(size(), Fingerprints.ids(ids), Fingerprints.table(this));
            info = i;
        }
        return i;
    }

    /**
     * Returns this table (sharing its arrays) with another provenance, e.g. to name it or to record the
     * settings and data of the trainer that made it; its identity stays that of the content.
     *
     * @param provenance the provenance, of kind {@value ArtifactInfo#EMBEDDING_TABLE} (its identity, if any, is
     *                   ignored)
     * @return the table with that provenance
     * @throws IllegalArgumentException if the kind is another
     */
    public EmbeddingTable withInfo(ArtifactInfo provenance) {
        Objects.requireNonNull(provenance, "provenance");
        if (!ArtifactInfo.EMBEDDING_TABLE.equals(provenance.kind())) {
            throw new IllegalArgumentException("provenance: kind " + provenance.kind() + ", must be "
                    + ArtifactInfo.EMBEDDING_TABLE);
        }
        ArtifactInfo known = info;
        ArtifactInfo clean = provenance.toBuilder().build();
        ArtifactInfo identified = known == null ? null : clean.identified(known.rows(),
                known.idsFingerprint().orElse(""), known.contentFingerprint().orElseThrow());
        return new EmbeddingTable(ids, dim, values, clean, identified);
    }

    /**
     * Returns a builder for a table of the given dimension; rows are added one id at a time.
     *
     * @param dim the number of components per row, at least 1 (checked by {@link Builder#build()})
     */
    public static Builder builder(int dim) {
        return new Builder(dim);
    }

    /** Returns the ids; row {@code i} belongs to {@code ids().id(i)}. */
    public IdIndex ids() {
        return ids;
    }

    /** Returns the number of components per row. */
    public int dim() {
        return dim;
    }

    /** Returns the number of rows (= {@code ids().size()}). */
    public int size() {
        return ids.size();
    }

    /**
     * Returns a copy of row {@code idx}.
     *
     * @param idx a dense index in {@code [0, size())}
     * @throws IndexOutOfBoundsException naming the index and the size
     */
    public float[] vector(int idx) {
        float[] out = new float[dim];
        row(idx, out);
        return out;
    }

    /**
     * Copies row {@code idx} into {@code out[0 .. dim)} and returns {@code out}.
     *
     * @param idx a dense index in {@code [0, size())}
     * @param out an array of at least {@link #dim()} elements
     * @throws IndexOutOfBoundsException naming the index and the size
     * @throws IllegalArgumentException  if {@code out} is shorter than {@link #dim()}
     */
    public float[] row(int idx, float[] out) {
        if (idx < 0 || idx >= size()) {
            throw new IndexOutOfBoundsException("row " + idx + ", the table has " + size() + " rows");
        }
        if (out.length < dim) {
            throw new IllegalArgumentException("out: length " + out.length + ", must be >= dim " + dim);
        }
        System.arraycopy(values, idx * dim, out, 0, dim);
        return out;
    }

    /**
     * Adds {@code alpha} times row {@code idx} to {@code y[yo .. yo + dim)} ({@link Vectors#axpy}), without
     * copying the row: the building block of weighted sums of rows.
     *
     * @param idx   a dense index in {@code [0, size())}
     * @param alpha the weight
     * @param y     the accumulator
     * @param yo    the offset in {@code y}
     * @throws IndexOutOfBoundsException naming the index and the size
     */
    public void addScaledRow(int idx, float alpha, float[] y, int yo) {
        if (idx < 0 || idx >= size()) {
            throw new IndexOutOfBoundsException("row " + idx + ", the table has " + size() + " rows");
        }
        Vectors.axpy(alpha, values, idx * dim, y, yo, dim);
    }

    /** Returns the row-major matrix itself (not a copy): callers in this package must not modify it. */
    float[] values() {
        return values;
    }

    @Override
    public String toString() {
        return "EmbeddingTable[" + size() + " × " + dim + "]";
    }

    /**
     * Returns {@link EmbeddingTable}s built row by row: {@code add(id, vector)}, then {@link #build()}.
     * Ids are numeric or text (not both), distinct; each vector must have the table's dimension and finite
     * values. {@code add} only stores (the vector is copied); {@link #build()} reports the first problem.
     * Not thread-safe.
     */
    public static final class Builder {
        private final int dim;
        private final IdIndex.NumericIdBuilder numeric = IdIndex.numericBuilder();
        private final IdIndex.StringIdBuilder text = IdIndex.stringBuilder();
        private float[] values = new float[0];
        private int rows;
        private String problem;
        private boolean nullProblem;

        private Builder(int dim) {
            this.dim = dim;
        }

        /**
         * Adds a row with a numeric id.
         *
         * @param id     a new id
         * @param vector {@code dim} finite values (copied)
         * @return this builder
         */
        public Builder add(long id, float[] vector) {
            if (problem != null) {
                return this;
            }
            if (text.size() > 0) {
                problem = "id " + id + ": this builder holds text ids; do not mix the two";
            } else if (check(Long.toString(id), vector) && numeric.indexOf(id) != rows) {
                problem = "id " + id + ": added twice";
            } else if (problem == null) {
                append(vector);     // checked and new
            }
            return this;
        }

        /**
         * Adds a row with a text id.
         *
         * @param id     a new, non-null id
         * @param vector {@code dim} finite values (copied)
         * @return this builder
         */
        public Builder add(String id, float[] vector) {
            if (problem != null) {
                return this;
            }
            if (id == null) {
                problem = "id: null (row " + rows + ")";
                nullProblem = true;
            } else if (numeric.size() > 0) {
                problem = "id '" + id + "': this builder holds numeric ids; do not mix the two";
            } else if (check("'" + id + "'", vector) && text.indexOf(id) != rows) {
                problem = "id '" + id + "': added twice";
            } else if (problem == null) {
                append(vector);     // checked and new
            }
            return this;
        }

        /** Returns true if the vector is usable, else records the problem. */
        private boolean check(String id, float[] vector) {
            if (dim < 1) {
                problem = "dim: " + dim + ", must be >= 1";
                return false;
            }
            if (vector == null) {
                problem = "vector of id " + id + ": null";
                nullProblem = true;
                return false;
            }
            if (vector.length != dim) {
                problem = "id " + id + ": vector has dimension " + vector.length + ", the table's is " + dim;
                return false;
            }
            for (int j = 0; j < dim; j++) {
                if (!Float.isFinite(vector[j])) {
                    problem = "id " + id + ": column " + j + " is " + vector[j] + ", every value must be finite";
                    return false;
                }
            }
            long need = (long) (rows + 1) * dim;
            if (need > Integer.MAX_VALUE - 8) {
                problem = "table too large: " + (rows + 1) + " rows × dim " + dim + " exceeds one Java array";
                return false;
            }
            return true;
        }

        private void append(float[] vector) {
            long need = (long) (rows + 1) * dim;
            if (need > values.length) {
                long grown = Math.max(need, Math.min(Integer.MAX_VALUE - 8L, Math.max(16L, values.length * 2L)));
                values = java.util.Arrays.copyOf(values, (int) grown);
            }
            System.arraycopy(vector, 0, values, rows * dim, dim);
            rows++;
        }

        /**
         * Returns the table of the rows added, in insertion order.
         *
         * @throws IllegalArgumentException naming the first problem: a dimension below 1, a vector of another
         *                                  dimension or with a non-finite value (its id and column), an id added
         *                                  twice, numeric and text ids mixed
         * @throws NullPointerException     naming a null id or vector
         */
        public EmbeddingTable build() {
            if (dim < 1) {
                throw new IllegalArgumentException("dim: " + dim + ", must be >= 1");
            }
            if (problem != null) {
                if (nullProblem) {
                    throw new NullPointerException(problem);
                }
                throw new IllegalArgumentException(problem);
            }
            IdIndex ids = numeric.size() > 0 ? numeric.build() : text.build();
            return new EmbeddingTable(ids, dim, java.util.Arrays.copyOf(values, rows * dim), null, null);
        }
    }
}
