package org.recsys4j.rank.seq;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.util.AtomicFiles;
import org.recsys4j.rank.internal.ArtifactContainer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequence model file format {@code R4JS}, version {@value SequenceModel#FORMAT_VERSION}, both ways.
 * Big-endian ({@link DataOutputStream}):
 *
 * <pre>
 * int32 magic 0x52344A53 ("R4JS")      int32 format version
 * int32 length L, L bytes: the model's {@link ArtifactInfo} block (kind {@value ArtifactInfo#SEQUENCE_MODEL})
 * UTF architecture ("sasrec" | "gru4rec"), int32 #settings, #settings × (UTF key, UTF value)
 * ids: boolean numeric, int32 count, count × (int64 id | UTF id)
 * int32 parameter count n, n × float32 (the network's tensors in order, row by row)
 * int32 CRC-32 of every byte before it
 * </pre>
 *
 * The frame (magic, version, info block, CRC-32) is rank's shared {@link ArtifactContainer}'s.
 * Reading checks the length, magic, version and checksum first, then that the settings describe a network
 * whose parameter count is the one stored and that no byte is left; each failure is a
 * {@link DataFileException} naming the file and the part. The content fingerprint is the SHA-256 of the bytes
 * from the architecture to the last parameter.
 */
final class SeqModelFile {
    static final int MAGIC = 0x52344A53; // "R4JS"
    private static final int MAX_SETTINGS = 1000;
    /** The framing (magic, version, info block, CRC-32), shared with rank's other model files. */
    private static final ArtifactContainer CONTAINER = new ArtifactContainer(MAGIC, "sequence model",
            SequenceModel.FORMAT_VERSION, 1, ArtifactInfo.SEQUENCE_MODEL);

    private SeqModelFile() {
    }

    static void save(SequenceModel m, Path file) throws IOException {
        AtomicFiles.write(file, toBytes(m));
    }

    static SequenceModel load(Path file) throws IOException {
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    static byte[] payload(SequenceModel m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(m.net.params.count() * 4 + 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(m.net.architecture());
            Map<String, String> s = m.net.settings();
            out.writeInt(s.size());
            for (Map.Entry<String, String> e : s.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            IdIndex ids = m.items();
            out.writeBoolean(ids.isNumeric());
            out.writeInt(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                if (ids.isNumeric()) {
                    out.writeLong(ids.longId(i));
                } else {
                    out.writeUTF(ids.id(i));
                }
            }
            float[] all = m.net.params.flatten();
            out.writeInt(all.length);
            ByteBuffer buf = ByteBuffer.allocate(all.length * 4);
            buf.asFloatBuffer().put(all);
            out.write(buf.array());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    static byte[] toBytes(SequenceModel m) {
        byte[] payload = payload(m);
        return CONTAINER.toBytes(m.info().toBuilder().build()
                .identified(m.numItems(), Fingerprints.ids(m.items()), Fingerprints.bytes(payload)), payload);
    }

    static SequenceModel fromBytes(byte[] b, String source) throws DataFileException {
        ArtifactContainer.Frame frame = CONTAINER.open(b, source);
        ArtifactInfo info = frame.info().orElseThrow();
        String part = "settings";
        try (DataInputStream in = frame.payload()) {
            part = "settings";
            String arch = in.readUTF();
            int ns = in.readInt();
            if (ns < 0 || ns > MAX_SETTINGS) {
                throw new DataFileException(source, 0, "settings", Integer.toString(ns), "impossible number of settings");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (int k = 0; k < ns; k++) {
                settings.put(in.readUTF(), in.readUTF());
            }
            part = "ids";
            boolean numeric = in.readBoolean();
            int count = in.readInt();
            if (count < 1 || count > b.length) {
                throw new DataFileException(source, 0, "ids", Integer.toString(count), "impossible number of items");
            }
            IdIndex ids;
            if (numeric) {
                IdIndex.NumericIdBuilder nb = IdIndex.numericBuilder();
                for (int i = 0; i < count; i++) {
                    nb.add(in.readLong());
                }
                ids = nb.build();
            } else {
                IdIndex.StringIdBuilder sb = IdIndex.stringBuilder();
                for (int i = 0; i < count; i++) {
                    sb.add(in.readUTF());
                }
                ids = sb.build();
            }
            if (ids.size() != count) {
                throw new DataFileException(source, 0, "ids", Integer.toString(count), "the ids repeat (" + ids.size()
                        + " distinct of " + count + ")");
            }
            SeqNet net;
            try {
                net = SeqNets.create(arch, count, settings);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(source, 0, "settings", arch + " " + settings, e.getMessage());
            }
            part = "parameters";
            int n = in.readInt();
            if (n != net.params.count()) {
                throw new DataFileException(source, 0, "parameters", Integer.toString(n), "the " + arch + " of the settings "
                        + settings + " over " + count + " items has " + net.params.count() + " parameters");
            }
            byte[] raw = new byte[n * 4];
            in.readFully(raw);
            float[] all = new float[n];
            ByteBuffer.wrap(raw).asFloatBuffer().get(all);
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(all[i])) {
                    throw new DataFileException(source, 0, "parameters", Float.toString(all[i]),
                            "parameter " + i + " is not finite");
                }
            }
            ArtifactContainer.requireEnd(in, source, "parameters");
            net.params.load(all);
            net.refresh();
            return new SequenceModel(net, ids, info, null);
        } catch (EOFException e) {
            throw new DataFileException(source, 0, part, "", "the file ends inside the " + part, e);
        } catch (UTFDataFormatException e) {
            throw new DataFileException(source, 0, part, "", "a name is not valid modified UTF-8", e);
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFileException(source, 0, part, "", e.getMessage(), e);
        }
    }
}
