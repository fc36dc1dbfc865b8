package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.serving.ModelRanker;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, items 6-8, over real HTTP on generated data with a long tail (movies nobody rated, movies only
 * disliked: no item2vec vector, zero ALS factors): similar items never empty and never from a zero vector, the
 * fallback named; the source front end's {@code model=neuralcf} (and {@code nerualcf}) ranked by NeuralCF behind
 * the model server, and the fallback noted when it is down; unknown model names served by the default; JSON
 * numbers only, the ranker that ran, a note when fewer than k; the warm-up before ready.
 */
class ServedQualityTest {
    /** Movies with no rating at all, and movies rated only below "liked" (3.5). */
    private static final long[] UNRATED = {90_001, 90_002, 90_003};
    private static final long[] DISLIKED = {90_011, 90_012, 90_013};
    private static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(null, RecServer.Limits.defaults(), dir -> {
            SyntheticMovieLens.builder(80, 200, 4_000, 11).withClusters(4).withZipfExponent(1.1).build().writeLatestCsv(dir);
            StringBuilder movies = new StringBuilder();
            String[] genres = {"Comedy|Drama", "Horror", "(no genres listed)"};
            for (int i = 0; i < 3; i++) {
                movies.append(UNRATED[i]).append(",Unrated ").append(i).append(" (2001),").append(genres[i]).append('\n');
                movies.append(DISLIKED[i]).append(",Disliked ").append(i).append(" (2002),").append(genres[i]).append('\n');
            }
            Files.writeString(dir.resolve("movies.csv"), movies, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            StringBuilder ratings = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                ratings.append(1 + i).append(',').append(DISLIKED[i]).append(",1.0,1600000000\n");
                ratings.append(5 + i).append(',').append(DISLIKED[i]).append(",2.5,1600000100\n");
            }
            Files.writeString(dir.resolve("ratings.csv"), ratings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static boolean usable(EmbeddingTable t, long movieId) {
        int r = t.ids().indexOf(movieId);
        return r >= 0 && Vectors.isUsable(t.vector(r), 0, t.dim());
    }

    /** Every score in the answer is a JSON number; none is a string; "Infinity" and "NaN" appear nowhere. */
    private static void numbersOnly(ServerFixture.FullReply r) {
        assertFalse(r.text().contains("Infinity") || r.text().contains("NaN"), r.text());
        List<JsonNode> scores = new ArrayList<>();
        r.body().findValues("score").forEach(scores::add);
        r.body().findValues("rawScore").forEach(scores::add);
        for (JsonNode s : scores) {
            assertTrue(s.isNumber() || s.isNull(), "score " + s + " in " + r.text());
        }
    }

    @Test
    void everyMovieGetsSimilarItemsUnderEveryModelAndTheAnswerNamesWhoAnswered() throws Exception {
        ItemCatalog c = f.data.catalog();
        Map<String, Integer> fellBack = new HashMap<>();
        Map<String, EmbeddingTable> vectors = new HashMap<>();
        f.serving().models().forEach((name, m) -> vectors.put(name, m.vectors()));
        for (int i = 0; i < c.size(); i++) {
            long id = c.items().longId(i);
            for (String model : f.serving().modelNames()) {
                ServerFixture.FullReply r = f.getFull("/api/movies/" + id + "/similar?model=" + model + "&k=10");
                assertEquals(200, r.status(), r.text());
                numbersOnly(r);
                JsonNode b = r.body();
                assertEquals(model, b.get("model").asText());
                String by = b.get("answeredBy").asText();
                assertEquals(!by.equals(model), b.get("fallback").asBoolean(), r.text());
                JsonNode items = b.get("items");
                assertTrue(items.size() > 0, "movie " + id + ", model " + model + ": empty: " + r.text());
                assertTrue(items.size() <= 10);
                if (items.size() < 10) {
                    assertTrue(b.get("notes").toString().contains("fewer items than asked"), r.text());
                }
                boolean modelUsable = usable(vectors.get(model), id);
                if (!modelUsable) {
                    assertTrue(b.get("fallback").asBoolean(), "no usable " + model + " vector for " + id + ": " + r.text());
                    assertTrue(b.get("notes").size() > 0, r.text());
                    fellBack.merge(model, 1, Integer::sum);
                }
                for (JsonNode it : items) {
                    long other = it.get("movieId").asLong();
                    assertNotEquals(id, other, "the movie itself");
                    assertTrue(it.get("score").isNumber(), r.text());
                    if (vectors.containsKey(by)) {
                        assertTrue(usable(vectors.get(by), other), by + " returned " + other + " whose vector is zero or missing");
                    }
                }
            }
        }
        // the planted tail: every unrated and every disliked movie has no item2vec vector and falls back under it
        for (long id : UNRATED) {
            assertFalse(usable(vectors.get("item2vec"), id));
            assertFalse(usable(vectors.get("als"), id), "zero or missing ALS factors for an unrated movie");
        }
        assertTrue(fellBack.getOrDefault("item2vec", 0) >= UNRATED.length + DISLIKED.length, fellBack.toString());
        assertTrue(fellBack.getOrDefault("als", 0) >= UNRATED.length, fellBack.toString());
    }

    @Test
    void theSourceSimilarMovieEndpointFallsBackAndSaysSoInItsHeaders() throws Exception {
        for (long id : UNRATED) {
            for (String model : List.of("emb", "als", "deepwalk")) {
                ServerFixture.FullReply r = f.getFull("/getsimilarmovie?movieId=" + id + "&size=8&model=" + model);
                assertEquals(200, r.status(), r.text());
                assertTrue(r.body().isArray() && r.body().size() > 0, r.text());
                assertTrue(r.header(Annotated.FALLBACK).contains("similar"), r.headers().map().toString());
                assertNotEquals("item2vec", r.header(Annotated.MODEL));
                assertNotNull(r.header(Annotated.NOTES));
            }
        }
        // an unrated movie with genres gets its genre peers (the content fallback), not merely popular movies
        ServerFixture.FullReply withGenres = f.getFull("/api/movies/" + UNRATED[0] + "/similar?model=item2vec&k=8");
        assertEquals("genre", withGenres.body().get("answeredBy").asText(), withGenres.text());
        for (JsonNode it : withGenres.body().get("items")) {
            List<String> g = new ArrayList<>();
            it.get("genres").forEach(x -> g.add(x.asText()));
            assertTrue(g.contains("Comedy") || g.contains("Drama"), withGenres.text());
        }
        // an unrated movie with no genre still gets a list (its genre-less peers, else popular: the last resort)
        ServerFixture.FullReply r = f.getFull("/getsimilarmovie?movieId=" + UNRATED[2] + "&size=8");
        assertTrue(r.body().size() > 0, r.text());
        assertTrue(List.of("genre", "popular").contains(r.header(Annotated.MODEL)), r.headers().map().toString());
        // a movie the model knows: no fallback
        long known = f.data.catalog().items().longId(f.data.ratings().item(0));
        ServerFixture.FullReply ok = f.getFull("/getsimilarmovie?movieId=" + known + "&size=8&model=emb");
        assertEquals("item2vec", ok.header(Annotated.MODEL), ok.headers().map().toString());
        assertEquals("none", ok.header(Annotated.FALLBACK));
    }

    /** Checks that the movies are in non-increasing order of the NeuralCF model's own scores for the user. */
    /**
     * Checks that {@code movies} are in the order of the scores the model server's model (the served NeuMF: NeuralCF's
     * MLP fused with ALS as its GMF branch) gives them, computed here on the caller's side from the same scorer.
     */
    private static void rankedByNeuralCf(long userId, JsonNode movies) {
        ServingData sd = f.serving();
        RemoteRanking remote = sd.neuralCf().orElseThrow();
        ModelRanker local = ModelRanker.builder("local", RemoteRanking.Projection.rows(new ProtocolCFeatureProvider(
                sd.trained().rankerState(), sd.store().local(), ServingData.USER_STATS), remote.scorer().inputs()),
                remote.scorer()).build();
        int[] items = new int[movies.size()];
        for (int p = 0; p < items.length; p++) {
            items[p] = sd.catalog().items().indexOf(movies.get(p).get("movieId").asLong());
        }
        double[] s = new double[items.length];
        local.score(RecRequest.builder(items.length).withUser(Long.toString(userId), sd.ratings().users().indexOf(userId))
                .build(), CandidateBatch.ofItems(items), s);
        for (int p = 1; p < s.length; p++) {
            assertTrue(s[p - 1] >= s[p] - 1e-6, "position " + p + ": " + s[p - 1] + " < " + s[p]);
        }
        assertTrue(s[0] > s[s.length - 1], "a real ranking, not constant scores");
    }

    private static Set<Long> seen(long userId) {
        Interactions r = f.data.ratings();
        Set<Long> out = new HashSet<>();
        for (int i : r.byUser().othersOf(r.users().indexOf(userId))) {
            out.add(r.items().longId(i));
        }
        return out;
    }

    @Test
    void neuralCfBehindTheModelServerRanksTheSourceFrontEndsRequestAndFallsBackWhenItIsDown() throws Exception {
        RemoteRanking remote = f.serving().neuralCf().orElseThrow();
        Interactions r = f.data.ratings();
        // the model server speaks TF-Serving's REST protocol
        HttpResponse<String> status = f.http.send(HttpRequest.newBuilder(URI.create(remote.baseUri() + "/v1/models/neuralcf"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("AVAILABLE"), status.body());
        // ... and its signature is what NeuralCF reads, as the source sends it: the user id and the movie id
        HttpResponse<String> meta = f.http.send(HttpRequest.newBuilder(URI.create(remote.baseUri()
                + "/v1/models/neuralcf/metadata")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode inputs = ServerFixture.JSON.readTree(meta.body()).findValue("inputs");
        List<String> names = new ArrayList<>();
        inputs.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("userId", "movieId"), names, meta.body());

        long user = r.users().longId(0);
        long callsBefore = remote.remote().calls();
        List<String> lists = new ArrayList<>();
        for (String model : List.of("neuralcf", "nerualcf", "NeuralCF")) {
            ServerFixture.FullReply rep = f.getFull("/getrecforyou?id=" + user + "&size=32&model=" + model);
            assertEquals(200, rep.status(), rep.text());
            assertEquals(32, rep.body().size(), rep.text());
            assertEquals("neuralcf", rep.header(Annotated.MODEL));
            assertEquals("ials-dot > neuralcf-remote", rep.header(Annotated.RANKER));
            assertEquals("none", rep.header(Annotated.FALLBACK), rep.headers().map().toString());
            Set<Long> ids = new HashSet<>();
            for (JsonNode m : rep.body()) {
                assertTrue(ids.add(m.get("movieId").asLong()));
                assertFalse(seen(user).contains(m.get("movieId").asLong()), "history excluded");
            }
            rankedByNeuralCf(user, rep.body());
            lists.add(rep.body().toString());
        }
        assertEquals(1, new HashSet<>(lists).size(), "neuralcf, nerualcf and NeuralCF are one pipeline");
        assertTrue(remote.remote().calls() > callsBefore, "scored over HTTP by the model server");
        JsonNode api = f.get("/api/users/" + user + "/recommendations?pipeline=neuralcf&k=32").body();
        assertEquals("ials-dot > neuralcf-remote", api.get("ranker").asText());
        assertFalse(api.get("fallback").asBoolean());

        // the model server goes down: the same request shape still gets 32 movies, and the fallback is noted
        remote.stopModelServer();
        try {
            assertFalse(f.get("/api/health").body().get("modelServer").get("up").asBoolean());
            for (int u = 1; u <= 3; u++) {
                long other = r.users().longId(u);
                for (String model : List.of("neuralcf", "nerualcf")) {
                    ServerFixture.FullReply down = f.getFull("/getrecforyou?id=" + other + "&size=32&model=" + model);
                    assertEquals(200, down.status(), down.text());
                    assertEquals(32, down.body().size(), down.text());
                    assertEquals("neuralcf", down.header(Annotated.MODEL));
                    assertEquals("none", down.header(Annotated.RANKER));
                    assertTrue(down.header(Annotated.FALLBACK).contains("rank"), down.headers().map().toString());
                    assertTrue(down.header(Annotated.NOTES).contains("neuralcf"), down.header(Annotated.NOTES));
                }
                JsonNode a = f.get("/api/users/" + other + "/recommendations?pipeline=neuralcf&k=32").body();
                assertTrue(a.get("fallback").asBoolean(), a.toString());
                assertTrue(a.get("fallbacks").toString().contains("rank"), a.toString());
                assertEquals("none", a.get("ranker").asText());
                assertEquals(32, a.get("items").size());
            }
        } finally {
            remote.startModelServer();
        }
        // back up: after the breaker's cool-down a trial call goes through and NeuralCF ranks again
        long other = r.users().longId(4);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ServerFixture.FullReply back;
        do {
            Thread.sleep(200);
            back = f.getFull("/getrecforyou?id=" + other + "&size=32&model=neuralcf");
        } while ("none".equals(back.header(Annotated.RANKER)) && System.nanoTime() < until);
        assertEquals("ials-dot > neuralcf-remote", back.header(Annotated.RANKER), back.headers().map().toString());
        assertEquals("none", back.header(Annotated.FALLBACK));
        rankedByNeuralCf(other, back.body());
    }

    @Test
    void unknownModelNamesOnTheSourceEndpointsServeTheDefaultWithANote() throws Exception {
        long user = f.data.ratings().users().longId(2);
        for (String bogus : List.of("bogus", "", "NERUAL", "%E2%98%83", "a%20b")) {
            ServerFixture.FullReply r = f.getFull("/getrecforyou?id=" + user + "&size=10&model=" + bogus);
            assertEquals(200, r.status(), r.text());
            assertEquals(10, r.body().size());
            if (!bogus.isEmpty()) {
                assertTrue(r.header(Annotated.FALLBACK).contains("model"), r.headers().map().toString());
                assertTrue(r.header(Annotated.NOTES).contains("unknown, served the default pipeline"), r.header(Annotated.NOTES));
                assertTrue(r.header(Annotated.NOTES).chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f));
            }
            long movie = f.data.catalog().items().longId(f.data.ratings().item(5));
            ServerFixture.FullReply s = f.getFull("/getsimilarmovie?movieId=" + movie + "&size=5&model=" + bogus);
            assertEquals(200, s.status(), s.text());
            assertEquals(5, s.body().size());
        }
        // the JSON API stays strict
        assertEquals(400, f.get("/api/users/" + user + "/recommendations?pipeline=bogus").status());
        assertEquals(400, f.get("/api/movies/1/similar?model=bogus").status());
    }

    @Test
    void everyPipelineAnswersJsonNumbersNamesTheRankerThatRanAndNotesFewerThanK() throws Exception {
        List<String> pipelines = new ArrayList<>();
        f.get("/api/health").body().get("pipelines").forEach(p -> pipelines.add(p.asText()));
        assertTrue(pipelines.contains("neuralcf") && pipelines.contains("multi-ials"), pipelines.toString());
        long user = f.data.ratings().users().longId(7);
        int catalogue = f.data.catalog().size();
        for (String p : pipelines) {
            for (String who : List.of("anonymous", "user")) {
                for (int k : new int[] {1, 20, 500}) {
                    String path = (who.equals("user") ? "/api/users/" + user + "/recommendations" : "/api/recommendations")
                            + "?pipeline=" + p.toUpperCase(java.util.Locale.ROOT) + "&k=" + k;
                    ServerFixture.FullReply r = f.getFull(path);
                    assertEquals(200, r.status(), path + ": " + r.text());
                    numbersOnly(r);
                    JsonNode b = r.body();
                    int n = b.get("items").size();
                    assertTrue(n > 0 && n <= k, path);
                    boolean fewer = b.get("notes").toString().contains("fewer items than asked: " + n + " of k = " + k);
                    assertEquals(n < k, fewer, path + ": " + b.get("notes"));
                    if (k == 500) {
                        assertTrue(n < catalogue, "k larger than the catalogue");
                    }
                    String ranker = b.get("ranker").asText();
                    for (JsonNode it : b.get("items")) {
                        if (it.get("score").isNull()) {
                            assertTrue(it.get("scoreNote").asText().contains("could not score"), it.toString());
                        }
                    }
                    if (who.equals("anonymous") && p.equals("multi-ials")) {
                        // the MF ranker has no factors for an anonymous user: it did not rank, and says so
                        assertEquals("none", ranker, r.text());
                        assertTrue(b.get("notes").toString().contains("ials-dot scored none"), b.get("notes").toString());
                    }
                    if (who.equals("user") && p.equals("multi-ials")) {
                        assertEquals("ials-dot", ranker);
                    }
                }
            }
        }
        // a genre list shorter than k says so too
        String genre = f.data.catalog().genreNames(0).get(0);
        int members = f.serving().genreByRating.get(genre).length;
        JsonNode all = f.get("/api/genres/" + genre + "?k=500").body();
        assertEquals(members, all.get("items").size());
        assertEquals("fewer items than asked: " + members + " of k = 500 (all of the genre's movies)",
                all.get("notes").get(0).asText());
        assertEquals(0, f.get("/api/genres/" + genre + "?k=" + members).body().get("notes").size());
        // hostile: every endpoint the warm-up knows, for every round, writes JSON numbers only
        for (int round = 0; round < 3; round++) {
            for (String path : WarmUp.round(f.serving(), round)) {
                numbersOnly(f.getFull(path));
            }
        }
    }

    @Test
    void theServerWarmedUpEveryPipelineBeforeItReportedReady() throws Exception {
        JsonNode h = f.get("/api/health").body();
        assertEquals("ok", h.get("status").asText());
        JsonNode w = h.get("warmUp");
        assertEquals(0, w.get("failed").asInt(), w.toString());
        int perRound = WarmUp.round(f.serving(), 0).size();
        assertEquals(RecServer.DEFAULT_WARM_UP_ROUNDS * perRound, w.get("requests").asInt());
        JsonNode metrics = f.get("/api/metrics").body().get("pipelines");
        metrics.fields().forEachRemaining(e -> assertTrue(e.getValue().get("requests").asLong() >= RecServer.DEFAULT_WARM_UP_ROUNDS,
                e.getKey() + " not warmed up: " + e.getValue()));
        // the warm-up's answers were dropped from the caches: a warm-up user's first real request is computed
        long user = f.data.ratings().users().longId(RecServer.DEFAULT_WARM_UP_ROUNDS - 1);
        JsonNode first = f.get("/api/users/" + user + "/recommendations?pipeline=multi&k=20").body();
        assertFalse(first.get("cached").asBoolean(), first.toString());
    }

    @Test
    void warmUpRoundsAreChecked() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RecServer.start(f.server.api(), "127.0.0.1", 0, RecServer.Limits.defaults(), -1));
        assertTrue(e.getMessage().contains("warmUpRounds: -1"), e.getMessage());
    }
}
