package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo server over a small synthetic data set on a free port: every endpoint, errors, feedback, concurrency. */
class RecServerTest {
    private static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(null);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<Long> seen(long userId) {
        Interactions r = f.data.ratings();
        int u = r.users().indexOf(userId);
        Set<Long> s = new HashSet<>();
        for (int i : r.byUser().othersOf(u)) {
            s.add(r.items().longId(i));
        }
        return s;
    }

    @Test
    void theSourceSystemsMovieHasItsFieldsAndTheKnownValues() throws Exception {
        ItemCatalog c = f.data.catalog();
        Interactions r = f.data.ratings();
        int item = r.byItem().degree(0) > 0 ? 0 : 1;
        long movieId = c.items().longId(item);
        ServerFixture.Reply rep = f.get("/getmovie?id=" + movieId);
        assertEquals(200, rep.status());
        JsonNode m = rep.body();
        assertEquals(List.of("movieId", "title", "releaseYear", "imdbId", "tmdbId", "genres", "ratingNumber",
                "averageRating", "topRatings"), fields(m));
        int count = 0;
        double sum = 0;
        double best = 0;
        for (int p = r.byItem().start(item); p < r.byItem().end(item); p++) {
            float v = r.value(r.byItem().entry(p));
            count++;
            sum += v;
            best = Math.max(best, v);
        }
        assertEquals(movieId, m.get("movieId").asLong());
        assertEquals(c.title(item), m.get("title").asText());
        assertEquals(count, m.get("ratingNumber").asInt());
        assertEquals(sum / count, m.get("averageRating").asDouble(), 1e-9);
        assertEquals(c.genreNames(item).size(), m.get("genres").size());
        JsonNode top = m.get("topRatings");
        assertEquals(Math.min(10, count), top.size());
        assertEquals(List.of("rating"), fields(top.get(0)));
        assertEquals(List.of("movieId", "userId", "score", "timestamp"), fields(top.get(0).get("rating")));
        assertEquals(best, top.get(0).get("rating").get("score").asDouble(), 1e-9);
        for (int i = 1; i < top.size(); i++) {
            assertTrue(top.get(i - 1).get("rating").get("score").asDouble() >= top.get(i).get("rating").get("score").asDouble());
        }
        // our API: the same numbers plus links
        JsonNode api = f.get("/api/movies/" + movieId).body();
        assertEquals(count, api.get("ratingNumber").asInt());
        assertTrue(api.has("imdbUrl") && api.has("tmdbUrl") && api.has("topRatings"), api.toString());
    }

    @Test
    void theSourceSystemsUserHasItsFieldsAndTheKnownValues() throws Exception {
        Interactions r = f.data.ratings();
        long userId = r.users().longId(3);
        JsonNode u = f.get("/getuser?id=" + userId).body();
        assertEquals(List.of("userId", "averageRating", "highestRating", "lowestRating", "ratingCount", "ratings"), fields(u));
        double sum = 0;
        double hi = 0;
        double lo = 5;
        int[] rows = new int[r.byUser().degree(3)];
        for (int p = r.byUser().start(3), j = 0; p < r.byUser().end(3); p++, j++) {
            float v = r.value(r.byUser().entry(p));
            sum += v;
            hi = Math.max(hi, v);
            lo = Math.min(lo, v);
            rows[j] = p;
        }
        assertEquals(rows.length, u.get("ratingCount").asInt());
        assertEquals(sum / rows.length, u.get("averageRating").asDouble(), 1e-6);
        assertEquals(hi, u.get("highestRating").asDouble());
        assertEquals(lo, u.get("lowestRating").asDouble());
        assertEquals(rows.length, u.get("ratings").size());
        assertEquals(userId, u.get("ratings").get(0).get("rating").get("userId").asLong());
        JsonNode api = f.get("/api/users/" + userId).body();
        assertEquals(rows.length, api.get("history").size());
        long t0 = api.get("history").get(0).get("timestamp").asLong();
        long t1 = api.get("history").get(rows.length - 1).get("timestamp").asLong();
        assertTrue(t0 >= t1, "history newest first");
    }

