package org.recsys4j.rank.ctr;

import org.recsys4j.core.data.Fingerprints;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ObjIntConsumer;

/**
 * Encoded CTR rows stored column by column: for every categorical field of a {@link CtrSchema} a bag of
 * ids per row (exactly one for a single-valued field, 0 or more for a multi-hot field, order and
 * duplicates kept), the numeric features as floats, and an optional 0/1 label per row.
 *
 * <p><b>Bad input is repaired, never thrown mid-request.</b> The {@link Builder} maps an id outside
 * {@code 0..cardinality-1} to the OOV bucket 0, a single-valued field left unset to 0, and a NaN or
 * infinite numeric to 0 (for min-max scaled features: the train minimum); {@link #oovReplaced()} and
 * {@link #nonFiniteReplaced()} count the repairs so a caller can monitor them.
 *
 * <p><b>Identity.</b> {@link #fingerprint()} digests the rows (what a trained model records as its {@code data});
 * {@link #encoders()} is the content fingerprint of the fitted encoders that made the ids, when known
 * ({@link CtrSamples} records its {@code FittedSchema}'s), so that a model trained on these rows is bound to those
 * encoders ({@link CtrModel#load(java.nio.file.Path, org.recsys4j.core.feature.FittedSchema)}).
 *
 * <p>Immutable once built (the builder hands out a fresh object per {@link Builder#build()}), safe to
 * read from many threads.
 */
public final class CtrData implements CtrRows {
    private final CtrSchema schema;
    private final int size;
    private final int[][] offsets;
    private final int[][] ids;
    private final float[] numerics;
    private final float[] labels;
    private final long oovReplaced;
    private final long nonFiniteReplaced;
    private final String encoders;          // "": not known
    private volatile String fingerprint;    // computed on first use

    private CtrData(CtrSchema schema, int size, int[][] offsets, int[][] ids, float[] numerics, float[] labels,
                    long oovReplaced, long nonFiniteReplaced) {
        this(schema, size, offsets, ids, numerics, labels, oovReplaced, nonFiniteReplaced, "");
    }

    private CtrData(CtrSchema schema, int size, int[][] offsets, int[][] ids, float[] numerics, float[] labels,
                    long oovReplaced, long nonFiniteReplaced, String encoders) {
        this.encoders = encoders;
        this.schema = schema;
        this.size = size;
        this.offsets = offsets;
        this.ids = ids;
        this.numerics = numerics;
        this.labels = labels;
        this.oovReplaced = oovReplaced;
        this.nonFiniteReplaced = nonFiniteReplaced;
    }

    /** Returns a builder of rows for {@code schema}. */
    public static Builder builder(CtrSchema schema) {
        return new Builder(schema, 16);
    }

    /** Returns the schema. */
    @Override
    public CtrSchema schema() {
        return schema;
    }

    /** Returns the number of rows. */
    @Override
    public int size() {
        return size;
    }

    /** Returns true if every row has a label. */
    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    /** Returns the label of row {@code i} (1 or 0). */
    @Override
    public float label(int i) {
        if (labels == null) {
            throw new IllegalStateException("these rows have no labels");
        }
        return labels[i];
    }

    /** Returns the labels as booleans (for {@code Metrics.auc} and {@code Metrics.logLoss}). */
    @Override
    public boolean[] labelArray() {
        boolean[] out = new boolean[size];
        for (int i = 0; i < size; i++) {
            out[i] = label(i) > 0.5f;
        }
        return out;
    }

    /** Returns the number of ids of field {@code f} in row {@code i}. */
    public int count(int f, int i) {
        return offsets[f][i + 1] - offsets[f][i];
    }

    /** Returns id {@code k} of field {@code f} in row {@code i}. */
    public int id(int f, int i, int k) {
        return ids[f][offsets[f][i] + k];
    }

    /** Returns the first position of row {@code i}'s ids of field {@code f} in {@link #idColumn(int)}. */
    int start(int f, int i) {
        return offsets[f][i];
    }

    /** Returns the end (exclusive) of row {@code i}'s ids of field {@code f}. */
    int end(int f, int i) {
        return offsets[f][i + 1];
    }

    /** The ids of field f of all rows (not copied; package use only). */
    int[] idColumn(int f) {
        return ids[f];
    }

