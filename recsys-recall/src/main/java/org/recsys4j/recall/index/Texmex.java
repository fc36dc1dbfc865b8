package org.recsys4j.recall.index;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.util.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes the texmex vector files of the ANN benchmark sets (SIFT1M, GIST1M, protocol A's
 * {@code shared/bench/ann}): every record is a little-endian {@code int32} dimension {@code d} followed by
 * {@code d} little-endian values, {@code float32} in {@code .fvecs}, {@code int32} in {@code .ivecs}; no header.
 *
 * <p>Errors are {@link DataFileException}s naming the file, the 1-based record (in the line position) and
 * the problem: a truncated record, a non-positive dimension, or a dimension different from the first record's.
 *
 * <pre>{@code
 * Texmex.Vecs base = Texmex.readFvecs(Path.of("base.fvecs"));
 * EmbeddingTable table = base.toTable();          // ids 0 .. rows-1
 * int[][] gt = Texmex.readIvecs(Path.of("gt_l2.ivecs"));
 * }</pre>
 */
public final class Texmex {
    private Texmex() {
    }

    /**
     * The vectors of an {@code .fvecs} file.
     *
     * @param rows   the number of records
     * @param dim    the dimension of every record
     * @param values {@code rows × dim} values, row-major
     */
    public record Vecs(int rows, int dim, float[] values) {
        /**
         * Checks the shape.
         *
         * @throws IllegalArgumentException if {@code values.length != rows * dim} or {@code dim < 1}
         */
        public Vecs {
            Objects.requireNonNull(values, "values");
            if (dim < 1 || rows < 0 || (long) rows * dim != values.length) {
                throw new IllegalArgumentException("values: length " + values.length + " is not rows " + rows
                        + " × dim " + dim);
            }
        }

        /** Returns a copy of record {@code i} (0-based). */
        public float[] row(int i) {
            float[] out = new float[dim];
            System.arraycopy(values, i * dim, out, 0, dim);
            return out;
        }

        /** Returns every record as its own array (copies). */
        public float[][] toArrays() {
            float[][] out = new float[rows][];
            for (int i = 0; i < rows; i++) {
                out[i] = row(i);
            }
            return out;
        }

        /** Returns the vectors as an {@link EmbeddingTable} whose row {@code i} has numeric id {@code i}. */
        public EmbeddingTable toTable() {
            long[] ids = new long[rows];
            for (int i = 0; i < rows; i++) {
                ids[i] = i;
            }
            return EmbeddingTable.of(IdIndex.ofLongs(ids), dim, values);
        }
    }

    /**
     * Reads an {@code .fvecs} file.
     *
     * @param file the file
     * @return its vectors
     * @throws DataFileException naming the file and record if it is empty, truncated or inconsistent
     * @throws IOException         if it cannot be read
     */
    public static Vecs readFvecs(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        String name = String.valueOf(file.getFileName());
        int dim = scan(b, name);
        int rows = b.capacity() / (4 * (dim + 1));
        float[] values = new float[Math.multiplyExact(rows, dim)];
        for (int r = 0; r < rows; r++) {
            int pos = r * 4 * (dim + 1) + 4;
            for (int j = 0; j < dim; j++) {
                values[r * dim + j] = b.getFloat(pos + 4 * j);
            }
        }
        return new Vecs(rows, dim, values);
    }

    /**
     * Reads an {@code .ivecs} file (e.g. ground truth: row {@code i} lists the base rows nearest to query
     * {@code i}, nearest first).
     *
     * @param file the file
     * @return one array per record
     * @throws DataFileException naming the file and record if it is empty, truncated or inconsistent
     * @throws IOException         if it cannot be read
     */
    public static int[][] readIvecs(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        String name = String.valueOf(file.getFileName());
        int dim = scan(b, name);
        int rows = b.capacity() / (4 * (dim + 1));
        int[][] out = new int[rows][dim];
        for (int r = 0; r < rows; r++) {
            int pos = r * 4 * (dim + 1) + 4;
            for (int j = 0; j < dim; j++) {
                out[r][j] = b.getInt(pos + 4 * j);
            }
        }
        return out;
    }

    /** Checks every record header of a texmex file and returns the common dimension. */
    private static int scan(ByteBuffer b, String name) throws DataFileException {
        long len = b.capacity();
        if (len == 0) {
            throw new DataFileException(name, 0, "length", "0", "empty file: no records");
        }
        int dim = -1;
        long pos = 0;
        long record = 1;
        while (pos < len) {
            if (len - pos < 4) {
                throw new DataFileException(name, record, "dim", "", "record " + record + " at byte " + pos
                        + ": truncated, only " + (len - pos) + " bytes left for its 4-byte dimension");
            }
            int d = b.getInt((int) pos);
            if (d < 1) {
                throw new DataFileException(name, record, "dim", Integer.toString(d), "record " + record
                        + " at byte " + pos + ": the dimension must be >= 1");
            }
            if (dim >= 0 && d != dim) {
                throw new DataFileException(name, record, "dim", Integer.toString(d), "record " + record
                        + " at byte " + pos + ": differs from the first record's dimension " + dim);
            }
            dim = d;
            long need = 4L * d;
            if (len - pos - 4 < need) {
                throw new DataFileException(name, record, "values", "", "record " + record + " at byte " + pos
                        + ": truncated, " + (len - pos - 4) + " bytes left for its " + d + " values (" + need
                        + " bytes)");
            }
            pos += 4 + need;
            record++;
        }
        return dim;
    }

    /**
     * Writes vectors as an {@code .fvecs} file (atomically).
     *
     * @param file   the target
     * @param dim    the dimension, at least 1
     * @param values row-major values; the length must be a multiple of {@code dim}
     * @throws IOException if writing fails
     */
    public static void writeFvecs(Path file, int dim, float[] values) throws IOException {
        Vecs v = new Vecs(dim < 1 ? 0 : values.length / dim, dim, values);
        ByteBuffer rec = ByteBuffer.allocate(4 * (dim + 1)).order(ByteOrder.LITTLE_ENDIAN);
        AtomicFiles.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            for (int r = 0; r < v.rows(); r++) {
                rec.clear();
                rec.putInt(dim);
                for (int j = 0; j < dim; j++) {
                    rec.putFloat(values[r * dim + j]);
                }
                out.write(rec.array());
            }
            out.flush();
        });
    }

    /**
     * Writes integer rows as an {@code .ivecs} file (atomically); every row must have the same, non-zero length.
     *
     * @param file the target
     * @param rows the records
     * @throws IllegalArgumentException if rows differ in length or are empty
     * @throws IOException              if writing fails
     */
    public static void writeIvecs(Path file, int[][] rows) throws IOException {
        List<int[]> list = new ArrayList<>(List.of(rows));
        int dim = list.isEmpty() ? 1 : list.get(0).length;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).length != dim || dim < 1) {
                throw new IllegalArgumentException("rows[" + i + "]: length " + list.get(i).length
                        + ", expected " + dim + " (>= 1) like rows[0]");
            }
        }
        ByteBuffer rec = ByteBuffer.allocate(4 * (dim + 1)).order(ByteOrder.LITTLE_ENDIAN);
        AtomicFiles.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            for (int[] row : list) {
                rec.clear();
                rec.putInt(row.length);
                for (int v : row) {
                    rec.putInt(v);
                }
                out.write(rec.array());
            }
            out.flush();
        });
    }
}
