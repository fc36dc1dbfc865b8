package org.recsys4j.recall.channel;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.recall.index.Neighbors;
import org.recsys4j.recall.index.VectorIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Recalls the items nearest to a query vector in a {@link VectorIndex} (any implementation: brute force,
 * HNSW, IVF, LSH). The raw score is the index's score (higher is better, see
 * {@link org.recsys4j.recall.index.Metric}).
 *
 * <p>The query is, in this order of preference:
 * <ol>
 *   <li>the seed item's vector (from {@linkplain Builder#itemVectors the item vectors}), for a request
 *       with a seed item ("similar items"); the seed itself is never returned;</li>
 *   <li>the user's row of {@linkplain Builder#userVectors a user table}, looked up by the request's
 *       user key;</li>
 *   <li>the user's vector in {@linkplain Builder#userStore a feature-store vector namespace}, by user
 *       key;</li>
 *   <li>the mean of the item vectors of the last {@code historyWindow} distinct history items (the
 *       unseen-user path), weighted {@code decay^r} for the {@code r}-th most recent.</li>
 * </ol>
 * When none applies the list is empty. The request's exclusions are applied <em>during</em> the index
 * search (the index's accept filter), so excluded items never take a result slot. Index rows are matched
 * to items by external id; rows whose id is not an item are never returned.
 *
 * <pre>{@code
 * VectorIndex index = HnswIndex.builder().m(16).build(itemVectors, Metric.COSINE);
 * EmbeddingChannel emb = EmbeddingChannel.builder(index, catalog.items())
 *         .itemVectors(itemVectors).userVectors(userVectors).build();
 * }</pre>
 */
public final class EmbeddingChannel implements CandidateSource {
    private final String name;
    private final VectorIndex index;
    private final RowMapping rows;
    private final EmbeddingTable itemVectors;
    private final RowMapping itemRows;
    private final EmbeddingTable userVectors;
    private final FeatureStore store;
    private final String namespace;
    private final int window;
    private final double decay;

    private EmbeddingChannel(Builder b) {
        this.name = b.name;
        this.index = b.index;
        this.rows = RowMapping.of(b.index.ids(), b.items);
        this.itemVectors = b.itemVectors;
        this.itemRows = b.itemVectors == null ? null : RowMapping.of(b.itemVectors.ids(), b.items);
        this.userVectors = b.userVectors;
        this.store = b.store;
        this.namespace = b.namespace;
        this.window = b.window;
        this.decay = b.decay;
    }

    /**
     * Returns a builder over an index whose row ids are (some of) the pipeline's items.
     *
     * @param index the vector index over item vectors
     * @param items the item ids of the pipeline (e.g. the catalogue's {@code items()})
     */
    public static Builder builder(VectorIndex index, IdIndex items) {
        return new Builder(index, items);
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the index searched. */
    public VectorIndex index() {
        return index;
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        Channels.check(request, limit);
        int seedRow = -1;
        float[] query = null;
        if (request.seedItem().isPresent()) {
            int seed = request.seedItem().getAsInt();
            seedRow = rows.rowOf(seed);
            int vrow = itemRows == null ? -1 : itemRows.rowOf(seed);
            if (vrow < 0) {
                return List.of();
            }
            query = itemVectors.vector(vrow);
        } else {
            query = userVector(request);
            if (query == null) {
                return List.of();
            }
        }
        return search(query, request, limit, seedRow);
    }

    /**
     * Returns the items nearest to a given query vector, excluding what the request excludes.
     *
     * @param query   {@link VectorIndex#dim()} finite values
     * @param request the request (its exclusions apply)
     * @param limit   the maximum number of candidates, at least 1
     * @throws IllegalArgumentException naming the problem if the query has the wrong dimension or a
     *                                  non-finite value, or {@code limit < 1}
     */
    public List<Candidate> recall(float[] query, RecRequest request, int limit) {
        Channels.check(request, limit);
        return search(query, request, limit, -1);
    }

    private List<Candidate> search(float[] query, RecRequest request, int limit, int skipRow) {
        checkVector("query", query);
        IntPredicate accept = row -> {
            int item = rows.itemOf(row);
            return item >= 0 && row != skipRow && !request.excludes(item);
        };
        Neighbors nb = index.search(query, Math.min(limit, Math.max(1, index.size())), accept, request.deadline());
        List<Candidate> out = new ArrayList<>(nb.size());
        for (int p = 0; p < nb.size(); p++) {
            out.add(Candidate.of(rows.itemOf(nb.rows()[p]), name, nb.scores()[p], p));
        }
        return out;
    }

    private void checkVector(String what, float[] v) {
        Objects.requireNonNull(v, what);
        if (v.length != index.dim()) {
            throw new IllegalArgumentException(what + ": dimension " + v.length + ", the index's is " + index.dim());
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(what + "[" + i + "]: " + v[i] + ", every value must be finite");
            }
        }
    }

    /**
     * Returns the user's query vector by the rules of the class comment (user table, store, history mean),
     * or null when none applies. A stored vector of the wrong dimension is an {@link IllegalStateException}
     * naming namespace and key (a channel failure).
     */
    public float[] userVector(RecRequest request) {
        String key = request.userKey().orElse(null);
        if (key != null && userVectors != null) {
            int r = userVectors.ids().indexOf(key);
            if (r >= 0) {
                return userVectors.vector(r);
            }
        }
        if (key != null && store != null) {
            request.deadline().check("channel '" + name + "' before reading the store");
            float[] v = store.get(namespace, key).orElse(null);
            if (v != null) {
                if (v.length != index.dim()) {
                    throw new IllegalStateException("feature store '" + namespace + "', key '" + key + "': dimension "
                            + v.length + ", the index's is " + index.dim());
                }
                return v;
            }
        }
        if (itemVectors == null) {
            return null;
        }
        HistoryWeights h = HistoryWeights.of(request, window, decay, Integer.MAX_VALUE);
        float[] sum = new float[index.dim()];
        double total = 0;
        for (int j = 0; j < h.size(); j++) {
            int r = itemRows.rowOf(h.items()[j]);
            if (r >= 0) {
                itemVectors.addScaledRow(r, (float) h.weights()[j], sum, 0);
                total += h.weights()[j];
            }
        }
        if (total == 0) {
            return null;
        }
        Vectors.scale((float) (1 / total), sum, 0, sum.length);
        return sum;
    }

    @Override
    public String toString() {
        return "EmbeddingChannel[" + name + ", " + index + "]";
    }

    /** Configures an {@link EmbeddingChannel}; not thread-safe. */
    public static final class Builder {
        private final VectorIndex index;
        private final IdIndex items;
        private String name = "embedding";
        private EmbeddingTable itemVectors;
        private EmbeddingTable userVectors;
        private FeatureStore store;
        private String namespace;
        private int window = 50;
        private double decay = 1;

        private Builder(VectorIndex index, IdIndex items) {
            this.index = Objects.requireNonNull(index, "index");
            this.items = Objects.requireNonNull(items, "items");
        }

        /** Sets the channel name (default {@code embedding}). */
        public Builder name(String name) {
            this.name = Channels.checkName(name);
            return this;
        }

        /**
         * Sets the item vectors used for seed items and history means (usually the table the index was
         * built from).
         *
         * @throws IllegalArgumentException if their dimension differs from the index's
         */
        public Builder itemVectors(EmbeddingTable vectors) {
            checkDim("itemVectors", Objects.requireNonNull(vectors, "vectors").dim());
            this.itemVectors = vectors;
            return this;
        }

        /**
         * Sets a table of user vectors whose ids are user keys.
         *
         * @throws IllegalArgumentException if its dimension differs from the index's
         */
        public Builder userVectors(EmbeddingTable vectors) {
            checkDim("userVectors", Objects.requireNonNull(vectors, "vectors").dim());
            this.userVectors = vectors;
            return this;
        }

        /**
         * Sets a feature-store vector namespace holding user vectors by user key.
         *
         * @throws IllegalArgumentException if the namespace is not a vector namespace, or declares another
         *                                  dimension than the index's
         */
        public Builder userStore(FeatureStore store, String namespace) {
            Objects.requireNonNull(store, "store");
            NamespaceSpec spec = store.namespace(Objects.requireNonNull(namespace, "namespace"));
            if (spec.kind() != NamespaceSpec.Kind.VECTOR) {
                throw new IllegalArgumentException("namespace '" + namespace + "': " + spec.kind()
                        + ", must be a vector namespace");
            }
            if (spec.dimension() > 0) {
                checkDim("namespace '" + namespace + "'", spec.dimension());
            }
            this.store = store;
            this.namespace = namespace;
            return this;
        }

        /** Sets how many distinct recent history items make the mean vector of an unseen user (default 50). */
        public Builder historyWindow(int n) {
            this.window = Channels.checkAtLeast("historyWindow", n, 1);
            return this;
        }

        /** Sets the weight ratio between consecutive history items of the mean, in (0, 1] (default 1). */
        public Builder recencyDecay(double decay) {
            this.decay = Channels.checkDecay("recencyDecay", decay);
            return this;
        }

        private void checkDim(String what, int dim) {
            if (dim != index.dim()) {
                throw new IllegalArgumentException(what + ": dimension " + dim + ", the index's is " + index.dim());
            }
        }

        /** Returns the channel. */
        public EmbeddingChannel build() {
            return new EmbeddingChannel(this);
        }
    }
}
