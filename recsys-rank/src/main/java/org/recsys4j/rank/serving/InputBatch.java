package org.recsys4j.rank.serving;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A batch of model input rows as named tensors: for each {@link TensorSpec} of width {@code w}, a
 * row-major array of {@code rows() * w} values ({@code float[]} for {@link TensorType#FLOAT32},
 * {@code long[]} for {@link TensorType#INT64}), so tensor {@code t} has shape {@code [rows, w]}. A
 * {@linkplain TensorSpec#idBag bag of ids} is ragged: its ids are one {@code long[]} and row {@code r}
 * holds {@code longs(t)[offsets(t)[r] .. offsets(t)[r + 1])} (empty until ids are
 * {@linkplain #append appended}).
 *
 * <p>Filled by a {@link FeatureRowProvider} (or decoded from a request by {@code ModelServer}), then
 * read by a {@link BatchScorer}. The arrays are exposed, not copied; not thread-safe while being filled.
 */
public final class InputBatch {
    private final List<TensorSpec> specs;
    private final int rows;
    private final float[][] floats;
    private final long[][] longs;
    /** Per bag tensor: row start offsets (rows + 1), the row being filled, the ids appended; null otherwise. */
    private final int[][] offsets;
    private final int[] lastRow;
    private final int[] bagSize;

    /**
     * Returns a batch of {@code rows} zero rows (empty bags) for these inputs.
     *
     * @throws IllegalArgumentException if {@code rows < 0}, the specs are empty, two share a name, or
     *                                  a tensor would pass {@link Integer#MAX_VALUE} values
     */
    public InputBatch(List<TensorSpec> specs, int rows) {
        this.specs = List.copyOf(Objects.requireNonNull(specs, "specs"));
        if (this.specs.isEmpty()) {
            throw new IllegalArgumentException("specs: a batch needs at least one input");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows: " + rows + ", must be >= 0");
        }
        this.rows = rows;
        int n = this.specs.size();
        floats = new float[n][];
        longs = new long[n][];
        offsets = new int[n][];
        lastRow = new int[n];
        bagSize = new int[n];
        for (int t = 0; t < n; t++) {
            TensorSpec s = this.specs.get(t);
            for (int u = 0; u < t; u++) {
                if (this.specs.get(u).name().equals(s.name())) {
                    throw new IllegalArgumentException("specs: input name '" + s.name() + "' appears twice");
                }
            }
            if (s.variableWidth()) {
                if (rows == Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("input '" + s.name() + "': " + rows + " rows need "
                            + Integer.MAX_VALUE + " + 1 offsets");
                }
                offsets[t] = new int[rows + 1];
                longs[t] = new long[0];   // allocated at the first append (or reserve)
                lastRow[t] = -1;
                continue;
            }
            long size = (long) rows * s.width();
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("input '" + s.name() + "': " + rows + " rows x width " + s.width()
                        + " pass " + Integer.MAX_VALUE + " values");
            }
            if (s.type() == TensorType.FLOAT32) {
                floats[t] = new float[(int) size];
            } else {
                longs[t] = new long[(int) size];
            }
        }
    }

    /** Returns the inputs, in order. */
    public List<TensorSpec> specs() {
        return specs;
    }

    /** Returns the number of rows. */
    public int rows() {
        return rows;
    }

    /** Returns the number of tensors. */
    public int size() {
        return specs.size();
    }

    /** Returns the spec of tensor {@code t}. */
    public TensorSpec spec(int t) {
        return specs.get(t);
    }

    /**
     * Returns the position of the named tensor.
     *
     * @throws IllegalArgumentException if there is no such input
     */
    public int indexOf(String name) {
        for (int t = 0; t < specs.size(); t++) {
            if (specs.get(t).name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("input '" + name + "': not in this batch " + names());
    }

    /**
     * Returns the values of float tensor {@code t}, row-major (the array itself).
     *
     * @throws IllegalArgumentException if tensor {@code t} is not a float tensor
     */
    public float[] floats(int t) {
        if (floats[t] == null) {
            throw new IllegalArgumentException("input '" + specs.get(t).name() + "' is " + specs.get(t).describe()
                    + ", not FLOAT32");
        }
        return floats[t];
    }

    /**
     * Returns the values of int64 tensor {@code t}, row-major (the array itself); for a bag, the ids of
     * every row one after another, row {@code r} at {@code [offsets(t)[r], offsets(t)[r + 1])} (the array
     * may be longer than the ids it holds).
     *
     * @throws IllegalArgumentException if tensor {@code t} is not an int64 tensor
     */
    public long[] longs(int t) {
        if (longs[t] == null) {
            throw new IllegalArgumentException("input '" + specs.get(t).name() + "' is " + specs.get(t).describe()
                    + ", not INT64");
        }
        return longs[t];
    }

    /**
     * Returns the row offsets of bag tensor {@code t} ({@code rows() + 1} of them; the array itself): row
     * {@code r}'s ids are {@code longs(t)[offsets[r] .. offsets[r + 1])}.
     *
     * @throws IllegalArgumentException if tensor {@code t} is not a bag
     */
    public int[] offsets(int t) {
        int[] off = bag(t);
        int total = bagSize[t];
        for (int r = lastRow[t] + 1; r <= rows; r++) {
            off[r] = total;   // rows after the last one filled are empty (idempotent)
        }
        return off;
    }

    /** Returns the number of ids in row {@code r} of bag tensor {@code t}. */
    public int bagLength(int t, int r) {
        Objects.checkIndex(r, rows);
        int[] off = offsets(t);
        return off[r + 1] - off[r];
    }

    /**
     * Appends an id to row {@code row} of bag tensor {@code t}. Rows are filled in order: ids go to the
     * row last appended to or a later one (rows skipped stay empty).
     *
     * @param t   the tensor's position
     * @param row the row, in {@code [0, rows())}
     * @param id  the id, at least 0 (0 is the out-of-vocabulary bucket)
     * @throws IllegalArgumentException  if tensor {@code t} is not a bag or the id is negative
     * @throws IndexOutOfBoundsException if the row is out of range
     * @throws IllegalStateException     if a later row already has ids
     */
    public void append(int t, int row, long id) {
        int[] off = bag(t);
        Objects.checkIndex(row, rows);
        if (id < 0) {
            throw new IllegalArgumentException("bag '" + specs.get(t).name() + "', row " + row + ": id " + id
                    + ", must be >= 0 (0 is the out-of-vocabulary bucket)");
        }
        int last = lastRow[t];
        if (row < last) {
            throw new IllegalStateException("bag '" + specs.get(t).name() + "': row " + row + " after row " + last
                    + "; rows are filled in order");
        }
        int total = bagSize[t];
        for (int r = last + 1; r <= row; r++) {
            off[r] = total;
        }
        lastRow[t] = row;
        long[] v = longs[t];
        if (total == v.length) {
            if (total == Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("bag '" + specs.get(t).name() + "': too many ids");
            }
            v = Arrays.copyOf(v, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(Math.max(16, rows), 2L * total)));
            longs[t] = v;
        }
        v[total] = id;
        bagSize[t] = total + 1;
        off[row + 1] = total + 1;
    }

    /**
     * Makes room for at least {@code ids} ids in bag tensor {@code t} in all, so that appending them does
     * not grow the array (an optimisation for a provider that knows its bags' total length; the bag's
     * contents are unchanged).
     *
     * @throws IllegalArgumentException if tensor {@code t} is not a bag or {@code ids} is negative
     */
    public void reserve(int t, int ids) {
        bag(t);
        if (ids < 0) {
            throw new IllegalArgumentException("ids: " + ids + ", must be >= 0");
        }
        if (ids > longs[t].length) {
            longs[t] = Arrays.copyOf(longs[t], ids);
        }
    }

    private int[] bag(int t) {
        int[] off = offsets[t];
        if (off == null) {
            throw new IllegalArgumentException("input '" + specs.get(t).name() + "' is " + specs.get(t).describe()
                    + ", not a bag of ids");
        }
        return off;
    }

    /** Returns the values of the named float tensor (the array itself). */
    public float[] floats(String name) {
        return floats(indexOf(name));
    }

    /** Returns the values of the named int64 tensor (the array itself). */
    public long[] longs(String name) {
        return longs(indexOf(name));
    }

    /**
     * Returns value {@code j} of row {@code r} of tensor {@code t} as a double, whatever its type (for a
     * bag, the row's {@code j}-th id).
     *
     * @throws IndexOutOfBoundsException if {@code j} is past the row's width (or the bag row's length)
     */
    public double value(int t, int r, int j) {
        if (offsets[t] != null) {
            int[] off = offsets(t);
            Objects.checkIndex(j, off[r + 1] - off[r]);
            return longs[t][off[r] + j];
        }
        int w = specs.get(t).width();
        Objects.checkIndex(j, w);
        int k = r * w + j;
        return floats[t] != null ? floats[t][k] : longs[t][k];
    }

    private List<String> names() {
        return specs.stream().map(TensorSpec::name).toList();
    }

    @Override
    public String toString() {
        return "InputBatch{rows=" + rows + ", inputs=" + specs + "}";
    }
}
