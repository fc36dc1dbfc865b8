package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsys4j.examples.bench.HttpFuzz;
import org.recsys4j.examples.bench.RawHttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server under malformed requests sent byte for byte with a raw socket client ({@link RawHttp}): a seeded
 * fuzz run of every endpoint and page, and each class of bad input with its exact status and message: bad
 * escapes and non-UTF-8 queries, strict numbers, strict JSON bodies, Jetty's own errors, methods, size limits.
 */
class HttpRobustnessTest {
    private static ServerFixture f;
    private static long movie;
    private static long user;
    private static String genre;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(null);
        movie = f.data.catalog().items().longId(0);
        user = f.data.ratings().users().longId(0);
        genre = f.data.catalog().genreNames(0).get(0);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static RawHttp.Answer send(String method, String target, String headers, byte[] body) throws IOException {
        return RawHttp.exchange(f.server.port(), RawHttp.request(method, target, headers, body), method.equals("HEAD"), 30_000);
    }

    private static RawHttp.Answer get(String target) throws IOException {
        return send("GET", target, null, null);
    }

    private static RawHttp.Answer post(String body) throws IOException {
        return send("POST", "/api/feedback", "Content-Type: application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts a JSON error with the status whose message contains every fragment. */
    private static void assertError(int status, RawHttp.Answer a, String what, String... fragments) {
        assertEquals(status, a.status(), what + " -> " + a.text());
        assertNull(HttpFuzz.problem(new HttpFuzz.Case("check", "GET", new byte[0]), a), what);
        String error = a.json().get("error").asText();
        for (String fragment : fragments) {
            assertTrue(error.contains(fragment), what + ": '" + error + "' should contain '" + fragment + "'");
        }
    }

    @Test
    void aFuzzRunOfEveryEndpointGetsNoServerErrorAndOnlyJsonErrors() throws Exception {
        List<HttpFuzz.Case> cases = new HttpFuzz(movie, user, genre, 16).cases(3000);
        Map<String, Integer> byClass = Collections.synchronizedMap(new TreeMap<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (HttpFuzz.Case c : cases) {
                done.add(pool.submit(() -> {
                    RawHttp.Answer a;
                    try {
                        a = RawHttp.exchange(f.server.port(), c.bytes(), c.head(), 30_000);
                        if (a == null) {
                            // Jetty, rarely, closes a connection the client half-closed right after a malformed
                            // request line before its 400 is written (seen once in CI in >60,000 such cases,
                            // never reproduced here): the same bytes again must be answered
                            unanswered.add(c.kinds() + " " + c.line());
                            a = RawHttp.exchange(f.server.port(), c.bytes(), c.head(), 30_000);
                        }
                    } catch (IOException e) {
                        problems.add(c.kinds() + " " + c.line() + ": " + e);
                        return;
                    }
                    byClass.merge(HttpFuzz.statusClass(a == null ? 0 : a.status()), 1, Integer::sum);
                    String p = HttpFuzz.problem(c, a);
                    if (p != null) {
                        problems.add(c.kinds() + " " + c.line() + ": " + p);
                    }
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("fuzz, 3000 cases by status class: " + byClass + "; closed unanswered at first try: " + unanswered);
        assertTrue(unanswered.size() <= 3, "closed without an answer at the first try: " + unanswered);
        assertTrue(problems.isEmpty(), problems.size() + " problems, e.g. " + problems.subList(0, Math.min(15, problems.size())));
        assertEquals(3000, byClass.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(Map.of(), Map.copyOf(new TreeMap<>(byClass).tailMap("5xx")), "server errors: " + byClass);
        assertTrue(byClass.getOrDefault("4xx", 0) > 1500, "most cases are refused: " + byClass);
        assertTrue(byClass.getOrDefault("2xx", 0) > 100, "the valid cases are answered: " + byClass);
        // the server kept count of the same, and is still well
        @SuppressWarnings("unchecked")
        Map<String, Long> responses = (Map<String, Long>) f.server.httpStats().get("responses");
        assertTrue(responses.keySet().stream().noneMatch(s -> s.startsWith("5")), responses.toString());
        assertEquals(200, get("/api/health").status());
    }

    @Test
    void malformedQueriesAre400OnEveryPathNamingTheParameter() throws Exception {
        List<String> paths = new ArrayList<>();
        for (String t : HttpFuzz.TEMPLATES) {
            if (t.startsWith("GET ")) {
                String target = t.substring(4).replace("{movie}", Long.toString(movie)).replace("{user}", Long.toString(user))
                        .replace("{genre}", genre);
                paths.add(target.contains("?") ? target.substring(0, target.indexOf('?')) : target);
            }
        }
        assertTrue(paths.size() >= 20, paths.toString());
        String[][] cases = {
            {"id=%ff", "parameter 'id'", "not UTF-8"},
            {"id=%zz", "parameter 'id'", "'%zz' is not a %-escape"},
            {"id=1%", "parameter 'id'", "'%' is not a %-escape"},
            {"id=%4", "parameter 'id'", "'%4' is not a %-escape"},
            {"id=%C0%AF", "parameter 'id'", "not UTF-8"},
            {"id=%ED%A0%80", "parameter 'id'", "not UTF-8"},
            {"id=1%00", "parameter 'id'", "control character U+0000"},
            {"x=%0A", "parameter 'x'", "control character U+000A"},
            {"%ff=1", "parameter name", "not UTF-8"},
            {"=1", "no parameter name"},
            {"a=\u00ff", "parameter 'a'", "not UTF-8"},
        };
        for (String path : paths) {
            for (String[] c : cases) {
                RawHttp.Answer a = get(path + "?" + c[0]);
                String[] fragments = java.util.Arrays.copyOfRange(c, 1, c.length);
                assertError(400, a, path + "?" + c[0], fragments);
            }
        }
        // and on the feedback endpoint, before its body is read
        assertError(400, send("POST", "/api/feedback?x=%ff", "Content-Type: application/json", "{}".getBytes(StandardCharsets.UTF_8)),
                "feedback", "parameter 'x'");
        // valid UTF-8, raw or escaped, is text: a genre in another script is a 404 naming it
        assertError(404, get("/getrecommendation?genre=%C3%A9t%C3%A9"), "escaped", "no genre '\u00e9t\u00e9'");
        assertError(404, get("/getrecommendation?genre=\u00c3\u00a9t\u00c3\u00a9"), "raw UTF-8", "no genre '\u00e9t\u00e9'");
        assertError(400, get("/getmovie?id=1&id=2"), "twice", "parameter 'id': given 2 times ('1', '2')");
        assertEquals(200, get("/getmovie?id=" + movie + "&x=1&x=2").status(), "an unread parameter may repeat");
        assertEquals(200, get("/getmovie?id=" + movie + "&&flag&").status(), "empty pairs and flags are fine");
    }

    @Test
    void idsAndNumbersAreStrict() throws Exception {
        String u = Long.toString(user);
        Object[][] cases = {
            {"/getmovie?id=1%00", 400, "parameter 'id'", "U+0000"},
            {"/getmovie?id=%EF%BC%91", 400, "parameter 'id': '\uff11' is not a number"},
            {"/getmovie?id=%D9%A1", 400, "parameter 'id': '\u0661' is not a number"},
            {"/getmovie?id=%2B" + movie, 400, "parameter 'id': '+" + movie + "' is not a number"},
            {"/getmovie?id=%20" + movie, 400, "is not a number"},
            {"/getmovie?id=" + movie + "+", 400, "is not a number"},
            {"/getmovie?id=" + movie + "%09", 400, "U+0009"},
            {"/getmovie?id=1e3", 400, "'1e3' is not a number"},
            {"/getmovie?id=1.0", 400, "'1.0' is not a number"},
            {"/getmovie?id=0x10", 400, "is not a number"},
            {"/getmovie?id=NaN", 400, "is not a number"},
            {"/getmovie?id=-", 400, "'-' is not a number"},
            {"/getmovie?id=0", 400, "parameter 'id': 0, must be >= 1"},
            {"/getmovie?id=-3", 400, "parameter 'id': -3, must be >= 1"},
            {"/getmovie?id=9223372036854775808", 400, "'9223372036854775808', must be in [1, 9223372036854775807]"},
            {"/getmovie?id=9223372036854775807", 404, "no movie with id 9223372036854775807"},
            {"/getmovie?id=00" + movie, 200},
            {"/getuser?id=%EF%BC%91", 400, "parameter 'id'"},
            {"/api/movies/%EF%BC%91", 400, "parameter 'id': '\uff11' is not a number"},
            {"/api/movies/1%20", 400, "parameter 'id': '1 ' is not a number"},
            {"/api/movies/1%2525", 400, "bad request"},   // Jetty refuses an encoded %: ambiguous
            {"/api/movies/" + movie + ";x=2", 200},
            {"/api/movies/" + movie + "/similar/../../" + movie, 200},
            {"/api/users/%2B" + u, 400, "parameter 'id'"},
            {"/api/users/" + u + "/recommendations?k=%EF%BC%95", 400, "parameter 'k': '\uff15' is not a number"},
            {"/api/users/" + u + "/recommendations?k=501", 400, "parameter 'k': 501, must be in [1, 500]"},
            {"/api/users/" + u + "/recommendations?k=99999999999999999999", 400, "must be in [1, 500]"},
            {"/getrecforyou?id=" + u + "&size=%205", 400, "parameter 'size'"},
            {"/getrecforyou?size=5", 400, "missing parameter 'id'"},
            {"/getrecforyou?id=&size=5", 400, "missing parameter 'id'"},
            {"/getsimilarmovie?movieId=" + movie + "&size=1e1", 400, "parameter 'size': '1e1' is not a number"},
            {"/api/map?limit=1e3", 400, "parameter 'limit': '1e3' is not a number"},
            {"/api/map?limit=%EF%BC%91%EF%BC%90", 400, "parameter 'limit'"},
            {"/api/genres/" + genre + "?k=-1", 400, "parameter 'k': -1, must be in [1, 500]"},
            {"/getrecforyou?id=" + u + "&model=emb%00", 400, "parameter 'model': control character U+0000"},
            {"/getrecforyou?id=" + u + "&model=%20emb", 200},   // an unknown model is the default, as in the source
            {"/api/users/" + u + "/recommendations?pipeline=%20emb", 400, "unknown pipeline ' emb'"},
            {"/api/map?model=item2vec%E2%80%AE", 400, "unknown model 'item2vec\\u202e'"},
            {"/getrecommendation?genre=" + genre + "%E2%80%8B", 404, "no genre '" + genre + "\\u200b'"},
            {"/getrecommendation?genre=" + genre + "&sortby=rating%0A", 400, "U+000A"},
            {"/api/map?method=" + "x".repeat(500), 400, "... (500 characters)"},
        };
        for (Object[] c : cases) {
            String target = (String) c[0];
            RawHttp.Answer a = get(target);
            if ((int) c[1] == 200) {
                assertEquals(200, a.status(), target + " -> " + a.text());
                continue;
            }
            String[] fragments = new String[c.length - 2];
            for (int i = 2; i < c.length; i++) {
                fragments[i - 2] = (String) c[i];
            }
            assertError((int) c[1], a, target, fragments);
        }
    }

    @Test
    void feedbackBodiesAreStrictAndARefusedBodyChangesNothing() throws Exception {
        long u = f.data.ratings().users().longId(3);
        JsonNode history = f.get("/api/users/" + u).body().get("history");
        int before = history.size();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        history.forEach(h -> seen.add(h.get("movieId").asLong()));
        long unseen = java.util.stream.IntStream.range(0, f.data.catalog().size()).mapToLong(i -> f.data.catalog().items().longId(i))
                .filter(m -> !seen.contains(m)).findFirst().orElseThrow();
        String ok = "{\"userId\": " + u + ", \"movieId\": " + unseen + ", \"rating\": 4, \"timestamp\": 1700000000}";
        String[][] cases = {
            {ok + "garbage", "body: not one JSON object"},
            {ok + " {}", "body: not one JSON object"},
            {ok + ok, "body: not one JSON object"},
            {"{\"userId\": " + u + ", \"userId\": 2, \"movieId\": " + unseen + ", \"rating\": 4}", "Duplicate field 'userId'"},
            {ok.replace("1700000000", "1e30"), "field 'timestamp': '1.0E30' is not a whole number"},
            {ok.replace("1700000000", "1700000000000"), "field 'timestamp': 1700000000000, must be in [0, 253402300799] (seconds"},
            {ok.replace("1700000000", "-1"), "field 'timestamp': -1, must be in"},
            {ok.replace("1700000000", "1.5"), "field 'timestamp': '1.5' is not a whole number"},
            {ok.replace("1700000000", "\"1700000000\""), "field 'timestamp': the string '1700000000', must be a JSON integer"},
            {ok.replace("\"userId\": " + u, "\"userId\": \"" + u + "\""), "field 'userId': the string '" + u + "'"},
            {ok.replace("\"userId\": " + u, "\"userId\": " + u + ".0"), "field 'userId': '" + u + ".0' is not a whole number"},
            {ok.replace("\"userId\": " + u, "\"userId\": 99999999999999999999"), "field 'userId': '99999999999999999999', must be in"},
            {ok.replace("\"userId\": " + u, "\"userId\": 0"), "field 'userId': 0, must be in [1, "},
            {ok.replace("\"userId\": " + u, "\"userId\": true"), "field 'userId': the boolean true"},
            {ok.replace("\"userId\": " + u + ", ", ""), "field 'userId': missing"},
            {ok.replace("\"movieId\": " + unseen, "\"movieId\": [" + unseen + "]"), "field 'movieId': an array"},
            {ok.replace("\"rating\": 4", "\"rating\": \"4\""), "field 'rating': the string '4', must be a JSON number"},
            {ok.replace("\"rating\": 4", "\"rating\": NaN"), "body: not one JSON object"},
            {ok.replace("\"rating\": 4", "\"rating\": 1e400"), "field 'rating': 'Infinity', must be in [0.5, 5.0]"},
            {ok.replace("\"rating\": 4", "\"rating\": 5.01"), "field 'rating': '5.01', must be in [0.5, 5.0]"},
            {ok.replace("\"rating\": 4", "\"rating\": 4, \"timestmap\": 1"), "field 'timestmap': unknown; the fields are userId, movieId, rating, timestamp"},
            {"[" + ok + "]", "body: an array, expected a JSON object"},
            {"null", "body: null, expected a JSON object"},
            {"", "body: empty"},
            {"{\"userId\": " + u + ",}", "body: not one JSON object"},
            {"[".repeat(5000), "body: not one JSON object"},
        };
        for (String[] c : cases) {
            assertError(400, post(c[0]), c[0].length() > 80 ? c[0].substring(0, 80) : c[0], c[1]);
        }
        // bytes that are not UTF-8, and other encodings
        byte[] good = ok.getBytes(StandardCharsets.UTF_8);
        byte[] bad = good.clone();
        bad[1] = (byte) 0xff;
        assertError(400, send("POST", "/api/feedback", null, bad), "0xff", "body: not UTF-8 (byte 0xFF at offset 1)");
        assertError(400, send("POST", "/api/feedback", null, ok.getBytes(StandardCharsets.UTF_16LE)), "UTF-16", "body:");
        assertError(415, send("POST", "/api/feedback", "Content-Type: application/json; charset=ISO-8859-1", good), "latin1",
                "charset 'iso-8859-1' not supported");
        assertEquals(before, f.get("/api/users/" + u).body().get("history").size(), "a refused body changed the history");
        // a UTF-8 byte order mark is allowed, and the good body is stored once
        byte[] bom = new byte[good.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(good, 0, bom, 3, good.length);
        RawHttp.Answer a = send("POST", "/api/feedback", "Content-Type: application/json; charset=utf-8", bom);
        assertEquals(200, a.status(), a.text());
        assertEquals(1700000000L, a.json().get("timestamp").asLong());
        assertEquals(before + 1, f.get("/api/users/" + u).body().get("history").size());
        // JSON null for the optional timestamp means now
        RawHttp.Answer now = post(ok.replace("1700000000", "null"));
        assertEquals(200, now.status(), now.text());
        assertTrue(Math.abs(now.json().get("timestamp").asLong() - System.currentTimeMillis() / 1000) < 60);
    }

    @Test
    void jettysOwnErrorsAreJsonToo() throws Exception {
        String[] accepts = {null, "Accept: text/html", "Accept: application/xml", "Accept: text/plain", "Accept-Charset: utf-16"};
        for (String accept : accepts) {
            assertError(400, send("GET", "/getmovie%ff", accept, null), "path %ff " + accept, "bad request");
            assertError(400, send("GET", "/api/movies/%zz", accept, null), "path %zz " + accept, "bad request");
            assertError(400, send("GET", "/api/movies/1%2F2", accept, null), "encoded /", "bad request");
            assertError(400, send("GET", "/movie.html/%", accept, null), "page path %", "bad request");
            assertError(400, send("PUT", "/js/%C0%AF.js", accept, null), "PUT bad path", "bad request");
            assertError(414, send("GET", "/getmovie?id=" + "1".repeat(9000), accept, null), "long URI", "URI too long", "8192 bytes");
            assertError(431, send("GET", "/api/health", "X-Big: " + "a".repeat(9000), null), "big header",
                    "request headers too large", "8192 bytes");
            assertError(400, send("GET", "/api/health", "Content-Length: abc", null), "bad length", "bad request");
            assertError(400, send("GET", "/api/health", "Host: second", null), "two hosts", "bad request");
        }
        RawHttp.Answer version = RawHttp.exchange(f.server.port(),
                "GET /api/health HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), false, 10_000);
        assertError(400, version, "HTTP/9.9", "unsupported HTTP version");
        RawHttp.Answer garbage = RawHttp.exchange(f.server.port(), "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), false, 10_000);
        assertError(400, garbage, "a TLS hello", "bad request");
    }

    @Test
    void wrongMethodsAre405WithAllowAndOptionsAnswersThePreflight() throws Exception {
        RawHttp.Answer put = send("PUT", "/getmovie?id=" + movie, null, null);
        assertError(405, put, "PUT", "method 'PUT' not allowed on '/getmovie': use GET");
        assertEquals("GET, HEAD, OPTIONS", put.header("Allow"));
        RawHttp.Answer get = get("/api/feedback");
        assertError(405, get, "GET feedback", "use POST");
        assertEquals("POST, OPTIONS", get.header("Allow"));
        RawHttp.Answer page = send("DELETE", "/index.html", null, null);
        assertError(405, page, "DELETE page", "not allowed on the page '/index.html'");
        assertEquals("GET, HEAD, OPTIONS", page.header("Allow"));
        assertError(404, send("POST", "/nothing.html", null, new byte[0]), "POST nowhere", "no endpoint '/nothing.html'");
        assertError(405, send("FOO", "/api/health", null, null), "FOO", "method 'FOO'");
        RawHttp.Answer options = send("OPTIONS", "/api/feedback", "Origin: http://example.org\r\nAccess-Control-Request-Method: POST", null);
        assertEquals(204, options.status());
        assertEquals("POST, OPTIONS", options.header("Access-Control-Allow-Methods"));
        assertEquals("Content-Type", options.header("Access-Control-Allow-Headers"));
        assertEquals("*", options.header("Access-Control-Allow-Origin"));
    }

    @Test
    void headIsGetWithoutItsBody() throws Exception {
        RawHttp.Answer get = get("/getmovie?id=" + movie);
        RawHttp.Answer head = send("HEAD", "/getmovie?id=" + movie, null, null);
        assertEquals(200, head.status());
        assertEquals(get.header("Content-Length"), head.header("Content-Length"));
        assertEquals(0, head.body().length);
        RawHttp.Answer headError = send("HEAD", "/getmovie?id=%ff", null, null);
        assertEquals(400, headError.status());
        assertTrue(headError.header("Content-Type").startsWith("application/json"));
        // the connection is still usable after a HEAD: two requests on one socket
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("HEAD /api/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(200, RawHttp.read(in, true, System.nanoTime()).status());
            RawHttp.Answer second = RawHttp.read(in, false, System.nanoTime());
            assertEquals("ok", second.json().get("status").asText());
        }
    }

    @Test
    void bodiesOverTheLimitAre413WithoutBeingRead() throws Exception {
        int max = f.server.limits().maxBodyBytes();
        // declared too long: refused at once, nothing sent after the headers
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.server.port())) {
            s.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            s.getOutputStream().write(("POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000000000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Answer a = RawHttp.read(s.getInputStream(), false, t0);
            assertError(413, a, "declared", "body: 1000000000 bytes (Content-Length), at most " + max + " accepted");
            assertEquals("close", a.header("Connection"));
            assertTrue(a.micros() < 5_000_000, "not at once: " + a.micros() + " µs");
        }
        // chunked, with no length: refused when it passes the limit
        String chunk = Integer.toHexString(4096) + "\r\n" + "a".repeat(4096) + "\r\n";
        byte[] chunked = (chunk.repeat(max / 4096 + 2) + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Answer a = RawHttp.exchange(f.server.port(), concat(RawHttp.request("POST", "/api/feedback",
                "Transfer-Encoding: chunked", null), chunked), false, 10_000);
        assertError(413, a, "chunked", "body: more than " + max + " bytes");
        // a body just under the limit is read (and refused for what it says, not its size)
        JsonNode small = RawHttp.exchange(f.server.port(), RawHttp.request("POST", "/api/feedback", null,
                ("{\"userId\": \"" + "a".repeat(max - 20) + "\"}").getBytes(StandardCharsets.UTF_8)), false, 10_000).json();
        assertEquals(400, small.get("status").asInt(), small.toString());
        assertTrue(small.get("error").asText().startsWith("field 'userId': the string 'aaa"), small.toString());
        assertFalse(small.get("error").asText().length() > 200, "the value is cut in the message");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
