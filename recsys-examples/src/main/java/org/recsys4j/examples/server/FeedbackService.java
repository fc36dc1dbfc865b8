package org.recsys4j.examples.server;

import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.LabelRule;
import org.recsys4j.examples.train.EventCtr;
import org.recsys4j.core.pipeline.Recommender;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Feedback ({@code POST /api/feedback}): a rating appended to the user's history in the store, and the user's
 * cached answers dropped, so the next recommendation excludes the movie and the history-based channels use
 * it. On your own data the body is an event, weighed and combined by the server's {@link Feedback} policy as the
 * training data was ({@link #post}); a positive event also feeds the CTR ranker's features. A user's read-modify-write of the history runs under one of {@value #LOCKS} locks chosen by the user id,
 * so concurrent ratings of one user are never lost and different users rarely wait for each other.
 * Independent of HTTP like {@link ServingApi} (the transport parses the body, {@link Params#jsonObject}).
 * Thread-safe. Obtained from {@link ServingApi#feedback()}.
 */
public final class FeedbackService {
    /** The fields of a feedback body. */
    static final List<String> FIELDS = List.of("userId", "movieId", "rating", "timestamp");
    /** The fields of a feedback body on your own data: an event, as a line of the event log. */
    static final List<String> EVENT_FIELDS = List.of("userId", "itemId", "event", "value", "weight", "timestamp");
    /** The largest {@code value} or {@code weight} of an event. */
    static final double MAX_VALUE = 1e9;
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
     * Records one event of your own data, {@code {"userId", "itemId", "event"?, "value"?, "weight"?, "timestamp"?}}
     * (ids as the catalogue's: JSON strings for text ids, integers &ge; 1 for numeric ones), as the training data's
     * policy reads an event-log line: its signal is the event type's weight times {@code weight} (default 1) under a
     * WEIGHT policy, or {@code value} under a VALUE policy; an event the policy would drop (an unweighted type, a value
     * below its threshold, a weight &le; 0) is a 400 that says so. The signal is combined with the user's interaction
     * with the item as the policy combines a pair's events (SUM adds, MAX keeps the larger, LAST the later, FIRST the
     * earlier), the history is stored, the user's cached answers are dropped; with a CTR ranker, an event positive under
     * its label rule is appended to the user's positive events and every event updates the user's aggregates, so the
     * CTR features see it. The next recommendation excludes the item and the history-based channels use it.
     *
     * @throws ApiError 400 naming the field and what is wrong, 404 for an item the catalogue does not list
     */
    private Map<String, Object> postEvent(Map<String, Object> body) {
        Feedback policy = data.events.policy();
        for (String field : body.keySet()) {
            if (!EVENT_FIELDS.contains(field)) {
                throw ApiError.badRequest("field " + ApiError.quote(field) + ": unknown; feedback on this catalogue is an "
                        + "event with the fields " + String.join(", ", EVENT_FIELDS) + " (not a MovieLens rating)");
            }
        }
        boolean numericUsers = data.ratings.users().isNumeric();
        String key = numericUsers ? Long.toString(Params.jsonId("userId", body.get("userId")))
                : Params.jsonStringId("userId", body.get("userId"));
        int item;
        if (catalog.items().isNumeric()) {
            long id = Params.jsonId("itemId", body.get("itemId"));
            item = catalog.items().indexOf(id);
            if (item < 0) {
                throw ApiError.notFound("no item with id " + id);
            }
        } else {
            String id = Params.jsonStringId("itemId", body.get("itemId"));
            item = catalog.items().indexOf(id);
            if (item < 0) {
                throw ApiError.notFound("no item with id " + ApiError.quote(id));
            }
        }
        Object typeValue = body.get("event");
        String type = typeValue == null ? null : Params.jsonStringId("event", typeValue);
        double signal;
        if (policy.signal() == Feedback.Signal.VALUE) {
            if (body.get("weight") != null) {
                throw ApiError.badRequest("field 'weight': not used: the policy's signal is the event's value");
            }
            signal = Params.jsonNumber("value", body.get("value"), -MAX_VALUE, MAX_VALUE);
            if (signal < policy.threshold()) {
                throw ApiError.badRequest("field 'value': " + signal + " is below the policy's threshold "
                        + policy.threshold() + ", so the event would not count");
            }
        } else {
            if (body.get("value") != null) {
                throw ApiError.badRequest("field 'value': not used: the policy's signal is the event type's weight times "
                        + "the event's weight");
            }
            double weight = body.get("weight") == null ? 1.0 : Params.jsonNumber("weight", body.get("weight"), 0, MAX_VALUE);
            if (!(weight > 0)) {
                throw ApiError.badRequest("field 'weight': " + weight + ", must be > 0 (the policy drops events weighing "
                        + "nothing)");
            }
            Map<String, Double> weights = policy.typeWeights();
            if (weights.isEmpty()) {
                signal = weight;
            } else if (type == null) {
                throw ApiError.badRequest("field 'event': missing; the policy weighs the event types "
                        + String.join(", ", new java.util.TreeSet<>(weights.keySet())));
            } else if (!weights.containsKey(type)) {
                throw ApiError.badRequest("field 'event': " + ApiError.quote(type) + " has no weight in the policy, "
                        + "which drops such events; the weighted types are "
                        + String.join(", ", new java.util.TreeSet<>(weights.keySet())));
            } else {
                signal = weights.get(type) * weight;
            }
        }
        Object tv = body.get("timestamp");
        long ts = tv == null ? System.currentTimeMillis() / 1000 : Params.jsonTimestamp("timestamp", tv);
        long itemKey = data.itemKey(item);
        EventCtr ctr = data.events.ctr().orElse(null);
        Boolean positive = ctr == null ? null : isPositive(ctr.spec().labelRule(), type, signal);
        History.Entry combined;
        List<History.Entry> updated;
        boolean remoteWritten;
        synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
            List<History.Entry> current = History.decode(data.store.read(s -> s.getBlob(ServingData.HISTORY, key)
                    .orElse(null)).value(), key);
            History.Entry event = new History.Entry(itemKey, (float) signal, ts);
            History.Entry before = null;
            for (History.Entry e : current) {
                if (e.movieId() == itemKey) {
                    before = e;
                }
            }
            combined = before == null ? event : combine(policy.combine(), before, event);
            updated = History.with(current, combined);
            byte[] blob = History.encode(updated);
            remoteWritten = data.store.write(s -> s.putBlob(ServingData.HISTORY, key, blob));
            if (ctr != null) {
                remoteWritten &= recordForCtr(ctr, key, event, positive);
            }
        }
        int dropped = 0;
        for (Recommender r : data.pipelines.values()) {
            dropped += r.invalidate(key);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", numericUsers ? (Object) Long.parseLong(key) : key);
        out.put("itemId", ServingData.jsonId(catalog.items(), item));
        out.put("event", type);
        out.put("signal", signal);
        out.put("combine", policy.combine().name());
        out.put("interaction", (double) combined.rating());
        out.put("timestamp", ts);
        out.put("historySize", updated.size());
        out.put("positive", positive);
        out.put("invalidatedCacheEntries", dropped);
        out.put("storeWritten", remoteWritten);
        return out;
    }

    /** Returns whether an event is positive under a CTR label rule. */
    private static boolean isPositive(LabelRule rule, String type, double signal) {
        return rule.kind() == LabelRule.Kind.EVENT_TYPES ? type != null && rule.types().contains(type)
                : rule.isPositiveValue(signal);
    }

    /** Combines a pair's interaction with a new event as the policy combines a pair's events. */
    static History.Entry combine(Feedback.Combine rule, History.Entry before, History.Entry event) {
        return switch (rule) {
            case SUM -> new History.Entry(before.movieId(), before.rating() + event.rating(),
                    Math.max(before.timestamp(), event.timestamp()));
            case MAX -> event.rating() > before.rating() ? event : event.rating() < before.rating() ? before
                    : (event.timestamp() < before.timestamp() ? event : before);
            case LAST -> event.timestamp() >= before.timestamp() ? event : before;
            case FIRST -> event.timestamp() < before.timestamp() ? event : before;
        };
    }

    /**
     * Appends a positive event to the user's positive events, and folds the event into the user's CTR aggregates
     * (count, mean, sample standard deviation, positive rate, as the samples compute them); returns whether the
     * remote store took the writes.
     */
    private boolean recordForCtr(EventCtr ctr, String key, History.Entry event, boolean positive) {
        boolean written = true;
        if (positive) {
            List<History.Entry> pos = new ArrayList<>(History.decode(data.store.read(s -> s.getBlob(ServingData.POSITIVES,
                    key).orElse(null)).value(), key));
            pos.add(event);
            byte[] blob = History.encode(History.sorted(pos));
            written = data.store.write(s -> s.putBlob(ServingData.POSITIVES, key, blob));
        }
        List<Aggregate> user = ctr.spec().aggregates().stream().filter(Aggregate::isUser).toList();
        float[] old = data.store.read(s -> s.get(ServingData.CTR_USER_STATS, key).orElse(null)).value();
        double c = value(user, old, Aggregate.USER_COUNT);
        double m = value(user, old, Aggregate.USER_MEAN);
        double sd = value(user, old, Aggregate.USER_STDDEV);
        double pr = value(user, old, Aggregate.USER_POSITIVE_RATE);
        double sum = c * m;
        double squares = c < 2 ? c * m * m : (c - 1) * sd * sd + c * m * m;
        double v = event.rating();
        double c2 = c + 1;
        double sum2 = sum + v;
        double squares2 = squares + v * v;
        double var = c2 < 2 ? 0 : (squares2 - sum2 * sum2 / c2) / (c2 - 1);
        Map<Aggregate, Double> next = Map.of(Aggregate.USER_COUNT, c2, Aggregate.USER_MEAN, sum2 / c2,
                Aggregate.USER_STDDEV, var > 0 ? Math.sqrt(var) : 0.0,
                Aggregate.USER_POSITIVE_RATE, (pr * c + (positive ? 1 : 0)) / c2);
        float[] vector = new float[user.size()];
        for (int j = 0; j < vector.length; j++) {
            vector[j] = (float) (double) next.get(user.get(j));
        }
        return data.store.write(s -> s.put(ServingData.CTR_USER_STATS, key, vector)) && written;
    }

    /** Returns the value of a user aggregate in a stored vector (0 when the user has none). */
    private static double value(List<Aggregate> order, float[] vector, Aggregate a) {
        int j = order.indexOf(a);
        return vector == null || j < 0 || j >= vector.length ? 0 : vector[j];
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
            return postEvent(body);
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
