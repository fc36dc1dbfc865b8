package org.recsys4j.rank.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.rank.serving.FallbackCounter;
import org.recsys4j.rank.serving.FeatureRows;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.TensorSpec;
import org.recsys4j.core.pipeline.CandidateBatch;

/**
 * The remote model against recorded TF-Serving responses (replayed by {@link StubServer}), a server
 * that hangs, and a port nobody listens on: what is retried, how often, what fails at once, and what
 * the ranker falls back to.
 */
class TfServingRecordedTest {
    static final FeatureRows ROWS = FeatureRows.builder()
            .addUserId("user_id", 10)
            .addItemId("item_id", 20)
            .addFloats("dense", 3, (r, item, out, off) -> out[off] = item)
            .build();
    static final RecRequest REQUEST = RecRequest.builder(3).withUser("7", 6).build();

    StubServer stub;

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    RemoteModel.Builder model(URI base) {
        return RemoteModel.builder(base, "foo", ROWS.inputs())
                .withRequestTimeout(Duration.ofSeconds(2))
                .withInitialBackoff(Duration.ofMillis(5)).withMaxBackoff(Duration.ofMillis(20)).withJitter(0.5);
    }

    static InputBatch batch(int n) {
        int[] items = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = i;
        }
        return ROWS.rows(REQUEST, CandidateBatch.ofItems(items), 0, n);
    }

    @Test
    void successBodyGivesOneScorePerInstanceAndTheRequestIsTfServingShaped() throws IOException {
        stub.respond(StubServer.step(200, "predict_ok.json"));
        RemoteModel m = model(stub.baseUri()).withVersion(3).build();
        double[] out = new double[4];
        m.score(batch(3), out, 1);
        assertArrayEquals(new double[] {0, 0.731058538, 0.268941432, 0.5}, out, 0);
        assertEquals("/v1/models/foo/versions/3:predict", stub.paths.get(0));
        JsonNode sent = Wire.JSON.readTree(stub.bodies.get(0));
        assertEquals(3, sent.get("instances").size());
        JsonNode second = sent.get("instances").get(1);
        assertEquals("[7]", second.get("user_id").toString(), "user 6 -> id 7");
        assertEquals("[2]", second.get("item_id").toString(), "item 1 -> id 2");
        assertEquals("[1.0,0.0,0.0]", second.get("dense").toString());
    }

    @Test
    void servableNotFoundIsNotRetriedAndNamesTheServersMessage() {
        stub.respond(StubServer.step(404, "error_servable_not_found.json"));
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(4).build();
        RemoteModelException e = assertThrows(RemoteModelException.class, () -> m.score(batch(3), new double[3], 0));
        assertEquals(404, e.status());
        assertFalse(e.retryable());
        assertEquals(1, stub.hits(), "a 4xx is never retried");
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("Servable not found for request: Latest(foo)"),
                e.getMessage());
        assertEquals(CircuitBreaker.State.CLOSED, m.breaker().state(), "a 4xx does not count against the server");
    }

    @Test
    void malformedInstancesErrorIsNotRetried() {
        stub.respond(StubServer.step(400, "error_malformed_instances.json"));
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(4).build();
        RemoteModelException e = assertThrows(RemoteModelException.class, () -> m.score(batch(3), new double[3], 0));
        assertEquals(400, e.status());
        assertEquals(1, stub.hits());
        assertTrue(e.getMessage().contains("is not of expected type: float"), e.getMessage());
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilSuccess() {
        stub.respond(StubServer.step(500, "error_internal.json"), StubServer.step(503, "error_internal.json"),
                StubServer.step(200, "predict_ok.json"));
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(3).build();
        double[] out = new double[3];
        m.score(batch(3), out, 0);
        assertEquals(0.5, out[2]);
        assertEquals(3, stub.hits());
        assertEquals(3, m.attempts());
    }

    @Test
    void tooManyRequestsIsRetried() {
        stub.respond(new StubServer.Step(429, "{\"error\": \"too many requests\"}".getBytes(), 0),
                StubServer.step(200, "predict_ok.json"));
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(2).build();
        m.score(batch(3), new double[3], 0);
        assertEquals(2, stub.hits());
    }

    @Test
    void retryAfterLengthensTheBackoffUpToItsCap() {
        byte[] busy = "{\"error\": \"too many requests\"}".getBytes();
        stub.respond(new StubServer.Step(429, busy, 0, "1"), new StubServer.Step(503, busy, 0, "Wed, 21 Oct 2015 07:28:00 GMT"),
                StubServer.step(200, "predict_ok.json"));
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(3).withInitialBackoff(Duration.ofMillis(1)).withMaxBackoff(Duration.ofMillis(250)).withJitter(0).build();
        long t0 = System.nanoTime();
        m.score(batch(3), new double[3], 0);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, stub.hits());
        // Retry-After: 1 s capped at 250 ms, then an HTTP-date (ignored): the 2 ms backoff
        assertTrue(ms >= 250 && ms < 10_000, "took " + ms + " ms");
    }

    @Test
    void persistentServerErrorFailsAfterMaxAttempts() {
        stub.respond(StubServer.step(500, "error_internal.json"));
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(3).build();
        RemoteModelException e = assertThrows(RemoteModelException.class, () -> m.score(batch(3), new double[3], 0));
        assertEquals(500, e.status());
        assertTrue(e.retryable());
        assertEquals(3, e.attempts());
        assertEquals(3, stub.hits());
        assertTrue(e.getMessage().contains("Dst tensor is not initialized") && e.getMessage().contains("after 3 attempts"),
                e.getMessage());
    }

    @Test
    void invalidSuccessBodiesFailClearlyWithoutRetry() {
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(3).build();
        stub.respond(StubServer.step(200, "malformed_truncated.json"));
        RemoteModelException e = assertThrows(RemoteModelException.class, () -> m.score(batch(3), new double[3], 0));
        assertTrue(e.getMessage().contains("malformed response body"), e.getMessage());
        assertEquals(1, stub.hits());

        stub.respond(StubServer.step(200, "wrong_count.json"));
        e = assertThrows(RemoteModelException.class, () -> m.score(batch(3), new double[3], 0));
        assertTrue(e.getMessage().contains("expected 3 predictions (one per instance), got 1"), e.getMessage());

        stub.respond(StubServer.step(200, "non_numeric.json"));
        e = assertThrows(RemoteModelException.class, () -> m.score(batch(3), new double[3], 0));
        assertTrue(e.getMessage().contains("prediction 1 is not a number"), e.getMessage());
        assertEquals(3, stub.hits());
    }

    @Test
    void hangingServerHitsTheReadTimeoutOnEveryAttempt() throws IOException {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket hang = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hang.isClosed()) {
                    try {
                        accepted.add(hang.accept()); // read nothing, answer nothing
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RemoteModel m = model(URI.create("http://127.0.0.1:" + hang.getLocalPort()))
                    .withRequestTimeout(Duration.ofMillis(150)).withMaxAttempts(2).build();
            long t0 = System.nanoTime();
            RemoteModelException e = assertThrows(RemoteModelException.class, () -> m.score(batch(3), new double[3], 0));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.getMessage().contains("request timeout of 150 ms"), e.getMessage());
            assertTrue(e.retryable());
            assertEquals(2, e.attempts());
            assertEquals(2, m.attempts());
            assertTrue(ms >= 300 && ms < 10_000, "two 150 ms timeouts took " + ms + " ms");
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void theCallersDeadlineCutsAnAttemptShortAndStopsTheRetries() throws IOException {
        // a server that fails retryably: with a deadline before the first retry's backoff ends, one attempt only
        stub.respond(StubServer.step(503, "error_internal.json"));
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(5).withInitialBackoff(Duration.ofMillis(200))
                .withMaxBackoff(Duration.ofMillis(200)).withJitter(0).build();
        org.recsys4j.core.pipeline.Deadline soon = org.recsys4j.core.pipeline.Deadline.after(Duration.ofMillis(100));
        assertThrows(org.recsys4j.core.pipeline.DeadlineExceededException.class, () -> m.score(batch(3), new double[3], 0, soon));
        assertEquals(1, stub.hits(), "no retry after the deadline");
        assertEquals(1, m.breaker().consecutiveFailures(), "counted like an interrupted call");
        // a hanging server: the attempt's timeout is cut to the time left, not the 2 s request timeout
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket hang = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hang.isClosed()) {
                    try {
                        accepted.add(hang.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RemoteModel slow = model(URI.create("http://127.0.0.1:" + hang.getLocalPort())).withMaxAttempts(3).build();
            long t0 = System.nanoTime();
            org.recsys4j.core.pipeline.Deadline deadline = org.recsys4j.core.pipeline.Deadline.after(Duration.ofMillis(300));
            assertThrows(org.recsys4j.core.pipeline.DeadlineExceededException.class,
                    () -> slow.score(batch(3), new double[3], 0, deadline));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1, slow.attempts(), "the first attempt ends at the deadline, no retry starts");
            assertTrue(ms >= 250 && ms < 1_900, "ended after " + ms + " ms, not after the 2 s request timeout");
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
        // a far deadline changes nothing
        stub.respond(StubServer.step(200, "predict_ok.json"));
        double[] out = new double[3];
        m.score(batch(3), out, 0, org.recsys4j.core.pipeline.Deadline.after(Duration.ofMinutes(1)));
        assertTrue(out[0] != 0 || out[1] != 0 || out[2] != 0);
    }

    @Test
    void connectionRefusedIsRetriedThenReported() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RemoteModel m = model(URI.create("http://127.0.0.1:" + port)).withMaxAttempts(2).build();
        RemoteModelException e = assertThrows(RemoteModelException.class, () -> m.score(batch(2), new double[2], 0));
        assertTrue(e.retryable());
        assertEquals(2, m.attempts());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void breakerOpensAfterConsecutiveFailuresAndRecoversAfterTheCoolDown() {
        stub.respond(StubServer.step(500, "error_internal.json"));
        AtomicLong clock = new AtomicLong(); // hand-driven, so a slow machine cannot end the cool-down early
        CircuitBreaker breaker = CircuitBreaker.builder().withFailureThreshold(2).withCoolDown(Duration.ofMillis(300)).withClock(clock::get).build();
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(2).withCircuitBreaker(breaker).build();
        FallbackCounter counter = new FallbackCounter();
        ModelRanker ranker = ModelRanker.builder("remote", ROWS, m).withFallbackScore(-1).withListener(counter).build();
        double[] scores = new double[3];
        int[] items = {0, 1, 2};
        ranker.score(REQUEST, CandidateBatch.ofItems(items), scores);
        ranker.score(REQUEST, CandidateBatch.ofItems(items), scores);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(4, stub.hits(), "2 calls x 2 attempts");
        ranker.score(REQUEST, CandidateBatch.ofItems(items), scores);
        assertEquals(4, stub.hits(), "the open breaker does not call the server");
        assertEquals(1, m.refused());
        assertArrayEquals(new double[] {-1, -1, -1}, scores);
        assertTrue(counter.lastCause().orElseThrow() instanceof CircuitOpenException, String.valueOf(counter.lastCause()));
        assertEquals(3, counter.events());
        assertEquals(9, counter.candidates());

        clock.addAndGet(Duration.ofMillis(299).toNanos());
        ranker.score(REQUEST, CandidateBatch.ofItems(items), scores);
        assertEquals(4, stub.hits(), "still cooling down");
        clock.addAndGet(Duration.ofMillis(1).toNanos());
        stub.respond(StubServer.step(200, "predict_ok.json"));
        ranker.score(REQUEST, CandidateBatch.ofItems(items), scores);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "a successful trial closes the breaker");
        assertArrayEquals(new double[] {0.731058538, 0.268941432, 0.5}, scores, 0);
        assertEquals(4, counter.events());
        assertEquals(5, stub.hits(), "one trial call");
    }

    @Test
    void fallbackRankerScoresAFailedBatch() {
        stub.respond(StubServer.step(500, "error_internal.json"));
        RemoteModel m = model(stub.baseUri()).withMaxAttempts(1).build();
        Ranker popularity = new Ranker() {
            @Override
            public String name() {
                return "popularity";
            }

            @Override
            public void score(RecRequest request, CandidateBatch itemsBatch, double[] scores) {
                int[] items = itemsBatch.items();
                for (int i = 0; i < items.length; i++) {
                    scores[i] = 100 - items[i];
                }
            }
        };
        FallbackCounter counter = new FallbackCounter();
        ModelRanker ranker = ModelRanker.builder("remote", ROWS, m).withFallbackRanker(popularity).withBatchSize(2)
                .withListener(counter).build();
        double[] scores = new double[5];
        ranker.score(REQUEST, CandidateBatch.ofItems(new int[] {4, 3, 9, 0, 1}), scores);
        assertArrayEquals(new double[] {96, 97, 91, 100, 99}, scores, 0);
        assertEquals(3, counter.events(), "one event per failed batch of at most 2");
        assertEquals(5, counter.candidates());
    }

    @Test
    void backoffDoublesUpToTheCapWithBoundedJitter() {
        RemoteModel m = RemoteModel.builder(URI.create("http://127.0.0.1:1"), "foo", List.of(TensorSpec.id("x")))
                .withInitialBackoff(Duration.ofMillis(10)).withMaxBackoff(Duration.ofMillis(50)).withJitter(0.25).build();
        double[] base = {10, 20, 40, 50, 50};
        for (int retry = 1; retry <= 5; retry++) {
            for (int rep = 0; rep < 50; rep++) {
                double ms = m.backoff(retry) / 1e6;
                assertTrue(ms <= base[retry - 1] + 1e-9 && ms >= base[retry - 1] * 0.75 - 1e-9, "retry " + retry + ": " + ms);
            }
        }
    }

    @Test
    void badConfigurationIsRejected() {
        URI base = URI.create("http://127.0.0.1:8501");
        List<TensorSpec> in = List.of(TensorSpec.id("x"));
        assertThrows(IllegalArgumentException.class, () -> RemoteModel.builder(URI.create("ftp://x"), "foo", in).build());
        assertThrows(IllegalArgumentException.class, () -> RemoteModel.builder(base, "a/b", in).build());
        assertThrows(IllegalArgumentException.class, () -> RemoteModel.builder(base, "foo", in).withMaxAttempts(0).build());
        assertThrows(IllegalArgumentException.class, () -> RemoteModel.builder(base, "foo", in).withRequestTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class,
                () -> RemoteModel.builder(base, "foo", in).withInitialBackoff(Duration.ofMillis(5)).withMaxBackoff(Duration.ofMillis(1)).withJitter(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> RemoteModel.builder(base, "foo", in).withInitialBackoff(Duration.ofMillis(5)).withMaxBackoff(Duration.ofMillis(10)).withJitter(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> RemoteModel.builder(base, "foo", in).withVersion(-1).build());
        assertThrows(NullPointerException.class, () -> RemoteModel.builder(base, "foo", in).withProtocol(null).build());
    }
}
