package org.recsys4j.examples.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The static-file handler on a bare Jetty, in front of a stand-in for the API that answers every
 * request it gets with 404 {@code api}: content types, HEAD, fall-through, no directory listing and no
 * path traversal, checked with raw HTTP requests (so no client normalises the paths first).
 */
class WebRootTest {
    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(new Handler.Sequence(new WebRoot(), new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(404);
                response.write(true, ByteBuffer.wrap("api".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        }));
        server.start();
        port = c.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    /** A raw HTTP/1.1 answer. */
    record Answer(int status, String head, byte[] body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends {@code METHOD target HTTP/1.1} byte for byte and reads the whole answer. */
    static Answer send(String method, String target) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            byte[] b = all.toByteArray();
            String text = new String(b, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = text.substring(0, end);
            int status = Integer.parseInt(head.substring(9, 12));
            byte[] body = java.util.Arrays.copyOfRange(b, end + 4, b.length);
            return new Answer(status, head, body);
        }
    }

    @Test
    void servesEachPageAndAssetWithItsContentType() throws IOException {
        String html = "text/html;charset=utf-8";
        String[][] cases = {
            {"/", html, "<title>Recsys4J"},
            {"/index.html", html, "id=\"rows\""},
            {"/movie.html", html, "id=\"model-switch\""},
            {"/user.html", html, "id=\"recs\""},
            {"/map.html", html, "id=\"map-canvas\""},
            {"/js/map.js", "text/javascript;charset=utf-8", "/api/map?model="},
            {"/vendor/chart.umd.min.js", "text/javascript;charset=utf-8", "Chart.js v4.6.1"},
            {"/vendor/chart.js-LICENSE.txt", "text/plain;charset=utf-8", "The MIT License"},
            {"/css/style.css", "text/css;charset=utf-8", ".poster"},
            {"/js/common.js", "text/javascript;charset=utf-8", "var R4J"},
            {"/js/home.js", "text/javascript;charset=utf-8", "/api/genres"},
            {"/js/movie.js", "text/javascript;charset=utf-8", "/similar?model="},
            {"/js/user.js", "text/javascript;charset=utf-8", "/recommendations?pipeline="},
            {"/favicon.svg", "image/svg+xml", "<svg"},
        };
        for (String[] c : cases) {
            Answer a = send("GET", c[0]);
            assertEquals(200, a.status(), c[0]);
            assertEquals(c[1], a.header("Content-Type").replace(" ", "").toLowerCase(Locale.ROOT), c[0]);
            assertEquals("nosniff", a.header("X-Content-Type-Options"), c[0]);
            assertEquals(Integer.toString(a.body().length), a.header("Content-Length"), c[0]);
            assertTrue(a.text().contains(c[2]), c[0] + " should contain " + c[2]);
        }
    }

    @Test
    void headAnswersTheHeadersWithoutABody() throws IOException {
        Answer get = send("GET", "/css/style.css");
        Answer head = send("HEAD", "/css/style.css");
        assertEquals(200, head.status());
        assertEquals(get.header("Content-Length"), head.header("Content-Length"));
        assertEquals(0, head.body().length);
    }

    @Test
    void everythingElseFallsThroughToTheApi() throws IOException {
        for (String target : List.of("/api/health", "/getmovie?id=1", "/missing.html", "/js/missing.js", "/index.htm",
                "/README", "/webroot/index.html")) {
            Answer a = send("GET", target);
            assertEquals(404, a.status(), target);
            assertEquals("api", a.text(), target);
        }
        Answer post = send("POST", "/index.html");
        assertEquals("api", post.text(), "POST is the API's business");
    }

    @Test
    void neverListsADirectory() throws IOException {
        for (String target : List.of("/js", "/js/", "/css/", "/css", "//", "/js//common.js")) {
            Answer a = send("GET", target);
            assertFalse(a.status() == 200, target + " answered 200");
            // a listing would name the folder's other files (error pages echo the request's own path)
            assertFalse(a.text().contains("home.js") || a.text().contains("style.css"), target + " listed files: " + a.text());
        }
    }

    @Test
    void neverServesAFileOutsideTheWebRoot() throws IOException {
        // each target names a class file or the pom beside the web root, in some disguise
        String cls = "org/recsys4j/examples/server/WebRoot.class";
        List<String> targets = List.of(
                "/../" + cls,
                "/js/../../" + cls,
                "/%2e%2e/" + cls,
                "/js/%2e%2e/%2e%2e/" + cls,
                "/js/..%2f..%2f" + cls,
                "/..%5c" + cls.replace('/', '\\'),
                "/..\\" + cls.replace('/', '\\'),
                "/" + cls,
                "/.%2e/.%2e/pom.xml",
                "/../../pom.xml",
                "/../../../../../../etc/passwd",
                "/%00/../" + cls,
                "/.hidden.txt",
                "/js/.common.js");
        for (String target : targets) {
            Answer a = send("GET", target);
            assertTrue(a.status() == 400 || a.status() == 404, target + " answered " + a.status());
            String body = a.text();
            assertFalse(body.startsWith("\u00ca\u00fe\u00ba\u00be"), target + " served a class file");
            assertFalse(body.contains("<project") || body.contains("root:x:0"), target + " served a file");
        }
    }

    @Test
    void mapsOnlySafePathsToFiles() {
        assertEquals("index.html", WebRoot.relativeFile("/"));
        assertEquals("js/movie.js", WebRoot.relativeFile("/js/movie.js"));
        assertNull(WebRoot.relativeFile("/js/../pom.xml"));
        assertNull(WebRoot.relativeFile("/./index.html"));
        assertNull(WebRoot.relativeFile("/js//movie.js"));
        assertNull(WebRoot.relativeFile("/js/"));
        assertNull(WebRoot.relativeFile("/.env.txt"));
        assertNull(WebRoot.relativeFile("/a b.html"));
        assertNull(WebRoot.relativeFile("/Main.class"));
        assertNull(WebRoot.relativeFile("index.html"));
        assertNull(WebRoot.relativeFile(null));
        assertEquals("text/javascript; charset=utf-8", WebRoot.contentType("x/app.JS"));
        assertNull(WebRoot.contentType("noext"));
        assertNull(WebRoot.contentType("trailing."));
        assertThrows(IllegalArgumentException.class, () -> new WebRoot("../secret", WebRoot.class.getClassLoader()));
        assertThrows(IllegalArgumentException.class, () -> new WebRoot("/webroot", WebRoot.class.getClassLoader()));
    }
}
