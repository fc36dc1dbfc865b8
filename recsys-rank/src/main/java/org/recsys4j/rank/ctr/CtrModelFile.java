package org.recsys4j.rank.ctr;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.util.AtomicFiles;
import org.recsys4j.rank.internal.ArtifactContainer;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CTR model file format {@code R4JC}, version {@value CtrModel#FORMAT_VERSION}, both ways: what
 * {@link CtrModel#save} writes and {@link CtrModel#load} reads. Big-endian ({@link DataOutput}):
 *
 * <pre>
 * int32 magic 0x52344A43 ("R4JC")      int32 format version
 * (version 2) int32 length L, L bytes: the model's {@link org.recsys4j.core.data.ArtifactInfo} block
 * spec:   UTF type name, int32 dim, int32 #hidden, int32 hidden..., int32 outDim,
 *         fields, numerics (each: int32 n, n × UTF), UTF wide field, item fields, item numerics,
 *         (DIN and DIEN only) UTF item field, UTF sequence field, int32 #attention hidden, int32 sizes...,
 *         float64 auxiliary loss weight
 * schema: int32 #fields, per field: UTF name, int32 cardinality, boolean multi-hot;
 *         int32 #numerics, per numeric: UTF name
 * int32 parameter count n, n × float32 parameters (in {@link CtrModel#parameters()} order)
 * int32 CRC-32 of every byte before it
 * </pre>
 *
 * The frame (magic, version, info block, CRC-32) is rank's shared {@link ArtifactContainer}'s.
 * Reading checks, in order: the length, the magic, the version, the checksum, then that the spec and
 * schema are consistent, the parameter count is the architecture's and no byte is left over; each
 * failure is a {@link DataFileException} naming the file, the part ({@code magic}, {@code version},
 * {@code checksum}, {@code spec}, {@code schema}, {@code parameters}, {@code body}) and the problem.
 * Version 1 files (no info block) are read too. The content fingerprint is the SHA-256 of the bytes from
 * the spec to the last parameter. Stateless.
 */
final class CtrModelFile {
    static final int MAGIC = 0x52344A43; // "R4JC"
    private static final int MAX_NAMES = 100_000;
    private static final int MAX_HIDDEN_LAYERS = 64;

    private CtrModelFile() {
    }

    /** The framing (magic, version, info block, CRC-32), shared with rank's other model files. */
    private static final ArtifactContainer CONTAINER = new ArtifactContainer(MAGIC, "CTR model",
            CtrModel.FORMAT_VERSION, 2, ArtifactInfo.CTR_MODEL);

    /** Writes {@code model} to {@code file} atomically. */
    static void save(CtrModel model, Path file) throws IOException {
        AtomicFiles.write(file, toBytes(model));
    }

    /** Reads the model in {@code file}. */
    static CtrModel load(Path file) throws IOException {
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    /** Returns the spec, schema and parameters as saved (what the content fingerprint digests). */
    static byte[] payload(CtrModel model) {
        float[] all = model.parameters();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(all.length * 4 + 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeSpec(out, model.spec());
            writeSchema(out, model.schema());
            out.writeInt(all.length);
            ByteBuffer buf = ByteBuffer.allocate(all.length * 4);
            buf.asFloatBuffer().put(all);
            out.write(buf.array());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    static byte[] toBytes(CtrModel model) {
        byte[] payload = payload(model);
        return CONTAINER.toBytes(model.provenance().identified(model.paramCount(), "", Fingerprints.bytes(payload)),
                payload);
    }

    static CtrModel fromBytes(byte[] b, String source) throws DataFileException {
        ArtifactContainer.Frame frame = CONTAINER.open(b, source);
        try (DataInputStream in = frame.payload()) {
            ModelSpec spec = readSpec(in, source);
            CtrSchema schema = readSchema(in, source);
            CtrModel m;
            try {
                m = new CtrModel(spec, schema);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(source, 0, "spec", spec.toString(), "inconsistent with the schema: "
                        + e.getMessage(), e);
            }
            int n = in.readInt();
            if (n != m.paramCount()) {
                throw new DataFileException(source, 0, "parameters", Integer.toString(n),
                        "the spec needs " + m.paramCount() + " parameters");
            }
            byte[] raw = new byte[n * 4];
            in.readFully(raw);
            float[] all = new float[n];
            ByteBuffer.wrap(raw).asFloatBuffer().get(all);
            m.setParameters(all);
            ArtifactContainer.requireEnd(in, source, "parameters");
            m.provenance(frame.info().map(i -> i.toBuilder().build())
                    .orElseGet(() -> ArtifactInfo.unrecorded(ArtifactInfo.CTR_MODEL, -1)));
            return m;
        } catch (EOFException e) {
            throw new DataFileException(source, 0, "body", "", "truncated", e);
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFileException(source, 0, "body", "", e.getMessage(), e);
        }
    }

    // ---- the spec ----

    private static void writeSpec(DataOutput out, ModelSpec spec) throws IOException {
        out.writeUTF(spec.type().name());
        out.writeInt(spec.dim());
        int[] hidden = spec.hidden();
        out.writeInt(hidden.length);
        for (int h : hidden) {
            out.writeInt(h);
        }
        out.writeInt(spec.outDim());
        writeList(out, spec.fields());
        writeList(out, spec.numerics());
        out.writeUTF(spec.wideField());
        writeList(out, spec.itemFields());
        writeList(out, spec.itemNumerics());
        if (hasSequence(spec.type())) {
            ModelSpec.Sequence sq = spec.sequence();
            out.writeUTF(sq.itemField());
            out.writeUTF(sq.sequenceField());
            int[] att = sq.attentionHidden();
            out.writeInt(att.length);
            for (int h : att) {
                out.writeInt(h);
            }
            out.writeDouble(sq.auxWeight());
        }
    }

    /** The types whose spec has a sequence part (written after the item numerics; no other type has it). */
    private static boolean hasSequence(ModelType type) {
        return type == ModelType.DIN || type == ModelType.DIEN;
    }

    private static ModelSpec readSpec(DataInput in, String source) throws IOException {
        String typeName = in.readUTF();
        ModelType type;
        try {
            type = ModelType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(source, 0, "spec", typeName, "unknown model type", e);
        }
        int dim = in.readInt();
        int nh = in.readInt();
        if (nh < 0 || nh > MAX_HIDDEN_LAYERS) {
            throw new DataFileException(source, 0, "spec", Integer.toString(nh),
                    "hidden layer count out of range [0, " + MAX_HIDDEN_LAYERS + "]");
        }
        int[] hidden = new int[nh];
        for (int k = 0; k < nh; k++) {
            hidden[k] = in.readInt();
        }
        int out = in.readInt();
        List<String> fields = readList(in, source, "spec");
        List<String> numerics = readList(in, source, "spec");
        String wide = in.readUTF();
        List<String> itemFields = readList(in, source, "spec");
        List<String> itemNumerics = readList(in, source, "spec");
        ModelSpec.Sequence sequence = ModelSpec.Sequence.NONE;
        if (hasSequence(type)) {
            String item = in.readUTF();
            String seq = in.readUTF();
            int na = in.readInt();
            if (na < 0 || na > MAX_HIDDEN_LAYERS) {
                throw new DataFileException(source, 0, "spec", Integer.toString(na),
                        "attention layer count out of range [0, " + MAX_HIDDEN_LAYERS + "]");
            }
            int[] att = new int[na];
            for (int k = 0; k < na; k++) {
                att[k] = in.readInt();
            }
            double aux = in.readDouble();
            try {
                sequence = new ModelSpec.Sequence(item, seq, att, aux);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(source, 0, "spec", type.name(), e.getMessage(), e);
            }
        }
        try {
            return new ModelSpec(type, dim, hidden, out, fields, numerics, wide, itemFields, itemNumerics, sequence);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(source, 0, "spec", type.name(), e.getMessage(), e);
        }
    }

    // ---- the schema ----

    private static void writeSchema(DataOutput out, CtrSchema schema) throws IOException {
        out.writeInt(schema.numFields());
        for (int f = 0; f < schema.numFields(); f++) {
            out.writeUTF(schema.fieldName(f));
            out.writeInt(schema.cardinality(f));
            out.writeBoolean(schema.isMultiHot(f));
        }
        out.writeInt(schema.numNumerics());
        for (int j = 0; j < schema.numNumerics(); j++) {
            out.writeUTF(schema.numericName(j));
        }
    }

    private static CtrSchema readSchema(DataInput in, String source) throws IOException {
        CtrSchema.Builder b = CtrSchema.builder();
        int nf = in.readInt();
        if (nf < 0 || nf > MAX_NAMES) {
            throw new DataFileException(source, 0, "schema", Integer.toString(nf), "field count out of range");
        }
        for (int f = 0; f < nf; f++) {
            String name = in.readUTF();
            int card = in.readInt();
            if (in.readBoolean()) {
                b.addMultiHot(name, card);
            } else {
                b.addCategorical(name, card);
            }
        }
        int nn = in.readInt();
        if (nn < 0 || nn > MAX_NAMES) {
            throw new DataFileException(source, 0, "schema", Integer.toString(nn), "numeric feature count out of range");
        }
        for (int j = 0; j < nn; j++) {
            b.addNumeric(in.readUTF());
        }
        try {
            return b.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DataFileException(source, 0, "schema", "", e.getMessage(), e);
        }
    }

    private static void writeList(DataOutput out, List<String> l) throws IOException {
        out.writeInt(l.size());
        for (String s : l) {
            out.writeUTF(s);
        }
    }

    private static List<String> readList(DataInput in, String source, String part) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_NAMES) {
            throw new DataFileException(source, 0, part, Integer.toString(n), "list length out of range");
        }
        List<String> l = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            l.add(in.readUTF());
        }
        return l;
    }
}
