package org.recsys4j.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The demo HTTP server: an embedded Jetty 12 (core {@link Handler} API, no servlets) serving
 * {@link ServingApi} as JSON. Errors are JSON too, {@code {"error": "...", "status": 4xx}}; an
 * unexpected exception is logged and answered 500 with a generic body, never a stack trace.
 *
 * <pre>{@code
 * try (RecServer server = RecServer.start(new ServingApi(data), "127.0.0.1", 0)) {
 *     int port = server.port();   // a free port was picked
 * }
 * }</pre>
 */
public final class RecServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;
    private final ServingApi api;

    private RecServer(ServingApi api, String host, int port, int threads) throws Exception {
        this.api = api;
        QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(8, threads));
        pool.setName("recsys4j-http");
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        GracefulHandler graceful = new GracefulHandler();   // stop() waits for in-flight requests
        graceful.setHandler(new Handler.Sequence(new WebRoot(), new ApiHandler()));   // the web pages, then the API
        server.setHandler(graceful);
        server.setStopTimeout(5_000);
        server.start();
    }

    /**
     * Starts a server.
     *
     * @param api  what to serve
     * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port the port, 0 for a free one
     * @throws IllegalArgumentException if the port is out of range
     * @throws Exception                if Jetty cannot start (e.g. the port is taken)
     */
    public static RecServer start(ServingApi api, String host, int port) throws Exception {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + ", must be in [0, 65535]");
        }
        return new RecServer(api, host, port, 64);
    }

    /** Returns the port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Returns the API served. */
    public ServingApi api() {
        return api;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the server gracefully (in-flight requests finish, up to 5 s), then closes the serving data. */
    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            api.data().close();
        }
    }

    private final class ApiHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = 200;
            Object body;
            try {
                body = route(request);
            } catch (ApiError e) {
                status = e.status();
                body = error(status, e.getMessage());
            } catch (Exception | StackOverflowError e) {
                LOG.error("{} {} failed", request.getMethod(), request.getHttpURI(), e);
                status = 500;
                body = error(500, "internal error (" + e.getClass().getSimpleName() + "), see the server log");
            }
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                status = 500;
                bytes = "{\"error\":\"could not encode the answer\",\"status\":500}".getBytes(StandardCharsets.UTF_8);
            }
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.getHeaders().put("Access-Control-Allow-Origin", "*");
            response.write(true, ByteBuffer.wrap(bytes), callback);
            return true;
        }
    }

    private static Map<String, Object> error(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("status", status);
        return m;
    }

    private Object route(Request request) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String method = request.getMethod();
        Fields q = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String[] seg = path.split("/");
        if (path.equals("/api/feedback")) {
            if (!method.equals("POST")) {
                throw new ApiError(405, "use POST for /api/feedback");
            }
            String text = Content.Source.asString(request, StandardCharsets.UTF_8);
            Map<String, Object> body;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> parsed = JSON.readValue(text, Map.class);
                body = parsed;
            } catch (JsonProcessingException | ClassCastException e) {
                throw ApiError.badRequest("body: not a JSON object (" + e.getClass().getSimpleName() + ")");
            }
            if (body == null) {
                throw ApiError.badRequest("body: not a JSON object");
            }
            return api.feedback(body);
        }
        if (!method.equals("GET")) {
            throw new ApiError(405, "method " + method + " not allowed on " + path);
        }
        switch (path) {
            case "/getmovie":
                return api.getMovie(q.getValue("id"));
            case "/getuser":
                return api.getUser(q.getValue("id"));
            case "/getrecommendation":
                return api.getRecommendation(q.getValue("genre"), q.getValue("size"), q.getValue("sortby"));
            case "/getsimilarmovie":
                return api.getSimilarMovie(q.getValue("movieId"), q.getValue("size"), q.getValue("model"));
            case "/getrecforyou":
                return api.getRecForYou(q.getValue("id"), q.getValue("size"), q.getValue("model"));
            case "/api/health":
                return api.health();
            case "/api/metrics":
                return api.metrics();
            case "/api/genres":
                return api.genres();
            case "/api/map":
                return api.map(q.getValue("model"), q.getValue("limit"), q.getValue("method"));
            case "/api/recommendations":
                return api.recommendations(null, q.getValue("pipeline"), q.getValue("k"));
            default:
                break;
        }
        // /api/movies/{id}[/similar], /api/users/{id}[/recommendations], /api/genres/{genre}
        if (seg.length >= 4 && seg[1].equals("api")) {
            String id = URLDecoder.decode(seg[3], StandardCharsets.UTF_8);
            if (seg[2].equals("movies") && seg.length == 4) {
                return api.movie(id);
            }
            if (seg[2].equals("movies") && seg.length == 5 && seg[4].equals("similar")) {
                return api.similar(id, q.getValue("model"), q.getValue("k"));
            }
            if (seg[2].equals("users") && seg.length == 4) {
                return api.user(id);
            }
            if (seg[2].equals("users") && seg.length == 5 && seg[4].equals("recommendations")) {
                return api.recommendations(id, q.getValue("pipeline"), q.getValue("k"));
            }
            if (seg[2].equals("genres") && seg.length == 4) {
                return api.genre(id, q.getValue("sortby"), q.getValue("k"));
            }
        }
        throw ApiError.notFound("no endpoint " + path);
    }
}
