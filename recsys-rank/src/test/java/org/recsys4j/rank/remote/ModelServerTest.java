package org.recsys4j.rank.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.FallbackCounter;
import org.recsys4j.rank.serving.FeatureRowProvider;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.TensorSpec;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.CandidateBatch;

/**
 * The remote ranker against a real {@link ModelServer} on a free loopback port, over both protocols,
 * and the server's status, metadata and error answers.
 */
class ModelServerTest {
    static final int USERS = 30;
    static final int ITEMS = 200;
    static final int DIM = 8;
    static float[][] userVectors;
    static float[][] itemVectors;
    static Ranker dot;
    static ModelServer server;
    static final AtomicInteger wideCalls = new AtomicInteger();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A weighted sum of a 3-wide float input: a model with a non-ranker signature. */
    static final BatchScorer WEIGHTED = new BatchScorer() {
        @Override
        public List<TensorSpec> inputs() {
            return List.of(TensorSpec.floats("x", 3));
        }

        @Override
        public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
            wideCalls.incrementAndGet();
            float[] x = batch.floats(0);
            for (int r = 0; r < batch.rows(); r++) {
                out[offset + r] = x[3 * r] + 2 * x[3 * r + 1] + 4 * x[3 * r + 2];
            }
        }
    };

    static final BatchScorer FAILING = new BatchScorer() {
        @Override
        public List<TensorSpec> inputs() {
            return List.of(TensorSpec.floats("x", 3));
        }

        @Override
        public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
            throw new IllegalStateException("out of memory in the model runtime");
        }
    };

    @BeforeAll
    static void start() throws IOException {
        Random rnd = new Random(11);
        userVectors = new float[USERS][DIM];
        itemVectors = new float[ITEMS][DIM];
        for (float[][] m : new float[][][] {userVectors, itemVectors}) {
            for (float[] v : m) {
                for (int j = 0; j < DIM; j++) {
                    v[j] = (float) rnd.nextGaussian();
                }
            }
        }
        dot = new Ranker() {
            @Override
            public String name() {
                return "dot";
            }

            @Override
            public void score(RecRequest request, CandidateBatch itemsBatch, double[] scores) {
                int[] items = itemsBatch.items();
                for (int i = 0; i < items.length; i++) {
                    scores[i] = request.userIndex() < 0 || items[i] >= ITEMS ? 0
                            : Vectors.dot(userVectors[request.userIndex()], itemVectors[items[i]]);
                }
            }
        };
        Ranker zero = new Ranker() {
            @Override
            public String name() {
                return "zero";
            }

            @Override
            public void score(RecRequest request, CandidateBatch itemsBatch, double[] scores) {
                int[] items = itemsBatch.items();
                java.util.Arrays.fill(scores, 0, items.length, 0.0);
            }
        };
        server = ModelServer.builder(
                ServedModel.builder("dot").addVersion(1, ServedModel.scorerOf(zero))
                        .addVersion(2, ServedModel.scorerOf(dot)).build())
                .add(ServedModel.of("weighted", 1, WEIGHTED))
                .add(ServedModel.of("failing", 1, FAILING))
                .build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static int[] items(int n, long seed) {
        Random rnd = new Random(seed);
        int[] items = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = rnd.nextInt(ITEMS);
        }
        return items;
    }

    void remoteRankerEqualsTheServedRanker(Protocol protocol) {
        FeatureRowProvider rows = ServedModel.rankerRows();
        RemoteModel model = RemoteModel.builder(server.baseUri(), "dot", rows.inputs()).withProtocol(protocol)
                .withRequestTimeout(Duration.ofSeconds(20)).build(); // no timeout retries on a loaded machine
        FallbackCounter counter = new FallbackCounter();
        ModelRanker remote = ModelRanker.builder("dot-remote", rows, model).withBatchSize(16).withThreads(3)
                .withListener(counter).build();
        for (int user = -1; user < USERS; user += 7) {
            RecRequest request = RecRequest.builder(10).withUser(null, user).build();
            int[] items = items(100, user + 100);
            double[] want = new double[items.length];
            double[] got = new double[items.length];
            dot.score(request, CandidateBatch.ofItems(items), want);
            remote.score(request, CandidateBatch.ofItems(items), got);
            assertArrayEquals(want, got, 0, "user " + user + " over " + protocol);
        }
        assertEquals(0, counter.events());
        assertEquals(5 * 7, model.calls(), "100 candidates in batches of 16 = 7 calls per request");
        assertEquals(model.calls(), model.attempts());
    }

    @Test
    void tfServingProtocolRoundTripsExactly() {
        remoteRankerEqualsTheServedRanker(Protocol.TF_SERVING);
    }

    @Test
    void kserveProtocolRoundTripsExactly() {
        remoteRankerEqualsTheServedRanker(Protocol.KSERVE_V2);
    }

    @Test
    void versionsArePinnedOrLatest() {
        FeatureRowProvider rows = ServedModel.rankerRows();
        RecRequest request = RecRequest.builder(2).withUser(null, 3).build();
        double[] v1 = new double[2];
        ModelRanker.builder("v1", rows, RemoteModel.builder(server.baseUri(), "dot", rows.inputs()).withVersion(1).build())
                .build().score(request, CandidateBatch.ofItems(new int[] {5, 6}), v1);
        assertArrayEquals(new double[] {0, 0}, v1, 0);
        double[] latest = new double[2];
        ModelRanker.builder("latest", rows, RemoteModel.builder(server.baseUri(), "dot", rows.inputs()).build())
                .build().score(request, CandidateBatch.ofItems(new int[] {5, 6}), latest);
        assertEquals(Vectors.dot(userVectors[3], itemVectors[5]), latest[0], 0);
    }

    @Test
    void remoteRankerInARankingChain() {
        FeatureRowProvider rows = ServedModel.rankerRows();
        ModelRanker remote = ModelRanker.builder("dot-remote", rows,
                RemoteModel.builder(server.baseUri(), "dot", rows.inputs()).build()).build();
        RecRequest request = RecRequest.builder(5).withUser(null, 4).build();
        List<Candidate> recalled = new java.util.ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            recalled.add(Candidate.of(i, "all", 0, i));
        }
        List<Candidate> ranked = RankingChain.builder().then(remote, 5).build().rank(request, recalled);
        int best = 0;
        for (int i = 1; i < ITEMS; i++) {
            if (Vectors.dot(userVectors[4], itemVectors[i]) > Vectors.dot(userVectors[4], itemVectors[best])) {
                best = i;
            }
        }
        assertEquals(best, ranked.get(0).item());
        assertEquals(5, ranked.size());
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return Wire.JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String fragment) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("application/json"));
        String error = json(r).get("error").asText();
        assertTrue(error.contains(fragment), error);
    }

    @Test
    void tfServingPredictWithScalarsNestedValuesAndPlainLists() throws Exception {
        HttpResponse<String> r = post("/v1/models/weighted:predict", "{\"instances\": [{\"x\": [1, 1, 1]}, {\"x\": [0.5, 0, 2]}]}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("[7.0,8.5]", json(r).get("predictions").toString());
        r = post("/v1/models/weighted/versions/1:predict", "{\"signature_name\": \"serving_default\", \"instances\": [[1, 0, 0]]}");
        assertEquals("[1.0]", json(r).get("predictions").toString(), "a plain list for a one-input model");
        r = post("/v1/models/dot:predict", "{\"instances\": [{\"user_index\": 2, \"item_index\": [7]}]}");
        assertEquals(Vectors.dot(userVectors[2], itemVectors[7]), json(r).get("predictions").get(0).asDouble(), 0);
    }

    @Test
    void kserveInferAnswersTensorsAndEchoesTheId() throws Exception {
        HttpResponse<String> r = post("/v2/models/weighted/infer", "{\"id\": \"req-1\", \"inputs\": [{\"name\": \"x\", "
                + "\"shape\": [2, 3], \"datatype\": \"FP32\", \"data\": [1, 1, 1, 0.5, 0, 2]}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode root = json(r);
        assertEquals("weighted", root.get("model_name").asText());
        assertEquals("1", root.get("model_version").asText());
        assertEquals("req-1", root.get("id").asText());
        JsonNode out = root.get("outputs").get(0);
        assertEquals("score", out.get("name").asText());
        assertEquals("[2,1]", out.get("shape").toString());
        assertEquals("[7.0,8.5]", out.get("data").toString());
    }

    @Test
    void statusAndMetadataEndpoints() throws Exception {
        JsonNode status = json(get("/v1/models/dot"));
        assertEquals(2, status.get("model_version_status").size());
        JsonNode latest = status.get("model_version_status").get(0);
        assertEquals("2", latest.get("version").asText());
        assertEquals("AVAILABLE", latest.get("state").asText());
        assertEquals("OK", latest.get("status").get("error_code").asText());
        assertEquals(1, json(get("/v1/models/dot/versions/1")).get("model_version_status").size());

        JsonNode meta = json(get("/v1/models/weighted/metadata"));
        JsonNode x = meta.at("/metadata/signature_def/signature_def/serving_default/inputs/x");
        assertEquals("DT_FLOAT", x.get("dtype").asText());
        assertEquals("3", x.at("/tensor_shape/dim/1/size").asText());

        JsonNode v2 = json(get("/v2/models/dot"));
        assertEquals("[\"1\",\"2\"]", v2.get("versions").toString());
        assertEquals("INT64", v2.at("/inputs/0/datatype").asText());
        assertTrue(json(get("/v2/models/dot/ready")).get("ready").asBoolean());
        assertTrue(json(get("/v2/health/live")).get("live").asBoolean());
        assertTrue(json(get("/v2/health/ready")).get("ready").asBoolean());
    }

    @Test
    void errorsAreJsonWithTheRightStatus() throws Exception {
        assertError(post("/v1/models/foo:predict", "{\"instances\": []}"), 404, "Servable not found for request: Latest(foo)");
        assertError(post("/v1/models/dot/versions/9:predict", "{\"instances\": []}"), 404,
                "Servable not found for request: Specific(dot, 9)");
        assertError(get("/v1/models/foo"), 404, "Could not find any versions of model foo");
        assertError(post("/v1/models/dot:predict", "{\"instances\": [{\"user_index\": 1}]}"), 400,
                "does not have named input: item_index");
        assertError(post("/v1/models/weighted:predict", "{\"instances\": [{\"x\": [1, 2]}]}"), 400,
                "Expecting tensor size: 3 but got: 2");
        assertError(post("/v1/models/weighted:predict", "{\"instances\": [{\"x\": \"a\"}]}"), 400,
                "is not of expected type: float");
        assertError(post("/v1/models/dot:predict", "{\"instances\": [[1, 2]]}"), 400, "instances is a plain list");
        assertError(post("/v1/models/dot:predict", "{\"instances\": [{\"user_index\": 1.5, \"item_index\": 2}]}"), 400,
                "int64");
        assertError(post("/v1/models/dot:predict", "{\"instances\": [{\"user_index\": 1, \"item_index\": -3}]}"), 400,
                "item_index of instance 0: -3");
        assertError(post("/v1/models/dot:predict", "{\"inputs\": {}}"), 400, "Missing 'inputs' or 'instances' key");
        assertError(post("/v1/models/dot:predict", "{\"instances\": [{\"user_index\""), 400, "JSON Parse error");
        assertError(get("/v1/models/dot:predict"), 405, "use POST");
        assertError(post("/v1/models/failing:predict", "{\"instances\": [{\"x\": [1, 2, 3]}]}"), 500,
                "out of memory in the model runtime");
        assertError(post("/v2/models/weighted/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], \"datatype\": "
                + "\"INT64\", \"data\": [1, 2, 3]}]}"), 400, "datatype INT64, expected FP32");
        assertError(post("/v2/models/weighted/infer", "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 3], \"datatype\": "
                + "\"FP32\", \"data\": [1, 2, 3]}]}"), 400, "3 values for shape [2,3]");
        assertError(post("/v2/models/weighted/infer", "{\"inputs\": [{\"name\": \"y\", \"shape\": [1, 3], \"datatype\": "
                + "\"FP32\", \"data\": [1, 2, 3]}]}"), 400, "expected input 'x'");
        assertError(get("/nothing/here"), 404, "Malformed request");
        assertError(post("/v1/models/dot/versions/x:predict", "{}"), 400, "Failed to convert version");
    }

    @Test
    void oversizedBodiesGet413() throws Exception {
        try (ModelServer small = ModelServer.builder().withMaxBodyBytes(100).add(ServedModel.of("weighted", 1, WEIGHTED)).build()) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(small.baseUri() + "/v1/models/weighted:predict"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + "[1,2,3],".repeat(50) + "[1,2,3]]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode(), r.body());
        }
    }

    @Test
    void remoteClientReportsTheServersErrorMessage() {
        RemoteModel model = RemoteModel.builder(server.baseUri(), "failing", List.of(TensorSpec.floats("x", 3)))
                .withProtocol(Protocol.KSERVE_V2).withMaxAttempts(2).build();
        RemoteModelException e = assertThrows(RemoteModelException.class,
                () -> model.score(new InputBatch(model.inputs(), 2), new double[2], 0));
        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("out of memory in the model runtime"), e.getMessage());
        assertEquals(2, model.attempts());
    }

    @Test
    void serverConfigurationIsChecked() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelServer.builder().build())
                .getMessage().contains("models: none"));
        assertThrows(IllegalArgumentException.class, () -> ServedModel.builder("a b").addVersion(1, WEIGHTED).build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServedModel.builder("a").build())
                .getMessage().contains("versions: none"));
        assertThrows(IllegalArgumentException.class, () -> ServedModel.builder("a").addVersion(1, WEIGHTED).addVersion(1, WEIGHTED).build());
        assertThrows(IllegalArgumentException.class, () -> ServedModel.builder("a").addVersion(0, WEIGHTED).build());
        assertThrows(IllegalArgumentException.class,
                () -> ModelServer.builder(ServedModel.of("w", 1, WEIGHTED)).add(ServedModel.of("w", 2, WEIGHTED)).build());
        assertThrows(IllegalArgumentException.class,
                () -> ModelServer.builder(ServedModel.of("w", 1, WEIGHTED)).withPort(70_000).build());
        assertThrows(IllegalArgumentException.class,
                () -> ModelServer.builder(ServedModel.of("w", 1, WEIGHTED)).withThreads(0).build());
    }
}