    @Test
    void genreListsAreSortedAndSized() throws Exception {
        ItemCatalog c = f.data.catalog();
        String genre = c.genreNames(0).get(0);
        JsonNode byYear = f.get("/getrecommendation?genre=" + genre + "&size=7&sortby=releaseYear").body();
        assertEquals(7, byYear.size());
        for (int i = 1; i < byYear.size(); i++) {
            assertTrue(byYear.get(i - 1).get("releaseYear").asInt() >= byYear.get(i).get("releaseYear").asInt());
            assertTrue(byYear.get(i).get("genres").toString().contains("\"" + genre + "\""));
        }
        JsonNode byRating = f.get("/api/genres/" + genre + "?k=5").body();
        assertEquals("rating", byRating.get("sortby").asText());
        assertEquals(5, byRating.get("items").size());
        // every movie of the genre is listed by /api/genres with its count
        long members = java.util.stream.IntStream.range(0, c.size()).filter(i -> c.genreNames(i).contains(genre)).count();
        assertEquals(members, f.get("/api/genres").body().get("genres").get(genre).asLong());
    }

    @Test
    void similarMoviesForEveryModelExcludeTheSeedAndAreOrdered() throws Exception {
        long movieId = f.data.catalog().items().longId(f.data.ratings().item(0));
        for (String model : ServingData.MODELS) {
            JsonNode r = f.get("/api/movies/" + movieId + "/similar?model=" + model + "&k=6").body();
            assertEquals(model, r.get("model").asText());
            JsonNode items = r.get("items");
            assertEquals(6, items.size(), model + ": " + r);
            for (int i = 0; i < items.size(); i++) {
                assertNotEquals(movieId, items.get(i).get("movieId").asLong());
                if (i > 0) {
                    assertTrue(items.get(i - 1).get("score").asDouble() >= items.get(i).get("score").asDouble());
                }
            }
        }
        JsonNode sparrow = f.get("/getsimilarmovie?movieId=" + movieId + "&size=4&model=emb").body();
        assertEquals(4, sparrow.size());
        assertEquals(9, fields(sparrow.get(0)).size());
        // emb is item2vec: the same movies in the same order
        JsonNode ours = f.get("/api/movies/" + movieId + "/similar?model=item2vec&k=4").body().get("items");
        for (int i = 0; i < 4; i++) {
            assertEquals(ours.get(i).get("movieId").asLong(), sparrow.get(i).get("movieId").asLong());
        }
    }

