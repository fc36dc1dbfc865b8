package org.recsys4j.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The demo HTTP server: an embedded Jetty 12 (core {@link Handler} API, no servlets) serving the web pages
 * ({@link WebRoot}) and, as JSON, the parts of the {@link ServingApi} it is given: its router checks the query
 * ({@link QueryString}) and the method, and sends each path to the part that owns it: the source system's
 * endpoints to {@link SourceEndpoints}, {@code /api/map} to {@link MapService}, {@code POST /api/feedback} (its
 * body read by {@link BodyReader}, parsed by {@link Params#jsonObject}) to {@link FeedbackService}, and the
 * rest of {@code /api/} to {@link ServingApi} itself.
 *
 * <p><b>Errors.</b> Every refused request is a 4xx with the JSON body {@code {"error": "...", "status": 4xx}}
 * naming the parameter and quoting the bad value: the API's own errors ({@link ApiError}), a malformed query
 * on any path ({@link QueryString}: bad {@code %}-escapes, bytes that are not UTF-8, control characters,
 * a parameter given twice), a malformed body, and the errors Jetty answers itself (a request line, path or
 * header it cannot parse, 400; a long URI, 414; large headers, 431; an unknown HTTP version, 400), through
 * {@link JsonErrorHandler}. A wrong method on an endpoint or page is a 405 with {@code Allow}; {@code OPTIONS}
 * answers 204 with the allowed methods (CORS preflight). A 500 (generic body, the stack trace in the server
 * log only) means a bug in the server.
 *
 * <p><b>Limits</b> ({@link Limits}): a bounded thread pool; request line and headers at most
 * {@link Limits#maxHeaderBytes()}; a body at most {@link Limits#maxBodyBytes()} (413) and complete within
 * {@link Limits#bodyTimeout()} of its headers (408); bodies are read with Jetty's demand API
 * ({@link BodyReader}), so a client that sends its body slowly holds a connection but no thread, and any
 * number of them cannot stop the other requests from being answered; idle connections are closed after
 * {@link Limits#idleTimeout()}, and at most {@link Limits#maxConnections()} are open at once (further
 * clients wait in the accept queue). {@code /api/metrics} reports the pool, the connections and the
 * responses by status under {@code "http"}.
 *
 * <pre>{@code
 * try (RecServer server = RecServer.start(new ServingApi(data), "127.0.0.1", 0)) {
 *     int port = server.port();   // a free port was picked
 * }
 * }</pre>
 */
public final class RecServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecServer.class);
    /** Writes answers; a number that is not finite (NaN, ±Infinity) is written as null, never as a string. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(JsonNumbers.module());
    private static final String FEEDBACK = "/api/feedback";
    private static final String GET_METHODS = "GET, HEAD, OPTIONS";
    private static final String POST_METHODS = "POST, OPTIONS";

    /**
     * The server's protective limits.
     *
     * @param threads        the most request threads (Jetty's pool, which also runs its acceptor and selector), at least 8
     * @param maxConnections the most connections open at once; further clients wait in the accept queue
     * @param maxHeaderBytes the most bytes of request line plus headers (a longer request line is 414, longer headers 431)
     * @param maxBodyBytes   the largest request body (413 beyond)
     * @param bodyTimeout    the time from a request's headers to its body's last byte (408 beyond)
     * @param idleTimeout    a connection with no traffic for this long is closed
     */
    public record Limits(int threads, int maxConnections, int maxHeaderBytes, int maxBodyBytes, Duration bodyTimeout,
                         Duration idleTimeout) {
        /** Checks the ranges, naming the bad limit. */
        public Limits {
            Objects.requireNonNull(bodyTimeout, "bodyTimeout");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            check("threads", threads, 8);
            check("maxConnections", maxConnections, 1);
            check("maxHeaderBytes", maxHeaderBytes, 1024);
            check("maxBodyBytes", maxBodyBytes, 1);
            if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
                throw new IllegalArgumentException("bodyTimeout = " + bodyTimeout + ": must be positive");
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout = " + idleTimeout + ": must be positive");
            }
        }

        private static void check(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " = " + value + ": must be at least " + min);
            }
        }

        /** The default {@link #threads()}. */
        public static final int DEFAULT_THREADS = 64;
        /** The default {@link #maxConnections()}. */
        public static final int DEFAULT_MAX_CONNECTIONS = 1024;
        /** The default {@link #maxHeaderBytes()}: 8 KiB. */
        public static final int DEFAULT_MAX_HEADER_BYTES = 8192;
        /** The default {@link #maxBodyBytes()}: 16 KiB (a feedback body has about 80 bytes). */
        public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
        /** The default {@link #bodyTimeout()}, in seconds. */
        public static final int DEFAULT_BODY_TIMEOUT_SECONDS = 10;
        /** The default {@link #idleTimeout()}, in seconds. */
        public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;

        /**
         * Returns the defaults: {@value #DEFAULT_THREADS} threads, {@value #DEFAULT_MAX_CONNECTIONS} connections,
         * {@value #DEFAULT_MAX_HEADER_BYTES} bytes of request line and headers, {@value #DEFAULT_MAX_BODY_BYTES}-byte
         * bodies, {@value #DEFAULT_BODY_TIMEOUT_SECONDS} s to send a body, connections closed after
         * {@value #DEFAULT_IDLE_TIMEOUT_SECONDS} s idle.
         */
        public static Limits defaults() {
            return new Limits(DEFAULT_THREADS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES,
                    Duration.ofSeconds(DEFAULT_BODY_TIMEOUT_SECONDS), Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS));
        }

        /** Returns these limits with another thread count. */
        public Limits withThreads(int n) {
            return new Limits(n, maxConnections, maxHeaderBytes, maxBodyBytes, bodyTimeout, idleTimeout);
        }

        /** Returns these limits with another body time limit. */
        public Limits withBodyTimeout(Duration t) {
            return new Limits(threads, maxConnections, maxHeaderBytes, maxBodyBytes, t, idleTimeout);
        }

        /** Returns these limits with another idle timeout. */
        public Limits withIdleTimeout(Duration t) {
            return new Limits(threads, maxConnections, maxHeaderBytes, maxBodyBytes, bodyTimeout, t);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final QueuedThreadPool pool;
    private final ServingApi api;
    private final Limits limits;
    private final WebRoot webRoot = new WebRoot();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final MalformedRequests malformed = new MalformedRequests(LOG::warn, MalformedRequests.INTERVAL, System::nanoTime);
    /** Whether the warm-up is done: until then {@code /api/health} answers 503. */
    private volatile boolean ready;
    private volatile WarmUp.Report warmUp;

    /** The default rounds of warm-up requests ({@link #start(ServingApi, String, int, Limits, int)}). */
    public static final int DEFAULT_WARM_UP_ROUNDS = 3;

    private RecServer(ServingApi api, String host, int port, Limits limits) throws Exception {
        this.api = api;
        this.limits = limits;
        pool = new QueuedThreadPool(limits.threads(), Math.min(8, limits.threads()));
        pool.setName("recsys4j-http");
        pool.setDaemon(true);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setErrorHandler(new JsonErrorHandler(limits.maxHeaderBytes(), this::count, malformed));
        GracefulHandler graceful = new GracefulHandler();   // stop() waits for in-flight requests
        graceful.setHandler(new Router());
        server.setHandler(graceful);
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
    }

    /**
     * Starts a server with the default {@link Limits}.
     *
     * @param api  what to serve
     * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port the port, 0 for a free one
     * @throws IllegalArgumentException if the port is out of range
     * @throws Exception                if Jetty cannot start (e.g. the port is taken)
     */
    public static RecServer start(ServingApi api, String host, int port) throws Exception {
        return start(api, host, port, Limits.defaults());
    }

    /**
     * Starts a server.
     *
     * @param api    what to serve
     * @param host   the address to bind
     * @param port   the port, 0 for a free one
     * @param limits the protective limits
     * @throws IllegalArgumentException if the port is out of range
     * @throws Exception                if Jetty cannot start (e.g. the port is taken)
     */
    public static RecServer start(ServingApi api, String host, int port, Limits limits) throws Exception {
        return start(api, host, port, limits, DEFAULT_WARM_UP_ROUNDS);
    }

    /**
     * Starts a server and warms it up before returning: {@code warmUpRounds} rounds of real HTTP requests to its
     * own port (each pipeline for a known user and anonymously, each similar-items model, the source system's
     * endpoints; {@link WarmUp}), so that the first real requests meet their budgets. Until the warm-up is done
     * {@code /api/health} answers 503 {@code {"status": "warming-up"}}; then 200 with what the warm-up did under
     * {@code "warmUp"}.
     *
     * @param api          what to serve
     * @param host         the address to bind
     * @param port         the port, 0 for a free one
     * @param limits       the protective limits
     * @param warmUpRounds rounds of warm-up requests, 0 for none (default {@value #DEFAULT_WARM_UP_ROUNDS})
     * @throws IllegalArgumentException if the port or the rounds are out of range
     * @throws Exception                if Jetty cannot start (e.g. the port is taken)
     */
    public static RecServer start(ServingApi api, String host, int port, Limits limits, int warmUpRounds) throws Exception {
        if (warmUpRounds < 0 || warmUpRounds > 100) {
            throw new IllegalArgumentException("warmUpRounds: " + warmUpRounds + ", must be in [0, 100]");
        }
        RecServer server = create(api, host, port, limits);
        if (warmUpRounds > 0) {
            try {
                server.warmUp = WarmUp.run(api.data(), server.port(), warmUpRounds);
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
        }
        server.ready = true;
        return server;
    }

    private static RecServer create(ServingApi api, String host, int port, Limits limits) throws Exception {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + ", must be in [0, 65535]");
        }
        return new RecServer(api, host, port, limits);
    }

    /** Returns the port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Returns the API served. */
    public ServingApi api() {
        return api;
    }

    /** Returns what the warm-up did ({@code /api/health}'s {@code "warmUp"}), empty when there was none. */
    public Map<String, Object> warmUpStats() {
        WarmUp.Report r = warmUp;
        return r == null ? Map.of() : r.toMap();
    }

    /** Returns the limits the server runs with. */
    public Limits limits() {
        return limits;
    }

    /**
     * Returns the server's HTTP figures, as {@code /api/metrics} shows them under {@code "http"}: the thread pool
     * ({@code threads}: max, current, busy, idle, queued jobs), the open connections, the limits and the number
     * of responses by status since the start, and {@code malformed}: how many of them Jetty refused because it could
     * not parse the request (logged as one summary line per minute at most, {@link MalformedRequests}).
     */
    public Map<String, Object> httpStats() {
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("max", pool.getMaxThreads());
        threads.put("current", pool.getThreads());
        threads.put("busy", pool.getBusyThreads());
        threads.put("idle", pool.getIdleThreads());
        threads.put("queued", pool.getQueueSize());
        Map<String, Object> connections = new LinkedHashMap<>();
        connections.put("open", connector.getConnectedEndPoints().size());
        connections.put("max", limits.maxConnections());
        Map<String, Object> lim = new LinkedHashMap<>();
        lim.put("maxHeaderBytes", limits.maxHeaderBytes());
        lim.put("maxBodyBytes", limits.maxBodyBytes());
        lim.put("bodyTimeoutMillis", limits.bodyTimeout().toMillis());
        lim.put("idleTimeoutMillis", limits.idleTimeout().toMillis());
        Map<String, Long> byStatus = new TreeMap<>();
        statuses.forEach((s, n) -> byStatus.put(Integer.toString(s), n.sum()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threads", threads);
        m.put("connections", connections);
        m.put("limits", lim);
        m.put("responses", byStatus);
        m.put("malformed", malformed.total());
        return m;
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
            malformed.flush();
            api.data().close();
        }
    }

    /** Thrown by {@code /api/health} before the warm-up is done (a 503). */
    private static final class NotReady extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotReady() {
            super("warming up", null, false, false);
        }
    }

    private void count(int status) {
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    /** The JSON error body. */
    static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("status", status);
        return m;
    }

    /** Writes a JSON answer with the status already set on the response (no body for HEAD). */
    static void sendJson(Request request, Response response, Callback callback, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            LOG.error("{} {}: could not encode the answer", request.getMethod(), request.getHttpURI(), e);
            response.setStatus(500);
            bytes = "{\"error\":\"could not encode the answer\",\"status\":500}".getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put("Access-Control-Allow-Origin", "*");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(bytes), callback);
    }

    /** The server's one handler: the query check, the web pages, the API. */
    private final class Router extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String method = request.getMethod();
            String path = request.getHttpURI().getDecodedPath();   // decoded once, dot segments resolved
            path = path == null ? "" : path;
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            QueryString query;
            try {
                query = QueryString.parse(request.getHttpURI().getQuery());
            } catch (ApiError e) {
                refuse(request, response, callback, e);
                return true;
            }
            if (webRoot.handle(request, response, callback)) {
                count(200);
                return true;
            }
            if (path.equals(FEEDBACK)) {
                if (method.equals("POST")) {
                    readFeedback(request, response, callback);
                } else if (method.equals("OPTIONS")) {
                    preflight(response, callback, POST_METHODS);
                } else {
                    refuse(request, response, callback, ApiError.methodNotAllowed("method " + ApiError.quote(method)
                            + " not allowed on " + FEEDBACK + ": use POST", POST_METHODS));
                }
                return true;
            }
            Supplier<Object> endpoint = getEndpoint(path, query);
            if (endpoint == null) {
                if (webRoot.serves(request)) {
                    if (method.equals("OPTIONS")) {
                        preflight(response, callback, GET_METHODS);
                    } else {
                        refuse(request, response, callback, ApiError.methodNotAllowed("method " + ApiError.quote(method)
                                + " not allowed on the page " + ApiError.quote(path), GET_METHODS));
                    }
                } else {
                    refuse(request, response, callback, ApiError.notFound("no endpoint " + ApiError.quote(path)));
                }
                return true;
            }
            if (method.equals("OPTIONS")) {
                preflight(response, callback, GET_METHODS);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                refuse(request, response, callback, ApiError.methodNotAllowed("method " + ApiError.quote(method)
                        + " not allowed on " + ApiError.quote(path) + ": use GET", GET_METHODS));
            } else {
                answer(request, response, callback, endpoint);
            }
            return true;
        }
    }

    /**
     * Returns the GET endpoint of a path, bound to the query, or null if no GET endpoint has the path.
     * The path arrives decoded once by Jetty, which has refused bad escapes, encoded separators ({@code %2F})
     * and bytes that are not UTF-8 already; its segments are not decoded again (so {@code 1%2525} is the id
     * {@code 1%25}, refused as not a number).
     */
    private Supplier<Object> getEndpoint(String path, QueryString q) {
        SourceEndpoints source = api.source();
        switch (path) {
            case "/getmovie":
                return () -> source.getMovie(q.get("id"));
            case "/getuser":
                return () -> source.getUser(q.get("id"));
            case "/getrecommendation":
                return () -> source.getRecommendation(q.get("genre"), q.get("size"), q.get("sortby"));
            case "/getsimilarmovie":
                return () -> source.similarMovie(q.get("movieId"), q.get("size"), q.get("model"));
            case "/getrecforyou":
                return () -> source.recForYou(q.get("id"), q.get("size"), q.get("model"));
            case "/api/health":
                return () -> {
                    if (!ready) {
                        throw new NotReady();
                    }
                    Map<String, Object> m = new LinkedHashMap<>(api.health());
                    m.put("warmUp", warmUpStats());
                    return m;
                };
            case "/api/metrics":
                return () -> {
                    Map<String, Object> m = new LinkedHashMap<>(api.metrics());
                    m.put("http", httpStats());
                    return m;
                };
            case "/api/genres":
            case "/api/categories":
                return api::genres;
            case "/api/map":
                return () -> api.maps().map(q.get("model"), q.get("limit"), q.get("method"));
            case "/api/recommendations":
                return () -> api.recommendations(null, q.get("pipeline"), q.get("k"));
            default:
                break;
        }
        // /api/movies/{id}[/similar], /api/users/{id}[/recommendations], /api/genres/{genre}; for any catalogue
        // /api/items/{id}[/similar] and /api/categories/{value} are the same endpoints
        String[] seg = path.split("/", -1);
        if (seg.length < 4 || seg.length > 5 || !seg[1].equals("api") || !seg[0].isEmpty()) {
            return null;
        }
        String id = seg[3];
        boolean one = seg.length == 4;
        return switch (seg[2]) {
            case "movies", "items" -> one ? () -> api.movie(id)
                    : seg[4].equals("similar") ? () -> api.similar(id, q.get("model"), q.get("k")) : null;
            case "users" -> one ? () -> api.user(id)
                    : seg[4].equals("recommendations") ? () -> api.recommendations(id, q.get("pipeline"), q.get("k")) : null;
            case "genres", "categories" -> one ? () -> api.genre(id, q.get("sortby"), q.get("k")) : null;
            default -> null;
        };
    }

    /** Runs an endpoint and writes its answer, or its error. */
    private void answer(Request request, Response response, Callback callback, Supplier<Object> endpoint) {
        Object body;
        try {
            body = ServingData.arrivedAt(request.getBeginNanoTime(), endpoint);
        } catch (ApiError e) {
            refuse(request, response, callback, e);
            return;
        } catch (NotReady e) {
            response.setStatus(503);
            count(503);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", "warming-up");
            m.put("error", "the server is warming up; retry in a second");
            sendJson(request, response, callback, m);
            return;
        } catch (RuntimeException e) {
            if (e instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                refuse(request, response, callback, new ApiError(http.getCode(), "bad request: " + http.getReason()));
                return;
            }
            fail(request, response, callback, e);
            return;
        } catch (StackOverflowError e) {
            fail(request, response, callback, e);
            return;
        }
        response.setStatus(200);
        count(200);
        if (body instanceof Annotated a) {
            a.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            response.getHeaders().put("Access-Control-Expose-Headers", String.join(", ", a.headers().keySet()));
            body = a.body();
        }
        sendJson(request, response, callback, body);
    }

    private void fail(Request request, Response response, Callback callback, Throwable e) {
        LOG.error("{} {} failed", request.getMethod(), request.getHttpURI(), e);
        response.setStatus(500);
        count(500);
        sendJson(request, response, callback, errorBody(500, "internal error (" + e.getClass().getSimpleName() + "), see the server log"));
    }

    private void refuse(Request request, Response response, Callback callback, ApiError e) {
        response.setStatus(e.status());
        count(e.status());
        if (e.allow() != null) {
            response.getHeaders().put(HttpHeader.ALLOW, e.allow());
        }
        if (e.status() == 408 || e.status() == 413) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");   // the rest of the body is not read
        }
        sendJson(request, response, callback, errorBody(e.status(), e.getMessage()));
    }

    private void preflight(Response response, Callback callback, String allow) {
        response.setStatus(204);
        count(204);
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        response.getHeaders().put("Access-Control-Allow-Origin", "*");
        response.getHeaders().put("Access-Control-Allow-Methods", allow);
        response.getHeaders().put("Access-Control-Allow-Headers", "Content-Type");
        response.getHeaders().put("Access-Control-Max-Age", "600");
        response.write(true, null, callback);
    }

    /** {@code POST /api/feedback}: the body is read without holding a thread ({@link BodyReader}), then parsed strictly. */
    private void readFeedback(Request request, Response response, Callback callback) {
        String charset = MimeTypes.getCharsetFromContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            refuse(request, response, callback, new ApiError(415, "body: charset " + ApiError.quote(charset)
                    + " not supported, send JSON in UTF-8"));
            return;
        }
        BodyReader.read(request, limits.maxBodyBytes(), limits.bodyTimeout(), new BodyReader.Sink() {
            @Override
            public void body(byte[] bytes) {
                answer(request, response, callback, () -> api.feedback().post(Params.jsonObject(bytes)));
            }

            @Override
            public void refused(ApiError error) {
                refuse(request, response, callback, error);
            }
        });
    }
}
