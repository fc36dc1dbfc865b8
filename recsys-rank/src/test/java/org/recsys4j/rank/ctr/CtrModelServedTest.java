package org.recsys4j.rank.ctr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.rank.remote.ModelServer;
import org.recsys4j.rank.remote.Protocol;
import org.recsys4j.rank.remote.RemoteModel;
import org.recsys4j.rank.remote.ServedModel;
import org.recsys4j.rank.serving.FallbackCounter;
import org.recsys4j.rank.serving.FeatureRows;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.TensorSpec;

/**
 * A CTR model (bags of ids among its inputs) served by {@link ModelServer} and called by
 * {@link RemoteModel} over both protocols: the same scores as the local model, the bags' wire forms
 * (a list per TF-Serving instance, a {@code -1}-padded KServe tensor), the signature in the metadata,
 * and bad bags answered 400.
 */
class CtrModelServedTest {
    static final CtrSchema SCHEMA = CtrSchema.builder()
            .addCategorical("user", 8).addCategorical("item", 30).addMultiHot("tags", 6).addMultiHot("recent", 30)
            .addNumeric("price").addNumeric("age").build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static CtrModel model;
    static ModelServer server;

    /** Rows with bags of 0 to 3 tags and the request's history as the recent bag (empty for some). */
    static FeatureRows rows() {
        return FeatureRows.builder()
                .addId("user", (request, item) -> request.userIndex())
                .addId("item", (request, item) -> item)
                .addIdBag("tags", (request, item, ids) -> {
                    for (int k = 0; k < item % 4; k++) {
                        ids.accept((item + k) % 6);
                    }
                })
                .addIdBag("recent", (request, item, ids) -> {
                    for (int h : request.history()) {
                        ids.accept(h);
                    }
                })
                .addFloats("price", 1, (request, item, out, off) -> out[off] = item / 7f)
                .addFloats("age", 1, (request, item, out, off) -> out[off] = (item % 5) - 2.5f)
                .build();
    }

    @BeforeAll
    static void start() throws IOException {
        model = CtrModel.create(ModelSpec.deepFm(List.of("user", "item", "tags", "recent"), List.of("price", "age"), 4, 8),
                SCHEMA, 5);
        float[] p = model.parameters();
        Random r = new Random(3);
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) (r.nextGaussian() * 0.3);   // spread the scores (a fresh model scores all near 0.5)
        }
        model.setParameters(p);
        server = ModelServer.builder(ServedModel.of("ctr", 1, model)).withThreads(2).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void remoteScoresEqualTheLocalModelsOverBothProtocols() {
        FeatureRows rows = rows();
        int[] items = new int[40];
        for (int i = 0; i < items.length; i++) {
            items[i] = i;   // 30..39 are out of the model's item table: OOV
        }
        for (RecRequest request : List.of(RecRequest.builder(5).withUser("u", 3).withHistory(new int[] {4, 9, 12}).build(),
                RecRequest.builder(5).build())) {
            double[] local = new double[items.length];
            ModelRanker.builder("local", rows, model).build().score(request, CandidateBatch.ofItems(items), local);
            for (Protocol protocol : Protocol.values()) {
                FallbackCounter fallbacks = new FallbackCounter();
                RemoteModel remote = RemoteModel.builder(server.baseUri(), "ctr", rows.inputs()).withProtocol(protocol).build();
                double[] got = new double[items.length];
                ModelRanker.builder("remote", rows, remote).withBatchSize(16).withListener(fallbacks).build()
                        .score(request, CandidateBatch.ofItems(items), got);
                assertEquals(0, fallbacks.events(), protocol + ": " + fallbacks.lastCause());
                assertArrayEquals(local, got, 0.0, protocol.toString());
            }
        }
    }

    @Test
    void theMetadataShowsTheBagsAndBadBagsAreRejected() throws Exception {
        JsonNode meta = get("/v2/models/ctr");
        JsonNode tags = null;
        for (JsonNode in : meta.get("inputs")) {
            if (in.get("name").asText().equals("tags")) {
                tags = in;
            }
        }
        assertEquals("[-1,-1]", tags.get("shape").toString(), "a bag's width is variable");
        assertEquals(TensorSpec.idBag("tags"), SCHEMA.inputs().get(2));

        String instance = "{\"user\": [1], \"item\": [2], \"tags\": %s, \"recent\": [], \"price\": [0.5], \"age\": 1}";
        HttpResponse<String> ok = post("/v1/models/ctr:predict", "{\"instances\": [" + String.format(instance, "[1, 2]") + ", "
                + String.format(instance, "[]") + ", " + String.format(instance, "3") + "]}");
        assertEquals(200, ok.statusCode(), ok.body());
        HttpResponse<String> negative = post("/v1/models/ctr:predict", "{\"instances\": [" + String.format(instance, "[1, -3]") + "]}");
        assertEquals(400, negative.statusCode());
        assertTrue(negative.body().contains("id -3 in bag 'tags'"), negative.body());
        HttpResponse<String> fraction = post("/v1/models/ctr:predict", "{\"instances\": [" + String.format(instance, "[1.5]") + "]}");
        assertEquals(400, fraction.statusCode());
        assertTrue(fraction.body().contains("int64"), fraction.body());
        // KServe v2: a bag is a rectangular tensor padded with -1; the padding is dropped
        String kserve = "{\"inputs\": ["
                + "{\"name\": \"user\", \"shape\": [2, 1], \"datatype\": \"INT64\", \"data\": [1, 1]},"
                + "{\"name\": \"item\", \"shape\": [2, 1], \"datatype\": \"INT64\", \"data\": [2, 2]},"
                + "{\"name\": \"tags\", \"shape\": [2, 2], \"datatype\": \"INT64\", \"data\": [1, 2, -1, -1]},"
                + "{\"name\": \"recent\", \"shape\": [2, 0], \"datatype\": \"INT64\", \"data\": []},"
                + "{\"name\": \"price\", \"shape\": [2, 1], \"datatype\": \"FP32\", \"data\": [0.5, 0.5]},"
                + "{\"name\": \"age\", \"shape\": [2, 1], \"datatype\": \"FP32\", \"data\": [1, 1]}]}";
        HttpResponse<String> v2 = post("/v2/models/ctr/infer", kserve);
        assertEquals(200, v2.statusCode(), v2.body());
        JsonNode tf = new ObjectMapper().readTree(ok.body()).get("predictions");
        JsonNode data = new ObjectMapper().readTree(v2.body()).get("outputs").get(0).get("data");
        assertEquals(tf.get(0).asDouble(), data.get(0).asDouble(), 0.0, "[1, 2] is the same bag over both protocols");
        assertEquals(tf.get(1).asDouble(), data.get(1).asDouble(), 0.0, "an empty bag: all padding");
        HttpResponse<String> ragged = post("/v2/models/ctr/infer", kserve.replace("[1, 2, -1, -1]", "[1, 2, -1]"));
        assertEquals(400, ragged.statusCode());
        assertTrue(ragged.body().contains("tags"), ragged.body());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
