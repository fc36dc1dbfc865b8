package org.recsys4j.examples.server;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the source system's endpoints ({@link SourceEndpoints}), the JSON API ({@link ServingApi}) and the map
 * ({@link MapService}) share: ids and names resolved against the serving data (an unknown movie, user or genre
 * is an {@link ApiError} 404, an unknown model, pipeline or order a 400 listing the valid ones; on the source
 * system's endpoints an unknown model name is the default model or pipeline, as the source system does, with a
 * note), user histories
 * read through the store, a movie's similar items and a user's recommendation, as dense indices and the
 * library's types. The JSON shapes are the callers'. Thread-safe (stateless over the serving data).
 */
final class Queries {
    /** The source system's names of pipelines: its front end's {@code neuralcf} and the back end's typo. */
    private static final Map<String, String> SOURCE_PIPELINES = Map.of("nerualcf", ServingData.NEURAL_CF);
    /** The default similar-items model. */
    static final String DEFAULT_MODEL = "item2vec";

    private final ServingData data;
    private final ItemCatalog catalog;
    private final SimilarItems similar;

    Queries(ServingData data) {
        this.data = Objects.requireNonNull(data, "data");
        this.catalog = data.catalog;
        this.similar = new SimilarItems(data);
    }

    /**
     * Resolves a movie id parameter to its catalogue index.
     *
     * @throws ApiError 400 if malformed ({@link Params#id}), 404 if no movie has the id
     */
    int item(String name, String value) {
        if (!catalog.items().isNumeric()) {
            String id = Params.stringId(name, value);
            int i = catalog.items().indexOf(id);
            if (i < 0) {
                throw ApiError.notFound("no item with id " + ApiError.quote(id));
            }
            return i;
        }
        long id = Params.id(name, value);
        int i = catalog.items().indexOf(id);
        if (i < 0) {
            throw ApiError.notFound("no " + (data.movieLens() ? "movie" : "item") + " with id " + id);
        }
        return i;
    }

    /**
     * Checks a user id parameter: a whole number &ge; 1 when the users have numeric ids, else a string id
     * ({@link Params#stringId}); returns it as the store's key.
     *
     * @throws ApiError 400 if malformed
     */
    String userId(String name, String value) {
        return data.ratings.users().isNumeric() ? Long.toString(Params.id(name, value)) : Params.stringId(name, value);
    }

    /** A user's history read through the store, with whether the in-memory fallback answered. */
    record UserHistory(String userId, int userIndex, List<History.Entry> entries, boolean fallback, String storeError) {
        /** Returns the user id as JSON shows it: a number for numeric user ids, else the string. */
        Object jsonUserId(boolean numeric) {
            return numeric ? (Object) Long.parseLong(userId) : userId;
        }
    }

    /**
     * Reads a user's history through the store (Redis first, the in-memory copy as fallback).
     *
     * @throws ApiError 404 if the user is neither in the data set nor has a stored history (from feedback)
     */
    UserHistory history(String userId) {
        String key = userId;
        ServingStore.Read<byte[]> r = data.store.read(s -> s.getBlob(ServingData.HISTORY, key).orElse(null));
        int index = data.ratings.users().isNumeric() ? data.ratings.users().indexOf(Long.parseLong(userId))
                : data.ratings.users().indexOf(userId);
        if (r.value() == null && index < 0) {
            throw ApiError.notFound("no user with id " + (data.ratings.users().isNumeric() ? userId : ApiError.quote(userId)));
        }
        return new UserHistory(userId, index, History.decode(r.value(), key), r.fallback(), r.error());
    }

    /**
     * Resolves a similarity model's name (absent or empty: item2vec; case ignored).
     *
     * @param sparrowNames whether the source system's names are accepted too ({@code emb} = item2vec)
     * @throws ApiError 400 naming the valid models
     */
    ServingData.SimilarModel model(String name, boolean sparrowNames) {
        return model(name, sparrowNames, null);
    }

    /**
     * Resolves a similarity model's name as {@link #model(String, boolean)} does, except that with {@code notes}
     * given an unknown name is the default model, with a note saying so (the source system's endpoints).
     */
    ServingData.SimilarModel model(String name, boolean sparrowNames, List<String> notes) {
        String n = name == null || name.isEmpty() ? DEFAULT_MODEL : name.toLowerCase(Locale.ROOT);
        if (sparrowNames && n.equals("emb")) {
            n = DEFAULT_MODEL;
        }
        ServingData.SimilarModel m = data.models.get(n);
        if (m == null && notes != null) {
            notes.add("model " + ApiError.quote(name) + " unknown, served the default " + DEFAULT_MODEL + "; valid: "
                    + String.join(", ", data.modelNames) + ", emb");
            return data.models.get(DEFAULT_MODEL);
        }
        if (m == null) {
            throw ApiError.badRequest("parameter 'model': unknown model " + ApiError.quote(name) + "; valid: "
                    + String.join(", ", data.modelNames) + (sparrowNames ? ", emb (= item2vec)" : ""));
        }
        return m;
    }

