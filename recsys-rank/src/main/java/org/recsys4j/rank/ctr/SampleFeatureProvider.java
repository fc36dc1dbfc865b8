package org.recsys4j.rank.ctr;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.feature.HashedCross;
import org.recsys4j.core.feature.Vocabulary;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.rank.serving.FeatureRowProvider;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;

import java.util.List;
import java.util.Objects;

/**
 * Serves the rows of {@link CtrSamples} online, for any {@link SampleSpec}: the
 * {@link FeatureRowProvider} of a {@link org.recsys4j.rank.serving.ModelRanker} over a {@link CtrModel}
 * trained on them. Each feature is computed as the samples compute it, from what a request has: its
 * {@link #inputs()} are the schema's ({@link CtrSchema#inputs()}).
 *
 * <ul>
 *   <li>the user id: {@link RecRequest#userKey()} through the user vocabulary (a numeric vocabulary parses the
 *       key); anonymous or unknown → 0;</li>
 *   <li>the item id, the item attributes and the item aggregates: per catalogue item, from the encoders and,
 *       for the aggregates, over the whole history the samples were built from
 *       ({@link SampleSet#currentAggregate}); an item outside the catalogue → 0 everywhere. These are the samples'
 *       {@link OnlineFeatureState}: a provider made from a saved and loaded state ({@link #of(OnlineFeatureState,
 *       FeatureStore, String)}) serves the same rows without building the samples;</li>
 *   <li>the recent positives, the favourite values and the affinities: from the user's positive events, oldest
 *       first, as a {@link PositiveHistory} gives them ({@link RecRequest#history()} by default; when the request's
 *       history holds every interaction, e.g. views too, {@link PositiveHistory#of(CtrSamples)} or a store of the
 *       positives keeps the samples' definition): the last {@link SampleSpec#maxRecentPositives()}
 *       items, most recent first (each once when the spec says so); per favourite attribute the encoded values
 *       most frequent over the history (count descending, then name), unknown values left out; the affinity,
 *       the largest share of history items sharing a value with the candidate;</li>
 *   <li>the user aggregates: the vector of {@link CtrSamples#userNumerics()} (raw, e.g. as
 *       {@link CtrSamples#userAggregates(int)} computes them) stored under the user key in a vector namespace
 *       of a {@link FeatureStore}; missing → 0 after scaling (the training minimum), so every value sent is
 *       finite;</li>
 *   <li>the wide cross: of the candidate and the most recent positive item.</li>
 * </ul>
 *
 * <p>The user-side values are computed once per call (one store read per batch; the ranker's default is one
 * batch per request). A store failure propagates, so that the {@code ModelRanker} falls back for the
 * candidates of that batch (and counts it). Thread-safe.
 *
 * <pre>{@code
 * CtrSamples data = CtrSamples.of(SampleSet.build(log, feedback, catalog, spec));
 * store.put("user_stats", "u123", data.userAggregates(users.indexOf("u123")));
 * ModelRanker ranker = ModelRanker.builder("fm", SampleFeatureProvider.of(data, store, "user_stats"), model)
 *         .build();
 * }</pre>
 */
public final class SampleFeatureProvider implements FeatureRowProvider {
    /**
     * Where a request's positive events come from: the items of the user's positive events under the samples'
     * label rule, oldest first, as dense catalogue indices. Must be thread-safe; may read a store (a failure
     * propagates, so the {@code ModelRanker} falls back).
     */
    @FunctionalInterface
    public interface PositiveHistory {
        /**
         * Returns the positive items of the request's user, oldest first.
         *
         * @param request the request
         * @return dense item indices of the catalogue (unknown ones are encoded as out of vocabulary)
         */
        int[] positives(RecRequest request);

        /** Returns the request's own history ({@link RecRequest#history()}): for requests whose history is the positives. */
        static PositiveHistory ofRequest() {
            return RecRequest::history;
        }

