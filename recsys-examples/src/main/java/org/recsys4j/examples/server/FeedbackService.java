package org.recsys4j.examples.server;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Recommender;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Feedback ({@code POST /api/feedback}): a rating appended to the user's history in the store, and the user's
 * cached answers dropped, so the next recommendation excludes the movie and the history-based channels use
 * it. A user's read-modify-write of the history runs under one of {@value #LOCKS} locks chosen by the user id,
 * so concurrent ratings of one user are never lost and different users rarely wait for each other.
 * Independent of HTTP like {@link ServingApi} (the transport parses the body, {@link Params#jsonObject}).
 * Thread-safe. Obtained from {@link ServingApi#feedback()}.
 */
public final class FeedbackService {
    /** The fields of a feedback body. */
    static final List<String> FIELDS = List.of("userId", "movieId", "rating", "timestamp");
    /** The number of user locks (striped by user id). */
    static final int LOCKS = 64;

    private final ServingData data;
    private final ItemCatalog catalog;
    private final Object[] locks = new Object[LOCKS];

    FeedbackService(ServingData data) {
        this.data = Objects.requireNonNull(data, "data");
        this.catalog = data.catalog;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Records one rating given as {@code {"userId", "movieId", "rating", "timestamp"?}}: appends it to the user's
     * history in the store (a user id not in the data starts a new history; a new rating of a movie the user
     * had rated replaces the old one), and drops the user's cached answers of every pipeline; the next
     * recommendation excludes the movie and its history-based channels use it.
     *
     * <p>The body is checked strictly ({@link Params}) before anything is stored: {@code userId} and
     * {@code movieId} are JSON integers &ge; 1 (a movie of the catalogue, else 404), {@code rating} a JSON
     * number in [0.5, 5], {@code timestamp} (absent or null: now) a JSON integer of seconds in
     * [0, {@value Params#MAX_TIMESTAMP}]; any other field is a 400 (a misspelt {@code timestamp} must not
     * silently become "now").
     *
     * @param body the parsed JSON object (Jackson's types: {@code Integer}, {@code Long}, {@code BigInteger},
     *             {@code Double}, {@code String}, ...)
     * @return the stored rating, the history's new size, the cache entries dropped and whether the remote
     *         store was written (false while Redis is down: the write is queued and replayed)
     * @throws ApiError 400 naming the field, 404 for an unknown movie
     */
    public Map<String, Object> post(Map<String, Object> body) {
        if (!data.movieLens()) {
            throw ApiError.notFound("feedback takes MovieLens ratings (numeric ids, 0.5 to 5) and serves a MovieLens "
                    + "data set only");
        }
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw ApiError.badRequest("field " + ApiError.quote(field) + ": unknown; the fields are "
                        + String.join(", ", FIELDS));
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
}
