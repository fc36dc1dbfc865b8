package org.recsys4j.examples.server;

import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.PipelineMetrics;
import org.recsys4j.core.pipeline.Provenance;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.pipeline.Stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the demo server answers, independent of HTTP: our own JSON API (movies, users, similar movies,
 * genres, recommendations with provenance, health, metrics), and the parts that own the rest, created
 * with it over the same serving data: the source system's endpoints ({@link #source()}), the embedding
 * map ({@link #maps()}) and feedback ({@link #feedback()}). Each method takes the request's parameters as
 * text, validates them ({@link ApiError} 400 for a malformed or out-of-range value, 404 for an unknown id)
 * and returns a JSON-ready value (maps, lists and records). {@link RecServer} routes HTTP requests to
 * these methods; another transport can call them the same way. Thread-safe.
 *
 * <p>Parameters are read strictly: ids and sizes are plain ASCII digits (no sign, spaces, control
 * characters, exponent or other scripts' digits) within their range, never trimmed, wrapped or clamped;
 * names (model, pipeline, genre, order, method) are matched without trimming, ignoring case; an empty value
 * means the default. Sizes ({@code k}, {@code size}) must be in {@code [1, 500]}, 20 by default.
 */
public final class ServingApi {
    private final ServingData data;
    private final ItemCatalog catalog;
    private final Queries queries;
    private final SourceEndpoints source;
    private final MapService maps;
    private final FeedbackService feedback;

    /** Creates the API, and its parts, over built serving data. */
    public ServingApi(ServingData data) {
        this.data = Objects.requireNonNull(data, "data");
        this.catalog = data.catalog;
        this.queries = new Queries(data);
        this.source = new SourceEndpoints(data, queries);
        this.maps = new MapService(data, queries);
        this.feedback = new FeedbackService(data);
    }

    /** Returns the serving data. */
    public ServingData data() {
        return data;
    }

    /** Returns the source system's endpoints ({@code /getmovie}, {@code /getuser}, ...). */
    public SourceEndpoints source() {
        return source;
    }

    /** Returns the embedding map ({@code /api/map}). */
    public MapService maps() {
        return maps;
    }

    /** Returns the feedback endpoint ({@code POST /api/feedback}). */
    public FeedbackService feedback() {
        return feedback;
    }

    /** A short movie description for lists. */
    Map<String, Object> movieSummary(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!data.movieLens()) {
            return itemSummary(i);
        }
        m.put("movieId", catalog.items().longId(i));
        m.put("title", catalog.title(i));
        m.put("releaseYear", catalog.year(i).isPresent() ? catalog.year(i).getAsInt() : null);
        m.put("genres", catalog.genreNames(i));
        m.put("ratingNumber", data.ratingCount[i]);
        m.put("averageRating", data.averageRating[i]);
        return m;
    }

    /**
     * A short description of an item of your own catalogue for lists: its id (a JSON number or string, as the
     * catalogue's ids), its title (the {@value ItemCatalog#TITLE} attribute, else the id), the category attribute's
     * values, and the number of users and mean signal of its interactions.
     */
    private Map<String, Object> itemSummary(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("itemId", ServingData.jsonId(catalog.items(), i));
        m.put("title", catalog.title(i));
        String category = data.categoryAttribute;
        if (category != null) {
            m.put("category", category);
            m.put("categories", categoryValues(category, i));
        }
        m.put("interactions", data.ratingCount[i]);
        m.put("meanSignal", data.averageRating[i]);
        return m;
    }

    private List<String> categoryValues(String attribute, int i) {
        ItemAttribute a = catalog.attribute(attribute).orElseThrow();
        if (a instanceof ItemAttribute.MultiCategorical mc) {
            return mc.valuesAt(i);
        }
        return ((ItemAttribute.Categorical) a).valueAt(i).map(List::of).orElse(List.of());
    }

    /**
     * Returns every attribute of item {@code i} that has a value, by name in the catalogue's order: its type
     * ({@code categorical}, {@code multi_categorical}, {@code numeric}, {@code timestamp}, {@code text}) and its
     * value (a string, a list of strings, a number, epoch seconds, a string).
     */
    List<Map<String, Object>> attributes(int i) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ItemAttribute a : catalog.attributes()) {
            if (!a.hasValueAt(i)) {
                continue;
            }
            Object value;
            if (a instanceof ItemAttribute.MultiCategorical mc) {
                value = mc.valuesAt(i);
            } else if (a instanceof ItemAttribute.Numeric num) {
                value = num.valueAt(i).getAsDouble();
            } else if (a instanceof ItemAttribute.Timestamp ts) {
                value = ts.textAt(i).map(t -> (Object) t).orElse(null);
            } else {
                value = a.textAt(i).orElse(null);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", a.name());
            row.put("type", a.type().name().toLowerCase(Locale.ROOT));
            row.put("value", value);
            out.add(row);
        }
        return out;
    }

    /** {@code GET /api/movies/{id}}: the movie, its links and its top ratings. */
    public Map<String, Object> movie(String id) {
        int i = queries.item("id", id);
        if (!data.movieLens()) {
            Map<String, Object> m = itemSummary(i);
            m.put("attributes", attributes(i));
            // links only where the catalogue has them (an imdbUrl, or an imdbId attribute)
            m.put("imdbUrl", catalog.imdbUrl(i).or(() -> catalog.imdbId(i).map(x -> "https://www.imdb.com/title/tt" + x + "/"))
                    .orElse(null));
            return m;
        }
        SourceEndpoints.SparrowMovie s = source.movie(i);
        Map<String, Object> m = movieSummary(i);
        m.put("imdbId", s.imdbId());
        m.put("tmdbId", s.tmdbId());
        m.put("imdbUrl", s.imdbId() == null ? null : "https://www.imdb.com/title/tt" + s.imdbId() + "/");
        m.put("tmdbUrl", s.tmdbId() == null ? null : "https://www.themoviedb.org/movie/" + s.tmdbId());
        m.put("topRatings", s.topRatings().stream().map(SourceEndpoints.RatingWrap::rating).toList());
        return m;
    }

    /** {@code GET /api/users/{id}}: the user's statistics and history (newest first). */
    public Map<String, Object> user(String id) {
        Queries.UserHistory h = queries.history(queries.userId("id", id));
        if (!data.movieLens()) {
            return userOfYourData(h);
        }
        SourceEndpoints.SparrowUser u = source.user(h);
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

    /** A user of your own data: the number of items, the main categories and the history (newest first). */
    private Map<String, Object> userOfYourData(Queries.UserHistory h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", h.jsonUserId(data.ratings.users().isNumeric()));
        m.put("itemCount", h.entries().size());
        m.put("storeFallback", h.fallback());
        Map<String, Integer> categories = new LinkedHashMap<>();
        List<Map<String, Object>> hist = new ArrayList<>();
        for (int p = h.entries().size() - 1; p >= 0; p--) {
            History.Entry e = h.entries().get(p);
            int i = data.itemOfKey(e.movieId());
            if (i < 0) {
                continue;
            }
            Map<String, Object> row = itemSummary(i);
            row.put("signal", e.rating());
            row.put("timestamp", e.timestamp());
            hist.add(row);
            if (data.categoryAttribute != null) {
                categoryValues(data.categoryAttribute, i).forEach(c -> categories.merge(c, 1, Integer::sum));
            }
        }
        List<Map.Entry<String, Integer>> top = new ArrayList<>(categories.entrySet());
        top.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        top.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        m.put("category", data.categoryAttribute);
        m.put("categories", sorted);
        m.put("history", hist);
        return m;
    }

    /**
     * {@code GET /api/movies/{id}/similar?model=&k=}: the nearest movies under one embedding, or under the first
     * fallback that can answer when the model cannot ({@link SimilarItems}): {@code model} is the model asked
     * for, {@code answeredBy} the one that answered, {@code fallback} whether they differ, {@code notes} why.
     */
    public Map<String, Object> similar(String id, String model, String k) {
        int i = queries.item("id", id);
        ServingData.SimilarModel m = queries.model(model, false);
        int n = Params.size("k", k);
        SimilarItems.Answer a = queries.similarItems(i, m, n);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Candidate c : a.items()) {
            Map<String, Object> row = movieSummary(c.item());
            putScore(row, "score", c.score(), a.answeredBy());
            items.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(data.movieLens() ? "movieId" : "itemId", ServingData.jsonId(catalog.items(), i));
        out.put("model", m.name());
        out.put("answeredBy", a.answeredBy());
        out.put("fallback", a.fallback());
        out.put("notes", a.notes());
        out.put("items", items);
        return out;
    }

    /**
     * Puts a score as a JSON number, or, when it is not a finite number (a ranker's "cannot score" value such as
     * {@code -Infinity}), null and beside it {@code <field>Note} saying who could not score the item.
     */
    static void putScore(Map<String, Object> row, String field, double score, String by) {
        if (Double.isFinite(score)) {
            row.put(field, score);
        } else {
            row.put(field, null);
            row.put(field + "Note", by + " could not score this item (" + (Double.isNaN(score) ? "no number"
                    : score > 0 ? "a value above every number" : "a value below every number") + ")");
        }
    }

    /**
     * {@code GET /api/users/{id}/recommendations?pipeline=&k=} (or {@code /api/recommendations} without a
     * user: the cold-start route): the items with their provenance, the pipeline, ranker and channels,
     * and whether a fallback (a pipeline stage's, or the store's) was used.
     */
    public Map<String, Object> recommendations(String userId, String pipeline, String k) {
        int n = Params.size("k", k);
        Queries.Answer a = queries.recommend(userId, pipeline, n, false);
        Recommendation r = a.rec();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Candidate c : r.items()) {
            Map<String, Object> row = movieSummary(c.item());
            putScore(row, "score", c.score(), r.ranker().equals("none") ? "the recall" : r.ranker());
            List<Map<String, Object>> prov = new ArrayList<>();
            for (Provenance p : c.sources()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("channel", p.channel());
                putScore(pm, "rawScore", p.rawScore(), p.channel());
                pm.put("rank", p.rank());
                prov.add(pm);
            }
            row.put("channels", prov);
            items.add(row);
        }
        List<String> fallbacks = new ArrayList<>();
        r.fallbacks().forEach(s -> fallbacks.add(s.name().toLowerCase(Locale.ROOT)));
        List<String> notes = new ArrayList<>(a.notes());
        notes.addAll(r.notes());
        boolean storeFallback = a.history() != null && a.history().fallback();
        if (storeFallback) {
            fallbacks.add("store");
            notes.add("store: " + a.history().storeError() + ", served the in-memory copy");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", a.history() == null ? null : a.history().jsonUserId(data.ratings.users().isNumeric()));
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

    /** {@code GET /api/genres}: the genres and their movie counts. */
    public Map<String, Object> genres() {
        Map<String, Object> m = new LinkedHashMap<>();
        data.genreByRating.forEach((g, l) -> m.put(g, l.length));
        return Map.of("genres", m);
    }

    /**
     * {@code GET /api/genres/{genre}?sortby=rating|releaseYear&k=}: the genre's movies, with a note when the genre
     * has fewer than {@code k}.
     */
    public Map<String, Object> genre(String genre, String sortby, String k) {
        int[] list = queries.genreList(genre, sortby);
        int asked = Params.size("k", k);
        int n = Math.min(list.length, asked);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            items.add(movieSummary(list[p]));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("genre", genre);
        out.put("sortby", sortby == null || sortby.isEmpty() ? data.orders.get(0) : sortby);
        out.put("notes", n < asked ? List.of("fewer items than asked: " + n + " of k = " + asked + " (all of the "
                + (data.movieLens() ? "genre's movies" : "category's items") + ")") : List.of());
        out.put("items", items);
        return out;
    }

    /** {@code GET /api/health}. */
    public Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        ServingStore.Stats s = data.store.stats();
        m.put("status", "ok");
        m.put("store", s.mode());
        m.put("storeDown", s.remoteDown());
        m.put("catalogue", data.movieLens() ? "movielens" : "your-data");
        m.put(data.movieLens() ? "movies" : "items", catalog.size());
        m.put("users", data.ratings.numUsers());
        m.put(data.movieLens() ? "ratings" : "interactions", data.ratings.size());
        m.put("category", data.categoryAttribute);
        m.put("orders", data.orders);
        m.put("models", data.modelNames);
        List<String> ps = new ArrayList<>();
        ps.add(ServingData.DEFAULT_PIPELINE);
        ps.addAll(data.pipelines.keySet());
        m.put("pipelines", ps);
        if (data.events != null) {
            Map<String, Object> ctr = new LinkedHashMap<>();
            data.events.ctr().ifPresentOrElse(c -> {
                ctr.put("ranker", c.rankerName());
                ctr.put("pipeline", ServingData.CTR_PIPELINE);
                ctr.put("labelRule", c.spec().labelRule().toString());
                ctr.put("testAuc", c.testAuc());
                ctr.put("popularityAuc", c.popularityAuc());
            }, () -> ctr.put("none", data.events.ctrSkipped()));
            m.put("ctr", ctr);
            m.put("sequence", data.events.sequenceModel().isPresent()
                    ? Map.of("model", org.recsys4j.examples.train.ServingModels.SEQUENCE_MODEL, "pipeline",
                    ServingData.SEQ_PIPELINE)
                    : Map.of("none", data.events.sequenceSkipped()));
        }
        if (data.neuralCf != null) {
            m.put("modelServer", data.neuralCf.stats());
        }
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
}
