package org.recsys4j.rank.ctr;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.HashedCross;
import org.recsys4j.core.feature.MinMaxScaler;
import org.recsys4j.core.feature.MultiHot;
import org.recsys4j.core.feature.QuantileBuckets;
import org.recsys4j.core.feature.Vocabulary;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.NumericFeature;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.rank.serving.FeatureRowProvider;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;

import java.util.List;
import java.util.Objects;

/**
 * Serves protocol C's rows ({@link ProtocolC}) for online scoring, as the {@link FeatureRowProvider} of a
 * {@link org.recsys4j.rank.serving.ModelRanker} over a {@link CtrModel} trained on them: item-side fields
 * from in-memory tables, the user's three rating statistics from a {@link FeatureStore}, the user's
 * history from the request. Its {@link #inputs()} are the protocol C schema's ({@link CtrSchema#inputs()}).
 *
 * <ul>
 *   <li>{@code userId}: the request's {@link RecRequest#userKey()} as a numeric id through the user
 *       vocabulary; anonymous, non-numeric or unknown → OOV 0;</li>
 *   <li>{@code movieId}, {@code genres}, {@code year}, the three movie numerics: per catalogue item, the
 *       movie statistics taken over every rating the samples were built from (the latest as-of values);</li>
 *   <li>{@code recentPositive}: the last {@code maxRecentPositives} items of {@link RecRequest#history()},
 *       most recent first (the history is taken as the user's liked items); {@code favouriteGenres}: the
 *       genres most frequent in the history, ties by name;</li>
 *   <li>the three user numerics: the vector {@code [userRatingCount, userAvgRating, userRatingStddev]}
 *       (raw, unscaled) stored under the user key in a vector namespace; missing → 0 after scaling, i.e.
 *       the training minimum (so every value sent is finite, also to a remote model);</li>
 *   <li>{@code wideCross}: the hashed cross of the movie id and the most recent history item.</li>
 * </ul>
 *
 * <p>The user-side values are computed once per call (one store read per batch; the ranker's default is
 * one batch per request). A store failure propagates, so that the {@code ModelRanker} falls back for the
 * candidates of that batch (and counts it). Thread-safe.
 *
 * <pre>{@code
 * ModelRanker ranker = ModelRanker.builder("deepfm", new ProtocolCFeatureProvider(pc, store, "user_stats"), model)
 *         .withFallbackScore(0.0)
 *         .build();
 * }</pre>
 */
public final class ProtocolCFeatureProvider implements FeatureRowProvider {
    // the positions of protocol C's fields in its schema (ProtocolC builds them in this order)
    private static final int FIELD_USER = 0;
    private static final int FIELD_MOVIE = 1;
    private static final int FIELD_GENRES = 2;
    private static final int FIELD_YEAR = 3;
    private static final int FIELD_RECENT = 4;
    private static final int FIELD_FAVOURITE = 5;
    private static final int FIELD_CROSS = 6;

    private final CtrSchema schema;
    private final FeatureStore store;
    private final String namespace;
    private final Vocabulary users;
    private final Vocabulary movies;
    private final Vocabulary genres;
    private final MinMaxScaler[] scalers = new MinMaxScaler[6];
    private final HashedCross cross;
    private final IdIndex items;
    private final int[] movieIndex;
    private final int[][] itemGenres;
    private final int[] yearBucket;
    private final double[] itemStats;  // 3 raw movie statistics per item
    private final List<String> genreNames;
    private final int maxRecent;
    private final int maxGenres;

    /**
     * Creates the provider.
     *
     * @param pc        the protocol C encoding the model was trained on
     * @param store     holds the user statistics vectors
     * @param namespace the vector namespace of {@code store} with {@code [count, mean, stddev]} per user key
     */
    public ProtocolCFeatureProvider(ProtocolC pc, FeatureStore store, String namespace) {
        this.schema = pc.schema();
        this.store = Objects.requireNonNull(store, "store");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        FittedSchema<Integer> fs = pc.features();
        users = fs.encoder(ProtocolCFeatures.USER, Vocabulary.class);
        movies = fs.encoder(ProtocolCFeatures.MOVIE, Vocabulary.class);
        genres = fs.encoder(ProtocolCFeatures.GENRES, MultiHot.class).vocabulary();
        QuantileBuckets years = fs.encoder(ProtocolCFeatures.YEAR, QuantileBuckets.class);
        for (NumericFeature f : NumericFeature.values()) {
            scalers[f.ordinal()] = fs.encoder(f.protocolName(), MinMaxScaler.class);
        }
        cross = HashedCross.of(pc.samples().spec().crossBuckets());
        maxRecent = pc.samples().spec().maxRecentPositives();
        maxGenres = pc.samples().spec().maxFavouriteGenres();
        ItemCatalog catalog = pc.samples().catalog();
        items = catalog.items();
        genreNames = catalog.genreVocabulary();
        int n = items.size();
        movieIndex = new int[n];
        itemGenres = new int[n][];
        yearBucket = new int[n];
        itemStats = new double[3 * n];
        for (int i = 0; i < n; i++) {
            movieIndex[i] = movies.index(items.longId(i));
            int[] g = catalog.genres(i);
            itemGenres[i] = new int[g.length];
            for (int k = 0; k < g.length; k++) {
                itemGenres[i][k] = genres.index(genreNames.get(g[k]));
            }
            yearBucket[i] = years.bucket(catalog.year(i).isPresent() ? catalog.year(i).getAsInt() : Double.NaN);
        }
        Interactions r = pc.samples().ratings();
        double[] sum = new double[n];
        double[] sq = new double[n];
        int[] cnt = new int[n];
        for (int k = 0; k < r.size(); k++) {
            int it = r.item(k);
            double v = r.value(k);
            cnt[it]++;
            sum[it] += v;
            sq[it] += v * v;
        }
        for (int i = 0; i < n; i++) {
            itemStats[3 * i] = cnt[i];
            itemStats[3 * i + 1] = cnt[i] == 0 ? 0 : sum[i] / cnt[i];
            double var = cnt[i] < 2 ? 0 : (sq[i] - sum[i] * sum[i] / cnt[i]) / (cnt[i] - 1);
            itemStats[3 * i + 2] = var > 0 ? Math.sqrt(var) : 0;
        }
    }

