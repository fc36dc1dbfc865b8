package org.recsys4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreConnectionException;
import org.recsys4j.examples.server.RecServer;
import org.recsys4j.examples.server.ServingApi;
import org.recsys4j.examples.server.ServingData;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/** The options of the commands that run the HTTP demo server ({@code serve}, {@code demo}), and the start itself. */
public final class ServeOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "6010", description = "Port, 0 for a free one (default: ${DEFAULT-VALUE}, the source system's).")
    int port;

    @Option(names = "--redis", paramLabel = "HOST:PORT", description = "Serve histories and item vectors from this Redis (loaded at start), with the in-memory copy as fallback.")
    String redis;

    @Option(names = "--redis-prefix", paramLabel = "P", defaultValue = "r4jserve", description = "Key prefix in Redis (default: ${DEFAULT-VALUE}).")
    String redisPrefix;

    @Option(names = "--cache-seconds", paramLabel = "S", defaultValue = "300", description = "Time to live of the result caches, 0 = no cache (default: ${DEFAULT-VALUE}).")
    int cacheSeconds;

    @Option(names = "--warm-up-rounds", paramLabel = "N", defaultValue = "" + RecServer.DEFAULT_WARM_UP_ROUNDS,
            description = "Rounds of warm-up requests (each pipeline, model and source endpoint) before the server reports "
                    + "ready, 0 = none (default: ${DEFAULT-VALUE}).")
    int warmUpRounds;

    @Option(names = "--exit-when-ready", description = "Start, check that the web page is served, print the time it took, and stop (for timing and scripted checks).")
    boolean exitWhenReady;

    /** The largest {@code --http-threads}. */
    static final int MAX_HTTP_THREADS = 4096;
    /** The largest {@code --max-connections}. */
    static final int MAX_CONNECTIONS = 1_000_000;
    /** The largest {@code --max-header-bytes}: 1 MiB. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** The largest {@code --max-body-bytes}: 64 MiB (a body is held in memory until it is complete). */
    static final int MAX_BODY_BYTES = 64 << 20;
    /** The longest {@code --body-timeout-seconds}: an hour. */
    static final double MAX_BODY_TIMEOUT_SECONDS = 3600;
    /** The longest {@code --idle-timeout-seconds}: a day. */
    static final double MAX_IDLE_TIMEOUT_SECONDS = 86_400;

    @Option(names = "--http-threads", paramLabel = "N", defaultValue = "" + RecServer.Limits.DEFAULT_THREADS,
            description = "Most request threads of the HTTP server, 8 to " + MAX_HTTP_THREADS + "; further requests queue (default: ${DEFAULT-VALUE}).")
    int httpThreads;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + RecServer.Limits.DEFAULT_MAX_CONNECTIONS,
            description = "Most connections open at once; further clients wait in the accept queue (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-header-bytes", paramLabel = "B", defaultValue = "" + RecServer.Limits.DEFAULT_MAX_HEADER_BYTES,
            description = "Most bytes of request line plus headers, 1024 to " + MAX_HEADER_BYTES + "; beyond: 414 or 431 (default: ${DEFAULT-VALUE}).")
    int maxHeaderBytes;

    @Option(names = "--max-body-bytes", paramLabel = "B", defaultValue = "" + RecServer.Limits.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body, 1 to " + MAX_BODY_BYTES + "; beyond: 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--body-timeout-seconds", paramLabel = "S", defaultValue = "" + RecServer.Limits.DEFAULT_BODY_TIMEOUT_SECONDS,
            description = "Time from a request's headers to its body's last byte (decimals allowed, at least 0.001); beyond: 408 (default: ${DEFAULT-VALUE}).")
    double bodyTimeoutSeconds;

    @Option(names = "--idle-timeout-seconds", paramLabel = "S", defaultValue = "" + RecServer.Limits.DEFAULT_IDLE_TIMEOUT_SECONDS,
            description = "A connection without traffic for this long is closed (decimals allowed, at least 0.001) (default: ${DEFAULT-VALUE}).")
    double idleTimeoutSeconds;

    /**
     * Checks the options before anything is loaded or trained, naming the bad one: host, port, cache
     * time, the server's limits ({@link #limits()}), and {@code --redis HOST:PORT} (syntax, port range) with
     * {@code --redis-prefix} (1 to 64 of {@code [A-Za-z0-9_.-]}). Whether the server answers is checked when
     * serving starts.
     */
    void check() {
        if (host == null || host.isBlank()) {
            throw new UserError("--host '" + host + "': must not be blank");
        }
        Checks.range("--port", port, 0, 65535);
        Checks.range("--cache-seconds", cacheSeconds, 0, 365 * 24 * 3600);
        Checks.range("--warm-up-rounds", warmUpRounds, 0, 100);
        limits();
        if (redis != null) {
            try {
                redisConfig(redis, redisPrefix).withNamespace(org.recsys4j.core.store.NamespaceSpec.blobs("check")).build();
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage().startsWith("prefix") ? "--redis-prefix " + redisPrefix + ": " + e.getMessage()
                        : "--redis " + redis + ": " + e.getMessage());
            }
        }
    }

    /**
     * Returns the server's limits from {@code --http-threads}, {@code --max-connections}, {@code --max-header-bytes},
     * {@code --max-body-bytes}, {@code --body-timeout-seconds} and {@code --idle-timeout-seconds}.
     *
     * @throws UserError naming the option whose value is out of its range
     */
    RecServer.Limits limits() {
        Checks.range("--http-threads", httpThreads, 8, MAX_HTTP_THREADS);
        Checks.range("--max-connections", maxConnections, 1, MAX_CONNECTIONS);
        Checks.range("--max-header-bytes", maxHeaderBytes, 1024, MAX_HEADER_BYTES);
        Checks.range("--max-body-bytes", maxBodyBytes, 1, MAX_BODY_BYTES);
        return new RecServer.Limits(httpThreads, maxConnections, maxHeaderBytes, maxBodyBytes,
                seconds("--body-timeout-seconds", bodyTimeoutSeconds, MAX_BODY_TIMEOUT_SECONDS),
                seconds("--idle-timeout-seconds", idleTimeoutSeconds, MAX_IDLE_TIMEOUT_SECONDS));
    }

    /** Returns a time given in seconds (a millisecond at least, {@code max} at most), else throws naming the option. */
    private static Duration seconds(String option, double value, double max) {
        if (!(value >= 0.001 && value <= max)) {   // also NaN
            throw new UserError(option + " " + value + ": must be a number of seconds in [0.001, " + (long) max + "]");
        }
        return Duration.ofNanos(Math.round(value * 1e9));
    }

    /**
     * Describes the limits of a running server, as its {@code /api/metrics} shows them in the {@code http}
     * section (fetched over HTTP, so the line shows what the server runs with).
     */
    static String describeLimits(String base) {
        JsonNode http;
        try {
            http = JSON.readTree(get(base + "api/metrics").body()).path("http");
        } catch (IOException e) {
            return "http limits: /api/metrics did not answer (" + e.getMessage() + ")";
        }
        JsonNode limits = http.path("limits");
        return String.format(Locale.ROOT, "http limits: %d request threads, %d connections, %d bytes of request line and "
                        + "headers, bodies of %d bytes within %.3f s, idle connections closed after %.3f s",
                http.path("threads").path("max").asInt(), http.path("connections").path("max").asInt(),
                limits.path("maxHeaderBytes").asInt(), limits.path("maxBodyBytes").asInt(),
                limits.path("bodyTimeoutMillis").asLong() / 1e3, limits.path("idleTimeoutMillis").asLong() / 1e3);
    }

    /**
     * Builds the serving data from trained models, starts the server, checks that its home page answers,
     * then either returns (with {@code --exit-when-ready}) or serves until the process is stopped. Call
     * {@link #check()} first, before the training, so a bad option fails at once.
     *
     * @param trained what {@link Training#run} produced
     * @param out     where to print
     * @param t0      {@code System.nanoTime()} when the command started (for the ready time)
     * @return the exit status
     */
    int serve(Training.Trained trained, PrintStream out, long t0) throws Exception {
        ServingData.Settings settings = new ServingData.Settings(trained.settings(), cacheSeconds,
                ServingData.Settings.defaults().budgetMillis());
        RedisStoreConfig.Builder rc = redis == null ? null : redisConfig(redis, redisPrefix);
        ServingData serving;
        try (org.recsys4j.examples.train.Progress.Step step = trained.progress().start("serving data", 0, "")) {
            serving = ServingData.build(trained.data(), trained.models(), settings, rc, out);
        } catch (StoreConnectionException e) {
            throw new UserError(e.getMessage());
        }
        return start(serving, trained.dataSeconds(), trained.modelSeconds(), trained.progress(),
                "try /api/health, /getmovie?id=1, /getrecforyou?id=1&size=10, /api/users/1/recommendations?pipeline=multi-deepfm",
                out, t0);
    }

    /**
     * Like {@link #serve(Training.Trained, PrintStream, long)} for your own data ({@code serve --events FILE
     * --items FILE}): the serving data of {@link ServingData#build(org.recsys4j.core.data.ItemCatalog,
     * org.recsys4j.core.data.Interactions, org.recsys4j.examples.train.EventModels, String, ServingData.Settings,
     * RedisStoreConfig.Builder, PrintStream)} with the category attribute given, or the catalogue's first
     * categorical one.
     *
     * @param trained  what {@link Training#runYourData} produced
     * @param category the category attribute ({@code --category}), or null for the first categorical one
     * @param out      where to print
     * @param t0       {@code System.nanoTime()} when the command started
     * @return the exit status
     */
    int serveYourData(Training.YourTrained trained, String category, PrintStream out, long t0) throws Exception {
        ServingData.Settings settings = new ServingData.Settings(trained.settings(), cacheSeconds,
                ServingData.Settings.defaults().budgetMillis());
        RedisStoreConfig.Builder rc = redis == null ? null : redisConfig(redis, redisPrefix);
        org.recsys4j.core.data.ItemCatalog catalog = trained.data().catalog();
        String cat = category != null ? category : ServingData.defaultCategory(catalog);
        ServingData serving;
        try (org.recsys4j.examples.train.Progress.Step step = trained.progress().start("serving data", 0, "")) {
            serving = ServingData.build(catalog, trained.data().interactions(), trained.models(), cat, settings, rc, out);
        } catch (StoreConnectionException e) {
            throw new UserError(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError("--category " + category + ": " + e.getMessage());
        }
        String item = catalog.items().id(0);
        String user = trained.data().interactions().users().id(0);
        return start(serving, trained.dataSeconds(), trained.modelSeconds(), trained.progress(), "try /api/health, /movie.html?id="
                + item + ", /user.html?id=" + user + ", /api/items/" + item + "/similar, /api/users/" + user
                + "/recommendations?pipeline=multi-ials", out, t0);
    }

    /** Starts the server over built serving data, checks the home page, then returns or serves until stopped. */
    private int start(ServingData serving, double dataSeconds, double modelSeconds,
                      org.recsys4j.examples.train.Progress progress, String hint, PrintStream out, long t0) throws Exception {
        RecServer server;
        try (org.recsys4j.examples.train.Progress.Step step = progress.start(warmUpRounds > 0 ? "server start and warm-up ("
                + warmUpRounds + " rounds)" : "server start", 0, "")) {
            server = RecServer.start(new ServingApi(serving), host, port, limits(), warmUpRounds);
        } catch (IOException e) {
            serving.close();
            throw new UserError("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/";
        int status = homePageStatus(base);
        double ready = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "%nready in %.1f s (data %.1f s, models %.1f s, serving data and server %.1f s): web page %s "
                        + "(HTTP %d); store: %s%n", ready, dataSeconds, modelSeconds,
                ready - dataSeconds - modelSeconds, base, status, serving.store().mode());
        out.println(describeLimits(base));
        out.println(hint);
        out.flush();
        if (exitWhenReady) {
            server.close();
            return status == 200 ? 0 : 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stop: " + e.getMessage());
            }
        }, "recsys4j-serve-stop"));
        out.println("Ctrl-C stops the server.");
        out.flush();
        server.join();
        return 0;
    }

    /** Fetches the home page the way a browser would and returns the HTTP status (0 if it did not answer). */
    private static int homePageStatus(String base) {
        try {
            return get(base).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    /** GETs a URL (5 s to connect, 10 s to answer). */
    private static HttpResponse<String> get(String url) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Returns a Redis configuration for {@code HOST[:PORT]} ({@code [IPv6]:PORT} for an IPv6 address; the
     * port defaults to Redis' 6379); a malformed value is a {@link UserError}. Host, port and prefix are
     * range-checked when the configuration is built.
     */
    static RedisStoreConfig.Builder redisConfig(String hostPort, String prefix) {
        String h = hostPort.strip();
        String portText = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || (close + 1 < h.length() && h.charAt(close + 1) != ':')) {
                throw new UserError("--redis " + hostPort + ": expected HOST:PORT or [IPv6]:PORT");
            }
            portText = close + 1 < h.length() ? h.substring(close + 2) : null;
            h = h.substring(1, close);
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0 && h.indexOf(':') != colon) {
                throw new UserError("--redis " + hostPort + ": an IPv6 address needs brackets, e.g. [::1]:6379");
            }
            if (colon >= 0) {
                portText = h.substring(colon + 1);
                h = h.substring(0, colon);
            }
        }
        if (h.isEmpty()) {
            throw new UserError("--redis " + hostPort + ": the host is missing (expected HOST:PORT)");
        }
        int p = RedisStoreConfig.DEFAULT_PORT;
        if (portText != null) {
            if (!portText.matches("\\d{1,9}")) {
                throw new UserError("--redis " + hostPort + ": the port '" + portText + "' is not a number");
            }
            p = Integer.parseInt(portText);
            if (p < 1 || p > 65535) {
                throw new UserError("--redis " + hostPort + ": port " + p + " is not in [1, 65535]");
            }
        }
        return RedisStoreConfig.builder().withHost(h).withPort(p).withPrefix(prefix)
                .withConnectTimeout(Duration.ofMillis(500)).withSocketTimeout(Duration.ofMillis(1000));
    }
}