    @Test
    void recommendationsNeverRepeatSeenMoviesAndSayHowTheyWereMade() throws Exception {
        for (int u = 0; u < 10; u++) {
            long userId = f.data.ratings().users().longId(u);
            Set<Long> seen = seen(userId);
            for (String p : List.of("multi", "multi-ials", "multi-deepfm", ServingData.DIN_PIPELINE, "neuralcf", "emb",
                    ServingData.SEQ_PIPELINE, "default")) {
                JsonNode r = f.get("/api/users/" + userId + "/recommendations?k=10&pipeline=" + p).body();
                assertEquals(10, r.get("items").size(), p + " " + r);
                assertFalse(r.get("fallback").asBoolean(), r.toString());
                assertTrue(r.get("channels").size() > 0);
                for (JsonNode it : r.get("items")) {
                    assertFalse(seen.contains(it.get("movieId").asLong()), "seen movie recommended: " + it);
                    assertTrue(it.get("channels").size() > 0, "no provenance: " + it);
                }
                if (p.equals("multi-ials")) {
                    assertEquals("ials-dot", r.get("ranker").asText());
                } else if (p.equals("multi-deepfm")) {
                    assertEquals("ials-dot > deepfm", r.get("ranker").asText());
                } else if (p.equals(ServingData.DIN_PIPELINE)) {
                    assertEquals("ials-dot > din", r.get("ranker").asText());
                } else if (p.equals("neuralcf")) {
                    assertEquals("ials-dot > neuralcf-remote", r.get("ranker").asText());
                } else if (p.equals(ServingData.SEQ_PIPELINE)) {
                    assertEquals(ServingData.SEQ_PIPELINE, r.get("ranker").asText());
                } else if (!p.equals("default")) {
                    assertEquals(p, r.get("pipeline").asText());
                    assertEquals("none", r.get("ranker").asText());
                }
            }
            // the experiment sends a user to the same variant every time
            String v1 = f.get("/api/users/" + userId + "/recommendations").body().get("pipeline").asText();
            String v2 = f.get("/api/users/" + userId + "/recommendations?k=3").body().get("pipeline").asText();
            assertEquals(v1, v2);
            assertEquals(f.serving().experiment().variantFor(Long.toString(userId)).name(), v1);
            JsonNode sparrow = f.get("/getrecforyou?id=" + userId + "&size=5&model=emb").body();
            assertEquals(5, sparrow.size());
            for (JsonNode m : sparrow) {
                assertFalse(seen.contains(m.get("movieId").asLong()));
            }
        }
        JsonNode cold = f.get("/api/recommendations?k=4&pipeline=multi").body();
        assertEquals(4, cold.get("items").size());
        assertEquals("top-rated", cold.get("items").get(0).get("channels").get(0).get("channel").asText());
        assertTrue(cold.get("notes").toString().contains("cold-start"), cold.toString());
    }

    @Test
    void badRequestsAre4xxJson() throws Exception {
        long user = f.data.ratings().users().longId(0);
        long movie = f.data.catalog().items().longId(0);
        Map<String, Integer> cases = new HashMap<>();
        cases.put("/getmovie?id=abc", 400);
        cases.put("/getmovie?id=", 400);
        cases.put("/getmovie", 400);
        cases.put("/getmovie?id=-3", 400);
        cases.put("/getmovie?id=99999999", 404);
        cases.put("/getuser?id=99999999", 404);
        cases.put("/getuser?id=1x", 400);
        cases.put("/getrecforyou?id=" + user + "&size=0", 400);
        cases.put("/getrecforyou?id=" + user + "&size=-5", 400);
        cases.put("/getrecforyou?id=" + user + "&size=100000000000", 400);
        cases.put("/getrecforyou?id=" + user + "&size=501", 400);
        cases.put("/getrecforyou?id=99999999&size=3", 404);
        cases.put("/getsimilarmovie?movieId=99999999&size=3", 404);
        cases.put("/getrecommendation?genre=NoSuchGenre&size=3", 404);
        cases.put("/getrecommendation?genre=Drama&size=3&sortby=title", 400);
        cases.put("/api/movies/abc", 400);
        cases.put("/api/users/" + user + "/recommendations?pipeline=nope", 400);
        cases.put("/api/movies/" + movie + "/similar?k=0", 400);
        cases.put("/api/nothing", 404);
        cases.put("/api/feedback", 405);
        for (Map.Entry<String, Integer> e : cases.entrySet()) {
            ServerFixture.Reply r = f.get(e.getKey());
            assertEquals(e.getValue(), r.status(), e.getKey() + " -> " + r.body());
            assertEquals(e.getValue(), r.body().get("status").asInt(), e.getKey());
            assertFalse(r.body().get("error").asText().isBlank(), e.getKey());
            assertFalse(r.body().toString().contains("at org."), "stack trace in " + r.body());
        }
        // the source system's endpoints serve an unknown model by the default (issue 18): not an error
        assertEquals(3, f.get("/getrecforyou?id=" + user + "&size=3&model=word2vec").body().size());
        assertEquals(3, f.get("/getsimilarmovie?movieId=" + movie + "&size=3&model=word2vec").body().size());
        // the JSON API names the valid pipelines
        assertTrue(f.get("/api/users/" + user + "/recommendations?pipeline=nope").body().get("error").asText()
                .contains("valid: default, multi, multi-ials, multi-deepfm, multi-din, neuralcf, emb"));
        assertEquals(400, f.post("/api/feedback", "not json").status());
        assertEquals(400, f.post("/api/feedback", "{\"userId\": 1, \"movieId\": " + movie + ", \"rating\": 9}").status());
        assertEquals(400, f.post("/api/feedback", "{\"userId\": 1, \"movieId\": " + movie + "}").status());
        assertEquals(404, f.post("/api/feedback", "{\"userId\": 1, \"movieId\": 99999999, \"rating\": 4}").status());
    }

