package org.recsys4j.examples.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.examples.ConsoleCapture;
import org.recsys4j.examples.bench.RawHttp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the server logs under bad requests, read from the real log (slf4j-simple writes to {@code System.out},
 * captured here): a burst of malformed requests of every kind Jetty refuses (bad {@code Host} authority,
 * port or IPv6 host, a second {@code Host}, no {@code Host}, a garbage request line, a bad escape in the
 * path, a bad {@code Content-Length}, an unknown HTTP version, an oversized header) gives one summary line,
 * not one line per request, and every request is still answered and counted; a server error (500) is still
 * logged at ERROR, each one.
 */
class ServerLogTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(null);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static byte[] raw(String request) {
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One request of each kind Jetty refuses while parsing, and the status it gets. */
    private static final List<String> MALFORMED = List.of(
            "GET /api/health HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n",
            "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:99999999\r\nConnection: close\r\n\r\n",
            "GET /api/health HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n",
            "GET /getmovie?id=1 HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n",
            "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n",
            "GARBAGE\r\n\r\n",
            "GET /api/movies/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
            "GET /api/health HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\nConnection: close\r\n\r\n");

    private static long malformedCount() throws Exception {
        return f.get("/api/metrics").body().get("http").get("malformed").asLong();
    }

    @Test
    void aBurstOfMalformedRequestsLogsOneSummaryLineNotOneLinePerRequest() throws Exception {
        long before = malformedCount();
        int burst = 0;
        console.out.reset();
        for (int round = 0; round < 30; round++) {
            for (String request : MALFORMED) {
                RawHttp.Answer a = RawHttp.exchange(f.server.port(), raw(request), false, 10_000);
                assertTrue(a != null && a.status() >= 400 && a.status() < 500, request.substring(0, Math.min(30, request.length())) + " -> " + (a == null ? null : a.text()));
                assertEquals(a.status(), a.json().get("status").asInt(), a.text());
                burst++;
            }
        }
        List<String> log = console.out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(burst, malformedCount() - before, "every refused request is counted");
        assertTrue(log.stream().noneMatch(l -> l.contains("org.eclipse.jetty.util.HostPort") || l.contains("org.eclipse.jetty.http.HttpParser")),
                "Jetty's per-request warnings: " + log);
        List<String> summaries = log.stream().filter(l -> l.contains("malformed request")).toList();
        assertTrue(log.size() <= 1, burst + " malformed requests gave " + log.size() + " log lines: " + log);
        // no other test here sends malformed requests: the server's first one is reported at once, the rest of
        // the burst (within the minute) waits for the next summary line
        assertEquals(0, before);
        assertEquals(1, summaries.size(), log.toString());
        assertTrue(summaries.get(0).contains("WARN org.recsys4j.examples.server.RecServer - 1 malformed request refused since the start (400: 1)"),
                summaries.get(0));
    }

    @Test
    void serverErrorsAreStillLoggedAtErrorEachOne() throws Exception {
        // a corrupt history in the store: the user's endpoints fail with a 500, which is a bug or bad data, not the client's
        String user = "424242";
        assertTrue(f.serving().store().write(s -> s.putBlob(ServingData.HISTORY, user, new byte[7])) || true);
        console.out.reset();
        for (int i = 0; i < 3; i++) {
            ServerFixture.Reply r = f.get("/getuser?id=" + user);
            assertEquals(500, r.status(), r.body().toString());
            assertEquals("internal error (IllegalStateException), see the server log", r.body().get("error").asText());
        }
        List<String> errors = console.out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("ERROR org.recsys4j.examples.server.RecServer - GET ") && l.endsWith("/getuser?id=" + user + " failed"))
                .toList();
        assertEquals(3, errors.size(), console.out.toString(StandardCharsets.UTF_8));
        assertTrue(console.out.toString(StandardCharsets.UTF_8).contains("history of user 424242: 7 bytes, not a multiple of 20"));
    }

    @Test
    void ordinaryRequestsLogNothing() throws IOException, InterruptedException {
        console.out.reset();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, f.get("/api/health").status());
            assertEquals(400, f.get("/getmovie?id=abc").status());   // the API's own 4xx: answered, counted, not logged
            assertEquals(404, f.get("/api/nothing").status());
        }
        assertEquals("", console.out.toString(StandardCharsets.UTF_8));
    }
}