    @Override
    public List<TensorSpec> inputs() {
        return schema.inputs();
    }

    @Override
    public InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to) {
        Objects.requireNonNull(request, "request");
        Objects.checkFromToIndex(from, to, candidates.size());
        String key = request.userKey().orElse(null);
        int user = Vocabulary.OOV;
        float[] stats = null;
        if (key != null) {
            try {
                user = users.index(Long.parseLong(key));
            } catch (NumberFormatException e) {
                user = Vocabulary.OOV;
            }
            request.deadline().check("protocol C features, before reading the store");
            stats = store.get(namespace, key).orElse(null);
        }
        int h = request.historySize();
        int recentCount = Math.min(maxRecent, h);
        int[] recent = new int[recentCount];
        long recent1 = 0;
        for (int k = 0; k < recentCount; k++) {
            int item = request.historyItem(h - 1 - k);
            recent[k] = item >= 0 && item < movieIndex.length ? movieIndex[item] : Vocabulary.OOV;
            if (k == 0 && item >= 0 && item < movieIndex.length) {
                recent1 = items.longId(item);
            }
        }
        int[] fav = favouriteGenres(request);
        float[] user3 = new float[3];
        for (int j = 0; j < 3; j++) {
            double raw = stats != null && stats.length > j ? stats[j] : Double.NaN;
            user3[j] = finite(scalers[3 + j].transform(raw));
        }
        InputBatch rows = new InputBatch(schema.inputs(), to - from);
        int genreIds = 0;
        for (int r = from; r < to; r++) {
            int item = candidates.item(r);
            genreIds += item >= 0 && item < movieIndex.length ? itemGenres[item].length : 0;
        }
        rows.reserve(FIELD_GENRES, genreIds);   // exact sizes: no array grows while the rows are written
        rows.reserve(FIELD_RECENT, recent.length * (to - from));
        rows.reserve(FIELD_FAVOURITE, fav.length * (to - from));
        long[] userIds = rows.longs(FIELD_USER);
        long[] movieIds = rows.longs(FIELD_MOVIE);
        long[] years = rows.longs(FIELD_YEAR);
        long[] crosses = rows.longs(FIELD_CROSS);
        float[][] numerics = new float[6][];
        for (int j = 0; j < 6; j++) {
            numerics[j] = rows.floats(schema.numFields() + j);
        }
        for (int r = 0; r < to - from; r++) {
            int item = candidates.item(from + r);
            boolean known = item >= 0 && item < movieIndex.length;
            userIds[r] = user;
            movieIds[r] = known ? movieIndex[item] : Vocabulary.OOV;
            if (known) {
                for (int g : itemGenres[item]) {
                    rows.append(FIELD_GENRES, r, g);
                }
            }
            years[r] = known ? yearBucket[item] : QuantileBuckets.MISSING;
            for (int m : recent) {
                rows.append(FIELD_RECENT, r, m);
            }
            for (int g : fav) {
                rows.append(FIELD_FAVOURITE, r, g);
            }
            crosses[r] = known ? cross.bucket(items.longId(item), recent1) : 0;
            for (int j = 0; j < 3; j++) {
                numerics[j][r] = known ? finite(scalers[j].transform(itemStats[3 * item + j])) : 0f;
                numerics[3 + j][r] = user3[j];
            }
        }
        return rows;
    }

    /** Returns the value as a float, 0 (the scaled train minimum) if it is missing: what {@link CtrData} makes of NaN. */
    private static float finite(double value) {
        float v = (float) value;
        return Float.isFinite(v) ? v : 0f;
    }

    private int[] favouriteGenres(RecRequest request) {
        int[] count = new int[genres.cardinality()];
        for (int k = 0; k < request.historySize(); k++) {
            int item = request.historyItem(k);
            if (item >= 0 && item < itemGenres.length) {
                for (int g : itemGenres[item]) {
                    count[g]++;
                }
            }
        }
        int n = Math.min(maxGenres, (int) java.util.Arrays.stream(count).skip(1).filter(c -> c > 0).count());
        int[] out = new int[n];
        boolean[] used = new boolean[count.length];
        for (int k = 0; k < n; k++) {
            int best = -1;
            for (int g = 1; g < count.length; g++) {
                if (!used[g] && count[g] > 0 && (best < 0 || count[g] > count[best]
                        || (count[g] == count[best] && genres.id(g).compareTo(genres.id(best)) < 0))) {
                    best = g;
                }
            }
            used[best] = true;
            out[k] = best;
        }
        return out;
    }

    /** Returns the schema of the rows written (the protocol C schema). */
    public CtrSchema schema() {
        return schema;
    }
}
