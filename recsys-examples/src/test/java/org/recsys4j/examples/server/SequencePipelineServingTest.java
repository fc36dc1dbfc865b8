package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.examples.train.TrainingSettings;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served sequence-model pipeline ({@value ServingData#SEQ_PIPELINE}: SASRec's state through HNSW, SASRec's
 * scores), over real HTTP on generated data with planted clusters: a user whose history is planted by feedback gets
 * a list in that cluster far above chance, new feedback moves the next list without retraining, the data's own users
 * get lists of their cluster, and the source system's endpoint names the pipeline.
 */
class SequencePipelineServingTest {
    private static final int CLUSTERS = 4;
    private static SyntheticMovieLens gen;
    private static MovieLensData data;
    private static RecServer server;
    private static ServingData sd;
    private static Path dir;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("recsys4j-seq-serve-test");
        // 100 movies per cluster, 30 ratings per user: each user has unseen movies of their cluster left to recommend
        gen = SyntheticMovieLens.builder(300, 400, 9_000, 19).withClusters(CLUSTERS).withInClusterShare(0.9).build();
        gen.writeLatestCsv(dir);
        data = MovieLens.load(dir, LoadOptions.lenient());
        // tiny embeddings and DeepFM (not under test); SASRec with its demo settings, 30 epochs at most
        TrainingSettings training = new TrainingSettings(8, 2, 2, 6, 3, 2, 30, 2, 7);
        sd = ServingData.build(data, new ServingData.Settings(training, 300, 30_000), null,
                new PrintStream(OutputStream.nullOutputStream()));
        server = RecServer.start(new ServingApi(sd), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)));
        assertEquals(200, r.statusCode(), pathAndQuery + ": " + r.body());
        return ServerFixture.JSON.readTree(r.body());
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, r.statusCode(), body + ": " + r.body());
        return ServerFixture.JSON.readTree(r.body());
    }

    /** Returns the planted cluster of a movie id. */
    private static int clusterOf(long movieId) {
        return gen.itemCluster(data.catalog().items().indexOf(movieId));
    }

    /** Returns the {@code n} most popular movies of a cluster, skipping {@code skip} (movie ids). */
    private static List<Long> moviesOf(int cluster, int skip, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < gen.items() && out.size() < n; i++) {
            if (gen.itemCluster(i) == cluster && skip-- <= 0) {
                out.add(gen.movieId(i));
            }
        }
        return out;
    }

    private static int inCluster(JsonNode items, int cluster) {
        int n = 0;
        for (JsonNode it : items) {
            n += clusterOf(it.get("movieId").asLong()) == cluster ? 1 : 0;
        }
        return n;
    }

    private static void rate(long user, List<Long> movies, long firstSecond) throws Exception {
        long t = firstSecond;
        for (long m : movies) {
            post("/api/feedback", "{\"userId\": " + user + ", \"movieId\": " + m + ", \"rating\": 4.5, \"timestamp\": "
                    + t++ + "}");
        }
    }

    @Test
    void aPlantedHistoryGetsItsClusterAndNewFeedbackMovesTheListWithoutRetraining() throws Exception {
        long user = 7_000_001L;
        List<Long> first = moviesOf(0, 0, 8);
        rate(user, first, 1_700_000_000L);
        String url = "/api/users/" + user + "/recommendations?k=10&pipeline=" + ServingData.SEQ_PIPELINE;
        JsonNode a = get(url);
        assertEquals(ServingData.SEQ_PIPELINE, a.get("pipeline").asText(), a.toString());
        assertEquals(ServingData.SEQ_PIPELINE, a.get("ranker").asText(), a.toString());
        assertFalse(a.get("fallback").asBoolean(), a.toString());
        assertEquals(10, a.get("items").size(), a.toString());
        // chance is 1 in 4 (2.5 of 10): the model's state after 8 movies of cluster 0 points into cluster 0
        assertTrue(inCluster(a.get("items"), 0) >= 7, "cluster 0 items: " + inCluster(a.get("items"), 0) + " " + a);
        Set<Long> seen = new HashSet<>(first);
        for (JsonNode it : a.get("items")) {
            assertFalse(seen.contains(it.get("movieId").asLong()), "a rated movie came back: " + it);
            assertEquals(ServingData.SEQ_PIPELINE, it.get("channels").get(0).get("channel").asText(), it.toString());
        }
        assertTrue(get(url).get("cached").asBoolean(), "the second identical request is a cache hit");

        // new feedback, no retraining: 16 movies of cluster 2, the latest; the next answer is recomputed from the new
        // history (the cache entry was dropped) and follows it
        List<Long> next = moviesOf(2, 0, 16);
        rate(user, next, 1_700_001_000L);
        JsonNode b = get(url);
        assertFalse(b.get("cached").asBoolean(), b.toString());
        assertNotEquals(ids(a), ids(b));
        assertTrue(inCluster(b.get("items"), 2) >= 6, "cluster 2 items after the feedback: " + inCluster(b.get("items"), 2)
                + " " + b);
        assertTrue(inCluster(b.get("items"), 2) > inCluster(a.get("items"), 2));
        seen.addAll(next);
        for (JsonNode it : b.get("items")) {
            assertFalse(seen.contains(it.get("movieId").asLong()), "a rated movie came back: " + it);
        }
    }

    @Test
    void aRequestRunsTheSequenceModelOnceForItsRecallQueryAndItsRanking() throws Exception {
        org.recsys4j.rank.seq.SequenceModel m = sd.trained().sequenceModel();
        long userId = data.ratings().users().longId(11);
        long before = m.statesComputed();
        JsonNode r = get("/api/users/" + userId + "/recommendations?k=7&pipeline=" + ServingData.SEQ_PIPELINE);
        assertEquals(7, r.get("items").size(), r.toString());
        assertFalse(r.get("cached").asBoolean(), r.toString());
        assertEquals(ServingData.SEQ_PIPELINE, r.get("ranker").asText(), r.toString());
        // the HNSW recall's query and the ranker's scores read the same history: one network run, not two
        assertEquals(before + 1, m.statesComputed(), r.toString());
    }

    private static List<Long> ids(JsonNode r) {
        List<Long> out = new ArrayList<>();
        r.get("items").forEach(it -> out.add(it.get("movieId").asLong()));
        return out;
    }

    @Test
    void theDataUsersGetTheirClusterAndTheSourceEndpointNamesThePipeline() throws Exception {
        int hits = 0;
        int total = 0;
        for (int u = 0; u < 40; u++) {
            long userId = data.ratings().users().longId(u);
            JsonNode r = get("/api/users/" + userId + "/recommendations?k=10&pipeline=" + ServingData.SEQ_PIPELINE);
            assertEquals(10, r.get("items").size(), r.toString());
            hits += inCluster(r.get("items"), gen.userCluster((int) userId - 1));
            total += r.get("items").size();
        }
        // 90 % of each user's ratings are in their cluster; chance is about 1 in 4
        assertTrue(hits >= 0.6 * total, "in-cluster share " + hits + " / " + total);
        long userId = data.ratings().users().longId(3);
        JsonNode sparrow = get("/getrecforyou?id=" + userId + "&size=5&model=" + ServingData.SEQ_PIPELINE);
        assertEquals(5, sparrow.size(), sparrow.toString());
        JsonNode ours = get("/api/users/" + userId + "/recommendations?k=5&pipeline=" + ServingData.SEQ_PIPELINE);
        for (int i = 0; i < 5; i++) {
            assertEquals(ours.get("items").get(i).get("movieId").asLong(), sparrow.get(i).get("movieId").asLong());
        }
        // listed with the other pipelines
        assertTrue(get("/api/health").toString().contains("\"" + ServingData.SEQ_PIPELINE + "\""));
    }
}
