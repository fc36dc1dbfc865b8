package org.recsys4j.examples.server;

import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Recommendation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The source system's five endpoints (SparrowRecSys' {@code /getmovie}, {@code /getuser},
 * {@code /getrecommendation}, {@code /getsimilarmovie}, {@code /getrecforyou}) with its query parameters and
 * its JSON shapes field for field ({@link SparrowMovie}, {@link SparrowUser}, {@link RatingWrap}), so that its
 * front end works unchanged. Like {@link ServingApi}, independent of HTTP: each method takes the parameters as
 * text, checks them strictly ({@link ApiError} 400; 404 for an unknown id or genre) and returns a JSON-ready
 * value; an unknown {@code model} is not an error but the default (as in the source system). What the source
 * system's bare lists cannot carry (the model or pipeline that answered, its ranker, fallbacks, notes) goes in
 * response headers ({@link Annotated}). Lists ({@code size}) have 1 to 500 entries, 20 by default. Thread-safe. Obtained from
 * {@link ServingApi#source()}.
 */
public final class SourceEndpoints {
    private final ServingData data;
    private final ItemCatalog catalog;
    private final Queries queries;

    SourceEndpoints(ServingData data, Queries queries) {
        this.data = Objects.requireNonNull(data, "data");
        this.catalog = data.catalog;
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    /**
     * The source system's rating shape, inside {@link RatingWrap}.
     *
     * @param movieId   the movie id
     * @param userId    the user id
     * @param score     the rating
     * @param timestamp seconds since the epoch
     */
    public record RatingJson(long movieId, long userId, float score, long timestamp) {
    }

    /**
     * A wrapper: the source serialises each rating as an object with one field, {@code rating}.
     *
     * @param rating the rating
     */
    public record RatingWrap(RatingJson rating) {
    }

    /**
     * The source system's Movie (field for field).
     *
     * @param movieId       the movie id
     * @param title         the title with its year
     * @param releaseYear   the release year, 0 if unknown
     * @param imdbId        the IMDb id without {@code tt}, or null
     * @param tmdbId        the TMDB id, or null
     * @param genres        the genres
     * @param ratingNumber  the number of ratings in the data set
     * @param averageRating their mean
     * @param topRatings    the movie's best ratings (best score first, then latest)
     */
    public record SparrowMovie(long movieId, String title, int releaseYear, String imdbId, String tmdbId,
                               List<String> genres, int ratingNumber, double averageRating,
                               List<RatingWrap> topRatings) {
    }

    /**
     * The source system's User (field for field).
     *
     * @param userId        the user id
     * @param averageRating the mean of the user's ratings, 0 without ratings
     * @param highestRating the highest, 0 without ratings
     * @param lowestRating  the lowest, 5 without ratings
     * @param ratingCount   the number of ratings
     * @param ratings       the ratings, oldest first
     */
    public record SparrowUser(long userId, double averageRating, double highestRating, double lowestRating,
                              int ratingCount, List<RatingWrap> ratings) {
    }

    /** Returns the source system's shape of the movie at a catalogue index. */
    SparrowMovie movie(int i) {
        List<RatingWrap> top = new ArrayList<>();
        for (int k : data.topRatings[i]) {
            top.add(new RatingWrap(new RatingJson(catalog.items().longId(i), data.ratings.users().longId(data.ratings.user(k)),
                    data.ratings.value(k), data.ratings.timestamp(k))));
        }
        return new SparrowMovie(catalog.items().longId(i), catalog.title(i), catalog.year(i).orElse(0),
                catalog.imdbId(i).orElse(null), catalog.tmdbId(i).isPresent() ? Long.toString(catalog.tmdbId(i).getAsLong()) : null,
                catalog.genreNames(i), data.ratingCount[i], data.averageRating[i], top);
    }

    /** Returns the source system's shape of a user and their history. */
    SparrowUser user(Queries.UserHistory h) {
        List<RatingWrap> list = new ArrayList<>(h.entries().size());
        double sum = 0;
        double hi = 0;
        double lo = 5.0;
        for (History.Entry e : h.entries()) {
            list.add(new RatingWrap(new RatingJson(e.movieId(), Long.parseLong(h.userId()), e.rating(), e.timestamp())));
            sum += e.rating();
            hi = Math.max(hi, e.rating());
            lo = Math.min(lo, e.rating());
        }
        int n = h.entries().size();
        return new SparrowUser(Long.parseLong(h.userId()), n == 0 ? 0 : sum / n, hi, lo, n, list);
    }

    /**
     * The source system's shapes are MovieLens' (numeric ids, ratings, release years): serving your own data,
     * these endpoints answer 404 pointing to the JSON API.
     */
    private void requireMovieLens() {
        if (!data.movieLens()) {
            throw ApiError.notFound("the source system's endpoints serve a MovieLens data set; for this catalogue use "
                    + "/api/items/{id}, /api/items/{id}/similar, /api/users/{id}/recommendations");
        }
    }

    /** {@code /getmovie?id=}. */
    public SparrowMovie getMovie(String id) {
        requireMovieLens();
        return movie(queries.item("id", id));
    }

    /** {@code /getuser?id=}: the user's statistics and ratings (oldest first, feedback included). */
    public SparrowUser getUser(String id) {
        requireMovieLens();
        return user(queries.history(Long.toString(Params.id("id", id))));
    }

    /** {@code /getrecommendation?genre=&size=&sortby=}: a genre's movies by rating (the default) or release year. */
    public List<SparrowMovie> getRecommendation(String genre, String size, String sortby) {
        requireMovieLens();
        int[] list = queries.genreList(genre, sortby);
        int n = Math.min(list.length, Params.size("size", size));
        List<SparrowMovie> out = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            out.add(movie(list[p]));
        }
        return out;
    }

    /**
     * {@code /getsimilarmovie?movieId=&size=&model=} ({@code model=emb} is item2vec; an unknown model is the
     * default, item2vec, as in the source system). A model that cannot answer for the movie hands over to the
     * next ({@link SimilarItems}); the list stays the source system's shape.
     */
    public List<SparrowMovie> getSimilarMovie(String movieId, String size, String model) {
        @SuppressWarnings("unchecked")
        List<SparrowMovie> movies = (List<SparrowMovie>) similarMovie(movieId, size, model).body();
        return movies;
    }

    /**
     * {@link #getSimilarMovie} with the model that answered, the fallback and the notes as headers
     * ({@link Annotated}).
     */
    Annotated similarMovie(String movieId, String size, String model) {
        requireMovieLens();
        int i = queries.item("movieId", movieId);
        List<String> notes = new ArrayList<>();
        ServingData.SimilarModel m = queries.model(model, true, notes);
        SimilarItems.Answer a = queries.similarItems(i, m, Params.size("size", size));
        notes.addAll(a.notes());
        List<String> fallbacks = new ArrayList<>();
        if (notes.size() > a.notes().size()) {
            fallbacks.add("model");
        }
        if (a.fallback()) {
            fallbacks.add("similar");
        }
        return Annotated.of(a.items().stream().map(c -> movie(c.item())).toList(), a.answeredBy(), null, fallbacks, notes);
    }

    /**
     * {@code /getrecforyou?id=&size=&model=} ({@code model} names a pipeline: absent = the experiment,
     * {@code neuralcf} and the source system's {@code nerualcf} = NeuralCF behind the model server; an unknown
     * name is the default, as in the source system).
     */
    public List<SparrowMovie> getRecForYou(String id, String size, String model) {
        @SuppressWarnings("unchecked")
        List<SparrowMovie> movies = (List<SparrowMovie>) recForYou(id, size, model).body();
        return movies;
    }

    /** {@link #getRecForYou} with the pipeline, ranker, fallbacks and notes as headers ({@link Annotated}). */
    Annotated recForYou(String id, String size, String model) {
        requireMovieLens();
        Params.id("id", id);   // a missing id is a 400 here, not the anonymous route
        Queries.Answer a = queries.recommend(id, model, Params.size("size", size), true);
        Recommendation r = a.rec();
        List<String> fallbacks = new ArrayList<>();
        if (!a.notes().isEmpty()) {
            fallbacks.add("model");
        }
        r.fallbacks().forEach(st -> fallbacks.add(st.name().toLowerCase(Locale.ROOT)));
        List<String> notes = new ArrayList<>(a.notes());
        notes.addAll(r.notes());
        if (a.history() != null && a.history().fallback()) {
            fallbacks.add("store");
            notes.add("store: " + a.history().storeError() + ", served the in-memory copy");
        }
        return Annotated.of(r.items().stream().map(c -> movie(c.item())).toList(), r.variant(), r.ranker(), fallbacks,
                notes);
    }
}
