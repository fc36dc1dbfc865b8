package org.recsys4j.rank.serving;

import java.util.List;
import java.util.Objects;

/**
 * A batch of model input rows as named tensors: for each {@link TensorSpec} of width {@code w}, a
 * row-major array of {@code rows() * w} values ({@code float[]} for {@link TensorType#FLOAT32},
 * {@code long[]} for {@link TensorType#INT64}), so tensor {@code t} has shape {@code [rows, w]}.
 *
 * <p>Filled by a {@link FeatureRowProvider} (or decoded from a request by {@code ModelServer}), then
 * read by a {@link BatchScorer}. The arrays are exposed, not copied; not thread-safe while being filled.
 */
public final class InputBatch {
    private final List<TensorSpec> specs;
    private final int rows;
    private final float[][] floats;
    private final long[][] longs;

    /**
     * Returns a batch of {@code rows} zero rows for these inputs.
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
        for (int t = 0; t < n; t++) {
            TensorSpec s = this.specs.get(t);
            for (int u = 0; u < t; u++) {
                if (this.specs.get(u).name().equals(s.name())) {
                    throw new IllegalArgumentException("specs: input name '" + s.name() + "' appears twice");
                }
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
            throw new IllegalArgumentException("input '" + specs.get(t).name() + "' is " + specs.get(t).type() + ", not FLOAT32");
        }
        return floats[t];
    }

    /**
     * Returns the values of int64 tensor {@code t}, row-major (the array itself).
     *
     * @throws IllegalArgumentException if tensor {@code t} is not an int64 tensor
     */
    public long[] longs(int t) {
        if (longs[t] == null) {
            throw new IllegalArgumentException("input '" + specs.get(t).name() + "' is " + specs.get(t).type() + ", not INT64");
        }
        return longs[t];
    }

    /** Returns the values of the named float tensor (the array itself). */
    public float[] floats(String name) {
        return floats(indexOf(name));
    }

    /** Returns the values of the named int64 tensor (the array itself). */
    public long[] longs(String name) {
        return longs(indexOf(name));
    }

    /** Returns value {@code j} of row {@code r} of tensor {@code t} as a double, whatever its type. */
    public double value(int t, int r, int j) {
        int k = r * specs.get(t).width() + j;
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
