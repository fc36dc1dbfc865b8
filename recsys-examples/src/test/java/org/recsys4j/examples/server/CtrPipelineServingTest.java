package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.serving.ModelRanker;

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
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The personalised CTR pipelines ({@code multi-deepfm}, {@value ServingData#DIN_PIPELINE}) over real HTTP on
 * generated data with planted clusters: the ranker reads the user's CURRENT history from the store, so feedback
 * changes the next ranking without retraining; a user unknown at training time (feedback only) is ranked by the
 * model through the history features; both pipelines are offered on the source system's endpoint too.
 */
class CtrPipelineServingTest {
    private static final int CLUSTERS = 4;
    private static SyntheticMovieLens gen;
    private static MovieLensData data;
    private static ServingData serving;
    private static RecServer server;
    private static Path dir;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("recsys4j-ctr-serve-test");
        gen = SyntheticMovieLens.builder(300, 400, 9_000, 23).withClusters(CLUSTERS).withInClusterShare(0.9).build();
        gen.writeLatestCsv(dir);
        data = MovieLens.load(dir, LoadOptions.lenient());
        // tiny embeddings and SASRec (not under test); the CTR rankers 4 epochs at most
        TrainingSettings training = new TrainingSettings(8, 2, 2, 6, 3, 4, 1, 2, 7);
        serving = ServingData.build(data, new ServingData.Settings(training, 0, 30_000), null,
                new PrintStream(OutputStream.nullOutputStream()));
        server = RecServer.start(new ServingApi(serving), "127.0.0.1", 0);
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

    private static void post(String path, String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, r.statusCode(), body + ": " + r.body());
    }

    /** Returns {@code n} movies of a cluster, skipping {@code skip} (movie ids), most popular first. */
    private static List<Long> moviesOf(int cluster, int skip, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < gen.items() && out.size() < n; i++) {
            if (gen.itemCluster(i) == cluster && skip-- <= 0) {
                out.add(gen.movieId(i));
            }
        }
        return out;
    }

    private static void rate(long user, List<Long> movies, long firstSecond) throws Exception {
        long t = firstSecond;
        for (long m : movies) {
            post("/api/feedback", "{\"userId\": " + user + ", \"movieId\": " + m + ", \"rating\": 4.5, \"timestamp\": "
                    + t++ + "}");
        }
    }

    private static int inCluster(JsonNode items, int cluster) {
        int n = 0;
        for (JsonNode it : items) {
            n += gen.itemCluster(data.catalog().items().indexOf(it.get("movieId").asLong())) == cluster ? 1 : 0;
        }
        return n;
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> out = new ArrayList<>();
        items.forEach(it -> out.add(it.get("movieId").asLong()));
        return out;
    }

    @Test
    void feedbackChangesTheNextRankingWithoutRetrainingAndANewUserIsRankedByTheModel() throws Exception {
        for (String pipeline : List.of("multi-deepfm", ServingData.DIN_PIPELINE)) {
            // implicit ALS keeps 20 of the recall, the CTR model orders them
            String ranker = "ials-dot > " + (pipeline.equals("multi-deepfm") ? ServingModels.DEEP_FM : ServingModels.DIN);
            // a user the models never saw: only feedback, 8 movies of cluster 1
            long user = pipeline.equals("multi-deepfm") ? 8_000_001L : 8_000_002L;
            rate(user, moviesOf(1, 0, 8), 1_700_000_000L);
            String url = "/api/users/" + user + "/recommendations?k=10&pipeline=" + pipeline;
            JsonNode a = get(url);
            assertEquals(pipeline, a.get("pipeline").asText(), a.toString());
            assertEquals(ranker, a.get("ranker").asText(), "the model ranked the new user: " + a);
            assertFalse(a.get("fallback").asBoolean(), a.toString());
            assertEquals(10, a.get("items").size(), a.toString());
            assertTrue(inCluster(a.get("items"), 1) >= 7, "cluster 1: " + inCluster(a.get("items"), 1) + " " + a);

            // 20 movies of cluster 3, the latest: the next list follows the new history, no model retrained
            rate(user, moviesOf(3, 0, 20), 1_700_001_000L);
            JsonNode b = get(url);
            assertEquals(ranker, b.get("ranker").asText(), b.toString());
            assertNotEquals(ids(a.get("items")), ids(b.get("items")));
            assertTrue(inCluster(b.get("items"), 3) > inCluster(a.get("items"), 3),
                    "cluster 3 before " + inCluster(a.get("items"), 3) + ", after " + inCluster(b.get("items"), 3));
            // the source system's endpoint offers the pipeline by name, the same way as the others
            JsonNode sparrow = get("/getrecforyou?id=" + user + "&size=10&model=" + pipeline);
            assertEquals(10, sparrow.size(), sparrow.toString());
        }
    }

    @Test
    void theRankersScoresOfTheSameCandidatesMoveWithTheHistoryAlone() {
        // the ranker itself, not only the recall, reads the history: the same candidates, two histories
        ProtocolCFeatureProvider rows = new ProtocolCFeatureProvider(serving.trained().rankerSamples(),
                serving.store().local(), ServingData.USER_STATS);
        ModelRanker deepFm = ModelRanker.builder("deepfm", rows, serving.trained().deepFm()).withThreads(1).build();
        int[] candidates = new int[40];
        for (int i = 0; i < candidates.length; i++) {
            candidates[i] = 200 + i;
        }
        int[] historyA = moviesOf(0, 0, 10).stream().mapToInt(m -> data.catalog().items().indexOf(m)).toArray();
        int[] historyB = moviesOf(2, 0, 10).stream().mapToInt(m -> data.catalog().items().indexOf(m)).toArray();
        double[] a = new double[candidates.length];
        double[] b = new double[candidates.length];
        deepFm.score(RecRequest.builder(10).withUser("1", 0).withHistory(historyA).build(), CandidateBatch.ofItems(candidates), a);
        deepFm.score(RecRequest.builder(10).withUser("1", 0).withHistory(historyB).build(), CandidateBatch.ofItems(candidates), b);
        assertFalse(Arrays.equals(a, b), "the history did not change the scores");
        // candidates of cluster 0 gain against those of cluster 2 when the history is cluster 0's
        double gain0 = 0;
        double gain2 = 0;
        for (int i = 0; i < candidates.length; i++) {
            int c = gen.itemCluster(candidates[i]);
            if (c == 0) {
                gain0 += a[i] - b[i];
            } else if (c == 2) {
                gain2 += a[i] - b[i];
            }
        }
        assertTrue(gain0 > gain2, "cluster 0 " + gain0 + ", cluster 2 " + gain2);
    }
}