        /**
         * Returns the positives of the samples' history as it ends ({@link CtrSamples#positiveItems}), found by the
         * request's user key (a user the history does not have, or an anonymous request: none). For serving without a
         * store of the positives; later events (e.g. feedback) are not seen.
         *
         * @param data the encoded samples
         * @return the source
         */
        static PositiveHistory of(CtrSamples data) {
            Objects.requireNonNull(data, "data");
            IdIndex users = data.samples().history().users();
            int[][] byUser = new int[users.size()][];
            for (int u = 0; u < byUser.length; u++) {
                byUser[u] = data.positiveItems(u);
            }
            return request -> {
                String key = request.userKey().orElse(null);
                int u = -1;
                if (key != null && users.isNumeric()) {
                    try {
                        u = users.indexOf(Long.parseLong(key));
                    } catch (NumberFormatException e) {
                        u = -1;
                    }
                } else if (key != null) {
                    u = users.indexOf(key);
                }
                return u < 0 ? new int[0] : byUser[u].clone();
            };
        }
    }

    private final CtrSchema schema;
    private final CtrSamples.Tables t;
    private final FeatureStore store;
    private final String namespace;
    private final IdIndex items;
    private final boolean numericUsers;
    private final HashedCross cross;
    private final int numAttributes;
    private final int recentField;
    private final int favouriteField;
    private final int crossField;
    /** Per numeric: the position of its user aggregate in the store vector, or -1 (an item aggregate, an affinity). */
    private final int[] storeSlot;
    /** Per numeric and item: the scaled item aggregate (0 for user aggregates and affinities). */
    private final float[][] itemNumeric;
    private final long[] crossKey;
    private final int maxRecent;
    private final boolean distinct;
    private final int maxFavourites;
    private final boolean readsStore;
    private final PositiveHistory positives;