    /** Returns numeric feature {@code j} of row {@code i}. */
    public float numeric(int i, int j) {
        return numerics[i * schema.numNumerics() + j];
    }

    float[] numericColumn() {
        return numerics;
    }

    /** Returns how many out-of-range ids were mapped to the OOV bucket while building. */
    public long oovReplaced() {
        return oovReplaced;
    }

    /** Returns how many NaN or infinite numerics were replaced by 0 while building. */
    public long nonFiniteReplaced() {
        return nonFiniteReplaced;
    }

    /**
     * Returns the rows at the given positions, in that order (a copy).
     *
     * @param rows row indices, each in {@code 0..size()-1}
     */
    @Override
    public CtrData select(int[] rows) {
        Builder b = new Builder(schema, rows.length);
        for (int r : rows) {
            Objects.checkIndex(r, size);
            b.copyRow(this, r);
        }
        CtrData d = b.build();
        return encoders.isEmpty() ? d : d.withEncoders(encoders);
    }

    /**
     * Returns the content fingerprint of the fitted encoders that made these rows' ids and numerics, if recorded
     * ({@link #withEncoders}); a model trained on the rows records it as its input {@code encoders}.
     *
     * @return the fingerprint (64 hex digits), or empty
     */
    @Override
    public Optional<String> encoders() {
        return encoders.isEmpty() ? Optional.empty() : Optional.of(encoders);
    }

    /**
     * Returns these rows (not copied) recording the fitted encoders that made them, e.g.
     * {@code fitted.info().contentFingerprint()} of a {@code FittedSchema}; {@link CtrSamples} does this for its parts.
     *
     * @param encodersFingerprint the encoders' content fingerprint, 64 lowercase hex digits
     * @return the rows
     * @throws IllegalArgumentException if it is not a fingerprint
     */
    public CtrData withEncoders(String encodersFingerprint) {
        if (!Fingerprints.isFingerprint(encodersFingerprint)) {
            throw new IllegalArgumentException("encodersFingerprint: " + encodersFingerprint
                    + ", not a fingerprint (64 lowercase hex digits)");
        }
        return new CtrData(schema, size, offsets, ids, numerics, labels, oovReplaced, nonFiniteReplaced,
                encodersFingerprint);
    }

