package org.recsys4j.core.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * What a saved artifact is, readable without loading it: its kind, its provenance (in the style of
 * Tribuo's provenance: who built it with which settings from which data, with which library version and
 * when) and its identity (the number of rows, the fingerprint of their ids and the fingerprint of its
 * content). Every Recsys4J binary artifact of format version 2 carries one in its header: embedding
 * tables ({@code R4JE}), vector indexes and item-neighbour tables ({@code R4JI}), CTR models
 * ({@code R4JC}), encoders and fitted feature schemas ({@code R4JF}). Immutable and thread-safe.
 *
 * <pre>{@code
 * ArtifactInfo info = ArtifactInfo.read(Path.of("item2vec.hnsw"));   // reads the header only
 * info.kind();                      // "hnsw"
 * info.input("vectors");            // the content fingerprint of the table it was built from
 * table.info().contentFingerprint() // compare: the same vectors?
 * }</pre>
 *
 * <h2>Provenance</h2>
 * {@link #kind()} (what the artifact is, e.g. {@value #EMBEDDING_TABLE}), {@link #name()} (a label its
 * user gave it, e.g. {@code item2vec}; empty if none), {@link #producer()} (the class that built it, e.g.
 * {@code org.recsys4j.recall.index.HnswIndex}), {@link #settings()} (its options as text),
 * {@link #inputs()} (the fingerprints of what it was built from: {@code data} for training data,
 * {@code vectors} for the table an index was built from), {@link #libraryVersion()} and
 * {@link #created()}. A builder or trainer fills these in; {@link Builder} lets a caller add a name,
 * settings and inputs it knows of (e.g. the walks that made a corpus).
 *
 * <h2>Identity</h2>
 * Fingerprints are SHA-256 digests, as 64 lowercase hex digits, of a canonical encoding that does not
 * depend on the file format ({@link Fingerprints}): a table saved as binary, word2vec text or sparrow
 * text has one content fingerprint. {@link #idsFingerprint()} is empty for a file that records no ids (a
 * version-1 item-neighbour table) or no fingerprints (any version-1 file): {@link #recorded()} is then
 * false and a check against a catalogue can only compare sizes.
 *
 * <h2>Encoding</h2>
 * In a file the info is a block, big-endian ({@link DataOutputStream}): {@code int32} magic {@code "R4JA"},
 * {@code int16} block version ({@value #BLOCK_VERSION}), {@code int32} count of entries, that many
 * ({@code UTF} key, {@code UTF} value) pairs in key order, then the {@code int32} CRC-32 of the bytes before
 * it. Keys: {@code kind}, {@code name}, {@code producer}, {@code setting.<k>}, {@code input.<k>},
 * {@code libraryVersion}, {@code created} (ISO-8601), {@code rows}, {@code ids}, {@code content}; a
 * reader ignores keys it does not know, so later versions can add some.
 */
public final class ArtifactInfo {
    /** The kind of an {@link EmbeddingTable}. */
    public static final String EMBEDDING_TABLE = "embedding-table";
    /** The kind of a CTR model ({@code org.recsys4j.rank.ctr.CtrModel}). */
    public static final String CTR_MODEL = "ctr-model";
    /** The kind of a sequential recommender ({@code org.recsys4j.rank.seq.SequenceModel}). */
    public static final String SEQUENCE_MODEL = "sequence-model";
    /** The kind of one fitted encoder saved alone ({@code org.recsys4j.core.feature.EncoderFormat}). */
    public static final String ENCODER = "encoder";
    /** The kind of a whole fitted feature schema ({@code org.recsys4j.core.feature.FittedSchema}). */
    public static final String FEATURE_SCHEMA = "feature-schema";
    /** The kind of an item-neighbour table ({@code org.recsys4j.recall.channel.ItemNeighbors}). */
    public static final String ITEM_NEIGHBORS = "item-neighbors";
    /** The magic of an info block, the bytes "R4JA". */
    public static final int BLOCK_MAGIC = 0x52344A41;
    /** The info block version this class writes and the newest it reads. */
    public static final int BLOCK_VERSION = 1;
    /**
     * This library's version, e.g. {@code 0.1.0-SNAPSHOT}: from the resource
     * {@code org/recsys4j/core/data/library.properties}, which the build generates from the project version
     * (Maven resource filtering), else the jar manifest's {@code Implementation-Version}, else {@code unknown}.
     */
    public static final String LIBRARY_VERSION = libraryVersionFromBuild();

    private static final int MAX_ENTRIES = 100_000;
    private static final int MAX_BLOCK_BYTES = 64 << 20;

    private final String kind;
    private final String name;
    private final String producer;
    private final SortedMap<String, String> settings;
    private final SortedMap<String, String> inputs;
    private final String libraryVersion;
    private final Instant created;          // null: not recorded
    private final int rows;                 // -1: not recorded
    private final String idsFingerprint;    // "" : not recorded
    private final String contentFingerprint;

    private ArtifactInfo(String kind, String name, String producer, SortedMap<String, String> settings,
                         SortedMap<String, String> inputs, String libraryVersion, Instant created, int rows,
                         String idsFingerprint, String contentFingerprint) {
        this.kind = kind;
        this.name = name;
        this.producer = producer;
        this.settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
        this.inputs = Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
        this.libraryVersion = libraryVersion;
        this.created = created;
        this.rows = rows;
        this.idsFingerprint = idsFingerprint;
        this.contentFingerprint = contentFingerprint;
    }

    /**
     * Returns a builder of the provenance of an artifact of a kind; the created time defaults to the time of
     * {@link Builder#build()} and the library version to {@link #LIBRARY_VERSION}.
     *
     * @param kind the artifact kind, e.g. {@value #EMBEDDING_TABLE} (checked by {@link Builder#build()})
     * @return the builder
     */
    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    /**
     * Returns the info of an artifact read from a file that records none (format version 1): the kind and
     * the number of rows, without provenance or fingerprints ({@link #recorded()} is false).
     *
     * @param kind the kind the file's format says it is
     * @param rows its number of rows, or -1 if unknown
     * @return the info
     */
    public static ArtifactInfo unrecorded(String kind, int rows) {
        Objects.requireNonNull(kind, "kind");
        return new ArtifactInfo(kind, "", "", new TreeMap<>(), new TreeMap<>(), "", null, rows, "", "");
    }

    /** Returns a builder holding this info's provenance (not its identity), to derive another from it. */
    public Builder toBuilder() {
        Builder b = new Builder(kind).withName(name).withProducer(producer).withLibraryVersion(libraryVersion);
        settings.forEach(b::withSetting);
        inputs.forEach(b::withInput);
        b.created = created;
        return b;
    }

    /**
     * Returns this provenance with the identity of an artifact: its rows and fingerprints. Called by the
     * artifacts themselves, which compute the fingerprints from their content.
     *
     * @param rows               the number of rows, at least 0
     * @param idsFingerprint     the fingerprint of the rows' ids ({@link Fingerprints#ids}), or empty if the
     *                           artifact has no ids
     * @param contentFingerprint the fingerprint of the content (ids and payload)
     * @return the info
     * @throws IllegalArgumentException if {@code rows} is negative or a fingerprint is not 64 hex digits (or
     *                                  empty for the ids)
     */
    public ArtifactInfo identified(int rows, String idsFingerprint, String contentFingerprint) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows: " + rows + ", must be >= 0");
        }
        if (!idsFingerprint.isEmpty()) {
            Fingerprints.check("idsFingerprint", idsFingerprint);
        }
        Fingerprints.check("contentFingerprint", contentFingerprint);
        return new ArtifactInfo(kind, name, producer, settings, inputs, libraryVersion, created, rows,
                idsFingerprint, contentFingerprint);
    }

    /** Returns the kind, e.g. {@value #EMBEDDING_TABLE}, {@code hnsw}, {@value #ITEM_NEIGHBORS}. */
    public String kind() {
        return kind;
    }

    /** Returns the label its user gave it (e.g. {@code item2vec}), or an empty string. */
    public String name() {
        return name;
    }

    /** Returns the class that built it (trainer or builder), or an empty string if not recorded. */
    public String producer() {
        return producer;
    }

    /** Returns the settings it was built with, by name, in name order. */
    public SortedMap<String, String> settings() {
        return settings;
    }

    /** Returns the fingerprints of what it was built from, by input name ({@code data}, {@code vectors}...). */
    public SortedMap<String, String> inputs() {
        return inputs;
    }

    /**
     * Returns the fingerprint of one input.
     *
     * @param input the input name, e.g. {@code vectors}
     * @return its fingerprint, or empty if not recorded
     */
    public Optional<String> input(String input) {
        return Optional.ofNullable(inputs.get(input));
    }

    /** Returns the version of the library that built it, or an empty string if not recorded. */
    public String libraryVersion() {
        return libraryVersion;
    }

    /** Returns when it was built, or empty if not recorded. */
    public Optional<Instant> created() {
        return Optional.ofNullable(created);
    }

    /** Returns its number of rows (ids, vectors, neighbour lists), or -1 if not known. */
    public int rows() {
        return rows;
    }

    /** Returns the fingerprint of its rows' ids, or empty if it records none. */
    public Optional<String> idsFingerprint() {
        return idsFingerprint.isEmpty() ? Optional.empty() : Optional.of(idsFingerprint);
    }

    /** Returns the fingerprint of its content (ids and payload), or empty if it records none. */
    public Optional<String> contentFingerprint() {
        return contentFingerprint.isEmpty() ? Optional.empty() : Optional.of(contentFingerprint);
    }

    /** Returns true if a content fingerprint is recorded (false for files of format version 1). */
    public boolean recorded() {
        return !contentFingerprint.isEmpty();
    }

    /**
     * Checks that this is the info of an artifact of the expected kind.
     *
     * @param expected the kind expected
     * @param file     the file (or source) the error names
     * @return this info
     * @throws DataFileException naming the file, the expected and the found kind if they differ
     */
    public ArtifactInfo requireKind(String expected, String file) throws DataFileException {
        if (!kind.equals(expected)) {
            throw new DataFileException(file, 0, "kind", kind, "expected a " + expected + ", found a " + describe());
        }
        return this;
    }

    /**
     * Checks that the artifact carries the expected name (e.g. that the file loaded as {@code deepwalk} is
     * not item2vec's). A file that records no name (format version 1, or saved without one) passes.
     *
     * @param expected the name expected
     * @param file     the file (or source) the error names
     * @return this info
     * @throws DataFileException naming the file, the expected and the found name and fingerprint if they differ
     */
    public ArtifactInfo requireName(String expected, String file) throws DataFileException {
        if (!name.isEmpty() && !name.equals(expected)) {
            throw new DataFileException(file, 0, "name", name, "expected the " + kind + " '" + expected
                    + "', found '" + name + "' (" + describe() + ")");
        }
        return this;
    }

    /**
     * Checks that the artifact was built from the given input, e.g. that an index was built from the vectors at
     * hand. An artifact that records no such input (format version 1) passes: it cannot be checked.
     *
     * @param input       the input name, e.g. {@code vectors}
     * @param fingerprint the fingerprint of the input at hand
     * @param file        the file (or source) the error names
     * @return this info
     * @throws DataFileException naming the file, the input and both fingerprints if they differ
     */
    public ArtifactInfo requireInput(String input, String fingerprint, String file) throws DataFileException {
        String built = inputs.get(input);
        if (built != null && !built.equals(fingerprint)) {
            throw new DataFileException(file, 0, "input." + input, Fingerprints.abbreviate(built),
                    "this " + kind + " was built from " + input + " " + Fingerprints.abbreviate(built)
                            + ", not from the " + input + " at hand " + Fingerprints.abbreviate(fingerprint));
        }
        return this;
    }

    /** Returns a one-line description: kind, name, rows and fingerprints, e.g. for error messages. */
    public String describe() {
        StringBuilder s = new StringBuilder(kind);
        if (!name.isEmpty()) {
            s.append(" '").append(name).append('\'');
        }
        if (rows >= 0) {
            s.append(", ").append(rows).append(" rows");
        }
        if (recorded()) {
            s.append(idsFingerprint.isEmpty() ? ", no ids" : ", ids " + Fingerprints.abbreviate(idsFingerprint));
            s.append(", content ").append(Fingerprints.abbreviate(contentFingerprint));
        } else {
            s.append(", no fingerprints recorded (format version 1)");
        }
        return s.toString();
    }

    // ---- encoding ----------------------------------------------------------------------------

    /** Returns the info block (see the class comment). */
    public byte[] toBytes() {
        SortedMap<String, String> e = new TreeMap<>();
        e.put("kind", kind);
        e.put("name", name);
        e.put("producer", producer);
        settings.forEach((k, v) -> e.put("setting." + k, v));
        inputs.forEach((k, v) -> e.put("input." + k, v));
        e.put("libraryVersion", libraryVersion);
        if (created != null) {
            e.put("created", created.toString());
        }
        if (rows >= 0) {
            e.put("rows", Integer.toString(rows));
        }
        if (!idsFingerprint.isEmpty()) {
            e.put("ids", idsFingerprint);
        }
        if (!contentFingerprint.isEmpty()) {
            e.put("content", contentFingerprint);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(BLOCK_MAGIC);
            out.writeShort(BLOCK_VERSION);
            out.writeInt(e.size());
            for (Map.Entry<String, String> x : e.entrySet()) {
                out.writeUTF(x.getKey());
                out.writeUTF(x.getValue());
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (UTFDataFormatException ex) {
            throw new IllegalArgumentException("info: a setting or name is longer than 65535 UTF-8 bytes", ex);
        } catch (IOException ex) {
            throw new IllegalStateException("in-memory write failed", ex);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads an info block written by {@link #toBytes()}.
     *
     * @param block  the block's bytes
     * @param source the file the errors name
     * @return the info
     * @throws DataFileException naming the file and the field {@code info} if the block is damaged
     */
    public static ArtifactInfo fromBytes(byte[] block, String source) throws DataFileException {
        if (block.length < 14) {
            throw new DataFileException(source, 0, "info", block.length + " bytes", "too short for an info block");
        }
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.BIG_ENDIAN);
        if (b.getInt(0) != BLOCK_MAGIC) {
            throw new DataFileException(source, 0, "info", String.format("0x%08X", b.getInt(0)),
                    "not an info block (expected magic \"R4JA\")");
        }
        CRC32 crc = new CRC32();
        crc.update(block, 0, block.length - 4);
        if ((int) crc.getValue() != b.getInt(block.length - 4)) {
            throw new DataFileException(source, 0, "info", String.format("0x%08X", b.getInt(block.length - 4)),
                    String.format("info block checksum mismatch, computed 0x%08X (file corrupted)", (int) crc.getValue()));
        }
        int version = Short.toUnsignedInt(b.getShort(4));
        if (version < 1 || version > BLOCK_VERSION) {
            throw new DataFileException(source, 0, "info", "version " + version,
                    "unsupported info block version, this reader supports 1 to " + BLOCK_VERSION);
        }
        SortedMap<String, String> e = new TreeMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(block, 6, block.length - 10))) {
            int n = in.readInt();
            if (n < 0 || n > MAX_ENTRIES) {
                throw new DataFileException(source, 0, "info", Integer.toString(n), "entry count out of range");
            }
            for (int i = 0; i < n; i++) {
                e.put(in.readUTF(), in.readUTF());
            }
            if (in.available() != 0) {
                throw new DataFileException(source, 0, "info", in.available() + " bytes", "trailing bytes in the info block");
            }
        } catch (EOFException | UTFDataFormatException ex) {
            throw new DataFileException(source, 0, "info", "", "inconsistent info block (" + ex.getClass().getSimpleName()
                    + ")", ex);
        } catch (DataFileException ex) {
            throw ex;
        } catch (IOException ex) {
            throw new DataFileException(source, 0, "info", "", ex.getMessage(), ex);
        }
        return fromEntries(e, source);
    }

    private static ArtifactInfo fromEntries(SortedMap<String, String> e, String source) throws DataFileException {
        String kind = e.getOrDefault("kind", "");
        if (kind.isBlank()) {
            throw new DataFileException(source, 0, "info", "kind", "the info block names no kind");
        }
        SortedMap<String, String> settings = new TreeMap<>();
        SortedMap<String, String> inputs = new TreeMap<>();
        e.forEach((k, v) -> {
            if (k.startsWith("setting.")) {
                settings.put(k.substring(8), v);
            } else if (k.startsWith("input.")) {
                inputs.put(k.substring(6), v);
            }
        });
        Instant created = null;
        if (e.containsKey("created")) {
            try {
                created = Instant.parse(e.get("created"));
            } catch (DateTimeParseException ex) {
                throw new DataFileException(source, 0, "info", "created=" + e.get("created"), "not an ISO-8601 instant");
            }
        }
        int rows = -1;
        if (e.containsKey("rows")) {
            try {
                rows = Integer.parseInt(e.get("rows"));
            } catch (NumberFormatException ex) {
                rows = -2;
            }
            if (rows < 0) {
                throw new DataFileException(source, 0, "info", "rows=" + e.get("rows"), "not a row count");
            }
        }
        String ids = e.getOrDefault("ids", "");
        String content = e.getOrDefault("content", "");
        for (String fp : new String[] {ids, content}) {
            if (!fp.isEmpty() && !Fingerprints.isFingerprint(fp)) {
                throw new DataFileException(source, 0, "info", fp, "not a fingerprint (64 hex digits)");
            }
        }
        return new ArtifactInfo(kind, e.getOrDefault("name", ""), e.getOrDefault("producer", ""), settings, inputs,
                e.getOrDefault("libraryVersion", ""), created, rows, ids, content);
    }

    /**
     * Reads the info of a saved Recsys4J binary artifact from its header, without reading its payload: the
     * recorded info of a file of format version 2, or for a version-1 file its kind (and rows where the
     * header says) with {@link #recorded()} false.
     *
     * @param file an embedding table ({@code R4JE}), index or neighbour table ({@code R4JI}), CTR model
     *             ({@code R4JC}), sequence model ({@code R4JS}) or encoder file ({@code R4JF})
     * @return the info
     * @throws DataFileException naming the file if it is not a Recsys4J binary artifact or its header is damaged
     * @throws IOException       if it cannot be read
     */
    public static ArtifactInfo read(Path file) throws IOException {
        String name = String.valueOf(file.getFileName());
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 13);
             DataInputStream in = new DataInputStream(raw)) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new DataFileException(name, 0, "length", Long.toString(Files.size(file)),
                        "too short for a Recsys4J binary artifact");
            }
            try {
                return readAfterMagic(in, magic, name);
            } catch (EOFException e) {
                throw new DataFileException(name, 0, "header", "", "the file ends inside its header (truncated)", e);
            } catch (UTFDataFormatException e) {
                throw new DataFileException(name, 0, "header", "", "a name in the header is not valid modified UTF-8", e);
            }
        }
    }

    private static ArtifactInfo readAfterMagic(DataInputStream in, int magic, String name) throws IOException {
        if (magic == EmbeddingFormats.MAGIC) {   // the bytes "R4JE"; the rest of its header is little-endian
            int version = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            in.readShort();   // id kind, reserved
            int count = Integer.reverseBytes(in.readInt());
            in.readInt();     // dim
            if (version == 1) {
                return unrecorded(EMBEDDING_TABLE, Math.max(-1, count));
            }
            return readBlock(in, Integer.reverseBytes(in.readInt()), name);
        }
        switch (magic) {
            case 0x52344A49: {   // "R4JI", the index container (org.recsys4j.recall.index.IndexFile)
                String kind = in.readUTF();
                int version = in.readInt();
                return version < 2 ? unrecorded(kind, -1) : readBlock(in, in.readInt(), name);
            }
            case 0x52344A43: {   // "R4JC", CTR models
                int version = in.readInt();
                return version < 2 ? unrecorded(CTR_MODEL, -1) : readBlock(in, in.readInt(), name);
            }
            case 0x52344A53: {   // "R4JS", sequential recommenders (org.recsys4j.rank.seq.SequenceModel)
                in.readInt();    // format version, 1 and up all carry the block
                return readBlock(in, in.readInt(), name);
            }
            case 0x52344A46: {   // "R4JF", encoders and fitted schemas (org.recsys4j.core.feature.EncoderFormat)
                int version = in.readUnsignedShort();
                int kindCode = in.readUnsignedByte();
                if (version < 2) {   // kind code 64 is a whole schema (EncoderKind.SCHEMA)
                    return unrecorded(kindCode == 64 ? FEATURE_SCHEMA : ENCODER, -1);
                }
                return readBlock(in, in.readInt(), name);
            }
            default:
                throw new DataFileException(name, 0, "magic", String.format("0x%08X", magic),
                        "not a Recsys4J binary artifact (R4JE, R4JI, R4JC, R4JS or R4JF)");
        }
    }

    private static ArtifactInfo readBlock(DataInputStream in, int length, String name) throws IOException {
        if (length < 14 || length > MAX_BLOCK_BYTES) {
            throw new DataFileException(name, 0, "info", "length " + length, "impossible info block length (file corrupted?)");
        }
        byte[] block = new byte[length];
        in.readFully(block);
        return fromBytes(block, name);
    }

    /**
     * Returns what a file is, for an error message about a file of the wrong kind: its {@link #describe()}, or
     * why it could not be told.
     *
     * @param file the file
     * @return a short description
     */
    public static String describe(Path file) {
        try {
            return read(file).describe();
        } catch (DataFileException e) {
            return "not a Recsys4J binary artifact (" + e.problem() + ")";
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    /**
     * Returns what a file is if it is a Recsys4J binary artifact ({@link #describe()} of its header), for the
     * error about a file passed where another kind was expected; empty for any other file.
     *
     * @param file the file
     * @return the description, or empty
     */
    public static Optional<String> identify(Path file) {
        try {
            return Optional.of(read(file).describe());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ArtifactInfo)) {
            return false;
        }
        ArtifactInfo x = (ArtifactInfo) o;
        return rows == x.rows && kind.equals(x.kind) && name.equals(x.name) && producer.equals(x.producer)
                && settings.equals(x.settings) && inputs.equals(x.inputs) && libraryVersion.equals(x.libraryVersion)
                && Objects.equals(created, x.created) && idsFingerprint.equals(x.idsFingerprint)
                && contentFingerprint.equals(x.contentFingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, producer, settings, inputs, libraryVersion, created, rows, idsFingerprint,
                contentFingerprint);
    }

    @Override
    public String toString() {
        return "ArtifactInfo[" + describe() + (producer.isEmpty() ? "" : ", by " + producer) + (settings.isEmpty() ? ""
                : ", settings " + settings) + (inputs.isEmpty() ? "" : ", inputs " + inputs.keySet())
                + (libraryVersion.isEmpty() ? "" : ", Recsys4J " + libraryVersion)
                + (created == null ? "" : ", created " + created) + "]";
    }

    private static String libraryVersionFromBuild() {
        try (InputStream in = ArtifactInfo.class.getResourceAsStream("library.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = ArtifactInfo.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "unknown" : v;
    }

    /**
     * Collects the provenance of an artifact ({@link ArtifactInfo#builder(String)}). Setters only store;
     * {@link #build()} checks. Not thread-safe.
     */
    public static final class Builder {
        private final String kind;
        private String name = "";
        private String producer = "";
        private final SortedMap<String, String> settings = new TreeMap<>();
        private final SortedMap<String, String> inputs = new TreeMap<>();
        private String libraryVersion = LIBRARY_VERSION;
        private Instant created;
        private String problem;

        private Builder(String kind) {
            this.kind = kind;
        }

        /**
         * Sets the label of the artifact, e.g. {@code item2vec}. Absent or null: unnamed.
         *
         * @param name the label
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name == null ? "" : name;
            return this;
        }

        /**
         * Sets the class that builds the artifact. Absent or null: not recorded.
         *
         * @param producer the class name, e.g. {@code HnswIndex.class.getName()}
         * @return this builder
         */
        public Builder withProducer(String producer) {
            this.producer = producer == null ? "" : producer;
            return this;
        }

        /**
         * Records a setting (replacing an earlier one of the same key); the value is its {@code String.valueOf}.
         *
         * @param key   the setting's name, not blank
         * @param value its value
         * @return this builder
         */
        public Builder withSetting(String key, Object value) {
            if (key == null || key.isBlank()) {
                problem = problem != null ? problem : "setting key: blank or null";
            } else {
                settings.put(key, String.valueOf(value));
            }
            return this;
        }

        /**
         * Records the fingerprint of an input (replacing an earlier one of the same name).
         *
         * @param input       the input's name, e.g. {@code data} or {@code vectors}, not blank
         * @param fingerprint its fingerprint, 64 hex digits ({@link Fingerprints})
         * @return this builder
         */
        public Builder withInput(String input, String fingerprint) {
            if (input == null || input.isBlank()) {
                problem = problem != null ? problem : "input name: blank or null";
            } else if (!Fingerprints.isFingerprint(fingerprint)) {
                problem = problem != null ? problem : "input '" + input + "': " + fingerprint
                        + ", not a fingerprint (64 hex digits)";
            } else {
                inputs.put(input, fingerprint);
            }
            return this;
        }

        /**
         * Sets the library version recorded (default {@link ArtifactInfo#LIBRARY_VERSION}); golden files pin it.
         *
         * @param version the version
         * @return this builder
         */
        public Builder withLibraryVersion(String version) {
            this.libraryVersion = version;
            return this;
        }

        /**
         * Sets the creation time recorded. Absent or null: the time of {@link #build()}.
         *
         * @param created the time
         * @return this builder
         */
        public Builder withCreated(Instant created) {
            this.created = created;
            return this;
        }

        /**
         * Returns the provenance (without identity: the artifact adds it).
         *
         * @return the info
         * @throws NullPointerException     naming {@code kind} or {@code libraryVersion} if null
         * @throws IllegalArgumentException naming a blank kind, setting key or input name, or a bad fingerprint
         */
        public ArtifactInfo build() {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(libraryVersion, "libraryVersion");
            if (kind.isBlank()) {
                throw new IllegalArgumentException("kind: blank");
            }
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return new ArtifactInfo(kind, name, producer, settings, inputs, libraryVersion,
                    created != null ? created : Instant.now().truncatedTo(ChronoUnit.MILLIS), -1, "", "");
        }
    }
}