    private SampleFeatureProvider(OnlineFeatureState state, FeatureStore store, String namespace,
                                  PositiveHistory positives) {
        this.positives = positives;
        this.schema = state.schema();
        this.t = state.tables();
        this.store = store;
        this.namespace = namespace;
        SampleSpec spec = state.spec();
        this.items = t.items;
        this.numericUsers = state.numericUsers();
        this.cross = HashedCross.of(spec.crossBuckets());
        this.numAttributes = t.numAttributes();
        this.recentField = 2 + numAttributes;
        this.favouriteField = recentField + 1;
        this.crossField = schema.numFields() - 1;
        int n = items.size();
        int nn = schema.numNumerics();
        storeSlot = new int[nn];
        itemNumeric = new float[nn][];
        int slot = 0;
        boolean user = false;
        for (int j = 0; j < nn; j++) {
            storeSlot[j] = -1;
            if (j < t.aggregates.size()) {
                Aggregate a = t.aggregates.get(j);
                if (a.isUser()) {
                    storeSlot[j] = slot++;
                    user = true;
                } else {
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = finite(t.scalers[j].transform(state.itemAggregate(a, i)));
                    }
                    itemNumeric[j] = v;
                }
            }
        }
        this.readsStore = user;
        crossKey = new long[n];
        for (int i = 0; i < n; i++) {
            crossKey[i] = SampleSet.crossKey(items, i);
        }
        maxRecent = spec.maxRecentPositives();
        distinct = spec.recentDistinct();
        maxFavourites = spec.maxFavourites();
    }

    /**
     * Returns the provider of {@code data}'s rows.
     *
     * @param data      the encoded samples the model was trained on
     * @param store     holds the user aggregate vectors
     * @param namespace the vector namespace of {@code store} with the {@link CtrSamples#userNumerics()} per user key
     * @return the provider
     */
    public static SampleFeatureProvider of(CtrSamples data, FeatureStore store, String namespace) {
        return of(data, store, namespace, PositiveHistory.ofRequest());
    }

    /**
     * Returns the provider of {@code data}'s rows whose recent positives, favourites, affinities and cross read the
     * user's positive events from {@code positives} rather than from the request's history (which may hold every
     * interaction, as the recall and the exclusions want it).
     *
     * @param data      the encoded samples the model was trained on
     * @param store     holds the user aggregate vectors
     * @param namespace the vector namespace of {@code store} with the {@link CtrSamples#userNumerics()} per user key
     * @param positives where each request's positive events come from
     * @return the provider
     */
    public static SampleFeatureProvider of(CtrSamples data, FeatureStore store, String namespace,
                                           PositiveHistory positives) {
        Objects.requireNonNull(data, "data");
        return of(data.onlineState(), store, namespace, positives);
    }

    /**
     * Returns the provider of the rows of the samples {@code state} was made from ({@link CtrSamples#onlineState()},
     * saved and {@link OnlineFeatureState#load loaded}): the same rows as {@link #of(CtrSamples, FeatureStore, String)},
     * without the samples.
     *
     * @param state     the online state of the encoded samples the model was trained on
     * @param store     holds the user aggregate vectors
     * @param namespace the vector namespace of {@code store} with the {@link OnlineFeatureState#userNumerics()} per
     *                  user key
     * @return the provider
     */
    public static SampleFeatureProvider of(OnlineFeatureState state, FeatureStore store, String namespace) {
        return of(state, store, namespace, PositiveHistory.ofRequest());
    }

    /**
     * Returns the provider of the rows of the samples {@code state} was made from, the positives read from
     * {@code positives} ({@link #of(CtrSamples, FeatureStore, String, PositiveHistory)}).
     *
     * @param state     the online state of the encoded samples the model was trained on
     * @param store     holds the user aggregate vectors
     * @param namespace the vector namespace of {@code store} with the {@link OnlineFeatureState#userNumerics()} per
     *                  user key
     * @param positives where each request's positive events come from
     * @return the provider
     */
    public static SampleFeatureProvider of(OnlineFeatureState state, FeatureStore store, String namespace,
                                           PositiveHistory positives) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(positives, "positives");
        return new SampleFeatureProvider(state, store, namespace, positives);
    }

    @Override
    public List<TensorSpec> inputs() {
        return schema.inputs();
    }

    /** Returns the schema of the rows written. */
    public CtrSchema schema() {
        return schema;
    }

    private boolean known(int item) {
        return item >= 0 && item < t.itemCode.length;
    }

    @Override
    public InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to) {
        Objects.requireNonNull(request, "request");
        Objects.checkFromToIndex(from, to, candidates.size());
        String key = request.userKey().orElse(null);
        int user = Vocabulary.OOV;
        float[] stats = null;
        if (key != null) {
            if (numericUsers) {
                try {
                    user = t.users.index(Long.parseLong(key));
                } catch (NumberFormatException e) {
                    user = Vocabulary.OOV;
                }
            } else {
                user = t.users.index(key);
            }
            if (readsStore) {
                request.deadline().check("sample features, before reading the store");
                stats = store.get(namespace, key).orElse(null);
            }
        }
        int[] history = positives.positives(request);
        int[] recent = recent(history);
        int first = history.length == 0 ? -1 : history[history.length - 1];
        long recentKey = known(first) ? crossKey[first] : 0L;
        int nf = t.numFavourites();
        int[][] favourites = new int[nf][];
        int[][] valueCounts = new int[nf][];
        for (int f = 0; f < nf; f++) {
            favourites[f] = favourites(history, f);
            valueCounts[f] = spec().affinities() ? valueCounts(history, f) : null;
        }
        int nn = schema.numNumerics();
        float[] userValues = new float[nn];
        for (int j = 0; j < nn; j++) {
            if (storeSlot[j] >= 0) {
                double raw = stats != null && stats.length > storeSlot[j] ? stats[storeSlot[j]] : Double.NaN;
                userValues[j] = finite(t.scalers[j].transform(raw));
            }
        }
        int rowsN = to - from;
        InputBatch rows = new InputBatch(schema.inputs(), rowsN);
        // exact sizes: no array grows while the rows are written
        for (int a = 0; a < numAttributes; a++) {
            if (t.attributeIsBag[a]) {
                int ids = 0;
                for (int r = from; r < to; r++) {
                    int item = candidates.item(r);
                    ids += known(item) ? t.attributeBag[a][item].length : 0;
                }
                rows.reserve(2 + a, ids);
            }
        }
        rows.reserve(recentField, recent.length * rowsN);
        for (int f = 0; f < nf; f++) {
            rows.reserve(favouriteField + f, favourites[f].length * rowsN);
        }
        long[] userIds = rows.longs(0);
        long[] itemIds = rows.longs(1);
        long[] crosses = rows.longs(crossField);
        float[][] numerics = new float[nn][];
        for (int j = 0; j < nn; j++) {
            numerics[j] = rows.floats(schema.numFields() + j);
        }
        int na = t.aggregates.size();
        int h = history.length;
        for (int r = 0; r < rowsN; r++) {
            int item = candidates.item(from + r);
            boolean known = known(item);
            userIds[r] = user;
            itemIds[r] = known ? t.itemCode[item] : Vocabulary.OOV;
            for (int a = 0; a < numAttributes; a++) {
                if (t.attributeIsBag[a]) {
                    if (known) {
                        for (int id : t.attributeBag[a][item]) {
                            rows.append(2 + a, r, id);
                        }
                    }
                } else {
                    rows.longs(2 + a)[r] = known ? t.attributeCode[a][item] : 0;
                }
            }
            for (int m : recent) {
                rows.append(recentField, r, m);
            }
            for (int f = 0; f < nf; f++) {
                for (int g : favourites[f]) {
                    rows.append(favouriteField + f, r, g);
                }
            }
            crosses[r] = known ? cross.bucket(crossKey[item], recentKey) : 0;
            for (int j = 0; j < nn; j++) {
                if (storeSlot[j] >= 0) {
                    numerics[j][r] = userValues[j];
                } else if (j < na) {
                    numerics[j][r] = known ? itemNumeric[j][item] : 0f;
                } else {
                    int f = j - na;
                    double share = 0;
                    if (known && h > 0) {
                        int best = 0;
                        for (int v : t.favouriteValues[f][item]) {
                            best = Math.max(best, valueCounts[f][v]);
                        }
                        share = (double) best / h;
                    }
                    numerics[j][r] = finite(t.scalers[j].transform((float) share));
                }
            }
        }
        return rows;
    }

    private SampleSpec spec() {
        return t.spec;
    }

    /** Returns the encoded recent positives: the history's last items, most recent first (distinct if the spec says so). */
    private int[] recent(int[] history) {
        int h = history.length;
        int[] out = new int[Math.min(maxRecent, h)];
        int[] raw = distinct ? new int[out.length] : null;
        int n = 0;
        for (int k = h - 1; k >= 0 && n < out.length; k--) {
            int item = history[k];
            if (distinct) {
                boolean seen = false;
                for (int j = 0; j < n && !seen; j++) {
                    seen = raw[j] == item;
                }
                if (seen) {
                    continue;
                }
                raw[n] = item;
            }
            out[n++] = known(item) ? t.itemCode[item] : Vocabulary.OOV;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Returns the counts of each catalogue value of favourite attribute {@code f} over the history's items. */
    private int[] valueCounts(int[] history, int f) {
        int[] count = new int[t.favouriteCatalogSize[f]];
        for (int item : history) {
            if (known(item)) {
                for (int v : t.favouriteValues[f][item]) {
                    count[v]++;
                }
            }
        }
        return count;
    }

    /**
     * Returns the encoded favourite values of attribute {@code f}: the encoded values (out-of-vocabulary left out)
     * most frequent over the history's items, by count descending then index (= name) ascending.
     */
    private int[] favourites(int[] history, int f) {
        int[] byCode = t.favouriteCode[f];
        int[] count = new int[t.favouriteVocabulary[f].cardinality()];
        int distinctValues = 0;
        for (int item : history) {
            if (known(item)) {
                for (int v : t.favouriteValues[f][item]) {
                    int g = byCode[v];
                    if (g != Vocabulary.OOV && count[g]++ == 0) {
                        distinctValues++;
                    }
                }
            }
        }
        int n = Math.min(maxFavourites, distinctValues);
        int[] out = new int[n];
        boolean[] used = new boolean[count.length];
        for (int k = 0; k < n; k++) {
            int best = -1;
            for (int g = 1; g < count.length; g++) {
                if (!used[g] && count[g] > 0 && (best < 0 || count[g] > count[best])) {
                    best = g;
                }
            }
            used[best] = true;
            out[k] = best;
        }
        return out;
    }

    /** Returns the value as a float, 0 (the scaled train minimum) if it is missing: what {@link CtrData} makes of NaN. */
    private static float finite(double value) {
        float v = (float) value;
        return Float.isFinite(v) ? v : 0f;
    }

    @Override
    public String toString() {
        return "SampleFeatureProvider[" + schema + ", store namespace " + namespace + "]";
    }
}
