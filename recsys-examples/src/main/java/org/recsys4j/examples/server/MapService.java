package org.recsys4j.examples.server;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.embedding.projection.TSne;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedding map ({@code GET /api/map}): 2-D layouts of a model's item vectors for the map page, by PCA
 * (one {@link MovieMap} per model, computed at its first request and kept) or by exact t-SNE (seconds per
 * layout: computed by one request at a time, the first {@value #TSNE_CACHE} layouts kept, and at most
 * {@value #TSNE_WAITING} requests waiting, each at most {@value #TSNE_WAIT_MILLIS} ms, for the one in
 * progress; the others are answered 429, so map requests cannot hold the server's threads). Independent of
 * HTTP like {@link ServingApi}. Thread-safe. Obtained from {@link ServingApi#maps()}.
 */
public final class MapService {
    /** The default number of movies on the embedding map. */
    public static final int DEFAULT_MAP_POINTS = 1500;
    /** The most movies an embedding map request may ask for. */
    public static final int MAX_MAP_POINTS = 10_000;
    /** The most movies a t-SNE map may show (exact t-SNE is quadratic). */
    public static final int MAX_TSNE_POINTS = 2000;
    /** The fewest movies a t-SNE map may show. */
    public static final int MIN_TSNE_POINTS = 10;
    /** The number of t-SNE layouts (model and size) kept in memory; further sizes are computed per request. */
    static final int TSNE_CACHE = 16;
    /**
     * The most requests that wait for the t-SNE layout being computed; more are answered 429 at once, so
     * expensive map requests cannot hold the server's threads.
     */
    static final int TSNE_WAITING = 4;
    /** How long a request waits for the t-SNE computation in progress before it is answered 429. */
    static final long TSNE_WAIT_MILLIS = 10_000;

    private final ServingData data;
    private final ItemCatalog catalog;
    private final Queries queries;
    private final Map<String, MovieMap> maps = new ConcurrentHashMap<>();   // one per model, at its first request
    private final Map<String, TSne.Result> tsneMaps = new ConcurrentHashMap<>();   // by model and size, bounded
    private final ReentrantLock tsneLock = new ReentrantLock();
    private final AtomicInteger tsneWaiting = new AtomicInteger();

    MapService(ServingData data, Queries queries) {
        this.data = Objects.requireNonNull(data, "data");
        this.catalog = data.catalog;
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    /**
     * {@code GET /api/map?model=&limit=&method=} on your own data: the same layouts of the items, each point with
     * {@code itemId} (as the catalogue's ids), {@code title}, {@code category} (its rarest value of the category
     * attribute, {@code (none)} without one), {@code categories} and {@code interactions}; the answer names the
     * {@code category} attribute and lists {@code categories} by number of points.
     *
     * <p>{@code GET /api/map?model=&limit=&method=}: the {@code limit} most-rated movies that the model has a
     * vector for ({@value #DEFAULT_MAP_POINTS} by default; fewer if the model has fewer), each with its 2-D
     * coordinates, its primary genre (the colour of its point) and genres, title and rating count; plus
     * the primary genres by number of points. With {@code method=pca} (the default; {@code limit} at most
     * {@value #MAX_MAP_POINTS}) the coordinates are on the first two principal axes of the model's unit
     * item vectors, and the answer gives the share of the variance they keep; the PCA is computed once per
     * model ({@link MovieMap}). With {@code method=tsne} ({@code limit} in [{@value #MIN_TSNE_POINTS},
     * {@value #MAX_TSNE_POINTS}]) they are an exact t-SNE layout of those movies, and the answer gives its
     * KL divergence; a layout takes seconds, is computed by one request at a time, and is kept for the next
     * requests of the same model and size ({@value #TSNE_CACHE} layouts at most). While one is computed, at
     * most {@value #TSNE_WAITING} other requests for new layouts wait (up to {@value #TSNE_WAIT_MILLIS} ms);
     * the rest are answered 429, so map requests cannot hold the server's threads.
     *
     * @throws ApiError 400 for an unknown model or method or a limit out of range, 429 as above
     */
    public Map<String, Object> map(String model, String limit, String method) {
        ServingData.SimilarModel m = queries.model(model, false);
        String how = method == null || method.isEmpty() ? "pca" : method.toLowerCase(Locale.ROOT);
        if (!how.equals("pca") && !how.equals("tsne")) {
            throw ApiError.badRequest("parameter 'method': unknown method " + ApiError.quote(method) + "; valid: pca, tsne");
        }
        boolean tsne = how.equals("tsne");
        int n = Params.count("limit", limit, DEFAULT_MAP_POINTS, tsne ? MAX_TSNE_POINTS : MAX_MAP_POINTS);
        String attribute = data.categoryAttribute;
        MovieMap map = maps.computeIfAbsent(m.name(), k -> MovieMap.compute(k, m.vectors(), catalog, attribute,
                data::ratingCount));
        n = Math.min(n, map.size());
        float[] xy = map.xy();
        TSne.Result layout = null;
        if (tsne) {
            if (n < MIN_TSNE_POINTS) {
                throw ApiError.badRequest("parameter 'limit': method tsne maps at least " + MIN_TSNE_POINTS
                        + " movies, " + (n < map.size() ? "asked for " : "the model has ") + n);
            }
            layout = tsneLayout(m, map, n);
            xy = layout.coordinates();
        }
        boolean movieLens = data.movieLens();
        List<String> vocab = attribute != null && catalog.attribute(attribute).isPresent()
                ? catalog.categoryVocabulary(attribute) : List.of();
        int[][] codes = vocab.isEmpty() ? null : catalog.categoryCodes(attribute);
        Map<String, Integer> byGenre = new LinkedHashMap<>();
        List<Map<String, Object>> points = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            int i = map.items()[p];
            String genre = movieLens ? MovieMap.genreName(vocab, map.genre()[p])
                    : map.genre()[p] < 0 ? "(none)" : vocab.get(map.genre()[p]);
            byGenre.merge(genre, 1, Integer::sum);
            Map<String, Object> row = new LinkedHashMap<>();
            if (movieLens) {
                row.put("movieId", catalog.items().longId(i));
                row.put("title", catalog.title(i));
                row.put("genre", genre);
                row.put("genres", catalog.genreNames(i));
                row.put("ratingNumber", data.ratingCount(i));
            } else {
                List<String> values = new ArrayList<>();
                if (codes != null) {
                    for (int c : codes[i]) {
                        values.add(vocab.get(c));
                    }
                }
                row.put("itemId", ServingData.jsonId(catalog.items(), i));
                row.put("title", catalog.title(i));
                row.put("category", genre);
                row.put("categories", values);
                row.put("interactions", data.ratingCount(i));
            }
            row.put("x", xy[2 * p]);
            row.put("y", xy[2 * p + 1]);
            points.add(row);
        }
        List<String> genres = new ArrayList<>(byGenre.keySet());
        genres.sort(Comparator.comparingInt((String g) -> -byGenre.get(g)).thenComparing(Comparator.naturalOrder()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name());
        out.put("method", how);
        out.put("fittedOn", tsne ? n : map.pca().samples());
        out.put("explainedVarianceRatio", tsne ? null : map.pca().explainedVarianceRatio());
        out.put("klDivergence", tsne ? layout.klDivergence() : null);
        out.put("available", map.size());
        if (!movieLens) {
            out.put("category", attribute);
        }
        out.put(movieLens ? "genres" : "categories", genres);
        out.put("points", points);
        return out;
    }

    /** Returns the t-SNE layout of the model's {@code n} first map movies: kept, or computed now under the lock. */
    private TSne.Result tsneLayout(ServingData.SimilarModel m, MovieMap map, int n) {
        String key = m.name() + "/" + n;
        TSne.Result layout = tsneMaps.get(key);
        if (layout != null) {
            return layout;
        }
        // one layout at a time: requests for new layouts queue instead of sharing the cores, but
        // only a few of them and not for long, since each waiting request holds a server thread
        lockTsne();
        try {
            layout = tsneMaps.get(key);   // computed while this request waited?
            if (layout == null) {
                layout = map.tsne(m.vectors(), n, Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
                if (tsneMaps.size() < TSNE_CACHE) {
                    tsneMaps.put(key, layout);
                }
            }
            return layout;
        } finally {
            tsneLock.unlock();
        }
    }

    /** The lock of the t-SNE computation, for the test that holds it. */
    ReentrantLock tsneLockForTesting() {
        return tsneLock;
    }

    private void lockTsne() {
        if (tsneLock.tryLock()) {
            return;
        }
        String busy = "a t-SNE layout is being computed and " + TSNE_WAITING
                + " requests already wait for it; retry in a few seconds (or use method=pca)";
        if (tsneWaiting.incrementAndGet() > TSNE_WAITING) {
            tsneWaiting.decrementAndGet();
            throw new ApiError(429, busy);
        }
        try {
            if (!tsneLock.tryLock(TSNE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new ApiError(429, "a t-SNE layout is being computed and did not finish within "
                        + TSNE_WAIT_MILLIS / 1000 + " s; retry later (or use method=pca)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(429, busy);
        } finally {
            tsneWaiting.decrementAndGet();
        }
    }
}
