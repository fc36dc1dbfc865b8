package org.recsys4j.examples.server;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.PipelineMetrics;
import org.recsys4j.core.pipeline.Provenance;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.pipeline.Stage;
import org.recsys4j.embedding.projection.TSne;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What the server answers, independent of HTTP: each method takes the request's parameters as text,
 * validates them ({@link ApiError} 400 for a malformed or out-of-range value, 404 for an unknown id) and
 * returns a JSON-ready value (maps, lists and records). Thread-safe.
 *
 * <p>Parameters are read strictly: ids and sizes are plain ASCII digits (no sign, spaces, control
 * characters, exponent or other scripts' digits) within their range, never trimmed, wrapped or clamped;
 * names (model, pipeline, genre, order, method) are matched without trimming, ignoring case; an empty value
 * means the default. Sizes ({@code k}, {@code size}) must be in {@code [1, }{@value #MAX_SIZE}{@code ]}.
 */
public final class ServingApi {
    /** The largest list a request may ask for. */
    public static final int MAX_SIZE = 500;
    /** The default list length. */
    public static final int DEFAULT_SIZE = 20;
    /** The default number of movies on the embedding map ({@code /api/map}). */
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
    private final Object[] locks = new Object[64];
    private final Map<String, MovieMap> maps = new ConcurrentHashMap<>();   // one per model, at its first request
    private final Map<String, TSne.Result> tsneMaps = new ConcurrentHashMap<>();   // by model and size, bounded
    private final ReentrantLock tsneLock = new ReentrantLock();
    private final AtomicInteger tsneWaiting = new AtomicInteger();

    /** Creates the API over built serving data. */
    public ServingApi(ServingData data) {
        this.data = Objects.requireNonNull(data, "data");
        this.catalog = data.catalog;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Returns the serving data. */
    public ServingData data() {
        return data;
    }

    // ---------------------------------------------------------------- parameters

    /** Parses a list size in [1, MAX_SIZE] ({@link Params#count}); null or empty means the default. */
    static int size(String name, String value, int dflt) {
        return Params.count(name, value, dflt, MAX_SIZE);
    }

    private int item(String name, String value) {
        long id = Params.id(name, value);
        int i = catalog.items().indexOf(id);
        if (i < 0) {
            throw ApiError.notFound("no movie with id " + id);
        }
        return i;
    }

    // ---------------------------------------------------------------- users and histories

    /** A user's history read through the store, with whether the in-memory fallback answered. */
    record UserHistory(long userId, int userIndex, List<History.Entry> entries, boolean fallback, String storeError) {
    }

    UserHistory history(long userId) {
        String key = Long.toString(userId);
        ServingStore.Read<byte[]> r = data.store.read(s -> s.getBlob(ServingData.HISTORY, key).orElse(null));
        int index = data.ratings.users().indexOf(userId);
        if (r.value() == null && index < 0) {
            throw ApiError.notFound("no user with id " + userId);
        }
        return new UserHistory(userId, index, History.decode(r.value(), key), r.fallback(), r.error());
    }

    /** The source system's rating shape: {@code {"rating": {movieId, userId, score, timestamp}}}. */
    public record RatingJson(long movieId, long userId, float score, long timestamp) {
    }

    /** A wrapper: the source serialises each rating as an object with one field, {@code rating}. */
    public record RatingWrap(RatingJson rating) {
    }

    /** The source system's Movie (field for field). */
    public record SparrowMovie(long movieId, String title, int releaseYear, String imdbId, String tmdbId,
                               List<String> genres, int ratingNumber, double averageRating,
                               List<RatingWrap> topRatings) {
    }

    /** The source system's User (field for field). */
    public record SparrowUser(long userId, double averageRating, double highestRating, double lowestRating,
                              int ratingCount, List<RatingWrap> ratings) {
    }

    SparrowMovie sparrowMovie(int i) {
        List<RatingWrap> top = new ArrayList<>();
        for (int k : data.topRatings[i]) {
            top.add(new RatingWrap(new RatingJson(catalog.items().longId(i), data.ratings.users().longId(data.ratings.user(k)),
                    data.ratings.value(k), data.ratings.timestamp(k))));
        }
        return new SparrowMovie(catalog.items().longId(i), catalog.title(i), catalog.year(i).orElse(0),
                catalog.imdbId(i).orElse(null), catalog.tmdbId(i).isPresent() ? Long.toString(catalog.tmdbId(i).getAsLong()) : null,
                catalog.genreNames(i), data.ratingCount[i], data.averageRating[i], top);
    }

    SparrowUser sparrowUser(UserHistory h) {
        List<RatingWrap> list = new ArrayList<>(h.entries().size());
        double sum = 0;
        double hi = 0;
        double lo = 5.0;
        for (History.Entry e : h.entries()) {
            list.add(new RatingWrap(new RatingJson(e.movieId(), h.userId(), e.rating(), e.timestamp())));
            sum += e.rating();
            hi = Math.max(hi, e.rating());
            lo = Math.min(lo, e.rating());
        }
        int n = h.entries().size();
        return new SparrowUser(h.userId(), n == 0 ? 0 : sum / n, hi, lo, n, list);
    }

    /** A short movie description for lists. */
    Map<String, Object> movieSummary(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("movieId", catalog.items().longId(i));
        m.put("title", catalog.title(i));
        m.put("releaseYear", catalog.year(i).isPresent() ? catalog.year(i).getAsInt() : null);
        m.put("genres", catalog.genreNames(i));
        m.put("ratingNumber", data.ratingCount[i]);
        m.put("averageRating", data.averageRating[i]);
        return m;
    }

    // ---------------------------------------------------------------- the JSON API

    /** {@code GET /api/movies/{id}}: the movie, its links and its top ratings. */
    public Map<String, Object> movie(String id) {
        int i = item("id", id);
        SparrowMovie s = sparrowMovie(i);
        Map<String, Object> m = movieSummary(i);
        m.put("imdbId", s.imdbId());
        m.put("tmdbId", s.tmdbId());
        m.put("imdbUrl", s.imdbId() == null ? null : "https://www.imdb.com/title/tt" + s.imdbId() + "/");
        m.put("tmdbUrl", s.tmdbId() == null ? null : "https://www.themoviedb.org/movie/" + s.tmdbId());
        m.put("topRatings", s.topRatings().stream().map(RatingWrap::rating).toList());
        return m;
    }

    /** {@code GET /api/users/{id}}: the user's statistics and history (newest first). */
    public Map<String, Object> user(String id) {
        UserHistory h = history(Params.id("id", id));
        SparrowUser u = sparrowUser(h);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", u.userId());
        m.put("ratingCount", u.ratingCount());
        m.put("averageRating", u.averageRating());
        m.put("highestRating", u.highestRating());
        m.put("lowestRating", u.lowestRating());
        m.put("storeFallback", h.fallback());
        List<Map<String, Object>> hist = new ArrayList<>();
        for (int p = h.entries().size() - 1; p >= 0; p--) {
            History.Entry e = h.entries().get(p);
            int i = catalog.items().indexOf(e.movieId());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("movieId", e.movieId());
            row.put("title", i < 0 ? null : catalog.title(i));
            row.put("rating", e.rating());
            row.put("timestamp", e.timestamp());
            hist.add(row);
        }
        m.put("history", hist);
        return m;
    }

    private ServingData.SimilarModel model(String name, boolean sparrowNames) {
        String n = name == null || name.isEmpty() ? "item2vec" : name.toLowerCase(Locale.ROOT);
        if (sparrowNames && n.equals("emb")) {
            n = "item2vec";
        }
        ServingData.SimilarModel m = data.models.get(n);
        if (m == null) {
            throw ApiError.badRequest("parameter 'model': unknown model " + ApiError.quote(name) + "; valid: "
                    + String.join(", ", ServingData.MODELS) + (sparrowNames ? ", emb (= item2vec)" : ""));
        }
        return m;
    }

    /** Returns the similar items (dense indices with cosine scores) of a movie under a model. */
    List<Candidate> similarItems(int item, ServingData.SimilarModel m, int k) {
        String key = catalog.items().id(item);
        ServingStore.Read<float[]> v = data.store.read(s -> s.get(m.namespace(), key).orElse(null));
        RecRequest req = RecRequest.builder(k).withSeedItem(item).addExcluded(item).withDeadline(data.requestDeadline()).build();
        if (v.value() == null) {
            return List.of();   // the model has no vector for this movie (never rated highly enough)
        }
        return m.channel().recall(v.value(), req, k);
    }

    /** {@code GET /api/movies/{id}/similar?model=&k=}: the nearest movies under one embedding. */
    public Map<String, Object> similar(String id, String model, String k) {
        int i = item("id", id);
        ServingData.SimilarModel m = model(model, false);
        int n = size("k", k, DEFAULT_SIZE);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Candidate c : similarItems(i, m, n)) {
            Map<String, Object> row = movieSummary(c.item());
            row.put("score", c.score());
            items.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("movieId", catalog.items().longId(i));
        out.put("model", m.name());
        out.put("items", items);
        return out;
    }

    private Function<RecRequest, Recommendation> pipeline(String name, boolean sparrowNames) {
        String n = name == null || name.isEmpty() ? ServingData.DEFAULT_PIPELINE : name.toLowerCase(Locale.ROOT);
        if (n.equals(ServingData.DEFAULT_PIPELINE)) {
            return data.experiment::recommend;
        }
        Recommender r = data.pipelines.get(n);
        if (r == null) {
            throw ApiError.badRequest("parameter '" + (sparrowNames ? "model" : "pipeline") + "': unknown pipeline '" + name
                    + "'; valid: " + ServingData.DEFAULT_PIPELINE + ", " + String.join(", ", data.pipelines.keySet()));
        }
        return r::recommend;
    }

    /** A recommendation and the store fallback of the history read. */
    record Answer(Recommendation rec, UserHistory history) {
    }

    Answer recommend(String userId, String pipeline, int k, boolean sparrowNames) {
        Function<RecRequest, Recommendation> p = pipeline(pipeline, sparrowNames);
        RecRequest.Builder b = RecRequest.builder(k).withDeadline(data.requestDeadline());
        UserHistory h = null;
        if (userId != null) {
            h = history(Params.id("id", userId));
            int[] items = h.entries().stream().mapToInt(e -> catalog.items().indexOf(e.movieId())).filter(x -> x >= 0).toArray();
            b.withUser(Long.toString(h.userId()), h.userIndex()).withHistory(items).withHistoryExcluded(true);
        }
        return new Answer(p.apply(b.build()), h);
    }

    /**
     * {@code GET /api/users/{id}/recommendations?pipeline=&k=} (or {@code /api/recommendations} without a
     * user: the cold-start route): the items with their provenance, the pipeline, ranker and channels,
     * and whether a fallback (a pipeline stage's, or the store's) was used.
     */
    public Map<String, Object> recommendations(String userId, String pipeline, String k) {
        int n = size("k", k, DEFAULT_SIZE);
        Answer a = recommend(userId, pipeline, n, false);
        Recommendation r = a.rec();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Candidate c : r.items()) {
            Map<String, Object> row = movieSummary(c.item());
            row.put("score", c.score());
            List<Map<String, Object>> prov = new ArrayList<>();
            for (Provenance p : c.sources()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("channel", p.channel());
                pm.put("rawScore", p.rawScore());
                pm.put("rank", p.rank());
                prov.add(pm);
            }
            row.put("channels", prov);
            items.add(row);
        }
        List<String> fallbacks = new ArrayList<>();
        r.fallbacks().forEach(s -> fallbacks.add(s.name().toLowerCase(Locale.ROOT)));
        List<String> notes = new ArrayList<>(r.notes());
        boolean storeFallback = a.history() != null && a.history().fallback();
        if (storeFallback) {
            fallbacks.add("store");
            notes.add("store: " + a.history().storeError() + ", served the in-memory copy");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", a.history() == null ? null : a.history().userId());
        out.put("pipeline", r.variant());
        out.put("experiment", pipeline == null || pipeline.isEmpty() || pipeline.equalsIgnoreCase(ServingData.DEFAULT_PIPELINE)
                ? ServingData.EXPERIMENT : null);
        out.put("ranker", r.ranker());
        out.put("channels", r.channels());
        out.put("fallback", !fallbacks.isEmpty());
        out.put("fallbacks", fallbacks);
        out.put("notes", notes);
        out.put("cached", r.cached());
        Map<String, Long> lat = new LinkedHashMap<>();
        r.latencyNanos().forEach((s, ns) -> lat.put(s.name().toLowerCase(Locale.ROOT), ns / 1000));
        out.put("latencyMicros", lat);
        out.put("items", items);
        return out;
    }

    private int[] genreList(String genre, String sortby) {
        if (genre == null || genre.isEmpty()) {
            throw ApiError.badRequest("missing parameter 'genre'");
        }
        String s = sortby == null || sortby.isEmpty() ? "rating" : sortby;
        Map<String, int[]> lists = switch (s) {
            case "rating" -> data.genreByRating;
            case "releaseYear" -> data.genreByYear;
            default -> throw ApiError.badRequest("parameter 'sortby': unknown order " + ApiError.quote(sortby)
                    + "; valid: rating, releaseYear");
        };
        int[] list = lists.get(genre);
        if (list == null) {
            for (Map.Entry<String, int[]> e : lists.entrySet()) {
                if (e.getKey().equalsIgnoreCase(genre)) {
                    return e.getValue();
                }
            }
            throw ApiError.notFound("no genre " + ApiError.quote(genre) + "; known: " + String.join(", ", lists.keySet()));
        }
        return list;
    }

    /** {@code GET /api/genres}: the genres and their movie counts. */
    public Map<String, Object> genres() {
        Map<String, Object> m = new LinkedHashMap<>();
        data.genreByRating.forEach((g, l) -> m.put(g, l.length));
        return Map.of("genres", m);
    }

    /** {@code GET /api/genres/{genre}?sortby=rating|releaseYear&k=}: the genre's movies. */
    public Map<String, Object> genre(String genre, String sortby, String k) {
        int[] list = genreList(genre, sortby);
        int n = Math.min(list.length, size("k", k, DEFAULT_SIZE));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            items.add(movieSummary(list[p]));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("genre", genre);
        out.put("sortby", sortby == null || sortby.isEmpty() ? "rating" : sortby);
        out.put("items", items);
        return out;
    }

    /** The fields of a feedback body. */
    static final List<String> FEEDBACK_FIELDS = List.of("userId", "movieId", "rating", "timestamp");

    /**
     * {@code POST /api/feedback} with {@code {"userId", "movieId", "rating", "timestamp"?}}: appends the rating
     * to the user's history in the store (a user id not in the data starts a new history), and drops the
     * user's cached answers; the next recommendation excludes the movie and its history-based channels
     * use it.
     *
     * <p>The body is checked strictly ({@link Params}): {@code userId} and {@code movieId} are JSON integers
     * &ge; 1 (a movie of the catalogue, else 404), {@code rating} a JSON number in [0.5, 5], {@code timestamp}
     * (absent or null: now) a JSON integer of seconds in [0, {@value Params#MAX_TIMESTAMP}]; any other field
     * is a 400 (a misspelt {@code timestamp} must not silently become "now").
     *
     * @param body the parsed JSON object (Jackson's types: {@code Integer}, {@code Long}, {@code BigInteger},
     *             {@code Double}, {@code String}, ...)
     * @throws ApiError 400 naming the field, 404 for an unknown movie
     */
    public Map<String, Object> feedback(Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!FEEDBACK_FIELDS.contains(field)) {
                throw ApiError.badRequest("field " + ApiError.quote(field) + ": unknown; the fields are "
                        + String.join(", ", FEEDBACK_FIELDS));
            }
        }
        long userId = Params.jsonId("userId", body.get("userId"));
        long asked = Params.jsonId("movieId", body.get("movieId"));
        int item = catalog.items().indexOf(asked);
        if (item < 0) {
            throw ApiError.notFound("no movie with id " + asked);
        }
        double rating = Params.jsonRating("rating", body.get("rating"));
        Object tv = body.get("timestamp");
        long ts = tv == null ? System.currentTimeMillis() / 1000 : Params.jsonTimestamp("timestamp", tv);
        String key = Long.toString(userId);
        long movieId = catalog.items().longId(item);
        List<History.Entry> updated;
        boolean remoteWritten;
        synchronized (locks[(int) Math.floorMod(userId, (long) locks.length)]) {
            List<History.Entry> current = History.decode(data.store.read(s -> s.getBlob(ServingData.HISTORY, key).orElse(null)).value(), key);
            updated = History.with(current, new History.Entry(movieId, (float) rating, ts));
            byte[] blob = History.encode(updated);
            remoteWritten = data.store.write(s -> s.putBlob(ServingData.HISTORY, key, blob));
        }
        int dropped = 0;
        for (Recommender r : data.pipelines.values()) {
            dropped += r.invalidate(key);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", userId);
        out.put("movieId", movieId);
        out.put("rating", rating);
        out.put("timestamp", ts);
        out.put("historySize", updated.size());
        out.put("invalidatedCacheEntries", dropped);
        out.put("storeWritten", remoteWritten);
        return out;
    }

    /**
     * {@code GET /api/map?model=&limit=&method=}: the {@code limit} most-rated movies that the model has a
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
     */
    public Map<String, Object> map(String model, String limit, String method) {
        ServingData.SimilarModel m = model(model, false);
        String how = method == null || method.isEmpty() ? "pca" : method.toLowerCase(Locale.ROOT);
        if (!how.equals("pca") && !how.equals("tsne")) {
            throw ApiError.badRequest("parameter 'method': unknown method " + ApiError.quote(method) + "; valid: pca, tsne");
        }
        boolean tsne = how.equals("tsne");
        int n = Params.count("limit", limit, DEFAULT_MAP_POINTS, tsne ? MAX_TSNE_POINTS : MAX_MAP_POINTS);
        MovieMap map = maps.computeIfAbsent(m.name(), k -> MovieMap.compute(k, m.vectors(), catalog, data::ratingCount));
        n = Math.min(n, map.size());
        float[] xy = map.xy();
        TSne.Result layout = null;
        if (tsne) {
            if (n < MIN_TSNE_POINTS) {
                throw ApiError.badRequest("parameter 'limit': method tsne maps at least " + MIN_TSNE_POINTS
                        + " movies, " + (n < map.size() ? "asked for " : "the model has ") + n);
            }
            String key = m.name() + "/" + n;
            layout = tsneMaps.get(key);
            if (layout == null) {
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
                } finally {
                    tsneLock.unlock();
                }
            }
            xy = layout.coordinates();
        }
        List<String> vocab = catalog.genreVocabulary();
        Map<String, Integer> byGenre = new LinkedHashMap<>();
        List<Map<String, Object>> points = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            int i = map.items()[p];
            String genre = MovieMap.genreName(vocab, map.genre()[p]);
            byGenre.merge(genre, 1, Integer::sum);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("movieId", catalog.items().longId(i));
            row.put("title", catalog.title(i));
            row.put("genre", genre);
            row.put("genres", catalog.genreNames(i));
            row.put("ratingNumber", data.ratingCount(i));
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
        out.put("genres", genres);
        out.put("points", points);
        return out;
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

    /** {@code GET /api/health}. */
    public Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        ServingStore.Stats s = data.store.stats();
        m.put("status", "ok");
        m.put("store", s.mode());
        m.put("storeDown", s.remoteDown());
        m.put("movies", catalog.size());
        m.put("users", data.ratings.numUsers());
        m.put("ratings", data.ratings.size());
        m.put("models", ServingData.MODELS);
        List<String> ps = new ArrayList<>();
        ps.add(ServingData.DEFAULT_PIPELINE);
        ps.addAll(data.pipelines.keySet());
        m.put("pipelines", ps);
        m.put("buildSeconds", data.buildSeconds);
        return m;
    }

    /** {@code GET /api/metrics}: per pipeline (A/B variant) counters, channel statuses, store counters. */
    public Map<String, Object> metrics() {
        Map<String, Object> pipes = new LinkedHashMap<>();
        for (Recommender r : data.pipelines.values()) {
            PipelineMetrics.Snapshot s = r.metrics().snapshot();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("requests", s.requests());
            p.put("cacheHits", s.cacheHits());
            p.put("failures", s.failures());
            p.put("totalMicros", s.total());
            Map<String, Object> stages = new LinkedHashMap<>();
            for (Stage st : Stage.values()) {
                stages.put(st.name().toLowerCase(Locale.ROOT), s.stages().get(st));
            }
            p.put("stages", stages);
            pipes.put(r.name(), p);
        }
        Map<String, Object> exp = new LinkedHashMap<>();
        exp.put("name", ServingData.EXPERIMENT);
        exp.put("variants", new ArrayList<>(new TreeSet<>(data.experiment.metrics().keySet())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipelines", pipes);
        m.put("experiment", exp);
        m.put("channels", data.multiRecall.statusCounts());
        m.put("store", data.store.stats());
        m.put("stageExecutor", data.stages().stats());
        return m;
    }

    // ---------------------------------------------------------------- the source system's endpoints

    /** {@code /getmovie?id=}. */
    public SparrowMovie getMovie(String id) {
        return sparrowMovie(item("id", id));
    }

    /** {@code /getuser?id=}. */
    public SparrowUser getUser(String id) {
        return sparrowUser(history(Params.id("id", id)));
    }

    /** {@code /getrecommendation?genre=&size=&sortby=}. */
    public List<SparrowMovie> getRecommendation(String genre, String size, String sortby) {
        int[] list = genreList(genre, sortby);
        int n = Math.min(list.length, size("size", size, DEFAULT_SIZE));
        List<SparrowMovie> out = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            out.add(sparrowMovie(list[p]));
        }
        return out;
    }

    /** {@code /getsimilarmovie?movieId=&size=&model=} ({@code model=emb} is item2vec). */
    public List<SparrowMovie> getSimilarMovie(String movieId, String size, String model) {
        int i = item("movieId", movieId);
        ServingData.SimilarModel m = model(model, true);
        return similarItems(i, m, size("size", size, DEFAULT_SIZE)).stream().map(c -> sparrowMovie(c.item())).toList();
    }

    /** {@code /getrecforyou?id=&size=&model=} ({@code model} names a pipeline; absent = the experiment). */
    public List<SparrowMovie> getRecForYou(String id, String size, String model) {
        Params.id("id", id);   // a missing id is a 400 here, not the anonymous route
        Answer a = recommend(id, model, size("size", size, DEFAULT_SIZE), true);
        return a.rec().items().stream().map(c -> sparrowMovie(c.item())).toList();
    }
}
