package org.recsys4j.rank.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;

/**
 * The usual {@link FeatureRowProvider}: a list of columns, each filling one input tensor per
 * candidate from the request, the item and, for {@link Builder#addCandidateFloats candidate columns}, the
 * candidate's incoming score and provenance (the recall score, "found by item-CF at rank 3").
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
 *         .addUserId("user_id", numUsers)
 *         .addItemId("item_id", numItems)
 *         .addItemFloats("dense", itemFeatures)      // float[numItems][3]
 *         .addCandidateFloats("recall", 1, (request, candidates, i, out, off) -> out[off] = (float) candidates.score(i))
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

    /** Writes one candidate's values of a float input from the candidate itself: its score, its provenance. */
    @FunctionalInterface
    public interface CandidateColumn {
        /**
         * Writes the input's {@code width} values for candidate {@code index} into {@code out[offset..offset+width)}.
         *
         * @param request    the request
         * @param candidates the ranker's candidates (items, incoming scores, provenance)
         * @param index      the candidate's position in {@code candidates}
         * @param out        the tensor's values
         * @param offset     where this row starts
         */
        void write(RecRequest request, CandidateBatch candidates, int index, float[] out, int offset);
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

    /** Writes one candidate's ids of a {@linkplain TensorSpec#idBag bag} input (already OOV-encoded, each at least 0). */
    @FunctionalInterface
    public interface BagColumn {
        /**
         * Passes the candidate's ids, in order, to {@code ids} (none for an empty bag).
         *
         * @param request the request
         * @param item    the candidate's dense item index
         * @param ids     takes the ids
         */
        void write(RecRequest request, int item, LongConsumer ids);
    }

    private record Column(TensorSpec spec, FloatColumn floats, CandidateColumn candidate, IdColumn ids, BagColumn bag) {
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
    public InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(candidates, "candidates");
        if (from < 0 || to > candidates.size() || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") of " + candidates.size() + " candidates");
        }
        int[] items = candidates.items();
        InputBatch batch = new InputBatch(specs, to - from);
        for (int t = 0; t < columns.size(); t++) {
            Column c = columns.get(t);
            if (c.ids != null) {
                long[] out = batch.longs(t);
                for (int i = from; i < to; i++) {
                    out[i - from] = c.ids.id(request, items[i]);
                }
            } else if (c.bag != null) {
                BagSink sink = new BagSink(batch, t);
                for (int i = from; i < to; i++) {
                    sink.row = i - from;
                    c.bag.write(request, items[i], sink);
                }
            } else {
                float[] out = batch.floats(t);
                int w = c.spec.width();
                for (int i = from; i < to; i++) {
                    int off = (i - from) * w;
                    if (c.floats != null) {
                        c.floats.write(request, items[i], out, off);
                    } else {
                        c.candidate.write(request, candidates, i, out, off);
                    }
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

    /** Appends a bag column's ids to the current row. */
    private static final class BagSink implements LongConsumer {
        private final InputBatch batch;
        private final int tensor;
        int row;

        BagSink(InputBatch batch, int tensor) {
            this.batch = batch;
            this.tensor = tensor;
        }

        @Override
        public void accept(long id) {
            batch.append(tensor, row, id);
        }
    }

    @Override
    public String toString() {
        return "FeatureRows" + specs;
    }

    /**
     * Builds {@link FeatureRows}; columns are added in the model's input order. The column methods only
     * record the column; {@link #build()} checks them all. Not thread-safe.
     */
    public static final class Builder {
        private final List<Supplier<Column>> columns = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds an int64 input holding the request's user: {@link #encodeId encodeId(userIndex, numUsers)},
         * so an anonymous or unknown user goes to the OOV bucket.
         *
         * @param numUsers the number of users the model has embeddings for (its table has {@code numUsers + 1} rows), at least 0
         */
        public Builder addUserId(String name, int numUsers) {
            columns.add(() -> {
                checkCount("numUsers of input '" + name + "'", numUsers);
                return idColumn(name, (request, item) -> encodeId(request.userIndex(), numUsers));
            });
            return this;
        }

        /**
         * Adds an int64 input holding the candidate item: {@link #encodeId encodeId(item, numItems)}.
         *
         * @param numItems the number of items the model has embeddings for, at least 0
         */
        public Builder addItemId(String name, int numItems) {
            columns.add(() -> {
                checkCount("numItems of input '" + name + "'", numItems);
                return idColumn(name, (request, item) -> encodeId(item, numItems));
            });
            return this;
        }

        /**
         * Adds a float input holding a per-item feature vector: row {@code item} of {@code table}
         * (not copied), and zeros for an item outside the table. The table must have at least one row,
         * all of one non-zero length (checked by {@link #build()}).
         */
        public Builder addItemFloats(String name, float[][] table) {
            columns.add(() -> {
                Objects.requireNonNull(table, "table of input '" + name + "'");
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
                return new Column(TensorSpec.floats(name, w), (request, item, out, offset) -> {
                    if (item >= 0 && item < table.length) {
                        System.arraycopy(table[item], 0, out, offset, w);
                    }
                }, null, null, null);
            });
            return this;
        }

        /** Adds a float input of {@code width} values per row, written by {@code column}. */
        public Builder addFloats(String name, int width, FloatColumn column) {
            columns.add(() -> new Column(TensorSpec.floats(name, width),
                    Objects.requireNonNull(column, "column of input '" + name + "'"), null, null, null));
            return this;
        }

        /**
         * Adds a float input of {@code width} values per row written from the candidate: its incoming score
         * ({@link CandidateBatch#score}, the recall score before the first ranker) or its provenance
         * ({@link CandidateBatch#source}, e.g. a channel's rank), so a model can use what recall knew.
         */
        public Builder addCandidateFloats(String name, int width, CandidateColumn column) {
            columns.add(() -> new Column(TensorSpec.floats(name, width), null,
                    Objects.requireNonNull(column, "column of input '" + name + "'"), null, null));
            return this;
        }

        /** Adds an int64 input of width 1 whose ids {@code column} returns (already OOV-encoded). */
        public Builder addId(String name, IdColumn column) {
            columns.add(() -> idColumn(name, Objects.requireNonNull(column, "column of input '" + name + "'")));
            return this;
        }

        /**
         * Adds a {@linkplain TensorSpec#idBag bag of int64 ids} (a multi-hot field: an item's tags, the
         * user's recent items) whose ids {@code column} writes (already OOV-encoded, each at least 0).
         */
        public Builder addIdBag(String name, BagColumn column) {
            columns.add(() -> new Column(TensorSpec.idBag(name), null, null, null,
                    Objects.requireNonNull(column, "column of input '" + name + "'")));
            return this;
        }

        /**
         * Returns the provider.
         *
         * @throws IllegalArgumentException if no column was added, two columns share a name, a name is blank, a width or a count
         *                                  is out of range, or a table is empty or ragged (naming the input)
         * @throws NullPointerException     if a name, column or table is null
         */
        public FeatureRows build() {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("columns: none, FeatureRows needs at least one");
            }
            List<Column> built = new ArrayList<>(columns.size());
            for (Supplier<Column> c : columns) {
                built.add(c.get());
            }
            return new FeatureRows(built);
        }

        private static Column idColumn(String name, IdColumn column) {
            return new Column(TensorSpec.id(name), null, null, column, null);
        }

        private static void checkCount(String field, int count) {
            if (count < 0) {
                throw new IllegalArgumentException(field + ": " + count + ", must be >= 0");
            }
        }
    }
}
