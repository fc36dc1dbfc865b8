package org.recsys4j.rank.similarity;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.store.BatchRead;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.NamespaceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Returns the vectors of a batch of items in one call: from an in-memory {@link ItemMatrix} (an
 * {@link EmbeddingTable}) or from a vector namespace of a {@link FeatureStore} (one
 * {@link FeatureStore#multiGet} per call). An item without a vector is absent from the batch, never an
 * error; a store failure (an outage) propagates. Implementations are safe to call from many threads.
 */
public interface ItemVectors {
    /** Returns the dimension of every vector, or 0 if it is not known in advance (an undeclared store namespace). */
    int dim();

    /**
     * Returns the vectors of {@code items}, in their order.
     *
     * @param items dense item indices; duplicates and out-of-range indices are allowed (the latter are absent)
     * @throws IllegalStateException if a stored vector's dimension differs from the others' (naming the key)
     */
    VectorBatch fetch(int[] items);

    /**
     * Returns a source over an in-memory matrix: no copy and no lookup per request.
     *
     * @param matrix the item vectors by dense item index
     */
    static ItemVectors of(ItemMatrix matrix) {
        Objects.requireNonNull(matrix, "matrix");
        return new ItemVectors() {
            @Override
            public int dim() {
                return matrix.dim();
            }

            @Override
            public VectorBatch fetch(int[] items) {
                int[] offsets = new int[items.length];
                int d = matrix.dim();
                for (int i = 0; i < items.length; i++) {
                    offsets[i] = matrix.has(items[i]) ? items[i] * d : -1;
                }
                return new VectorBatch(d, matrix.values(), offsets);
            }

            @Override
            public String toString() {
                return matrix.toString();
            }
        };
    }

    /**
     * Returns a source over an embedding table keyed by external item id, matched to {@code items}
     * ({@link ItemMatrix#of(EmbeddingTable, IdIndex)}).
     */
    static ItemVectors of(EmbeddingTable table, IdIndex items) {
        return of(ItemMatrix.of(table, items));
    }

    /**
     * Returns a source that reads a vector namespace of a feature store, the key of item index
     * {@code i} being {@code items.id(i)} (the external id as text, as {@link org.recsys4j.core.store.StoreLoader}
     * writes a table).
     *
     * @param store     the store (not closed by the source)
     * @param namespace a vector namespace
     * @param items     the pipeline's item index
     */
    static ItemVectors fromStore(FeatureStore store, String namespace, IdIndex items) {
        Objects.requireNonNull(items, "items");
        int n = items.size();
        return fromStore(store, namespace, i -> i >= 0 && i < n ? items.id(i) : null);
    }

    /**
     * Returns a source that reads a vector namespace of a feature store with one {@code multiGet} per
     * batch.
     *
     * @param store     the store (not closed by the source)
     * @param namespace a vector namespace (checked now)
     * @param keyOf     the key of an item index, or null for an item that has none (absent)
     * @throws IllegalArgumentException if the namespace holds blobs
     */
    static ItemVectors fromStore(FeatureStore store, String namespace, IntFunction<String> keyOf) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(keyOf, "keyOf");
        NamespaceSpec spec = store.namespace(Objects.requireNonNull(namespace, "namespace"));
        if (spec.kind() != NamespaceSpec.Kind.VECTOR) {
            throw new IllegalArgumentException("namespace '" + namespace + "' holds " + spec.kind()
                    + " values, need VECTOR");
        }
        int declared = spec.dimension();
        return new ItemVectors() {
            @Override
            public int dim() {
                return declared;
            }

            @Override
            public VectorBatch fetch(int[] items) {
                List<String> keys = new ArrayList<>(items.length);
                int[] slot = new int[items.length];
                for (int i = 0; i < items.length; i++) {
                    String key = keyOf.apply(items[i]);
                    slot[i] = key == null ? -1 : keys.size();
                    if (key != null) {
                        keys.add(key);
                    }
                }
                BatchRead<float[]> got = keys.isEmpty() ? null : store.multiGet(namespace, keys);
                int d = declared;
                for (int j = 0; j < keys.size(); j++) {
                    float[] v = got.orElse(j, null);
                    if (v != null && v.length > 0 && d == 0) {
                        d = v.length;
                    }
                }
                int[] offsets = new int[items.length];
                float[] data = new float[Math.multiplyExact(keys.size(), Math.max(d, 1))];
                int o = 0;
                for (int i = 0; i < items.length; i++) {
                    float[] v = slot[i] < 0 ? null : got.orElse(slot[i], null);
                    if (v == null || v.length == 0) {
                        offsets[i] = -1;
                        continue;
                    }
                    if (v.length != d) {
                        throw new IllegalStateException("namespace '" + namespace + "' key '" + keys.get(slot[i])
                                + "': vector has dimension " + v.length + ", the batch's others have " + d);
                    }
                    System.arraycopy(v, 0, data, o, d);
                    offsets[i] = o;
                    o += d;
                }
                return new VectorBatch(d, data, offsets);
            }

            @Override
            public String toString() {
                return "ItemVectors[store namespace " + namespace + "]";
            }
        };
    }
}
