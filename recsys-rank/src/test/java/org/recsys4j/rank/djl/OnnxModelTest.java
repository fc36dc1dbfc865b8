package org.recsys4j.rank.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.Utils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.rank.remote.ModelServer;
import org.recsys4j.rank.remote.Protocol;
import org.recsys4j.rank.remote.RemoteModel;
import org.recsys4j.rank.remote.ServedModel;
import org.recsys4j.rank.serving.FallbackCounter;
import org.recsys4j.rank.serving.FeatureRows;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.ScoringException;
import org.recsys4j.rank.serving.TensorSpec;
import org.recsys4j.core.pipeline.CandidateBatch;

/**
 * The DJL ranker on the committed tiny DeepFM-like ONNX model ({@code src/test/python/export_onnx.py}):
 * its scores match PyTorch's on the exporter's fixed inputs to 1e-5, and bad files fail clearly.
 */
class OnnxModelTest {
    static {
        // DJL must never reach the network in tests (its engine start-up pings EC2 metadata otherwise).
        System.setProperty("ai.djl.offline", "true");
    }

    static final int NUM_USERS = 10;
    static final int NUM_ITEMS = 20;
    static final List<TensorSpec> INPUTS = List.of(TensorSpec.id("user_id"), TensorSpec.id("item_id"),
            TensorSpec.floats("dense", 3));

    static OnnxModel model;
    static JsonNode expected;

