package org.recsys4j.core.data;

import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import org.recsys4j.core.util.AtomicFiles;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Returns {@link EmbeddingTable}s read from, and writes them to, three file formats: the word2vec
 * text format, the SparrowRecsys text format and a versioned, checksummed binary format.
 *
 * <pre>{@code
 * EmbeddingFormats.save(table, Path.of("items.bin"), EmbeddingFormats.Format.BINARY);
 * EmbeddingTable t = EmbeddingFormats.load(Path.of("item2vec.txt"), EmbeddingFormats.Format.WORD2VEC);
 * EmbeddingTable s = EmbeddingFormats.load(Path.of("userEmb.csv"), EmbeddingFormats.Format.SPARROW, IdKind.TEXT);
 * }</pre>
 *
 * <h2>Formats</h2>
 * <ul>
 * <li>{@link Format#WORD2VEC}: a header line {@code count dim}, then one {@code id v1 ... vd} line
 * per row, fields separated by spaces or tabs, as written by word2vec.c and by gensim's
 * {@code save_word2vec_format(binary=False)}. A trailing space (word2vec.c writes one) and blank
 * lines are tolerated; ids cannot contain white space.</li>
 * <li>{@link Format#SPARROW}: one {@code id:v1 v2 ... vd} line per row, as SparrowRecsys writes its
 * item ({@code movieId:...}) and user ({@code userId:...}) embeddings; no header, the dimension is
 * that of the first row. Spaces around the id and around the components, blank lines and lines
 * starting with {@code #} are tolerated.</li>
 * <li>{@link Format#BINARY}: see {@link #MAGIC}; floats are stored bit for bit.</li>
 * </ul>
 * Text formats are written with {@link Float#toString(float)}, which reads back to the same float,
 * so every format round-trips exactly.
 *
 * <h2>Ids</h2>
 * Text files do not say whether ids are numbers. With {@link IdKind#AUTO} (the default) the loaded
 * table has numeric ids when every id is a canonical decimal {@code long} ({@code "42"}, {@code "-7"};
 * not {@code "007"} or {@code "+7"}, which would not be written back the same), else text ids;
 * {@link IdKind#TEXT} forces text ids. The binary format records the kind of the table it was saved
 * from.
 *
 * <h2>Errors</h2>
 * Saving goes through a temporary file in the destination's directory and an atomic move
 * ({@link AtomicFiles}), so a reader never sees half a file. A file that cannot be read is a
 * {@link DataFileException} naming the file, the 1-based line (text formats; 0 for the binary
 * format and for problems of the whole file) and the field: {@code header}, {@code id},
 * {@code vector} (wrong number of components), {@code v3} (the third component: not a number, not
 * finite), {@code magic}, {@code version}, {@code idKind}, {@code length} (truncated or trailing bytes)
 * and {@code checksum}. I/O failures are {@link IOException}s.
 */
public final class EmbeddingFormats {
    /**
     * The magic of the binary format, the bytes "R4JE" (read as a big-endian int). Binary layout, every
     * number little-endian:
     * <pre>
     * offset  size         field
     * 0       4            magic "R4JE" (0x52 0x34 0x4A 0x45)
     * 4       2            format version, unsigned (currently 2)
     * 6       1            id kind: 0 numeric, 1 text
     * 7       1            reserved, 0
     * 8       4            count, int &gt;= 0
     * 12      4            dim, int &gt;= 1
     * 16      4            (version 2) info block length L
     * 20      L            (version 2) the table's {@link ArtifactInfo} block: provenance, rows, ids and content
     *                      fingerprints (big-endian inside, with its own CRC32)
     * ...     ...          ids: count int64 (numeric), or count × (int32 byte length, UTF-8 bytes) (text)
     * ...     4·count·dim  the row-major matrix, IEEE 754 float32
     * end-4   4            CRC32 of every byte before it
     * </pre>
     * Version 1 is version 2 without the info block; both are read. Reading a version-2 file checks that the
     * block names an embedding table of {@code count} rows and that the ids read have the recorded ids
     * fingerprint; the recorded content fingerprint is not trusted: the loaded table's {@link EmbeddingTable#info()}
     * digests the vectors read on first use (a load costs what it did: 1.5 ms for a 9,724 × 64 table; the digest,
     * 1.7 ms, is paid once, by the first check that binds the table to an index), so a header crafted to claim
     * another content can bind nothing. {@link ArtifactInfo#read(Path)} returns the info as recorded, without the
     * payload.
     */
    public static final int MAGIC = 0x52344A45;
    /** The binary format version this class writes and the newest it reads. */
    public static final int VERSION = 2;
    private static final int HEADER_BYTES = 16;
    private static final int MAX_ID_BYTES = 1 << 16;
    private static final int BUFFER_BYTES = 1 << 16;

    private EmbeddingFormats() {
    }

    /** The file formats. */
    public enum Format {
        /** {@code count dim} header, then {@code id v1 ... vd} lines (word2vec.c, gensim). */
        WORD2VEC,
        /** {@code id:v1 v2 ... vd} lines (SparrowRecsys). */
        SPARROW,
        /** Versioned, checksummed binary, see {@link EmbeddingFormats#MAGIC}. */
        BINARY
    }

    /** How ids are typed when a table is loaded. */
    public enum IdKind {
        /** Numeric when every id is a canonical decimal long, else text (binary: as saved). */
        AUTO,
        /** Always text ids (numeric ids become their decimal text). */
        TEXT
    }

    /**
     * Writes a table to a file in the given format, through a temporary file in the same directory and
     * an atomic move.
     *
     * @param table  the table
     * @param file   the destination; replaced if it exists
     * @param format the format
     * @throws IOException if writing fails (the destination is then unchanged)
     */
    public static void save(EmbeddingTable table, Path file, Format format) throws IOException {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(format, "format");
        if (format == Format.BINARY) {
            AtomicFiles.writeVia(file, tmp -> writeBinary(table, tmp));
        } else {
            AtomicFiles.write(file, out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER_BYTES);
                writeText(table, format, w);
                w.flush();
            });
        }
    }

    /**
     * Returns the table stored in a file, ids typed by {@link IdKind#AUTO}.
     *
     * @param file   the file
     * @param format its format
     * @throws DataFileException naming file, line and field if the file is not valid
     * @throws IOException         if reading fails
     */
    public static EmbeddingTable load(Path file, Format format) throws IOException {
        return load(file, format, IdKind.AUTO);
    }

    /**
     * Returns the table stored in a file.
     *
     * @param file   the file
     * @param format its format
     * @param ids    how ids are typed
     * @throws DataFileException naming file, line and field if the file is not valid
     * @throws IOException         if reading fails
     */
    public static EmbeddingTable load(Path file, Format format, IdKind ids) throws IOException {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(ids, "ids");
        return switch (format) {
            case BINARY -> readBinary(file, ids);
            case WORD2VEC, SPARROW -> readText(file, format, ids);
        };
    }

    /**
     * Opens a SparrowRecsys text file for reading row by row, without holding it in memory (e.g. to
     * stream it into a feature store); the same as {@link #open open(file, Format.SPARROW, dim)}.
     *
     * @param file the file
     * @param dim  the dimension every row must have, or {@code -1} for that of the first row
     * @throws IOException if the file cannot be opened
     */
    public static RowReader openSparrow(Path file, int dim) throws IOException {
        return open(file, Format.SPARROW, dim);
    }

    /**
     * Opens a text embedding file ({@link Format#SPARROW} or {@link Format#WORD2VEC}) for reading row by
     * row, without holding its vectors in memory. Ids are returned as text, exactly as written after a
     * leading byte-order mark is dropped; a repeated id is a {@link DataFileException} naming both
     * lines ({@code v.txt:9: id=42: duplicate id, first on line 3}), found with a 64-bit hash per id
     * (about 16 bytes each) and confirmed by reading the earlier line again. A word2vec file's header
     * count is checked against the rows at the end.
     *
     * @param file   the file
     * @param format {@link Format#SPARROW} or {@link Format#WORD2VEC}
     * @param dim    the dimension every row must have, or {@code -1} for that of the first row (SPARROW)
     *               or of the header (WORD2VEC, where a given dim must equal the header's)
     * @throws IOException         if the file cannot be opened
     * @throws DataFileException if a word2vec header is missing or bad, or announces another dimension
     */
    public static RowReader open(Path file, Format format, int dim) throws IOException {
        Objects.requireNonNull(format, "format");
        if (format == Format.BINARY) {
            throw new IllegalArgumentException("format: BINARY files are read whole with load(), not row by row");
        }
        if (dim < 1 && dim != -1) {
            throw new IllegalArgumentException("dim: " + dim + ", must be >= 1 or -1 (from the first row)");
        }
        return new RowReader(file, format, dim);
    }

    // ---- text --------------------------------------------------------------------------------

    private static void writeText(EmbeddingTable t, Format format, Writer w) throws IOException {
        int n = t.size();
        int dim = t.dim();
        float[] v = t.values();
        if (format == Format.WORD2VEC) {
            w.write(n + " " + dim + "\n");
        }
        char sep = format == Format.WORD2VEC ? ' ' : ':';
        for (int i = 0; i < n; i++) {
            String id = t.ids().id(i);
            checkTextId(id, format);
            w.write(id);
            w.write(sep);
            int o = i * dim;
            for (int j = 0; j < dim; j++) {
                if (j > 0) {
                    w.write(' ');
                }
                w.write(Float.toString(v[o + j]));
            }
            w.write('\n');
        }
    }

    private static void checkTextId(String id, Format format) {
        boolean bad = id.isEmpty() || id.chars().anyMatch(c -> c == '\n' || c == '\r')
                || (format == Format.WORD2VEC ? id.chars().anyMatch(c -> c == ' ' || c == '\t')
                : id.indexOf(':') >= 0 || !id.strip().equals(id) || id.startsWith("#"));
        if (bad) {
            throw new IllegalArgumentException("id '" + id + "' cannot be written in the " + format
                    + " format (empty, line break, "
                    + (format == Format.WORD2VEC ? "white space" : "':', a leading '#' or surrounding white space") + ")");
        }
    }

    private static EmbeddingTable readText(Path file, Format format, IdKind kind) throws IOException {
        try (RowReader r = new RowReader(file, format, -1)) {
            List<String> ids = new ArrayList<>();
            float[] values = new float[0];
            int rows = 0;
            for (Optional<Map.Entry<String, float[]>> row = r.nextRow(); row.isPresent(); row = r.nextRow()) {
                Map.Entry<String, float[]> e = row.get();
                int dim = r.dim;
                long need = (long) (rows + 1) * dim;
                if (need > Integer.MAX_VALUE - 8) {
                    throw new DataFileException(r.name, r.lineNo, "id", e.getKey(), "too many rows for one table");
                }
                if (need > values.length) {
                    values = Arrays.copyOf(values, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 8L,
                            Math.max(1024L, values.length * 2L))));
                }
                System.arraycopy(e.getValue(), 0, values, rows * dim, dim);
                ids.add(e.getKey());
                rows++;
            }
            int dim = r.dim > 0 ? r.dim : 1;   // an empty SPARROW file: an empty table of dim 1
            return EmbeddingTable.owning(index(ids, kind), dim, Arrays.copyOf(values, rows * dim));
        }
    }

    private static IdIndex index(List<String> ids, IdKind kind) {
        if (kind == IdKind.AUTO && !ids.isEmpty()) {
            long[] longs = new long[ids.size()];
            boolean numeric = true;
            for (int i = 0; i < longs.length && numeric; i++) {
                Long l = canonicalLong(ids.get(i));
                numeric = l != null;
                longs[i] = numeric ? l : 0;
            }
            if (numeric) {
                return IdIndex.ofLongs(longs);
            }
        }
        return IdIndex.ofStrings(ids.toArray(new String[0]));
    }

    private static Long canonicalLong(String s) {
        int n = s.length();
        if (n == 0 || n > 20) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c == '-' && i == 0)) {
                return null;
            }
        }
        try {
            long l = Long.parseLong(s);
            return Long.toString(l).equals(s) ? l : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Returns the rows of a text embedding file one at a time as (id, vector) entries; opened by
     * {@link #open(Path, Format, int)} or {@link #openSparrow(Path, int)}. A bad line (or a repeated id,
     * or a word2vec header whose count does not match the rows) is a {@link DataFileException} naming
     * file, line and field: thrown as it is by {@link #nextRow()}, wrapped in an {@link UncheckedIOException}
     * by the {@link Iterator} methods (which may throw no checked exception). Not thread-safe.
     */
    public static final class RowReader implements Iterator<Map.Entry<String, float[]>>, AutoCloseable {
        private final Path file;
        private final String name;
        private final Format format;
        private final BufferedReader reader;
        private final int expectedDim;
        private int dim;
        private long lineNo;
        private long headerCount = -1;
        private long headerLineNo;
        private String headerLine;
        private long rows;
        private boolean ended;
        private Map.Entry<String, float[]> next;
        /** 64-bit hash of each id read -> its line; ids whose hash an earlier, different id already had -> line. */
        private final Long2LongOpenHashMap firstLine = new Long2LongOpenHashMap();
        private final Map<String, Long> collided = new HashMap<>();

        private RowReader(Path file, Format format, int dim) throws IOException {
            this.file = file;
            this.name = String.valueOf(file.getFileName());
            this.format = format;
            this.dim = dim;
            this.expectedDim = dim;
            this.reader = open(file);
            firstLine.defaultReturnValue(-1);
            try {
                if (format == Format.WORD2VEC) {
                    readHeader();
                }
            } catch (IOException | RuntimeException e) {
                reader.close();
                throw e;
            }
        }

        /** Opens the file as UTF-8 text, past a byte-order mark if it starts with one. */
        private static BufferedReader open(Path file) throws IOException {
            BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            try {
                r.mark(1);
                if (r.read() != '\uFEFF') {
                    r.reset();
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                r.close();
                throw new DataFileException(String.valueOf(file.getFileName()), 1, "line", "", "not UTF-8 text"
                        + ArtifactInfo.identify(file).map(d -> "; the file is binary: " + d).orElse(""), e);
            } catch (IOException e) {
                r.close();
                throw e;
            }
            return r;
        }

        /** Returns the rows returned so far. */
        public long rowsRead() {
            return rows;
        }

        /** Returns the dimension: the one given, or that of the first row (-1 before it is read). */
        public int dim() {
            return dim;
        }

        /** Returns the 1-based number of the last line read. */
        public long lineNumber() {
            return lineNo;
        }

        private void readHeader() throws IOException {
            String line = nextLine();
            if (line == null) {
                throw new DataFileException(name, 0, "header", "", "empty file, expected a 'count dim' header line");
            }
            headerLine = line.strip();
            String[] p = headerLine.split("[ \t]+");
            long count;
            long d;
            try {
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                count = Long.parseLong(p[0]);
                d = Long.parseLong(p[1]);
            } catch (NumberFormatException e) {
                throw new DataFileException(name, lineNo, "header", headerLine, "expected 'count dim', two integers"
                        + binaryHint(headerLine));
            }
            if (count < 0 || d < 1 || d > Integer.MAX_VALUE - 8) {
                throw new DataFileException(name, lineNo, "header", headerLine,
                        "count must be >= 0 and dim >= 1");
            }
            if (expectedDim > 0 && d != expectedDim) {
                throw new DataFileException(name, lineNo, "header", headerLine, "dim " + d + ", expected " + expectedDim);
            }
            headerCount = count;
            headerLineNo = lineNo;
            dim = (int) d;
        }

        private String nextLine() throws IOException {
            String line;
            try {
                do {
                    line = reader.readLine();
                    lineNo++;
                } while (line != null && (line.isBlank() || (format == Format.SPARROW && line.startsWith("#"))));
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new DataFileException(name, lineNo, "line", "", "not UTF-8 text" + ArtifactInfo.identify(file)
                        .map(d -> "; the file is binary: " + d).orElse(""), e);
            } catch (IOException e) {
                throw new IOException(name + ":" + lineNo + ": " + e.getMessage(), e);
            }
            return line;
        }

        /**
         * Returns the next row, or empty at the end of the file: the checked way to read (an {@link Iterator}
         * may throw no checked exception).
         *
         * @throws DataFileException naming file, line and field of a bad line, a repeated id, or a word2vec
         *                           header whose count does not match the rows
         * @throws IOException       if reading fails
         */
        public Optional<Map.Entry<String, float[]>> nextRow() throws IOException {
            Map.Entry<String, float[]> r = next != null ? next : read();
            next = null;
            return Optional.ofNullable(r);
        }

        /**
         * Returns true if there is another row.
         *
         * @throws UncheckedIOException whose cause is the {@link DataFileException} of a bad line (or the
         *                              {@link IOException} of a failed read), as {@link BufferedReader#lines()} does
         */
        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }
            return next != null;
        }

        /**
         * Returns the next row.
         *
         * @throws UncheckedIOException   as {@link #hasNext()}
         * @throws NoSuchElementException at the end of the file
         */
        @Override
        public Map.Entry<String, float[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<String, float[]> r = next;
            next = null;
            return r;
        }

        private Map.Entry<String, float[]> read() throws IOException {
            if (ended) {
                return null;
            }
            String line = nextLine();
            if (line == null) {
                ended = true;
                if (headerCount >= 0 && headerCount != rows) {
                    throw new DataFileException(name, headerLineNo, "header", headerLine, "announces " + headerCount
                            + " vectors, the file has " + rows);
                }
                return null;
            }
            String id;
            int pos;
            if (format == Format.SPARROW) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw new DataFileException(name, lineNo, "line", line, "expected id:v1 v2 ..." + binaryHint(line));
                }
                id = line.substring(0, colon).strip();
                pos = colon + 1;
            } else {
                int start = skipBlanks(line, 0);
                int end = tokenEnd(line, start);
                id = line.substring(start, end);
                pos = end;
            }
            if (id.isEmpty()) {
                throw new DataFileException(name, lineNo, "id", "", "empty id");
            }
            String rest = line.substring(pos).strip();
            int count = countTokens(line, pos);
            if (dim < 0) {
                if (count == 0) {
                    throw new DataFileException(name, lineNo, "vector", rest, "0 components");
                }
                dim = count;
            }
            if (count != dim) {
                throw new DataFileException(name, lineNo, "vector", rest, count + " components, expected " + dim
                        + (format == Format.WORD2VEC ? " (the header's dim)" : ""));
            }
            float[] v = new float[dim];
            int p = pos;
            for (int j = 0; j < dim; j++) {
                int s = skipBlanks(line, p);
                p = tokenEnd(line, s);
                String tok = line.substring(s, p);
                float x;
                try {
                    x = Float.parseFloat(tok);
                } catch (NumberFormatException e) {
                    throw new DataFileException(name, lineNo, "v" + (j + 1), tok, "not a number");
                }
                if (!Float.isFinite(x)) {
                    throw new DataFileException(name, lineNo, "v" + (j + 1), tok, "not finite");
                }
                v[j] = x;
            }
            checkNew(id);
            rows++;
            return Map.entry(id, v);
        }

        /** Throws if {@code id} was on an earlier line; a hash match is confirmed by reading that line again. */
        private void checkNew(String id) throws IOException {
            long h = hash(id);
            long prev = firstLine.putIfAbsent(h, lineNo);
            if (prev < 0) {
                return;
            }
            Long other = collided.get(id);
            if (other == null && id.equals(idOnLine(prev))) {
                other = prev;
            }
            if (other != null) {
                throw new DataFileException(name, lineNo, "id", id, "duplicate id, first on line " + other);
            }
            collided.put(id, lineNo);   // another id with the same hash
        }

        private static long hash(String s) {
            long h = 0x9E3779B97F4A7C15L;
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001B3L;
            }
            return HashCommon.mix(h);
        }

        /** Returns the id written on line {@code target} (which held a row), read again from the file. */
        private String idOnLine(long target) throws IOException {
            try (BufferedReader r = open(file)) {
                String line = null;
                for (long l = 0; l < target; l++) {
                    line = r.readLine();
                    if (line == null) {
                        return null;
                    }
                }
                if (format == Format.SPARROW) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? null : line.substring(0, colon).strip();
                }
                int start = skipBlanks(line, 0);
                return line.substring(start, tokenEnd(line, start));
            } catch (IOException e) {
                throw new IOException(name + ": cannot read line " + target + " again: " + e.getMessage(), e);
            }
        }

        /** Returns, for a first line that starts like a Recsys4J binary artifact, what the file is. */
        private String binaryHint(String line) {
            if (lineNo > 1 || !line.startsWith("R4J")) {
                return "";
            }
            return "; the file is binary: " + ArtifactInfo.describe(file);
        }

        private static boolean blank(char c) {
            return c == ' ' || c == '\t';
        }

        private static int skipBlanks(String s, int p) {
            while (p < s.length() && blank(s.charAt(p))) {
                p++;
            }
            return p;
        }

        private static int tokenEnd(String s, int p) {
            while (p < s.length() && !blank(s.charAt(p))) {
                p++;
            }
            return p;
        }

        private static int countTokens(String s, int p) {
            int n = 0;
            while (true) {
                p = skipBlanks(s, p);
                if (p >= s.length()) {
                    return n;
                }
                n++;
                p = tokenEnd(s, p);
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    // ---- binary ------------------------------------------------------------------------------

    private static void writeBinary(EmbeddingTable t, Path tmp) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Out out = new Out(ch);
            IdIndex ids = t.ids();
            out.need(HEADER_BYTES);
            out.buf.putInt(Integer.reverseBytes(MAGIC)).putShort((short) VERSION)
                    .put((byte) (ids.isNumeric() ? 0 : 1)).put((byte) 0).putInt(t.size()).putInt(t.dim());
            byte[] info = t.info().toBytes();
            out.need(4);
            out.buf.putInt(info.length);
            out.put(info);
            for (int i = 0; i < t.size(); i++) {
                if (ids.isNumeric()) {
                    out.need(8);
                    out.buf.putLong(ids.longId(i));
                } else {
                    byte[] b = ids.id(i).getBytes(StandardCharsets.UTF_8);
                    if (b.length > MAX_ID_BYTES) {
                        throw new IllegalArgumentException("id at row " + i + " is " + b.length
                                + " UTF-8 bytes, at most " + MAX_ID_BYTES + " can be saved");
                    }
                    out.need(4);
                    out.buf.putInt(b.length);
                    out.put(b);
                }
            }
            float[] v = t.values();
            for (int off = 0; off < v.length; ) {
                out.need(4);
                int k = Math.min(v.length - off, out.buf.remaining() / 4);
                out.buf.asFloatBuffer().put(v, off, k);
                out.buf.position(out.buf.position() + 4 * k);
                off += k;
            }
            out.flush();
            ByteBuffer crc = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) out.crc.getValue());
            crc.flip();
            while (crc.hasRemaining()) {
                ch.write(crc);
            }
        }
    }

    /** A little-endian write buffer over a channel that checksums what it flushes. */
    private static final class Out {
        final FileChannel ch;
        final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32 crc = new CRC32();

        Out(FileChannel ch) {
            this.ch = ch;
        }

        void need(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        void put(byte[] b) throws IOException {
            for (int off = 0; off < b.length; ) {
                need(1);
                int k = Math.min(b.length - off, buf.remaining());
                buf.put(b, off, k);
                off += k;
            }
        }

        void flush() throws IOException {
            buf.flip();
            crc.update(buf.array(), 0, buf.limit());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }
    }

    private static EmbeddingTable readBinary(Path file, IdKind kind) throws IOException {
        String name = String.valueOf(file.getFileName());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            In in = new In(ch, name, size);
            if (size >= 4) {
                in.require(4);
                int magic = Integer.reverseBytes(in.buf.getInt(in.buf.position()));
                if (magic != MAGIC) {
                    throw new DataFileException(name, 0, "magic", String.format("0x%08X", magic),
                            "not a Recsys4J embedding file, expected 0x" + String.format("%08X", MAGIC)
                                    + " (\"R4JE\")" + ArtifactInfo.identify(file).map(d -> "; found: " + d).orElse(""));
                }
            }
            if (size < HEADER_BYTES + 4) {
                throw new DataFileException(name, 0, "length", Long.toString(size),
                        "truncated: a binary embedding file has at least " + (HEADER_BYTES + 4) + " bytes");
            }
            in.require(HEADER_BYTES);
            in.buf.getInt();
            int version = Short.toUnsignedInt(in.buf.getShort());
            if (version < 1 || version > VERSION) {
                throw new DataFileException(name, 0, "version", Integer.toString(version),
                        "unsupported format version, this reader supports 1 to " + VERSION);
            }
            int idKind = Byte.toUnsignedInt(in.buf.get());
            if (idKind > 1) {
                throw new DataFileException(name, 0, "idKind", Integer.toString(idKind), "unknown id kind, expected 0 or 1");
            }
            in.buf.get();
            int count = in.buf.getInt();
            int dim = in.buf.getInt();
            in.consumed(HEADER_BYTES);
            long cells = (long) count * dim;
            if (count < 0 || dim < 1 || cells > Integer.MAX_VALUE - 8) {
                throw new DataFileException(name, 0, "header", count + " × " + dim,
                        "count must be >= 0, dim >= 1 and count × dim fit one array (file corrupted?)");
            }
            ArtifactInfo recorded = null;
            long infoBytes = 0;
            if (version >= 2) {
                in.require(4);
                int length = in.buf.getInt();
                in.consumed(4);
                if (length < 14 || length > size - HEADER_BYTES - 8) {
                    throw new DataFileException(name, 0, "info", "length " + length,
                            "impossible info block length (truncated or corrupted)");
                }
                byte[] block = new byte[length];
                in.get(block);
                recorded = ArtifactInfo.fromBytes(block, name);
                recorded.requireKind(ArtifactInfo.EMBEDDING_TABLE, name);
                if (recorded.rows() != count) {
                    throw new DataFileException(name, 0, "info", "rows=" + recorded.rows(), "the info block records "
                            + recorded.rows() + " rows, the header " + count + " (file corrupted)");
                }
                infoBytes = 4L + length;
            }
            long minimum = HEADER_BYTES + infoBytes + (long) count * (idKind == 0 ? 8 : 4) + 4 * cells + 4;
            if (size < minimum) {
                throw new DataFileException(name, 0, "length", Long.toString(size), "truncated: " + count + " rows × dim "
                        + dim + " need " + (idKind == 0 ? "" : "at least ") + minimum + " bytes, the file has " + size);
            }
            long[] longs = idKind == 0 ? new long[count] : null;
            String[] strings = idKind == 1 ? new String[count] : null;
            for (int i = 0; i < count; i++) {
                if (idKind == 0) {
                    in.require(8);
                    longs[i] = in.buf.getLong();
                    in.consumed(8);
                } else {
                    in.require(4);
                    int len = in.buf.getInt();
                    in.consumed(4);
                    if (len < 0 || len > MAX_ID_BYTES) {
                        throw new DataFileException(name, 0, "id", "length " + len, "id at row " + i
                                + " has an impossible length (file corrupted?)");
                    }
                    byte[] b = new byte[len];
                    in.get(b);
                    strings[i] = new String(b, StandardCharsets.UTF_8);
                }
            }
            float[] values = new float[(int) cells];
            for (int off = 0; off < values.length; ) {
                in.require(4);
                int k = Math.min(values.length - off, in.buf.remaining() / 4);
                in.buf.asFloatBuffer().get(values, off, k);
                in.buf.position(in.buf.position() + 4 * k);
                in.consumed(4 * k);
                off += k;
            }
            int computed = (int) in.crc.getValue();
            in.require(4);
            int stored = in.buf.getInt();
            in.read += 4;
            if (in.read != size) {
                throw new DataFileException(name, 0, "length", Long.toString(size), (size - in.read)
                        + " unexpected bytes after the checksum");
            }
            if (stored != computed) {
                throw new DataFileException(name, 0, "checksum", String.format("0x%08X", stored),
                        "checksum mismatch, computed 0x" + String.format("%08X", computed) + " (file corrupted)");
            }
            IdIndex ids;
            try {
                ids = idKind == 0 ? (kind == IdKind.TEXT ? IdIndex.ofStrings(Arrays.stream(longs)
                        .mapToObj(Long::toString).toArray(String[]::new)) : IdIndex.ofLongs(longs))
                        : IdIndex.ofStrings(strings);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(name, 0, "id", "", e.getMessage());
            }
            EmbeddingTable table;
            try {
                table = EmbeddingTable.owning(ids, dim, values);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(name, 0, "vector", "", e.getMessage());
            }
            if (recorded == null) {
                return table;
            }
            if (idKind == 0 && kind == IdKind.TEXT) {
                return table.withInfo(recorded);     // other ids than recorded: the identity is computed anew
            }
            String idsFingerprint = Fingerprints.ids(ids);
            if (!idsFingerprint.equals(recorded.idsFingerprint().orElse(""))) {
                throw new DataFileException(name, 0, "ids", Fingerprints.abbreviate(idsFingerprint), "the ids read do not"
                        + " have the recorded ids fingerprint " + Fingerprints.abbreviate(recorded.idsFingerprint()
                        .orElse("")) + " (file corrupted or crafted)");
            }
            if (recorded.contentFingerprint().isEmpty()) {
                throw new DataFileException(name, 0, "info", "content", "the info block records no content fingerprint");
            }
            return table.withRecorded(recorded);
        }
    }

    /** A little-endian read buffer over a channel that checksums what is consumed. */
    private static final class In {
        final FileChannel ch;
        final String name;
        final long size;
        final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32 crc = new CRC32();
        long read;   // bytes consumed

        In(FileChannel ch, String name, long size) {
            this.ch = ch;
            this.name = name;
            this.size = size;
            buf.limit(0);
        }

        /** Makes at least {@code n} (&lt;= buffer size) bytes available at the position. */
        void require(int n) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            buf.compact();
            while (buf.position() < n) {
                if (ch.read(buf) < 0) {
                    throw new DataFileException(name, 0, "length", Long.toString(size),
                            "truncated: the file ends at byte " + size + " inside the data");
                }
            }
            buf.flip();
        }

        /** Checksums the {@code n} bytes before the position. */
        void consumed(int n) {
            crc.update(buf.array(), buf.position() - n, n);
            read += n;
        }

        void get(byte[] b) throws IOException {
            for (int off = 0; off < b.length; ) {
                require(1);
                int k = Math.min(b.length - off, buf.remaining());
                buf.get(b, off, k);
                consumed(k);
                off += k;
            }
        }
    }
}
