package org.recsys4j.recall.channel;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.IdMapping;
import org.recsys4j.core.model.HistoryEncoder;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.Neighbors;
import org.recsys4j.recall.index.VectorIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Recalls the items nearest to a query vector in a {@link VectorIndex} (any implementation: brute force,
 * HNSW, IVF, LSH). The raw score is the index's score (higher is better, see
 * {@link org.recsys4j.recall.index.Metric}).
 *
 * <p>The query is, in this order of preference:
 * <ol>
 *   <li>the seed item's vector (from {@linkplain Builder#withItemVectors the item vectors}), for a request
 *       with a seed item ("similar items"); the seed itself is never returned;</li>
 *   <li>the user's row of {@linkplain Builder#withUserVectors a user table}, looked up by the request's
 *       user key;</li>
 *   <li>the user's vector in {@linkplain Builder#withUserStore a feature-store vector namespace}, by user
 *       key;</li>
 *   <li>from the request's history (the unseen-user path, and every user's path in a channel without user
 *       vectors): with {@linkplain Builder#withHistoryEncoder a history encoder}, its vector of the whole history
 *       in order (a sequence model's state: SASRec, GRU4Rec), computed per request, so new feedback moves the
 *       query at once without retraining; else the mean of the item vectors of the last {@code historyWindow}
 *       distinct history items, weighted {@code decay^r} for the {@code r}-th most recent.</li>
 * </ol>
 * When none applies, or the query is a zero vector, the list is empty. Items whose vector in the item
 * vectors is zero (e.g. the ALS factors of an item nobody liked) are never returned: a zero vector's cosine
 * is 0 with every query, so it would fill the list with arbitrary items. The request's exclusions are applied <em>during</em> the index
 * search (the index's accept filter), so excluded items never take a result slot. Index rows are matched
 * to items by external id; rows whose id is not an item are never returned.
 *
 * <p>{@link Builder#build()} refuses a channel that could only answer {@code []} or the wrong items: an
 * index none of whose ids is an item (another catalogue, text ids against numeric ones), item vectors none of
 * whose ids is an item, and item vectors that are not the table the index was built from (the index records
 * the content fingerprint of its vectors, see {@link VectorIndex#info()}): a rebuilt embedding is never
 * searched through an index of its old vectors. An index that records no vectors fingerprint (read from a
 * version-1 file) is checked by ids only. A history encoder is bound the same way: its item embeddings must be
 * the vectors the index was built from (fingerprints), share ids with the items, and the index must rank by
 * {@link Metric#INNER_PRODUCT}, the encoder's score (a cosine or L2 index would return another list than the
 * model's).
 *
 * <pre>{@code
 * VectorIndex index = HnswIndex.builder(itemVectors, Metric.COSINE).withM(16).build();
 * EmbeddingChannel emb = EmbeddingChannel.builder(index, catalog.items())
 *         .withItemVectors(itemVectors).withUserVectors(userVectors).build();
 * }</pre>
 *
 * <p>A sequence model as a recall channel: the query is its state after the request's history.
 * <pre>{@code
 * SequenceModel sasrec = SasRec.builder().build().fit(train);
 * VectorIndex index = HnswIndex.builder(sasrec.itemEmbeddings(), Metric.INNER_PRODUCT).build();
 * EmbeddingChannel seq = EmbeddingChannel.builder(index, catalog.items()).withName("sasrec")
 *         .withHistoryEncoder(sasrec).build();
 * }</pre>
 */
public final class EmbeddingChannel implements CandidateSource {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "embedding";
    /** The default number of distinct recent history items that make the mean vector of an unseen user. */
    public static final int DEFAULT_HISTORY_WINDOW = 50;
    /** The default weight ratio between consecutive history items of the mean (1: equal weights). */
    public static final double DEFAULT_RECENCY_DECAY = 1.0;

    private final String name;
    private final VectorIndex index;
    private final IdMapping rows;
    private final EmbeddingTable itemVectors;
    private final IdMapping itemRows;
    private final EmbeddingTable userVectors;
    private final FeatureStore store;
    private final String namespace;
    private final int window;
    private final double decay;
    private final HistoryEncoder encoder;
    /** Maps item indices to the encoder's item indices, or null without an encoder. */
    private final IdMapping encoderRows;
    /** Index rows whose item vector is zero (never returned), or null if none is. */
    private final boolean[] zeroRows;

    private EmbeddingChannel(Builder b) {
        this.name = b.name;
        this.index = b.index;
        this.rows = b.rows;
        this.itemVectors = b.itemVectors;
        this.itemRows = b.itemRows;
        this.userVectors = b.userVectors;
        this.store = b.store;
        this.namespace = b.namespace;
        this.window = b.window;
        this.decay = b.decay;
        this.encoder = b.encoder;
        this.encoderRows = b.encoderRows;
        this.zeroRows = itemVectors != null ? zeroRows(index, rows, itemVectors, itemRows)
                : encoder != null ? zeroRows(index, rows, encoder.itemEmbeddings(), encoderRows) : null;
    }

    /**
     * Returns, per index row, whether the item's vector is unusable ({@link Vectors#isUsable}: all zeros or
     * non-finite), as far as the item vectors tell; null when none is (or no item vectors were given).
     */
    private static boolean[] zeroRows(VectorIndex index, IdMapping rows, EmbeddingTable itemVectors, IdMapping itemRows) {
        if (itemVectors == null) {
            return null;
        }
        boolean[] zero = null;
        float[] v = new float[itemVectors.dim()];
        for (int r = 0; r < index.size(); r++) {
            int item = rows.targetAt(r);
            int vrow = item < 0 ? -1 : itemRows.rowAt(item);
            if (vrow < 0) {
                continue;
            }
            itemVectors.row(vrow, v);
            if (!Vectors.isUsable(v, 0, v.length)) {
                if (zero == null) {
                    zero = new boolean[index.size()];
                }
                zero[r] = true;
            }
        }
        return zero;
    }

    /**
     * Returns a builder over an index whose row ids are (some of) the pipeline's items; the options start at the
     * {@code DEFAULT_*} values. Both arguments are checked by {@link Builder#build()}.
     *
     * @param index the vector index over item vectors
     * @param items the item ids of the pipeline (e.g. the catalogue's {@code items()})
     * @return the builder
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
            seedRow = rows.rowAt(seed);
            int vrow = itemRows == null ? -1 : itemRows.rowAt(seed);
            if (vrow < 0) {
                return List.of();
            }
            query = itemVectors.vector(vrow);
            if (!Vectors.isUsable(query, 0, query.length)) {
                return List.of();   // a zero vector is no direction: its "nearest" items would be arbitrary
            }
        } else {
            Optional<float[]> user = userVector(request);
            if (user.isEmpty() || !Vectors.isUsable(user.get(), 0, user.get().length)) {
                return List.of();
            }
            query = user.get();
        }
        return search(query, request, limit, seedRow);
    }

    /**
     * Returns the items nearest to a given query vector, excluding what the request excludes; none for a zero
     * query.
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
        if (!Vectors.isUsable(query, 0, query.length)) {
            return List.of();
        }
        IntPredicate accept = row -> {
            int item = rows.targetAt(row);
            return item >= 0 && row != skipRow && (zeroRows == null || !zeroRows[row]) && !request.excludes(item);
        };
        Neighbors nb = index.search(query, Math.min(limit, Math.max(1, index.size())), accept, request.deadline());
        List<Candidate> out = new ArrayList<>(nb.size());
        for (int p = 0; p < nb.size(); p++) {
            out.add(Candidate.of(rows.targetAt(nb.rows()[p]), name, nb.scores()[p], p));
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
     * Returns the user's query vector by the rules of the class comment (user table, store, the history encoder's
     * state or the history mean), or empty when none applies. A stored vector of the wrong dimension is an {@link IllegalStateException}
     * naming namespace and key (a channel failure).
     *
     * @param request the request (its user key and history)
     * @return the query vector (a new array), or empty
     */
    public Optional<float[]> userVector(RecRequest request) {
        String key = request.userKey().orElse(null);
        if (key != null && userVectors != null) {
            int r = userVectors.ids().indexOf(key);
            if (r >= 0) {
                return Optional.of(userVectors.vector(r));
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
                return Optional.of(v);
            }
        }
        if (encoder != null) {
            return encoded(request);
        }
        if (itemVectors == null) {
            return Optional.empty();
        }
        HistoryWeights h = HistoryWeights.of(request, window, decay, Integer.MAX_VALUE);
        float[] sum = new float[index.dim()];
        double total = 0;
        for (int j = 0; j < h.size(); j++) {
            int r = itemRows.rowAt(h.items()[j]);
            if (r >= 0) {
                itemVectors.addScaledRow(r, (float) h.weights()[j], sum, 0);
                total += h.weights()[j];
            }
        }
        if (total == 0) {
            return Optional.empty();
        }
        Vectors.scale((float) (1 / total), sum, 0, sum.length);
        return Optional.of(sum);
    }

    /**
     * Returns the encoder's vector of the request's history: its items the encoder knows, in order, repeats kept;
     * empty when it knows none. A non-finite value (a broken model) is an {@link IllegalStateException} (a channel
     * failure, which the pipeline reports), never a search with NaN.
     */
    private Optional<float[]> encoded(RecRequest request) {
        int n = request.historySize();
        int[] h = new int[n];
        int m = 0;
        for (int j = 0; j < n; j++) {
            int item = request.historyItem(j);
            int r = encoderRows.rowAt(item);
            if (r >= 0) {
                h[m++] = r;
            }
        }
        if (m == 0) {
            return Optional.empty();
        }
        request.deadline().check("channel '" + name + "' before encoding the history");
        float[] q = encoder.encode(m == n ? h : java.util.Arrays.copyOf(h, m));
        if (q.length != index.dim()) {
            throw new IllegalStateException("history encoder of channel '" + name + "': a query of dimension " + q.length
                    + ", the index's is " + index.dim());
        }
        for (int i = 0; i < q.length; i++) {
            if (!Float.isFinite(q[i])) {
                throw new IllegalStateException("history encoder of channel '" + name + "': query[" + i + "] = " + q[i]
                        + " after a history of " + m + " items; every value must be finite");
            }
        }
        return Optional.of(q);
    }

    @Override
    public String toString() {
        return "EmbeddingChannel[" + name + ", " + index + (encoder != null ? ", history encoder" : "") + "]";
    }

    /**
     * Configures an {@link EmbeddingChannel}. Setters only store; {@link #build()} checks every value and names
     * the one that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private final VectorIndex index;
        private final IdIndex items;
        private String name = DEFAULT_NAME;
        private EmbeddingTable itemVectors;
        private EmbeddingTable userVectors;
        private FeatureStore store;
        private String namespace;
        private int window = DEFAULT_HISTORY_WINDOW;
        private double decay = DEFAULT_RECENCY_DECAY;
        private HistoryEncoder encoder;
        private IdMapping rows;
        private IdMapping itemRows;
        private IdMapping encoderRows;

        private Builder(VectorIndex index, IdIndex items) {
            this.index = index;
            this.items = items;
        }

        /**
         * Sets the channel name, not blank (default {@value EmbeddingChannel#DEFAULT_NAME}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the item vectors used for seed items and history means (usually the table the index was
         * built from), of the index's dimension. Absent or null (the default): requests with a seed item or only
         * a history get no candidates.
         *
         * @param vectors the item vectors, by item id
         * @return this builder
         */
        public Builder withItemVectors(EmbeddingTable vectors) {
            this.itemVectors = vectors;
            return this;
        }

        /**
         * Sets a table of user vectors whose ids are user keys, of the index's dimension. Absent or null (the
         * default): no user table is looked up.
         *
         * @param vectors the user vectors, by user key
         * @return this builder
         */
        public Builder withUserVectors(EmbeddingTable vectors) {
            this.userVectors = vectors;
            return this;
        }

        /**
         * Sets a feature-store vector namespace holding user vectors by user key (a vector namespace whose
         * declared dimension, if any, is the index's). Absent or null store (the default): no store is read.
         *
         * @param store     the store
         * @param namespace a vector namespace of the store
         * @return this builder
         */
        public Builder withUserStore(FeatureStore store, String namespace) {
            this.store = store;
            this.namespace = namespace;
            return this;
        }

        /**
         * Sets how many distinct recent history items make the mean vector of an unseen user, at least 1
         * (default {@value EmbeddingChannel#DEFAULT_HISTORY_WINDOW}); a history encoder reads the whole history
         * (it knows how much of it it uses).
         *
         * @param n the number of items
         * @return this builder
         */
        public Builder withHistoryWindow(int n) {
            this.window = n;
            return this;
        }

        /**
         * Sets the weight ratio between consecutive history items of the mean, in (0, 1] (default
         * {@value EmbeddingChannel#DEFAULT_RECENCY_DECAY}).
         *
         * @param decay the ratio
         * @return this builder
         */
        public Builder withRecencyDecay(double decay) {
            this.decay = decay;
            return this;
        }

        /**
         * Sets a history encoder whose vector of the request's history is the query of requests without a seed
         * item or user vector (a sequence model: {@code SequenceModel} of recsys-rank), instead of the history
         * mean. The index must be built from {@link HistoryEncoder#itemEmbeddings()} with
         * {@link Metric#INNER_PRODUCT}; the history is mapped to the encoder's items by id, items it does not know
         * are skipped. Absent or null (the default): the history mean of the item vectors.
         *
         * @param encoder the encoder
         * @return this builder
         */
        public Builder withHistoryEncoder(HistoryEncoder encoder) {
            this.encoder = encoder;
            return this;
        }

        private static String kind(IdIndex ids) {
            return ids.isNumeric() ? "numeric" : "text";
        }

        private void checkDim(String what, int dim) {
            if (dim != index.dim()) {
                throw new IllegalArgumentException(what + ": dimension " + dim + ", the index's is " + index.dim());
            }
        }

        /**
         * Returns the channel.
         *
         * @return the channel
         * @throws NullPointerException     naming {@code index}, {@code items} or {@code namespace} if it is null
         * @throws IllegalArgumentException naming the option that is wrong: a blank name, vectors of another
         *                                  dimension than the index's, a namespace that is not a vector namespace
         *                                  (or declares another dimension), a window below 1 or a decay outside
         *                                  (0, 1]; an index or item vectors none of whose ids is an item, or item
         *                                  vectors other than those the index was built from (both fingerprints);
         *                                  a history encoder of another dimension, none of whose items is an
         *                                  item, whose item embeddings are not the index's vectors, or over an
         *                                  index that does not rank by inner product
         */
        public EmbeddingChannel build() {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(items, "items");
            Channels.checkName(name);
            if (itemVectors != null) {
                checkDim("itemVectors", itemVectors.dim());
            }
            if (userVectors != null) {
                checkDim("userVectors", userVectors.dim());
            }
            if (store != null) {
                NamespaceSpec spec = store.namespace(Objects.requireNonNull(namespace, "namespace"));
                if (spec.kind() != NamespaceSpec.Kind.VECTOR) {
                    throw new IllegalArgumentException("namespace '" + namespace + "': " + spec.kind()
                            + ", must be a vector namespace");
                }
                if (spec.dimension() > 0) {
                    checkDim("namespace '" + namespace + "'", spec.dimension());
                }
            }
            Channels.checkAtLeast("historyWindow", window, 1);
            Channels.checkDecay("recencyDecay", decay);
            rows = IdMapping.of(index.ids(), items);
            if (rows.mapped() == 0) {
                throw new IllegalArgumentException("index: none of its " + index.size() + " ids (fingerprint "
                        + Fingerprints.abbreviate(Fingerprints.ids(index.ids())) + ", " + kind(index.ids())
                        + ") is one of the " + items.size() + " items (fingerprint "
                        + Fingerprints.abbreviate(Fingerprints.ids(items)) + ", " + kind(items)
                        + "): the channel could only return []; build the index over these items' vectors");
            }
            itemRows = null;
            if (itemVectors != null) {
                itemRows = IdMapping.of(itemVectors.ids(), items);
                if (itemRows.mapped() == 0) {
                    throw new IllegalArgumentException("itemVectors: none of its " + itemVectors.size() + " ids is one"
                            + " of the " + items.size() + " items (fingerprints " + Fingerprints.abbreviate(
                            Fingerprints.ids(itemVectors.ids())) + " and " + Fingerprints.abbreviate(
                            Fingerprints.ids(items)) + ")");
                }
                String built = index.info().input("vectors").orElse(null);
                String given = itemVectors.info().contentFingerprint().orElseThrow();
                if (built != null && !built.equals(given)) {
                    throw new IllegalArgumentException("itemVectors: content fingerprint " + Fingerprints.abbreviate(given)
                            + (itemVectors.info().name().isEmpty() ? "" : " ('" + itemVectors.info().name() + "')")
                            + ", but the index was built from vectors " + Fingerprints.abbreviate(built)
                            + (index.info().settings().containsKey("vectorsName") ? " ('"
                            + index.info().settings().get("vectorsName") + "')" : "")
                            + ": queries from other vectors than the index's would return wrong neighbours; rebuild"
                            + " the index from these vectors, or pass the table it was built from");
                }
            }
            encoderRows = null;
            if (encoder != null) {
                checkEncoder();
            }
            return new EmbeddingChannel(this);
        }

        private void checkEncoder() {
            checkDim("historyEncoder", encoder.dim());
            EmbeddingTable t = encoder.itemEmbeddings();
            checkDim("historyEncoder: item embeddings", t.dim());
            if (index.metric() != Metric.INNER_PRODUCT) {
                throw new IllegalArgumentException("historyEncoder: scores items by inner product with its query, but "
                        + "the index ranks by " + index.metric() + ", which would return another list than the model's;"
                        + " build the index over the encoder's itemEmbeddings() with Metric.INNER_PRODUCT");
            }
            encoderRows = IdMapping.of(t.ids(), items);
            if (encoderRows.mapped() == 0) {
                throw new IllegalArgumentException("historyEncoder: none of its " + t.size() + " items (fingerprint "
                        + Fingerprints.abbreviate(Fingerprints.ids(t.ids())) + ", " + kind(t.ids()) + ") is one of the "
                        + items.size() + " items (fingerprint " + Fingerprints.abbreviate(Fingerprints.ids(items)) + ", "
                        + kind(items) + "): no history could be encoded");
            }
            String built = index.info().input("vectors").orElse(null);
            String given = t.info().contentFingerprint().orElseThrow();
            if (built != null && !built.equals(given)) {
                throw new IllegalArgumentException("historyEncoder: its item embeddings have content fingerprint "
                        + Fingerprints.abbreviate(given) + (t.info().name().isEmpty() ? "" : " ('" + t.info().name() + "')")
                        + ", but the index was built from vectors " + Fingerprints.abbreviate(built)
                        + (index.info().settings().containsKey("vectorsName") ? " ('"
                        + index.info().settings().get("vectorsName") + "')" : "")
                        + ": its queries would be matched against other items' vectors; build the index over the "
                        + "encoder's itemEmbeddings()");
            }
        }
    }
}