    /**
     * Returns the similar items of a movie under a model, or under the first fallback that can answer when the
     * model cannot ({@link SimilarItems}).
     */
    SimilarItems.Answer similarItems(int item, ServingData.SimilarModel m, int k) {
        return similar.similar(item, m, k);
    }

    /**
     * Resolves a pipeline's name (absent, empty or {@value ServingData#DEFAULT_PIPELINE}: the experiment).
     *
     * @param sparrowNames whether the parameter is the source system's {@code model} (for the message)
     * @throws ApiError 400 naming the valid pipelines
     */
    private Function<RecRequest, Recommendation> pipeline(String name, boolean sparrowNames, List<String> notes) {
        String n = name == null || name.isEmpty() ? ServingData.DEFAULT_PIPELINE : name.toLowerCase(Locale.ROOT);
        if (sparrowNames) {
            n = SOURCE_PIPELINES.getOrDefault(n, n);
        }
        if (n.equals(ServingData.DEFAULT_PIPELINE)) {
            return data.experiment::recommend;
        }
        Recommender r = data.pipelines.get(n);
        if (r == null && sparrowNames) {
            // the source system ranks by its default for a model it does not know
            notes.add("model " + ApiError.quote(name) + " unknown, served the default pipeline; valid: "
                    + ServingData.DEFAULT_PIPELINE + ", " + String.join(", ", data.pipelines.keySet()));
            return data.experiment::recommend;
        }
        if (r == null) {
            throw ApiError.badRequest("parameter '" + (sparrowNames ? "model" : "pipeline") + "': unknown pipeline '" + name
                    + "'; valid: " + ServingData.DEFAULT_PIPELINE + ", " + String.join(", ", data.pipelines.keySet()));
        }
        return r::recommend;
    }

    /**
     * A recommendation, the history read for it (null for an anonymous request), and notes on how the request
     * was read (an unknown model name served by the default).
     */
    record Answer(Recommendation rec, UserHistory history, List<String> notes) {
    }

    /**
     * Recommends {@code k} movies to a user (their history excluded) or, with no user, by the cold-start route.
     *
     * @param userId       the user id parameter, or null for an anonymous request
     * @param pipeline     the pipeline's name ({@link #pipeline})
     * @param sparrowNames whether the pipeline came in the source system's {@code model} parameter
     * @throws ApiError 400 for a malformed id or unknown pipeline, 404 for an unknown user
     */
    Answer recommend(String userId, String pipeline, int k, boolean sparrowNames) {
        List<String> notes = new java.util.ArrayList<>();
        Function<RecRequest, Recommendation> p = pipeline(pipeline, sparrowNames, notes);
        RecRequest.Builder b = RecRequest.builder(k).withDeadline(data.requestDeadline());
        UserHistory h = null;
        if (userId != null) {
            h = history(userId("id", userId));
            int[] items = h.entries().stream().mapToInt(e -> data.itemOfKey(e.movieId())).filter(x -> x >= 0).toArray();
            b.withUser(h.userId(), h.userIndex()).withHistory(items).withHistoryExcluded(true);
        }
        return new Answer(p.apply(b.build()), h, List.copyOf(notes));
    }

    /**
     * Returns a genre's movies in an order: {@code rating} (the default) or {@code releaseYear}. The genre is
     * matched exactly first, then ignoring case.
     *
     * @throws ApiError 400 for a missing genre or unknown order, 404 for an unknown genre
     */
    int[] genreList(String genre, String sortby) {
        if (genre == null || genre.isEmpty()) {
            throw ApiError.badRequest("missing parameter 'genre'");
        }
        String s = sortby == null || sortby.isEmpty() ? data.orders.get(0) : sortby;
        int order = data.orders.indexOf(s);
        if (order < 0) {
            throw ApiError.badRequest("parameter 'sortby': unknown order " + ApiError.quote(sortby)
                    + "; valid: " + String.join(", ", data.orders));
        }
        Map<String, int[]> lists = order == 0 ? data.genreByRating : data.genreByYear;
        int[] list = lists.get(genre);
        if (list == null) {
            for (Map.Entry<String, int[]> e : lists.entrySet()) {
                if (e.getKey().equalsIgnoreCase(genre)) {
                    return e.getValue();
                }
            }
            throw ApiError.notFound("no " + (data.movieLens() ? "genre " : "category ") + ApiError.quote(genre) + "; known: " + String.join(", ", lists.keySet()));
        }
        return list;
    }
}
