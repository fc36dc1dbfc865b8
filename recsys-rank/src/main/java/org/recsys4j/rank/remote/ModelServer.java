package org.recsys4j.rank.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recsys4j.core.util.OptionalDependency;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;

/**
 * An HTTP model server that speaks TF-Serving's REST API and the KServe v2 inference protocol, so
 * that our own models (any {@link BatchScorer}, or any {@code Ranker} through
 * {@link ServedModel#ofRanker}) can be called the way a TF-Serving model is. Built on the JDK's
 * {@code com.sun.net.httpserver}; no dependency.
 *
 * <p>Endpoints ({@code NAME} a served model, {@code [/versions/N]} optional: without it, the highest
 * version):
 * <ul>
 *   <li>{@code POST /v1/models/NAME[/versions/N]:predict}: {@code {"instances": [{input: value, ...}, ...]}}
 *       (a value is a number for a width-1 input or an array of {@code width} numbers; a plain list of
 *       rows is accepted when the model has one input) → {@code {"predictions": [score, ...]}};</li>
 *   <li>{@code GET /v1/models/NAME[/versions/N]}: the version status, as TF-Serving's
 *       {@code {"model_version_status": [{"version", "state": "AVAILABLE", "status"}]}};</li>
 *   <li>{@code GET /v1/models/NAME[/versions/N]/metadata}: the {@code serving_default} signature;</li>
 *   <li>{@code POST /v2/models/NAME[/versions/N]/infer}: KServe v2 {@code inputs} tensors
 *       ({@code name, shape, datatype, data}) → {@code {"model_name", "model_version", "id"?,
 *       "outputs": [{"name", "shape": [n, 1], "datatype": "FP64", "data"}]}};</li>
 *   <li>{@code GET /v2/models/NAME[/versions/N]} (metadata), {@code GET /v2/models/NAME[/versions/N]/ready},
 *       {@code GET /v2/health/live}, {@code GET /v2/health/ready}, {@code GET /v2}.</li>
 * </ul>
 *
 * <p>Errors are JSON {@code {"error": "..."}}: 400 for a malformed body or one that does not match
 * the signature (messages worded like TF-Serving's), 404 for an unknown path, model or version
 * ({@code "Servable not found for request: Latest(NAME)"}), 405 for a wrong method, 413 for a body
 * over the limit, 500 if the model throws.
 *
 * <p>Latency: the server turns on TCP_NODELAY (it sets the JDK system property
 * {@code sun.net.httpserver.nodelay=true} when the class loads, unless it is set already);
 * otherwise each small response waits ~40 ms on the client's delayed ACK.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.builder(ServedModel.ofRanker("cf", 1, ranker)).build()) {
 *     URI base = server.baseUri();   // http://127.0.0.1:PORT
 *     ...
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {
    private static final Pattern V1 = Pattern.compile("^/v1/models/([^/:]+)(?:/versions/([^/:]+))?(:predict|/metadata|:classify|:regress)?$");
    private static final Pattern V2 = Pattern.compile("^/v2/models/([^/]+)(?:/versions/([^/]+))?(/infer|/ready)?$");

    /** The JDK server's switch for TCP_NODELAY, read once when its configuration class loads. */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK: ~40 ms per small response instead of well under a millisecond.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    /** The default address to listen on: the loopback interface. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port: {@value}, a free port chosen by the system ({@link #port()} tells which). */
    public static final int DEFAULT_PORT = 0;
    /**
     * The default number of request threads: all available processors ({@link Parallel#availableThreads()};
     * the answers do not depend on it).
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();
    /** The default largest request body: {@value} bytes (64 MiB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 << 20;

    private final Map<String, ServedModel> models;
    private final int maxBodyBytes;
    private final HttpServer server;
    private final ExecutorService executor;

    private ModelServer(Builder b, Map<String, ServedModel> models) throws IOException {
        this.models = Map.copyOf(models);
        this.maxBodyBytes = b.maxBodyBytes;
        this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 128);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "recsys4j-model-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Returns a builder of a server of these models (more can be {@linkplain Builder#add added}); by default
     * on the loopback interface, a free port, one request thread per processor, 64 MiB bodies.
     *
     * @param models the models, at least one in all, each name once
     */
    public static Builder builder(ServedModel... models) {
        return new Builder(models);
    }

    /** Returns the port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Returns {@code http://HOST:PORT}, the base URI for {@link RemoteModel#builder}. */
    public URI baseUri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort());
    }

    /** Returns the served models by name. */
    public Map<String, ServedModel> models() {
        return models;
    }

    /** Stops the server (requests in flight get up to one second) and its threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ModelServer{" + baseUri() + ", models=" + models.values() + "}";
    }

    // ---- request handling ----

    /** An error answered as {@code {"error": message}} with an HTTP status. */
    private static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            byte[] body;
            if (path.startsWith("/v1/")) {
                body = handleV1(ex, path);
            } else if (path.startsWith("/v2")) {
                body = handleV2(ex, path);
            } else {
                throw new HttpError(404, "Malformed request: " + ex.getRequestMethod() + " " + path);
            }
            send(ex, 200, body);
        } catch (HttpError e) {
            send(ex, e.status, Wire.error(e.getMessage()));
        } catch (RuntimeException e) {
            send(ex, 500, Wire.error("internal error: " + e));
        } finally {
            ex.close();
        }
    }

    private byte[] handleV1(HttpExchange ex, String path) throws IOException {
        Matcher m = V1.matcher(path);
        if (!m.matches()) {
            throw new HttpError(404, "Malformed request: " + ex.getRequestMethod() + " " + path);
        }
        String name = m.group(1);
        String versionText = m.group(2);
        String verb = m.group(3);
        if (":predict".equals(verb)) {
            requireMethod(ex, "POST");
            ServedModel model = servable(name, versionText);
            long version = version(model, versionText);
            byte[] request = readBody(ex);
            double[] scores = score(model.versions().get(version), Protocol.TF_SERVING, request);
            return Wire.encodeResponse(Protocol.TF_SERVING, scores, name, version, model.outputName(), null);
        }
        if (verb != null && !"/metadata".equals(verb)) {
            throw new HttpError(400, "Unsupported verb '" + verb.substring(1) + "': this server implements predict only");
        }
        requireMethod(ex, "GET");
        ServedModel model = models.get(name);
        if (model == null) {
            throw new HttpError(404, "Could not find any versions of model " + name);
        }
        if (versionText != null) {
            long v = parseVersion(versionText);
            if (!model.versions().containsKey(v)) {
                throw new HttpError(404, "Could not find version " + v + " of model " + name);
            }
        }
        if (verb == null) {
            ObjectNode root = Wire.JSON.createObjectNode();
            ArrayNode statuses = root.putArray("model_version_status");
            for (long v : model.versions().descendingKeySet()) {
                if (versionText != null && v != parseVersion(versionText)) {
                    continue;
                }
                ObjectNode s = statuses.addObject();
                s.put("version", Long.toString(v));
                s.put("state", "AVAILABLE");
                s.putObject("status").put("error_code", "OK").put("error_message", "");
            }
            return bytes(root);
        }
        long version = version(model, versionText);
        List<TensorSpec> inputs = model.versions().get(version).inputs();
        ObjectNode root = Wire.JSON.createObjectNode();
        root.putObject("model_spec").put("name", name).put("signature_name", "").put("version", Long.toString(version));
        ObjectNode sig = root.putObject("metadata").putObject("signature_def").putObject("signature_def")
                .putObject("serving_default");
        ObjectNode in = sig.putObject("inputs");
        for (TensorSpec s : inputs) {
            tfTensor(in.putObject(s.name()), s.name(), s.type().tensorflowName(), s.width());
        }
        tfTensor(sig.putObject("outputs").putObject(model.outputName()), model.outputName(), "DT_DOUBLE", -2);
        sig.put("method_name", "tensorflow/serving/predict");
        return bytes(root);
    }

    private static void tfTensor(ObjectNode t, String name, String dtype, int width) {
        t.put("dtype", dtype);
        ArrayNode dims = t.putObject("tensor_shape").putArray("dim");
        dims.addObject().put("size", "-1").put("name", "");
        if (width != -2) {
            dims.addObject().put("size", Integer.toString(width)).put("name", "");
        }
        t.put("name", name);
    }

    private byte[] handleV2(HttpExchange ex, String path) throws IOException {
        if (path.equals("/v2") || path.equals("/v2/")) {
            requireMethod(ex, "GET");
            ObjectNode root = Wire.JSON.createObjectNode().put("name", "recsys4j-model-server").put("version", "1");
            root.putArray("extensions");
            return bytes(root);
        }
        if (path.equals("/v2/health/live") || path.equals("/v2/health/ready")) {
            requireMethod(ex, "GET");
            return bytes(Wire.JSON.createObjectNode().put(path.endsWith("live") ? "live" : "ready", true));
        }
        Matcher m = V2.matcher(path);
        if (!m.matches()) {
            throw new HttpError(404, "Malformed request: " + ex.getRequestMethod() + " " + path);
        }
        String name = m.group(1);
        String versionText = m.group(2);
        String verb = m.group(3);
        ServedModel model = servable(name, versionText);
        long version = version(model, versionText);
        BatchScorer scorer = model.versions().get(version);
        if ("/infer".equals(verb)) {
            requireMethod(ex, "POST");
            byte[] request = readBody(ex);
            double[] scores = score(scorer, Protocol.KSERVE_V2, request);
            JsonNode id = null;
            try {
                id = Wire.JSON.readTree(request).get("id");
            } catch (IOException e) {
                // already parsed once by score(); cannot fail here
            }
            return Wire.encodeResponse(Protocol.KSERVE_V2, scores, name, version, model.outputName(), id);
        }
        requireMethod(ex, "GET");
        if ("/ready".equals(verb)) {
            return bytes(Wire.JSON.createObjectNode().put("name", name).put("ready", true));
        }
        ObjectNode root = Wire.JSON.createObjectNode().put("name", name);
        ArrayNode versions = root.putArray("versions");
        model.versions().keySet().forEach(v -> versions.add(Long.toString(v)));
        root.put("platform", "recsys4j");
        ArrayNode in = root.putArray("inputs");
        for (TensorSpec s : scorer.inputs()) {
            ObjectNode t = in.addObject().put("name", s.name()).put("datatype", s.type().kserveName());
            t.putArray("shape").add(-1).add(s.width());
        }
        ObjectNode out = root.putArray("outputs").addObject().put("name", model.outputName()).put("datatype", "FP64");
        out.putArray("shape").add(-1).add(1);
        return bytes(root);
    }

    private static double[] score(BatchScorer scorer, Protocol protocol, byte[] request) {
        InputBatch batch;
        try {
            batch = Wire.decodeRequest(protocol, request, scorer.inputs());
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        }
        double[] scores = new double[batch.rows()];
        try {
            scorer.score(batch, scores, 0);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        } catch (RuntimeException e) {
            throw new HttpError(500, "the model failed: " + e.getMessage());
        }
        return scores;
    }

    private ServedModel servable(String name, String versionText) {
        ServedModel model = models.get(name);
        String request = versionText == null ? "Latest(" + name + ")" : "Specific(" + name + ", " + versionText + ")";
        if (model == null) {
            throw new HttpError(404, "Servable not found for request: " + request);
        }
        if (versionText != null && !model.versions().containsKey(parseVersion(versionText))) {
            throw new HttpError(404, "Servable not found for request: " + request);
        }
        return model;
    }

    private static long version(ServedModel model, String versionText) {
        return versionText == null ? model.latestVersion() : parseVersion(versionText);
    }

    private static long parseVersion(String text) {
        try {
            long v = Long.parseLong(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new HttpError(400, "Failed to convert version: " + text + " to numeric.");
    }

    private static void requireMethod(HttpExchange ex, String method) {
        if (!method.equals(ex.getRequestMethod())) {
            throw new HttpError(405, "Method " + ex.getRequestMethod() + " not allowed on " + ex.getRequestURI().getRawPath()
                    + "; use " + method);
        }
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    throw new HttpError(413, "request body of " + length + " bytes is over the limit of " + maxBodyBytes);
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "invalid Content-Length: " + length);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = ex.getRequestBody()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > maxBodyBytes) {
                    throw new HttpError(413, "request body is over the limit of " + maxBodyBytes + " bytes");
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Builds and starts a {@link ModelServer}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private final java.util.List<ServedModel> models = new java.util.ArrayList<>();
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int threads = DEFAULT_THREADS;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder(ServedModel[] models) {
            if (models == null) {
                this.models.add(null);   // reported by build()
            } else {
                this.models.addAll(java.util.Arrays.asList(models));
            }
        }

        /** Adds a model. */
        public Builder add(ServedModel model) {
            models.add(model);
            return this;
        }

        /** Sets the address to listen on (default {@value ModelServer#DEFAULT_HOST}). */
        public Builder withHost(String host) {
            this.host = host;
            return this;
        }

        /** Sets the port, in {@code [0, 65535]} (default {@value ModelServer#DEFAULT_PORT}: a free port). */
        public Builder withPort(int port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the number of request threads, at least 1 (default: all available processors,
         * {@link ModelServer#DEFAULT_THREADS}); the answers do not depend on it.
         */
        public Builder withThreads(int n) {
            this.threads = n;
            return this;
        }

        /**
         * Sets the largest request body in bytes, at least 1 (default {@value ModelServer#DEFAULT_MAX_BODY_BYTES});
         * larger ones get HTTP 413.
         */
        public Builder withMaxBodyBytes(int n) {
            this.maxBodyBytes = n;
            return this;
        }

        /**
         * Starts the server and returns it, listening.
         *
         * @throws NullPointerException     if a model or the host is null
         * @throws IllegalArgumentException if no model was given, two share a name, or the port, thread count
         *                                  or body limit is out of range
         * @throws IllegalStateException    if Jackson (an optional dependency of recsys-rank) is not on the class path
         * @throws IOException              if the address cannot be bound
         */
        public ModelServer build() throws IOException {
            OptionalDependency.require(Wire.JACKSON_CLASS, Wire.JACKSON, "ModelServer");
            Map<String, ServedModel> byName = new LinkedHashMap<>();
            for (ServedModel model : models) {
                Objects.requireNonNull(model, "model");
                if (byName.putIfAbsent(model.name(), model) != null) {
                    throw new IllegalArgumentException("model '" + model.name() + "' added twice");
                }
            }
            if (byName.isEmpty()) {
                throw new IllegalArgumentException("models: none, a model server needs at least one");
            }
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + ", must be in [0, 65535]");
            }
            Parallel.checkThreads(threads);
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + ", must be >= 1");
            }
            return new ModelServer(this, byName);
        }
    }
}