    @Test
    void theMapOfEveryModelIsThePrincipalPlaneOfItsUnitVectorsMostRatedFirst() throws Exception {
        ItemCatalog c = f.data.catalog();
        int[] genreSize = new int[c.genreVocabulary().size()];
        for (int i = 0; i < c.size(); i++) {
            for (int g : c.genres(i)) {
                genreSize[g]++;
            }
        }
        for (String model : ServingData.MODELS) {
            EmbeddingTable vectors = f.serving().models().get(model).vectors();
            ServerFixture.Reply rep = f.get("/api/map?model=" + model.toUpperCase(java.util.Locale.ROOT));
            assertEquals(200, rep.status(), rep.body().toString());
            JsonNode map = rep.body();
            assertEquals(List.of("model", "method", "fittedOn", "explainedVarianceRatio", "klDivergence", "available", "genres",
                            "points"),
                    fields(map));
            assertEquals(model, map.get("model").asText());
            // every movie with a vector (fewer than the default limit here), most-rated first
            List<Integer> withVector = new ArrayList<>();
            for (int i = 0; i < c.size(); i++) {
                if (vectors.ids().indexOf(c.items().id(i)) >= 0) {
                    withVector.add(i);
                }
            }
            JsonNode points = map.get("points");
            assertEquals(withVector.size(), map.get("available").asInt(), model);
            assertEquals(withVector.size(), points.size(), model);
            assertEquals(withVector.size(), map.get("fittedOn").asInt(), model);   // < MovieMap.FIT_ROWS: all
            Map<String, Integer> perGenre = new HashMap<>();
            int n = points.size();
            float[][] unit = new float[n][];
            double[] x = new double[n];
            double[] y = new double[n];
            for (int p = 0; p < n; p++) {
                JsonNode pt = points.get(p);
                int i = c.items().indexOf(pt.get("movieId").asLong());
                assertTrue(withVector.contains(i), "a movie without a vector on the map");
                assertEquals(c.title(i), pt.get("title").asText());
                assertEquals(f.serving().ratingCount(i), pt.get("ratingNumber").asInt());
                if (p > 0) {
                    assertTrue(points.get(p - 1).get("ratingNumber").asInt() >= pt.get("ratingNumber").asInt(), "order");
                }
                // the primary genre: the movie's genre with the fewest movies
                String genre = pt.get("genre").asText();
                assertTrue(c.genreNames(i).contains(genre), genre + " is not a genre of " + c.title(i));
                for (int g : c.genres(i)) {
                    assertTrue(genreSize[g] >= genreSize[c.genreVocabulary().indexOf(genre)]
                            || c.genreVocabulary().get(g).equals("IMAX"), c.title(i));
                }
                assertTrue(!genre.equals("IMAX") || c.genres(i).length == 1, "IMAX beside a genre: " + c.title(i));
                perGenre.merge(genre, 1, Integer::sum);
                unit[p] = vectors.vector(vectors.ids().indexOf(c.items().id(i)));
                org.recsys4j.core.vector.Vectors.normalize(unit[p], 0, unit[p].length);
                x[p] = pt.get("x").asDouble();
                y[p] = pt.get("y").asDouble();
            }
            List<String> legend = new ArrayList<>();
            map.get("genres").forEach(g -> legend.add(g.asText()));
            assertEquals(perGenre.keySet(), new HashSet<>(legend));
            for (int k = 1; k < legend.size(); k++) {
                assertTrue(perGenre.get(legend.get(k - 1)) >= perGenre.get(legend.get(k)), "legend order");
            }
            // independent checks of a PCA: centred coordinates whose variances, over the total variance of
            // the unit vectors, are the reported ratios; no random direction has more variance than x
            int d = vectors.dim();
            double total = 0;
            for (int j = 0; j < d; j++) {
                double mean = 0;
                double sq = 0;
                for (float[] u : unit) {
                    mean += u[j] / n;
                }
                for (float[] u : unit) {
                    sq += (u[j] - mean) * (u[j] - mean);
                }
                total += sq / (n - 1);
            }
            double varX = variance(x);
            double varY = variance(y);
            assertEquals(0, java.util.Arrays.stream(x).average().orElseThrow(), 1e-4, model);
            assertEquals(0, java.util.Arrays.stream(y).average().orElseThrow(), 1e-4, model);
            assertEquals(varX / total, map.get("explainedVarianceRatio").get(0).asDouble(), 1e-4, model);
            assertEquals(varY / total, map.get("explainedVarianceRatio").get(1).asDouble(), 1e-4, model);
            java.util.Random rnd = new java.util.Random(1);
            for (int trial = 0; trial < 20; trial++) {
                double[] dir = new double[d];
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    dir[j] = rnd.nextGaussian();
                    norm += dir[j] * dir[j];
                }
                double[] proj = new double[n];
                for (int p = 0; p < n; p++) {
                    for (int j = 0; j < d; j++) {
                        proj[p] += unit[p][j] * dir[j] / Math.sqrt(norm);
                    }
                }
                assertTrue(variance(proj) <= varX + 1e-6, model + ": a random direction beats the first axis");
            }
            // a smaller map is the head of the bigger one, at the same places (the axes do not move)
            JsonNode head = f.get("/api/map?model=" + model + "&limit=7").body().get("points");
            assertEquals(7, head.size());
            for (int p = 0; p < 7; p++) {
                assertEquals(points.get(p), head.get(p));
            }
        }
        // t-SNE: the same movies in the same order, other (centred) places, and the objective instead of ratios
        JsonNode pca = f.get("/api/map?model=deepwalk").body().get("points");
        JsonNode tsne = f.get("/api/map?model=deepwalk&method=tsne&limit=60").body();
        assertEquals("tsne", tsne.get("method").asText());
        assertTrue(tsne.get("explainedVarianceRatio").isNull());
        double kl = tsne.get("klDivergence").asDouble();
        assertTrue(kl > 0 && kl < 10, "KL divergence " + kl);
        assertEquals(60, tsne.get("points").size());
        double mx = 0;
        double spread = 0;
        for (int p = 0; p < 60; p++) {
            JsonNode pt = tsne.get("points").get(p);
            assertEquals(pca.get(p).get("movieId"), pt.get("movieId"));
            assertEquals(pca.get(p).get("genre"), pt.get("genre"));
            mx += pt.get("x").asDouble() / 60;
            spread = Math.max(spread, Math.abs(pt.get("x").asDouble()));
        }
        assertEquals(0, mx, 1e-3 * spread);
        assertEquals(tsne, f.get("/api/map?model=deepwalk&method=tsne&limit=60").body());
        // concurrent first requests of one layout: one computation, the same answer for all
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                answers.add(pool.submit(() -> f.get("/api/map?model=node2vec&method=tsne&limit=40").body()));
            }
            for (Future<JsonNode> a : answers) {
                assertEquals(answers.get(0).get(), a.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // while a layout is computed, only a few requests for new layouts wait (each holds a server thread);
        // the rest are answered 429 at once, and the waiting ones are served when the computation ends
        var busy = f.server.api().maps().tsneLockForTesting();
        busy.lock();
        ExecutorService many = Executors.newFixedThreadPool(2 * MapService.TSNE_WAITING);
        try {
            List<Future<ServerFixture.Reply>> replies = new ArrayList<>();
            for (int t = 0; t < 2 * MapService.TSNE_WAITING; t++) {
                String q = "/api/map?model=deepwalk&method=tsne&limit=" + (20 + t);
                replies.add(many.submit(() -> f.get(q)));
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (replies.stream().filter(Future::isDone).count() < MapService.TSNE_WAITING && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            busy.unlock();
            int refused = 0;
            for (Future<ServerFixture.Reply> r : replies) {
                ServerFixture.Reply reply = r.get();
                if (reply.status() == 429) {
                    refused++;
                    assertTrue(reply.body().get("error").asText().startsWith("a t-SNE layout is being computed"));
                } else {
                    assertEquals(200, reply.status(), reply.body().toString());
                }
            }
            assertEquals(MapService.TSNE_WAITING, refused);
        } finally {
            if (busy.isHeldByCurrentThread()) {
                busy.unlock();
            }
            many.shutdownNow();
        }
        assertEquals(400, f.get("/api/map?method=umap").status());
        assertTrue(f.get("/api/map?method=tsne&limit=2001").body().get("error").asText()
                .equals("parameter 'limit': 2001, must be in [1, 2000]"));
        assertTrue(f.get("/api/map?method=tsne&limit=9").body().get("error").asText()
                .startsWith("parameter 'limit': method tsne maps at least 10 movies"));
        assertEquals("item2vec", f.get("/api/map").body().get("model").asText());
        assertTrue(f.get("/api/map?model=tsne").body().get("error").asText()
                .contains("unknown model 'tsne'; valid: item2vec, deepwalk, node2vec, als"));
        for (String bad : List.of("0", "-1", "10001", "abc", "1e3")) {
            ServerFixture.Reply r = f.get("/api/map?limit=" + bad);
            assertEquals(400, r.status(), bad);
            assertTrue(r.body().get("error").asText().startsWith("parameter 'limit'"), r.body().toString());
        }
    }

    private static double variance(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double sq = 0;
        for (double a : v) {
            sq += (a - mean) * (a - mean);
        }
        return sq / (v.length - 1);
    }

    @Test
    void feedbackChangesTheNextAnswer() throws Exception {
        long userId = f.data.ratings().users().longId(5);
        String url = "/api/users/" + userId + "/recommendations?k=10&pipeline=emb";
        JsonNode before = f.get(url).body();
        assertTrue(f.get(url).body().get("cached").asBoolean(), "the second identical request is a cache hit");
        long rated = before.get("items").get(0).get("movieId").asLong();
        int historyBefore = f.get("/api/users/" + userId).body().get("history").size();
        JsonNode fb = f.post("/api/feedback", "{\"userId\": " + userId + ", \"movieId\": " + rated + ", \"rating\": 5, \"timestamp\": 2000000000}").body();
        assertEquals(historyBefore + 1, fb.get("historySize").asInt(), fb.toString());
        JsonNode user = f.get("/api/users/" + userId).body();
        assertEquals(rated, user.get("history").get(0).get("movieId").asLong(), "the new rating is the newest");
        JsonNode after = f.get(url).body();
        assertFalse(after.get("cached").asBoolean());
        Map<Long, Double> scoreBefore = new HashMap<>();
        before.get("items").forEach(it -> scoreBefore.put(it.get("movieId").asLong(), it.get("score").asDouble()));
        boolean changed = false;
        for (JsonNode it : after.get("items")) {
            assertNotEquals(rated, it.get("movieId").asLong(), "the rated movie is recommended again");
            Double old = scoreBefore.get(it.get("movieId").asLong());
            changed |= old != null && Math.abs(old - it.get("score").asDouble()) > 1e-6;
        }
        assertTrue(changed, "the history vector (item2vec mean) did not change with the new rating");
        // a new user starts a history with feedback and gets history-based recommendations
        long newUser = 9_000_001L;
        assertEquals(404, f.get("/api/users/" + newUser).status());
        assertEquals(200, f.post("/api/feedback", "{\"userId\": " + newUser + ", \"movieId\": " + rated + ", \"rating\": 4.5}").status());
        JsonNode fresh = f.get("/api/users/" + newUser + "/recommendations?k=5&pipeline=emb").body();
        assertEquals(5, fresh.get("items").size());
        assertEquals("item2vec", fresh.get("items").get(0).get("channels").get(0).get("channel").asText());
    }

    @Test
    void metricsCountStagesVariantsAndChannels() throws Exception {
        long userId = f.data.ratings().users().longId(7);
        f.get("/api/users/" + userId + "/recommendations?pipeline=multi&k=3");
        JsonNode m = f.get("/api/metrics").body();
        JsonNode multi = m.get("pipelines").get("multi");
        assertTrue(multi.get("requests").asLong() >= 1);
        assertTrue(multi.get("stages").get("recall").get("runs").asLong() >= 1);
        assertTrue(multi.get("stages").get("recall").has("fallbacks"));
        assertTrue(multi.get("stages").get("recall").get("latency").has("p99"));
        assertTrue(m.get("channels").get("item-cf").get("OK").asLong() >= 1, m.get("channels").toString());
        assertEquals("memory", m.get("store").get("mode").asText());
        assertEquals(2, m.get("experiment").get("variants").size());
        JsonNode stages = m.get("stageExecutor");
        assertEquals(ServingData.STAGE_THREADS, stages.get("maxThreads").asInt(), stages.toString());
        assertTrue(stages.get("completed").asLong() >= 1, stages.toString());
        assertEquals(0, stages.get("rejected").asLong(), stages.toString());
        JsonNode h = f.get("/api/health").body();
        assertEquals("ok", h.get("status").asText());
        assertEquals(f.data.catalog().size(), h.get("movies").asInt());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRequestThatWaitedPastItsDeadlineForAThreadIsAnsweredFromTheFallbackAtOnce() {
        String user = Long.toString(f.data.ratings().users().longId(7));
        // on time: the pipeline answers
        Map<String, Object> fresh = ServingData.arrivedAt(System.nanoTime(),
                () -> f.server.api().recommendations(user, "multi", "5"));
        assertEquals(List.of(), fresh.get("fallbacks"), fresh.toString());
        // it arrived ten minutes ago (it waited in the server's queue): no stage starts, the fallback answers
        // (another k than above, so the answer does not come from the cache)
        long t0 = System.nanoTime();
        Map<String, Object> late = ServingData.arrivedAt(t0 - 600_000_000_000L,
                () -> f.server.api().recommendations(user, "multi", "6"));
        assertTrue(((List<String>) late.get("fallbacks")).contains("recall"), late.toString());
        assertEquals(6, ((List<?>) late.get("items")).size(), late.toString());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "answered at once");
    }

    @Test
    void manyClientsGetConsistentAnswers() throws Exception {
        int users = 20;
        List<String> urls = new ArrayList<>();
        for (int u = 20; u < 20 + users; u++) {
            long id = f.data.ratings().users().longId(u);
            urls.add("/api/users/" + id + "/recommendations?k=10&pipeline=multi-ials");
            urls.add("/getsimilarmovie?movieId=" + f.data.catalog().items().longId(u) + "&size=10&model=als");
        }
        Map<String, String> expected = new HashMap<>();
        for (String url : urls) {
            expected.put(url, items(f.get(url).body()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> fs = new ArrayList<>();
            List<String> asked = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (String url : urls) {
                    asked.add(url);
                    fs.add(pool.submit(() -> {
                        ServerFixture.Reply r = f.get(url);
                        return r.status() + " " + items(r.body());
                    }));
                }
            }
            Iterator<String> a = asked.iterator();
            for (Future<String> fu : fs) {
                String url = a.next();
                assertEquals("200 " + expected.get(url), fu.get(), url);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String items(JsonNode body) {
        JsonNode list = body.isArray() ? body : body.get("items");
        StringBuilder sb = new StringBuilder();
        list.forEach(it -> sb.append(it.get("movieId").asLong()).append(','));
        return sb.toString();
    }
}
