package org.recsys4j.core.feature;

import org.recsys4j.core.data.ArtifactInfo;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Returns the encoded form of rows of type {@code T}: a {@link SparseRow} for linear, FM and wide
 * models, and a dense {@code double[]} for deep models; made by {@link FeatureSchema#fit}.
 *
 * <p><b>Sparse layout.</b> Feature {@code f} (in declaration order) is field {@code f}; its local
 * indices run over {@code 0..fieldWidth(name)-1} and are shifted by {@code fieldOffset(name)}, the sum
 * of the widths of the earlier fields, so global indices cover {@code 0..sparseDimension()-1}.
 * One-hot features (vocabulary, quantile buckets, cross) give one entry of value 1; multi-hot gives
 * one entry per index; scalers give one entry at local index 0 whose value is the scaled value;
 * time gives the hour bucket (value 1) and the weekend slot at local index {@code numHourBuckets}
 * (value 0 or 1).
 *
 * <p><b>Dense layout.</b> Feature by feature, from {@code denseOffset(name)}: one slot holding the
 * index for vocabulary, quantile and cross features (for embedding look-ups), the scaled value for
 * scalers, two slots (hour bucket, weekend 0/1) for time, and a 0/1 indicator vector of
 * {@code cardinality} slots for multi-hot features.
 *
 * <p><b>Info.</b> {@link #info()} says what the fitted schema is, as its file records it (kind
 * {@value ArtifactInfo#FEATURE_SCHEMA}, the producer, its features as a setting, rows = the number of features, and
 * the content fingerprint, the SHA-256 of its encoders as saved): a model trained on rows it encoded records that
 * fingerprint, so the model can be refused with encoders of another fit ({@code CtrModel.load(file, encoders)}).
 *
 * <p>Immutable and safe to share between threads. An extractor that fails, returns null, or returns a
 * non-finite value for a scaled feature fails with an {@link IllegalArgumentException} naming the feature.
 *
 * @param <T> the row type
 */
public final class FittedSchema<T> {
    private final List<Bound<T>> features;
    private final Map<String, Integer> positions = new HashMap<>();
    private final int[] fieldOffsets;
    private final int[] denseOffsets;
    private final int sparseDimension;
    private final int denseWidth;
    private final int sparseCapacity;
    private final ArtifactInfo provenance;
    private volatile ArtifactInfo info;     // provenance with identity, computed on first use

    FittedSchema(List<Bound<T>> features) {
        this(features, null);
    }

    /** A fitted schema with a provenance (null: the default one, made now). */
    FittedSchema(List<Bound<T>> features, ArtifactInfo provenance) {
        this.features = List.copyOf(features);
        int n = features.size();
        fieldOffsets = new int[n];
        denseOffsets = new int[n];
        long sparse = 0;
        long dense = 0;
        int capacity = 0;
        for (int f = 0; f < n; f++) {
            Bound<T> b = features.get(f);
            positions.put(b.name, f);
            fieldOffsets[f] = (int) sparse;
            denseOffsets[f] = (int) dense;
            sparse += b.sparseWidth;
            dense += b.denseWidth;
            capacity += b.encoder instanceof MultiHot ? 4 : 2;
            if (sparse > Integer.MAX_VALUE || dense > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("feature '" + b.name + "': the schema's width passes "
                        + Integer.MAX_VALUE + " (sparse " + sparse + ", dense " + dense + ")");
            }
        }
        sparseDimension = (int) sparse;
        denseWidth = (int) dense;
        sparseCapacity = capacity;
        this.provenance = provenance != null ? provenance : ArtifactInfo.builder(ArtifactInfo.FEATURE_SCHEMA)
                .withProducer(FeatureSchema.class.getName()).withSetting("features", String.join(",", featureNames()))
                .build();
    }

    /**
     * Returns the fitted schema's info: its provenance (made when it was fitted, or as recorded in the file it was
     * loaded from) and its identity: rows = the number of features, no ids, and the content fingerprint, the SHA-256
     * of every feature's name, encoder kind and fitted encoder as saved. Two fits on the same rows have the same
     * content fingerprint. Computed on first call.
     *
     * @return the info
     */
    public ArtifactInfo info() {
        ArtifactInfo i = info;
        if (i == null) {
            i = EncoderFormat.identified(provenance, features.size(), payload());
            info = i;
        }
        return i;
    }

    /**
     * Returns this fitted schema with another provenance (e.g. a name, the fingerprint of the rows it was fitted on,
     * or a pinned creation time); the encoders are shared.
     *
     * @param provenance the provenance, of kind {@value ArtifactInfo#FEATURE_SCHEMA}
     * @return the fitted schema
     * @throws IllegalArgumentException if the kind is another
     */
    public FittedSchema<T> withInfo(ArtifactInfo provenance) {
        Objects.requireNonNull(provenance, "provenance");
        if (!ArtifactInfo.FEATURE_SCHEMA.equals(provenance.kind())) {
            throw new IllegalArgumentException("provenance: kind " + provenance.kind() + ", must be "
                    + ArtifactInfo.FEATURE_SCHEMA);
        }
        return new FittedSchema<>(features, provenance.toBuilder().build());
    }

    /** Returns the feature names in field order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(features.size());
        for (Bound<T> b : features) {
            names.add(b.name);
        }
        return Collections.unmodifiableList(names);
    }

    /** Returns the number of features (fields). */
    public int numFields() {
        return features.size();
    }

    /** Returns the field (position) of a feature; throws {@link IllegalArgumentException} for an unknown name. */
    public int field(String name) {
        Integer f = positions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown feature '" + name + "'; the schema has " + featureNames());
        }
        return f;
    }

    /** Returns the fitted encoder of a feature; throws {@link IllegalArgumentException} for an unknown name. */
    public Encoder encoder(String name) {
        return features.get(field(name)).encoder;
    }

    /**
     * Returns the fitted encoder of a feature as the given type.
     *
     * @param name the feature
     * @param type the encoder class, e.g. {@code QuantileBuckets.class}
     * @throws IllegalArgumentException for an unknown name or an encoder of another type
     */
    public <E extends Encoder> E encoder(String name, Class<E> type) {
        Encoder e = encoder(name);
        if (!type.isInstance(e)) {
            throw new IllegalArgumentException("feature '" + name + "' has a " + e.kind() + " encoder, not a "
                    + type.getSimpleName());
        }
        return type.cast(e);
    }

    /** Returns the first global sparse index of a feature. */
    public int fieldOffset(String name) {
        return fieldOffsets[field(name)];
    }

    /** Returns the number of sparse indices of a feature. */
    public int fieldWidth(String name) {
        return features.get(field(name)).sparseWidth;
    }

    /** Returns the total number of sparse indices, the sum of the field widths. */
    public int sparseDimension() {
        return sparseDimension;
    }

    /** Returns the first dense slot of a feature. */
    public int denseOffset(String name) {
        return denseOffsets[field(name)];
    }

    /** Returns the number of dense slots of a feature. */
    public int denseWidth(String name) {
        return features.get(field(name)).denseWidth;
    }

    /** Returns the length of a dense row. */
    public int denseWidth() {
        return denseWidth;
    }

    /** Returns the sparse encoding of a row (see the class comment for the layout). */
    public SparseRow sparse(T row) {
        SparseRow.Builder b = new SparseRow.Builder(sparseCapacity);
        for (int f = 0; f < fieldOffsets.length; f++) {
            Bound<T> feature = features.get(f);
            try {
                feature.sparse.encode(row, b, f, fieldOffsets[f]);
            } catch (RuntimeException e) {
                throw fail(feature, e);
            }
        }
        return b.build();
    }

    /** Returns the dense encoding of a row, {@link #denseWidth()} values. */
    public double[] dense(T row) {
        double[] out = new double[denseWidth];
        dense(row, out, 0);
        return out;
    }

    /**
     * Writes the dense encoding of a row into {@code out[offset .. offset + denseWidth() - 1]}.
     *
     * @param row    the row
     * @param out    the destination
     * @param offset the first slot written
     */
    public void dense(T row, double[] out, int offset) {
        if (offset < 0 || offset > out.length - denseWidth) {
            throw new IndexOutOfBoundsException("dense row of " + denseWidth + " at offset " + offset
                    + " does not fit in an array of " + out.length);
        }
        for (int f = 0; f < denseOffsets.length; f++) {
            Bound<T> feature = features.get(f);
            try {
                feature.dense.encode(row, out, offset + denseOffsets[f]);
            } catch (RuntimeException e) {
                throw fail(feature, e);
            }
        }
    }

    private static IllegalArgumentException fail(Bound<?> feature, RuntimeException e) {
        String m = e.getMessage();
        return new IllegalArgumentException("feature '" + feature.name + "': cannot encode the row: "
                + (m == null ? e.getClass().getSimpleName() : m), e);
    }

    /**
     * Writes the whole fitted schema (every feature's name and encoder) to a file through a temporary
     * file and an atomic move.
     *
     * @param file the destination; replaced if it exists
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        EncoderFormat.writeAtomically(bytes(), file);
    }

    /**
     * Writes the whole fitted schema to a stream (not closed).
     *
     * @param out the stream
     * @throws IOException if writing fails
     */
    public void write(OutputStream out) throws IOException {
        out.write(bytes());
    }

    private byte[] bytes() {
        return EncoderFormat.container(EncoderKind.SCHEMA, payload(), provenance, features.size());
    }

    /** Returns the payload as saved: the features' names, kinds and encoders. */
    private byte[] payload() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(features.size());
            for (Bound<T> b : features) {
                EncoderFormat.writeString(out, b.name);
                out.writeByte(b.encoder.kind().code());
                EncoderFormat.writePayload(b.encoder, out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public String toString() {
        return "FittedSchema" + featureNames() + "[sparseDimension=" + sparseDimension + ", denseWidth=" + denseWidth + "]";
    }

    static <V> V nonNull(V v) {
        if (v == null) {
            throw new NullPointerException("extractor returned null");
        }
        return v;
    }

    static double finite(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("extractor returned " + v + ", a scaled feature needs a finite value");
        }
        return v;
    }

    interface SparseEncoder<T> {
        void encode(T row, SparseRow.Builder b, int field, int offset);
    }

    interface DenseEncoder<T> {
        void encode(T row, double[] out, int at);
    }

    /** One fitted feature: name, encoder, widths and the two encoding functions. */
    static final class Bound<T> {
        final String name;
        final Encoder encoder;
        final int sparseWidth;
        final int denseWidth;
        final SparseEncoder<T> sparse;
        final DenseEncoder<T> dense;

        Bound(String name, Encoder encoder, int sparseWidth, int denseWidth, SparseEncoder<T> sparse, DenseEncoder<T> dense) {
            this.name = name;
            this.encoder = encoder;
            this.sparseWidth = sparseWidth;
            this.denseWidth = denseWidth;
            this.sparse = sparse;
            this.dense = dense;
        }
    }
}
