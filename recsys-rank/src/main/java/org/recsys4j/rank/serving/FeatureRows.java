package org.recsys4j.rank.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.recsys4j.core.pipeline.RecRequest;

/**
 * The usual {@link FeatureRowProvider}: a list of columns, each filling one input tensor per
 * candidate from the request and the item.
 *
 * <p><b>Ids and the OOV bucket.</b> Id columns use the {@code Vocabulary} convention of recsys-core:
 * a dense index {@code i} in {@code [0, count)} becomes {@code i + 1}, and everything else (an
 * unknown user, {@code -1}, an item index past the table the model was trained on) becomes
 * {@code 0}, the out-of-vocabulary bucket; so a model exported with embedding tables of
 * {@code count + 1} rows never sees an out-of-range id. See {@link #encodeId(int, int)}.
 *
 * <p><b>Numeric features.</b> A float column's value that is NaN or infinite is written as
 * {@code 0} (the missing-value default), so one bad feature cannot turn a score into NaN.
 *
 * <pre>{@code
 * FeatureRows rows = FeatureRows.builder()
 *         .userId("user_id", numUsers)
 *         .itemId("item_id", numItems)
 *         .itemFloats("dense", itemFeatures)      // float[numItems][3]
 *         .build();
 * }</pre>
 *
 * Immutable and thread-safe if its columns are.
 */
public final class FeatureRows implements FeatureRowProvider {
    /** Writes one candidate's values of a float input. */
    @FunctionalInterface
    public interface FloatColumn {
        /**
         * Writes the input's {@code width} values for {@code item} into {@code out[offset..offset+width)}.
         *
         * @param request the request
         * @param item    the candidate's dense item index
         * @param out     the tensor's values
         * @param offset  where this row starts
         */
        void write(RecRequest request, int item, float[] out, int offset);
    }

    /** Returns one candidate's id for an int64 input of width 1 (already OOV-encoded). */
    @FunctionalInterface
    public interface IdColumn {
        /**
         * Returns the id to feed the model for {@code item} under {@code request}.
         *
         * @param request the request
         * @param item    the candidate's dense item index
         */
        long id(RecRequest request, int item);
    }

    private record Column(TensorSpec spec, FloatColumn floats, IdColumn ids) {
    }

    private final List<Column> columns;
    private final List<TensorSpec> specs;

    private FeatureRows(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.specs = this.columns.stream().map(Column::spec).toList();
        new InputBatch(specs, 0); // checks names are distinct
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the model id of dense index {@code index} in a table of {@code count} known ids:
     * {@code index + 1} if {@code 0 <= index < count}, else {@code 0} (the OOV bucket).
     */
    public static long encodeId(int index, int count) {
        return index >= 0 && index < count ? index + 1L : 0L;
    }

    /**
     * Returns the dense index of model id {@code id} (the inverse of {@link #encodeId}): {@code id - 1},
     * or {@code -1} for the OOV bucket and any id outside {@code [1, count]}.
     */
    public static int decodeId(long id, int count) {
        return id >= 1 && id <= count ? (int) (id - 1) : -1;
    }

    @Override
    public List<TensorSpec> inputs() {
        return specs;
    }

    @Override
    public InputBatch rows(RecRequest request, int[] items, int from, int to) {
        Objects.requireNonNull(request, "request");
        if (from < 0 || to > items.length || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") of " + items.length + " items");
        }
        InputBatch batch = new InputBatch(specs, to - from);
        for (int t = 0; t < columns.size(); t++) {
            Column c = columns.get(t);
            if (c.ids != null) {
                long[] out = batch.longs(t);
                for (int i = from; i < to; i++) {
                    out[i - from] = c.ids.id(request, items[i]);
                }
            } else {
                float[] out = batch.floats(t);
                int w = c.spec.width();
                for (int i = from; i < to; i++) {
                    int off = (i - from) * w;
                    c.floats.write(request, items[i], out, off);
                    for (int j = off; j < off + w; j++) {
                        if (!Float.isFinite(out[j])) {
                            out[j] = 0f;
                        }
                    }
                }
            }
        }
        return batch;
    }

    @Override
    public String toString() {
        return "FeatureRows" + specs;
    }

    /** Builds {@link FeatureRows}; columns are added in the model's input order. Not thread-safe. */
    public static final class Builder {
        private final List<Column> columns = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds an int64 input holding the request's user: {@link #encodeId encodeId(userIndex, numUsers)},
         * so an anonymous or unknown user goes to the OOV bucket.
         *
         * @param numUsers the number of users the model has embeddings for (its table has {@code numUsers + 1} rows)
         */
        public Builder userId(String name, int numUsers) {
            checkCount("numUsers", numUsers);
            return ids(name, (request, item) -> encodeId(request.userIndex(), numUsers));
        }

        /**
         * Adds an int64 input holding the candidate item: {@link #encodeId encodeId(item, numItems)}.
         *
         * @param numItems the number of items the model has embeddings for
         */
        public Builder itemId(String name, int numItems) {
            checkCount("numItems", numItems);
            return ids(name, (request, item) -> encodeId(item, numItems));
        }

        /**
         * Adds a float input holding a per-item feature vector: row {@code item} of {@code table}
         * (not copied), and zeros for an item outside the table.
         *
         * @throws IllegalArgumentException if the table is empty or its rows differ in length
         */
        public Builder itemFloats(String name, float[][] table) {
            Objects.requireNonNull(table, "table");
            if (table.length == 0 || table[0] == null || table[0].length == 0) {
                throw new IllegalArgumentException("table of input '" + name + "': must have at least one non-empty row");
            }
            int w = table[0].length;
            for (int i = 0; i < table.length; i++) {
                if (table[i] == null || table[i].length != w) {
                    throw new IllegalArgumentException("table of input '" + name + "': row " + i + " has "
                            + (table[i] == null ? "no values" : table[i].length + " values") + ", row 0 has " + w);
                }
            }
            return floats(name, w, (request, item, out, offset) -> {
                if (item >= 0 && item < table.length) {
                    System.arraycopy(table[item], 0, out, offset, w);
                }
            });
        }

        /** Adds a float input of {@code width} values per row, written by {@code column}. */
        public Builder floats(String name, int width, FloatColumn column) {
            Objects.requireNonNull(column, "column");
            columns.add(new Column(TensorSpec.floats(name, width), column, null));
            return this;
        }

        /** Adds an int64 input of width 1 whose ids {@code column} returns (already OOV-encoded). */
        public Builder ids(String name, IdColumn column) {
            Objects.requireNonNull(column, "column");
            columns.add(new Column(TensorSpec.id(name), null, column));
            return this;
        }

        /**
         * Returns the provider.
         *
         * @throws IllegalStateException    if no column was added
         * @throws IllegalArgumentException if two columns share a name
         */
        public FeatureRows build() {
            if (columns.isEmpty()) {
                throw new IllegalStateException("FeatureRows needs at least one column");
            }
            return new FeatureRows(columns);
        }

        private static void checkCount(String field, int count) {
            if (count < 0) {
                throw new IllegalArgumentException(field + ": " + count + ", must be >= 0");
            }
        }
    }
}
