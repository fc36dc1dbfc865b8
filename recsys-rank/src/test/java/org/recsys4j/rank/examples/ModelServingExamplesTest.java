package org.recsys4j.rank.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.rank.djl.OnnxModel;
import org.recsys4j.rank.remote.CircuitBreaker;
import org.recsys4j.rank.remote.ModelServer;
import org.recsys4j.rank.remote.Protocol;
import org.recsys4j.rank.remote.RemoteModel;
import org.recsys4j.rank.remote.ServedModel;
import org.recsys4j.rank.serving.FallbackCounter;
import org.recsys4j.rank.serving.FeatureRows;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.core.pipeline.CandidateBatch;

/**
 * The examples of {@code docs/model-serving.md}, verbatim between the markers, so the documented
 * code compiles and runs.
 */
class ModelServingExamplesTest {
    static {
        System.setProperty("ai.djl.offline", "true");
    }

    static Path onnxFile() {
        try {
            return Path.of(ModelServingExamplesTest.class.getResource("/org/recsys4j/rank/djl/tiny_deepfm.onnx").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Candidate> recalled() {
        List<Candidate> recalled = new ArrayList<>();
        for (int item = 0; item < 25; item++) { // items 20..24 are unknown to the model: OOV bucket
            recalled.add(Candidate.of(item, "popular", 25 - item, item));
        }
        return recalled;
    }

    @Test
    void djlRanker() throws Exception {
        Path file = onnxFile(); // recsys-rank/src/test/resources/org/recsys4j/rank/djl/tiny_deepfm.onnx
        List<Candidate> recalled = recalled();
        // --- example: djl ---
        // The model's signature: user_id, item_id (int64 [batch, 1], 0 = OOV), dense (float32 [batch, 3]).
        float[][] itemFeatures = new float[20][];
        for (int i = 0; i < 20; i++) {
            itemFeatures[i] = new float[] {i / 20f, (i % 4) / 4f, -0.5f};
        }
        FeatureRows rows = FeatureRows.builder()
                .addUserId("user_id", 10)             // dense user index u -> u + 1, unknown -> 0
                .addItemId("item_id", 20)             // dense item index i -> i + 1, unknown -> 0
                .addItemFloats("dense", itemFeatures) // unknown item -> zeros
                .build();
        FallbackCounter fallbacks = new FallbackCounter();
        try (OnnxModel model = OnnxModel.builder(file, rows.inputs()).withPoolSize(2).build()) {
            ModelRanker ranker = ModelRanker.builder("tiny-deepfm", rows, model)
                    .withFallbackScore(0.0)         // if inference fails mid-request
                    .withListener(fallbacks)
                    .build();
            RecRequest request = RecRequest.builder(5).withUser("u3", 2).build();
            List<Candidate> top = RankingChain.builder().then(ranker, 5).build().rank(request, recalled);
            System.out.println(top.get(0).item() + " " + top.get(0).score() + ", fallbacks: " + fallbacks.events());
            // --- end ---
            assertEquals(5, top.size());
            assertEquals(0, fallbacks.events());
            assertTrue(top.get(0).score() > top.get(4).score());
        }
    }

    @Test
    void remoteRanker() throws Exception {
        Path file = onnxFile();
        float[][] itemFeatures = new float[20][3];
        FeatureRows rows = FeatureRows.builder()
                .addUserId("user_id", 10).addItemId("item_id", 20).addItemFloats("dense", itemFeatures).build();
        List<Candidate> recalled = recalled();
        // --- example: remote ---
        try (OnnxModel onnx = OnnxModel.load(file, rows.inputs());
             ModelServer server = ModelServer.builder(ServedModel.of("tiny_deepfm", 1, onnx))   // 127.0.0.1, a free port
                     .build()) {
            RemoteModel model = RemoteModel.builder(server.baseUri(), "tiny_deepfm", rows.inputs())
                    .withProtocol(Protocol.TF_SERVING)              // or Protocol.KSERVE_V2
                    .withConnectTimeout(Duration.ofMillis(200))
                    .withRequestTimeout(Duration.ofSeconds(1))      // per attempt
                    .withMaxAttempts(3)                              // retries 5xx, 429, timeouts, connection errors
                    .withInitialBackoff(Duration.ofMillis(20))      // doubling per retry,
                    .withMaxBackoff(Duration.ofMillis(200))         // up to 200 ms,
                    .withJitter(0.5)                                // minus up to half of it at random
                    .withCircuitBreaker(CircuitBreaker.builder().withFailureThreshold(5).withCoolDown(Duration.ofSeconds(10)).build())
                    .build();
            FallbackCounter fallbacks = new FallbackCounter();
            ModelRanker ranker = ModelRanker.builder("tiny-deepfm-remote", rows, model)
                    .withBatchSize(8)                               // at most 8 instances per request
                    .withThreads(2)                                 // two requests in flight
                    .withFallbackScore(0.0)
                    .withListener(fallbacks)
                    .build();
            RecRequest request = RecRequest.builder(5).withUser("u3", 2).build();
            List<Candidate> top = RankingChain.builder().then(ranker, 5).build().rank(request, recalled);
            System.out.println(top + ", calls: " + model.calls() + ", fallbacks: " + fallbacks.events());
            // --- end ---
            assertEquals(4, model.calls(), "25 candidates in batches of 8");
            assertEquals(0, fallbacks.events());
            double[] local = new double[recalled.size()];
            int[] items = recalled.stream().mapToInt(Candidate::item).toArray();
            ModelRanker.builder("local", rows, onnx).build().score(request, CandidateBatch.ofItems(items), local);
            assertEquals(local[top.get(0).item()], top.get(0).score(), 1e-6);
        }
    }
}