    static Path resource(String name) {
        try {
            return Path.of(OnnxModelTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void load() throws IOException {
        assertTrue(Utils.isOfflineMode(), "DJL offline mode");
        model = OnnxModel.builder(resource("tiny_deepfm.onnx"), INPUTS).withPoolSize(2).build();
        try (InputStream in = OnnxModelTest.class.getResourceAsStream("tiny_deepfm_expected.json")) {
            expected = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static InputBatch expectedInputs() {
        int n = expected.get("score").size();
        InputBatch b = new InputBatch(INPUTS, n);
        for (int r = 0; r < n; r++) {
            b.longs("user_id")[r] = expected.get("inputs").get("user_id").get(r).asLong();
            b.longs("item_id")[r] = expected.get("inputs").get("item_id").get(r).asLong();
            for (int j = 0; j < 3; j++) {
                b.floats("dense")[r * 3 + j] = (float) expected.get("inputs").get("dense").get(r).get(j).asDouble();
            }
        }
        return b;
    }

    static double[] expectedScores() {
        double[] s = new double[expected.get("score").size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = expected.get("score").get(i).asDouble();
        }
        return s;
    }

    @Test
    void matchesTheExportersOutputsInOneBatch() {
        double[] want = expectedScores();
        double[] got = new double[want.length];
        model.score(expectedInputs(), got, 0);
        assertArrayEquals(want, got, 1e-5);
        // the scores spread out, so the comparison is not trivially about a constant
        assertTrue(want[6] - want[7] > 0.9);
    }

    @Test
    void rowByRowEqualsBatch() {
        InputBatch all = expectedInputs();
        double[] batch = new double[all.rows()];
        model.score(all, batch, 0);
        for (int r = 0; r < all.rows(); r++) {
            InputBatch one = new InputBatch(INPUTS, 1);
            one.longs(0)[0] = all.longs(0)[r];
            one.longs(1)[0] = all.longs(1)[r];
            System.arraycopy(all.floats(2), r * 3, one.floats(2), 0, 3);
            double[] s = new double[1];
            model.score(one, s, 0);
            assertEquals(batch[r], s[0], 1e-6, "row " + r);
        }
    }

    /** The full ranker: a request and dense item indices, through FeatureRows (ids + 1, OOV 0). */
    @Test
    void rankerScoresRequestsLikeTheExporter() {
        // row 2 of the exporter's inputs: user_id 3 (dense user 2), item_id 4 (dense item 3), dense (0.25, 0.5, -0.75)
        // row 3: same user and features, item_id 5 (dense item 4); row 5: item_id 0 = OOV.
        float[][] itemFeatures = new float[NUM_ITEMS][];
        for (int i = 0; i < NUM_ITEMS; i++) {
            itemFeatures[i] = new float[] {0.25f, 0.5f, -0.75f};
        }
        FeatureRows rows = FeatureRows.builder()
                .addUserId("user_id", NUM_USERS)
                .addItemId("item_id", NUM_ITEMS)
                .addItemFloats("dense", itemFeatures)
                .build();
        FallbackCounter counter = new FallbackCounter();
        ModelRanker ranker = ModelRanker.builder("tiny-deepfm", rows, model).withListener(counter).build();
        RecRequest request = RecRequest.builder(5).withUser("u3", 2).build();
        double[] want = expectedScores();
        double[] scores = new double[3];
        ranker.score(request, CandidateBatch.ofItems(new int[] {3, 4, 999}), scores);
        assertEquals(want[2], scores[0], 1e-5);
        assertEquals(want[3], scores[1], 1e-5);
        assertEquals(0, counter.events());
        // item 999 is unknown: OOV bucket and zero features (outside the table), a real score, not a failure
        InputBatch oov = new InputBatch(INPUTS, 1);
        oov.longs(0)[0] = 3;
        double[] s = new double[1];
        model.score(oov, s, 0);
        assertEquals(s[0], scores[2], 1e-7);

        List<Candidate> ranked = RankingChain.of(ranker).rank(request,
                List.of(Candidate.of(3, "x", 0, 0), Candidate.of(4, "x", 0, 1)));
        assertEquals(4, ranked.get(0).item(), "0.79 beats 0.011");
    }

    @Test
    void concurrentRequestsGetTheSameScores() throws Exception {
        double[] want = expectedScores();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<double[]>> tasks = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                tasks.add(() -> {
                    double[] got = new double[want.length];
                    for (int rep = 0; rep < 20; rep++) {
                        model.score(expectedInputs(), got, 0);
                    }
                    return got;
                });
            }
            for (Future<double[]> f : pool.invokeAll(tasks)) {
                assertArrayEquals(want, f.get(), 1e-5);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(model.predictorsCreated() <= 2, "pool size bounds the predictors: " + model.predictorsCreated());
    }

    /** The ONNX model served by ModelServer and called over both protocols: the same scores. */
    @Test
    void servedOverBothProtocolsGivesTheSameScores() throws IOException {
        double[] want = expectedScores();
        try (ModelServer server = ModelServer.builder(ServedModel.of("tiny_deepfm", 1, model)).build()) {
            for (Protocol protocol : Protocol.values()) {
                RemoteModel remote = RemoteModel.builder(server.baseUri(), "tiny_deepfm", INPUTS).withProtocol(protocol).build();
                double[] got = new double[want.length];
                remote.score(expectedInputs(), got, 0);
                assertArrayEquals(want, got, 1e-5, protocol.toString());
            }
        }
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.onnx");
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> OnnxModel.load(missing, INPUTS));
        assertTrue(e.getMessage().contains("nope.onnx") && e.getMessage().contains("no such"), e.getMessage());
    }

    @Test
    void corruptFileIsAClearError(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("corrupt.onnx");
        byte[] good = Files.readAllBytes(resource("tiny_deepfm.onnx"));
        Files.write(bad, java.util.Arrays.copyOf(good, good.length / 3));
        DataFileException e = assertThrows(DataFileException.class, () -> OnnxModel.load(bad, INPUTS));
        assertTrue(e.getMessage().contains("corrupt.onnx"), e.getMessage());
        assertEquals(bad.toString(), e.file());

        Path text = dir.resolve("text.onnx");
        Files.writeString(text, "this is not a model");
        assertThrows(DataFileException.class, () -> OnnxModel.load(text, INPUTS));
    }

    @Test
    void wrongSignatureIsAClearError() {
        Path file = resource("tiny_deepfm.onnx");
        DataFileException width = assertThrows(DataFileException.class, () -> OnnxModel.load(file,
                List.of(TensorSpec.id("user_id"), TensorSpec.id("item_id"), TensorSpec.floats("dense", 4))));
        assertTrue(width.getMessage().contains("dense") && width.getMessage().contains("tiny_deepfm.onnx"), width.getMessage());
        DataFileException name = assertThrows(DataFileException.class, () -> OnnxModel.load(file,
                List.of(TensorSpec.id("user"), TensorSpec.id("item_id"), TensorSpec.floats("dense", 3))));
        assertTrue(name.getMessage().contains("no input 'user'"), name.getMessage());
        DataFileException type = assertThrows(DataFileException.class, () -> OnnxModel.load(file,
                List.of(TensorSpec.floats("user_id", 1), TensorSpec.id("item_id"), TensorSpec.floats("dense", 3))));
        assertTrue(type.getMessage().contains("probe"), type.getMessage());
    }

    @Test
    void failedInferenceFallsBackAndIsCounted() {
        // A provider that writes ids past the embedding table: ONNX Runtime's Gather fails mid-request.
        FeatureRows broken = FeatureRows.builder()
                .addId("user_id", (r, item) -> 1_000_000L)
                .addItemId("item_id", NUM_ITEMS)
                .addFloats("dense", 3, (r, item, out, off) -> { })
                .build();
        FallbackCounter counter = new FallbackCounter();
        ModelRanker ranker = ModelRanker.builder("tiny-deepfm", broken, model).withFallbackScore(-1).withListener(counter).build();
        double[] scores = new double[2];
        ranker.score(RecRequest.builder(2).build(), CandidateBatch.ofItems(new int[] {1, 2}), scores);
        assertArrayEquals(new double[] {-1, -1}, scores);
        assertEquals(1, counter.events());
        assertEquals(2, counter.candidates());
        assertTrue(counter.lastCause().orElseThrow() instanceof ScoringException, String.valueOf(counter.lastCause()));
    }

    @Test
    void providerAndModelMustAgree() {
        FeatureRows rows = FeatureRows.builder().addUserId("user_id", NUM_USERS).addItemId("item_id", NUM_ITEMS).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelRanker.builder("x", rows, model).build());
        assertTrue(e.getMessage().contains("'dense'"), e.getMessage());
    }
}