    /**
     * Returns the fingerprint of the rows: the SHA-256 of the schema (field names, cardinalities, multi-hot flags,
     * numeric names), the row count, every field's ids row by row, the numerics and the labels (bit for bit), and the
     * encoders' fingerprint if recorded. What a trained {@link CtrModel} records as its input {@code data}. Computed
     * on first call (about 1 ms per 1 MB of rows).
     *
     * @return 64 hex digits
     */
    @Override
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            Fingerprints.Digest d = header(schema, size);
            for (int k = 0; k < schema.numFields(); k++) {
                d.putInts(offsets[k], 0, size + 1).putInts(ids[k], offsets[k][0], offsets[k][size]);
            }
            d.putFloats(Arrays.copyOf(numerics, size * schema.numNumerics()));
            d.putInt(labels == null ? 0 : 1);
            if (labels != null) {
                d.putFloats(Arrays.copyOf(labels, size));
            }
            d.putString(encoders);
            f = d.hex();
            fingerprint = f;
        }
        return f;
    }

    private static Fingerprints.Digest header(CtrSchema schema, int size) {
        Fingerprints.Digest d = Fingerprints.digest();
        d.putInt(schema.numFields());
        for (int k = 0; k < schema.numFields(); k++) {
            d.putString(schema.fieldName(k)).putInt(schema.cardinality(k)).putInt(schema.isMultiHot(k) ? 1 : 0);
        }
        d.putInt(schema.numNumerics());
        for (int j = 0; j < schema.numNumerics(); j++) {
            d.putString(schema.numericName(j));
        }
        d.putInt(size);
        return d;
    }

    /** Rows encoded per pass of {@link #fingerprint(CtrRows)}. */
    private static final int FINGERPRINT_CHUNK = 1 << 16;

    /**
     * Rows that can encode one field alone (the others absent), or the numerics alone: what lets
     * {@link #fingerprint(CtrRows)} read field after field without encoding every field each time.
     */
    interface FieldRows {
        /** Appends rows {@code from .. to-1} with only {@code field} (-1: none) and, if asked, the numerics. */
        void copyRange(int from, int to, Builder out, int field, boolean numerics);
    }

    /**
     * Gives {@code action} the rows as held rows with the position of their first row: rows held already in one call,
     * rows encoded on demand {@code chunk} at a time, encoded into one reused buffer (valid until the next call).
     */
    static void chunks(CtrRows rows, int chunk, ObjIntConsumer<CtrData> action) {
        if (rows instanceof CtrData held) {
            action.accept(held, 0);
            return;
        }
        int n = rows.size();
        Builder b = new Builder(rows.schema(), Math.min(n, chunk));
        for (int from = 0; from < n; from += chunk) {
            b.reset();
            rows.copyRange(from, Math.min(n, from + chunk), b);
            action.accept(b.view(), from);
        }
    }

    /**
     * Returns {@link #fingerprint()} of rows held elsewhere, without holding them: the digest reads each field's
     * offsets and ids over all rows, then the numerics, then the labels, so the rows are encoded chunk by chunk, one
     * field at a time when they can ({@link FieldRows}: a single-valued field once, a multi-hot one twice, the numerics
     * once), else whole (about 2 × fields + 1 passes).
     */
    static String fingerprint(CtrRows rows) {
        CtrSchema schema = rows.schema();
        int size = rows.size();
        int nf = schema.numFields();
        Fingerprints.Digest d = header(schema, size);
        Builder b = new Builder(schema, Math.min(size, FINGERPRINT_CHUNK));
        for (int k = 0; k < nf; k++) {
            // the field's offsets over all rows (0, then running ends), then its ids
            if (!schema.isMultiHot(k)) {
                for (int i = 0; i <= size; i++) {
                    d.putInt(i);        // a single-valued field has exactly one id per row
                }
            } else {
                d.putInt(0);
                int base = 0;
                for (int from = 0; from < size; from += FINGERPRINT_CHUNK) {
                    CtrData c = chunk(rows, from, Math.min(size, from + FINGERPRINT_CHUNK), b, k, false);
                    for (int i = 1; i <= c.size; i++) {
                        d.putInt(base + c.offsets[k][i]);
                    }
                    base += c.offsets[k][c.size];
                }
            }
            for (int from = 0; from < size; from += FINGERPRINT_CHUNK) {
                CtrData c = chunk(rows, from, Math.min(size, from + FINGERPRINT_CHUNK), b, k, false);
                d.putInts(c.ids[k], 0, c.offsets[k][c.size]);
            }
        }
        int nn = schema.numNumerics();
        for (int from = 0; from < size && nn > 0; from += FINGERPRINT_CHUNK) {
            CtrData c = chunk(rows, from, Math.min(size, from + FINGERPRINT_CHUNK), b, -1, true);
            d.putFloats(Arrays.copyOf(c.numerics, c.size * nn));
        }
        d.putInt(rows.hasLabels() ? 1 : 0);
        if (rows.hasLabels()) {
            float[] l = new float[Math.min(size, FINGERPRINT_CHUNK)];
            for (int from = 0; from < size; from += FINGERPRINT_CHUNK) {
                int to = Math.min(size, from + FINGERPRINT_CHUNK);
                for (int i = from; i < to; i++) {
                    l[i - from] = rows.label(i);
                }
                d.putFloats(to - from == l.length ? l : Arrays.copyOf(l, to - from));
            }
        }
        d.putString(rows.encoders().orElse(""));
        return d.hex();
    }

    private static CtrData chunk(CtrRows rows, int from, int to, Builder b, int field, boolean numerics) {
        b.reset();
        if (rows instanceof FieldRows f) {
            f.copyRange(from, to, b, field, numerics);
        } else {
            rows.copyRange(from, to, b);
        }
        return b.view();
    }

    @Override
    public void copyRows(int[] rows, int from, int to, Builder out) {
        Objects.checkFromToIndex(from, to, rows.length);
        for (int p = from; p < to; p++) {
            Objects.checkIndex(rows[p], size);
            out.copyRow(this, rows[p]);
        }
    }

    @Override
    public void copyRange(int from, int to, Builder out) {
        Objects.checkFromToIndex(from, to, size);
        for (int r = from; r < to; r++) {
            out.copyRow(this, r);
        }
    }

    /**
     * Returns a copy in which the named fields are absent for every row: single-valued fields set to the
     * OOV bucket 0, multi-hot fields empty (protocol C's ablations, {@code train.py --drop}).
     *
     * @param fields field names of the schema
     * @throws IllegalArgumentException naming an unknown field
     */
    @Override
    public CtrData withoutFields(Collection<String> fields) {
        boolean[] drop = new boolean[schema.numFields()];
        for (String name : fields) {
            drop[schema.field(name)] = true;
        }
        int[][] o = new int[schema.numFields()][];
        int[][] v = new int[schema.numFields()][];
        for (int f = 0; f < drop.length; f++) {
            if (!drop[f]) {
                o[f] = offsets[f];
                v[f] = ids[f];
            } else if (schema.isMultiHot(f)) {
                o[f] = new int[size + 1];
                v[f] = new int[0];
            } else {
                o[f] = new int[size + 1];
                for (int i = 0; i <= size; i++) {
                    o[f][i] = i;
                }
                v[f] = new int[size];
            }
        }
        return new CtrData(schema, size, o, v, numerics, labels, oovReplaced, nonFiniteReplaced, encoders);
    }

    @Override
    public String toString() {
        return "CtrData[" + size + " rows, " + schema + "]";
    }

    /**
     * Collects rows one at a time: {@link #addId} / {@link #addIds} and {@link #addNumeric} for the current row,
     * then {@link #addRow(boolean)} (or {@link #addRow()} for rows without labels). Like every builder of the
     * library it only stores: bad ids and numerics are repaired (see {@link CtrData}), and a field or numeric
     * position outside the schema fails {@link #build()}, which names the row. Not thread-safe.
     *
     * <pre>{@code
     * CtrData rows = CtrData.builder(schema)
     *         .addId(0, user).addId(1, item).addIds(2, categories).addNumeric(0, 0.7).addRow(true)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final CtrSchema schema;
        private final int nf;
        private final int nn;
        private int size;
        private int[][] offsets;
        private int[][] ids;
        private float[] numerics;
        private float[] labels;
        private boolean labelled = true;
        private final boolean[] set;
        private long oov;
        private long nonFinite;
        private String problem;

        Builder(CtrSchema schema, int capacity) {
            this.schema = Objects.requireNonNull(schema, "schema");
            nf = schema.numFields();
            nn = schema.numNumerics();
            int cap = Math.max(4, capacity);
            offsets = new int[nf][cap + 1];
            ids = new int[nf][cap];
            numerics = new float[cap * nn];
            labels = new float[cap];
            set = new boolean[nf];
        }

        /** Forgets every row (and a recorded problem) so that the builder can be reused. */
        Builder reset() {
            size = 0;
            labelled = true;
            oov = 0;
            nonFinite = 0;
            problem = null;
            Arrays.fill(set, false);
            for (int f = 0; f < nf; f++) {
                offsets[f][1] = 0;
            }
            Arrays.fill(numerics, 0, nn, 0f);
            return this;
        }

        private void ensureRow() {
            if (size + 1 >= labels.length) {
                // offsets[f] has labels.length + 1 slots: rows 0..size plus the open row's end
                int cap = labels.length * 2;
                labels = Arrays.copyOf(labels, cap);
                numerics = Arrays.copyOf(numerics, cap * nn);
                for (int f = 0; f < nf; f++) {
                    offsets[f] = Arrays.copyOf(offsets[f], cap + 1);
                }
            }
        }

        private void push(int f, int id) {
            int at = offsets[f][size + 1];
            if (at == ids[f].length) {
                ids[f] = Arrays.copyOf(ids[f], Math.max(8, at * 2));
            }
            if (id < 0 || id >= schema.cardinality(f)) {
                oov++;
                id = 0;
            }
            ids[f][at] = id;
            offsets[f][size + 1] = at + 1;
        }

        /**
         * Sets the id of a single-valued field, or adds one id to a multi-hot field, for the current row.
         * An id outside {@code 0..cardinality-1} becomes the OOV bucket 0 (counted in
         * {@link CtrData#oovReplaced()}). A field position outside the schema, or a single-valued field set twice
         * in a row, is reported by {@link #build()}.
         *
         * @param field field position
         * @param id    the encoded id
         * @return this builder
         */
        public Builder addId(int field, int id) {
            if (problem != null) {
                return this;
            }
            if (field < 0 || field >= nf) {
                problem = "field: " + field + " in row " + size + ", must be in [0, " + nf + ")";
                return this;
            }
            ensureRow();
            if (!set[field]) {
                set[field] = true;
            } else if (!schema.isMultiHot(field)) {
                problem = "field '" + schema.fieldName(field) + "' is single-valued and already set in row " + size;
                return this;
            }
            push(field, id);
            return this;
        }

        /**
         * Adds ids to a multi-hot field (or sets a single-valued field from a one-element array), as
         * {@link #addId} each.
         *
         * @param field  field position
         * @param values the encoded ids
         * @return this builder
         */
        public Builder addIds(int field, int... values) {
            if (values == null) {
                if (problem == null) {
                    problem = "values of field " + field + " in row " + size + ": null";
                }
                return this;
            }
            for (int v : values) {
                addId(field, v);
            }
            return this;
        }

        /**
         * Sets numeric feature {@code j} of the current row; NaN and infinities become 0 (counted in
         * {@link CtrData#nonFiniteReplaced()}). A position outside the schema is reported by {@link #build()}.
         *
         * @param j     numeric position
         * @param value the (already scaled) value
         * @return this builder
         */
        public Builder addNumeric(int j, double value) {
            if (problem != null) {
                return this;
            }
            if (j < 0 || j >= nn) {
                problem = "numeric: " + j + " in row " + size + ", must be in [0, " + nn + ")";
                return this;
            }
            ensureRow();
            float v = (float) value;
            if (!Float.isFinite(v)) {
                nonFinite++;
                v = 0f;
            }
            numerics[size * nn + j] = v;
            return this;
        }

        /** Finishes the current row without a label (then the rows built have no labels). */
        public Builder addRow() {
            labelled = false;
            return finish(0f);
        }

        /** Finishes the current row with its label. */
        public Builder addRow(boolean label) {
            return finish(label ? 1f : 0f);
        }

        private Builder finish(float label) {
            ensureRow();
            for (int f = 0; f < nf; f++) {
                if (!set[f] && !schema.isMultiHot(f)) {
                    push(f, 0);
                }
                set[f] = false;
            }
            labels[size] = label;
            size++;
            ensureRow();
            for (int f = 0; f < nf; f++) {
                offsets[f][size + 1] = offsets[f][size];
            }
            Arrays.fill(numerics, size * nn, size * nn + nn, 0f);
            return this;
        }

        void copyRow(CtrData d, int r) {
            for (int f = 0; f < nf; f++) {
                for (int p = d.offsets[f][r]; p < d.offsets[f][r + 1]; p++) {
                    addId(f, d.ids[f][p]);
                }
            }
            for (int j = 0; j < nn; j++) {
                addNumeric(j, d.numeric(r, j));
            }
            if (d.labels != null) {
                addRow(d.labels[r] > 0.5f);
            } else {
                addRow();
            }
        }

        /**
         * Returns the rows collected so far (copied; the builder stays usable).
         *
         * @throws IllegalArgumentException naming the row and field if a field or numeric position was outside the
         *                                  schema, or a single-valued field was set twice in one row
         * @throws NullPointerException     naming the row and field if {@link #addIds} was given null
         */
        public CtrData build() {
            checkProblem();
            int[][] o = new int[nf][];
            int[][] v = new int[nf][];
            for (int f = 0; f < nf; f++) {
                o[f] = Arrays.copyOf(offsets[f], size + 1);
                v[f] = Arrays.copyOf(ids[f], offsets[f][size]);
            }
            return new CtrData(schema, size, o, v, Arrays.copyOf(numerics, size * nn),
                    labelled ? Arrays.copyOf(labels, size) : null, oov, nonFinite);
        }

        /**
         * Returns a view of the rows collected so far without copying (for scoring in place); valid until
         * the builder is next changed.
         */
        CtrData view() {
            checkProblem();
            return new CtrData(schema, size, offsets, ids, numerics, labelled ? labels : null, oov, nonFinite);
        }

        private void checkProblem() {
            if (problem != null) {
                if (problem.endsWith(": null")) {
                    throw new NullPointerException(problem);
                }
                throw new IllegalArgumentException(problem);
            }
        }
    }
}
