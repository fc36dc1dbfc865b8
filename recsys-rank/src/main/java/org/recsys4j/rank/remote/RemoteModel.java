package org.recsys4j.rank.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.util.OptionalDependency;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.TensorSpec;

/**
 * A model behind a model server, called over HTTP with TF-Serving's REST predict protocol or the
 * KServe v2 inference protocol ({@link Protocol}): the model side of the remote ranker
 * ({@link ModelRanker} over a {@code RemoteModel}, with {@code batchSize} so that a long candidate
 * list goes out as several requests of at most that many instances, optionally in parallel).
 *
 * <p><b>One call</b> ({@link #score}) is one batch: the circuit breaker is asked first (refused:
 * {@link CircuitOpenException} at once); then up to {@code maxAttempts} HTTP attempts, each bounded
 * by the connect timeout and the request (read) timeout. An attempt is retried only if it failed in
 * a retryable way: HTTP 5xx, HTTP 429, a timeout, or a connection error; before attempt {@code k+1}
 * the call sleeps {@code min(maxBackoff, initialBackoff * 2^(k-1))}, minus a random part of up to
 * {@code jitter} of it (so clients that failed together do not retry together), or longer if the
 * server sent {@code Retry-After: seconds} (capped at {@code maxBackoff}). Any other 4xx fails
 * at once (the request itself is wrong), as does a 200 whose body is not a valid response
 * (malformed JSON, the wrong number of predictions, a non-numeric prediction). All failures are
 * {@link RemoteModelException}s naming the URL, the HTTP status and the server's {@code error}
 * message.
 *
 * <p><b>Deadline.</b> The caller's deadline ({@link ModelRanker} passes the request's) bounds the call
 * too: an attempt's timeout is cut to the time left, and no retry starts once the deadline has passed
 * (the call then ends with a {@link org.recsys4j.core.pipeline.DeadlineExceededException}, which the
 * breaker counts as a failure, like an interrupted call).
 *
 * <p><b>Bags of ids</b> ({@link TensorSpec#idBag}) travel as a list per instance over TF-Serving's
 * protocol and, since KServe v2 tensors are rectangular, as a {@code [rows, longest]} tensor padded with
 * {@code -1} over KServe v2; {@link ModelServer} reads both.
 *
 * <p><b>Breaker accounting.</b> A call that ends in success or a non-retryable 4xx counts as a
 * success for the {@link CircuitBreaker} (the server is up and answering); a call that fails after
 * its retries, or answers an invalid body, counts as a failure.
 *
 * <pre>{@code
 * RemoteModel model = RemoteModel.builder(URI.create("http://127.0.0.1:8501"), "deepfm", rows.inputs())
 *         .withProtocol(Protocol.TF_SERVING)
 *         .withRequestTimeout(Duration.ofMillis(200))
 *         .build();
 * Ranker ranker = ModelRanker.builder("deepfm-remote", rows, model).withBatchSize(100).withFallbackScore(0).build();
 * }</pre>
 *
 * Thread-safe.
 */
public final class RemoteModel implements BatchScorer {
    /** The default protocol. */
    public static final Protocol DEFAULT_PROTOCOL = Protocol.TF_SERVING;
    /** The default model version: {@value}, the server's latest. */
    public static final long DEFAULT_VERSION = 0;
    /** The default TCP connect timeout: 1 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** The default timeout of one attempt, from sending the request to the end of the response: 1 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(1);
    /** The default number of HTTP attempts per call, first try included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The default sleep before the first retry: 20 ms (doubling per retry). */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(20);
    /** The default largest sleep between attempts: 500 ms. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(500);
    /** The default largest fraction of a backoff taken off at random. */
    public static final double DEFAULT_JITTER = 0.5;

    private final URI endpoint;
    private final String modelName;
    private final long version;
    private final Protocol protocol;
    private final List<TensorSpec> inputs;
    private final String outputName;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final CircuitBreaker breaker;
    private final HttpClient client;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private RemoteModel(Builder b) {
        this.modelName = b.modelName;
        this.version = b.version;
        this.protocol = b.protocol;
        this.inputs = List.copyOf(b.inputs);
        this.outputName = b.outputName;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.breaker = b.breaker != null ? b.breaker : CircuitBreaker.defaults();
        String base = b.baseUri.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.endpoint = URI.create(base + Wire.inferPath(protocol, modelName, version));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .build();
    }

    /**
     * Returns a builder.
     *
     * @param baseUri   the server, e.g. {@code http://127.0.0.1:8501}
     * @param modelName the model's name on the server
     * @param inputs    the inputs the model expects (usually a {@code FeatureRowProvider}'s)
     */
    public static Builder builder(URI baseUri, String modelName, List<TensorSpec> inputs) {
        return new Builder(baseUri, modelName, inputs);
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /** Returns the URL of the predict/infer calls. */
    public URI endpoint() {
        return endpoint;
    }

    /** Returns the circuit breaker. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Returns the number of calls made (one per batch, including refused ones). */
    public long calls() {
        return calls.get();
    }

    /** Returns the number of HTTP attempts made (first tries and retries). */
    public long attempts() {
        return attempts.get();
    }

    /** Returns the number of calls the open circuit breaker refused. */
    public long refused() {
        return refused.get();
    }

    /**
     * Scores the batch with one logical call (retries included), within the deadline.
     *
     * @throws RemoteModelException  if the call fails; see the class description
     * @throws CircuitOpenException  if the circuit breaker refuses the call
     * @throws org.recsys4j.core.pipeline.DeadlineExceededException if the deadline passes before a retry
     */
    @Override
    public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
        java.util.Objects.requireNonNull(deadline, "deadline");
        if (batch.rows() == 0) {
            return;
        }
        calls.incrementAndGet();
        if (!breaker.tryAcquire()) {
            refused.incrementAndGet();
            throw new CircuitOpenException("circuit breaker open for " + endpoint + ": not calling the server ("
                    + breaker + ")");
        }
        boolean done = false;
        try {
            scoreWithRetries(batch, out, offset, deadline);
            breaker.onSuccess();
            done = true;
        } catch (RemoteModelException e) {
            if (e.status() >= 400 && e.status() < 500 && e.status() != 429) {
                breaker.onSuccess(); // the server is up; the request was wrong
            } else {
                breaker.onFailure();
            }
            done = true;
            throw e;
        } finally {
            if (!done) {
                breaker.onFailure(); // interrupted or an unexpected error: do not leave a trial in flight
            }
        }
    }

    private void scoreWithRetries(InputBatch batch, double[] out, int offset, Deadline deadline) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.encodeRequest(protocol, batch, outputName)))
                .build();
        RemoteModelException last = null;
        long retryAfterNanos = 0;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                sleep(Math.max(backoff(attempt - 1), retryAfterNanos), last, attempt - 1);
                retryAfterNanos = 0;
                deadline.check("remote model " + endpoint + ", before attempt " + attempt);
            }
            HttpRequest attemptRequest = request;
            Duration timeout = requestTimeout;
            if (deadline.isBounded() && deadline.remaining().compareTo(requestTimeout) < 0) {
                deadline.check("remote model " + endpoint);
                timeout = deadline.remaining();
                if (timeout.isZero() || timeout.isNegative()) {
                    timeout = Duration.ofNanos(1);
                }
                attemptRequest = HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
            }
            attempts.incrementAndGet();
            HttpResponse<byte[]> response;
            try {
                response = client.send(attemptRequest, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpConnectTimeoutException e) {
                last = new RemoteModelException("connect timeout (" + e.getMessage() + ") calling " + endpoint,
                        RemoteModelException.NO_STATUS, true, attempt, e);
                continue;
            } catch (HttpTimeoutException e) {
                last = new RemoteModelException("no response within the request timeout of " + timeout.toMillis()
                        + " ms" + (timeout.equals(requestTimeout) ? "" : " (the time left before the deadline)") + " from "
                        + endpoint, RemoteModelException.NO_STATUS, true, attempt, e);
                continue;
            } catch (ConnectException e) {
                last = new RemoteModelException("cannot connect to " + endpoint + ": " + e, RemoteModelException.NO_STATUS,
                        true, attempt, e);
                continue;
            } catch (IOException e) {
                last = new RemoteModelException("I/O error calling " + endpoint + ": " + e, RemoteModelException.NO_STATUS,
                        true, attempt, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteModelException("interrupted calling " + endpoint, RemoteModelException.NO_STATUS, false,
                        attempt, e);
            }
            int status = response.statusCode();
            if (status == 200) {
                try {
                    Wire.decodeResponse(protocol, response.body(), batch.rows(), outputName, out, offset);
                    return;
                } catch (IllegalArgumentException e) {
                    throw new RemoteModelException("invalid response from " + endpoint + ": " + e.getMessage(), status, false,
                            attempt, e);
                }
            }
            boolean retryable = status >= 500 || status == 429;
            retryAfterNanos = retryAfter(response);
            last = new RemoteModelException("HTTP " + status + " from " + endpoint + ": " + Wire.errorMessage(response.body()),
                    status, retryable, attempt, null);
            if (!retryable) {
                throw last;
            }
        }
        throw last.withAttempts(maxAttempts);
    }

    /** Returns the sleep before retry number {@code retry} (1-based), with jitter. */
    long backoff(int retry) {
        double base = Math.min(maxBackoff.toNanos(), initialBackoff.toNanos() * Math.pow(2, retry - 1));
        return (long) (base * (1 - jitter * ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * Returns the server's {@code Retry-After} (whole seconds; the HTTP-date form is ignored) in
     * nanoseconds, capped at {@code maxBackoff}, or 0.
     */
    private long retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return 0;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds <= 0 ? 0 : Math.min(maxBackoff.toNanos(), Math.multiplyExact(seconds, 1_000_000_000L));
        } catch (NumberFormatException e) {
            return 0; // an HTTP-date: use the backoff
        } catch (ArithmeticException e) {
            return maxBackoff.toNanos();
        }
    }

    private void sleep(long nanos, RemoteModelException last, int attemptsSoFar) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteModelException("interrupted while backing off after: " + last.getMessage(), last.status(), false,
                    attemptsSoFar, e);
        }
    }

    @Override
    public String toString() {
        return "RemoteModel{" + protocol + " " + endpoint + ", attempts=" + maxAttempts + ", timeout="
                + requestTimeout.toMillis() + "ms, " + breaker + "}";
    }

    /** Builds a {@link RemoteModel}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private final URI baseUri;
        private final String modelName;
        private final List<TensorSpec> inputs;
        private long version = DEFAULT_VERSION;
        private Protocol protocol = DEFAULT_PROTOCOL;
        private String outputName;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double jitter = DEFAULT_JITTER;
        private CircuitBreaker breaker;

        private Builder(URI baseUri, String modelName, List<TensorSpec> inputs) {
            this.baseUri = baseUri;
            this.modelName = modelName;
            this.inputs = inputs;
        }

        /** Sets the protocol (default {@link RemoteModel#DEFAULT_PROTOCOL}, TF-Serving's). */
        public Builder withProtocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /** Pins a model version, at least 1 (default {@value RemoteModel#DEFAULT_VERSION}: none, the server's latest). */
        public Builder withVersion(long version) {
            this.version = version;
            return this;
        }

        /** Sets the output holding the scores, for models with several; null (the default) means the only or first one. */
        public Builder withOutputName(String name) {
            this.outputName = name;
            return this;
        }

        /** Sets the TCP connect timeout, positive (default {@link RemoteModel#DEFAULT_CONNECT_TIMEOUT}, 1 s). */
        public Builder withConnectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the timeout of one attempt, from sending the request to the end of the response, positive
         * (default {@link RemoteModel#DEFAULT_REQUEST_TIMEOUT}, 1 s).
         */
        public Builder withRequestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Sets the number of HTTP attempts per call, first try included, at least 1 (default
         * {@value RemoteModel#DEFAULT_MAX_ATTEMPTS}; 1 = no retries).
         */
        public Builder withMaxAttempts(int n) {
            this.maxAttempts = n;
            return this;
        }

        /**
         * Sets the sleep before the first retry, doubling per retry, at least 0 (default
         * {@link RemoteModel#DEFAULT_INITIAL_BACKOFF}, 20 ms).
         */
        public Builder withInitialBackoff(Duration backoff) {
            this.initialBackoff = backoff;
            return this;
        }

        /**
         * Sets the largest sleep between attempts, at least the initial backoff (default
         * {@link RemoteModel#DEFAULT_MAX_BACKOFF}, 500 ms).
         */
        public Builder withMaxBackoff(Duration backoff) {
            this.maxBackoff = backoff;
            return this;
        }

        /**
         * Sets the largest fraction of a backoff taken off at random, in {@code [0, 1]} (default
         * {@value RemoteModel#DEFAULT_JITTER}), so clients that failed together do not retry together.
         */
        public Builder withJitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * Sets the circuit breaker; null (the default) means a fresh {@link CircuitBreaker#defaults()} (opens
         * after 5 consecutive failed calls, cool-down 10 s). Give several models one breaker to trip together.
         */
        public Builder withCircuitBreaker(CircuitBreaker breaker) {
            this.breaker = breaker;
            return this;
        }

        /**
         * Returns the model.
         *
         * @throws NullPointerException     if the base URI, model name, inputs, protocol, a timeout or a
         *                                  backoff is null
         * @throws IllegalArgumentException if a setting is out of range (naming it), the base URI is not
         *                                  http(s), the model name has other characters than letters, digits,
         *                                  '_', '.', '-', or the inputs are empty or repeat a name
         * @throws IllegalStateException    if Jackson (an optional dependency of recsys-rank) is not on the class path
         */
        public RemoteModel build() {
            OptionalDependency.require(Wire.JACKSON_CLASS, Wire.JACKSON, "RemoteModel");
            Objects.requireNonNull(baseUri, "baseUri");
            if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
                throw new IllegalArgumentException("baseUri: " + baseUri + ", must be an http(s) URI");
            }
            Objects.requireNonNull(modelName, "modelName");
            if (!modelName.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("modelName: '" + modelName + "', must be letters, digits, '_', '.' or '-'");
            }
            new InputBatch(List.copyOf(Objects.requireNonNull(inputs, "inputs")), 0); // checks the specs
            Objects.requireNonNull(protocol, "protocol");
            if (version < 0) {
                throw new IllegalArgumentException("version: " + version + ", must be >= 1 (or 0 for the latest)");
            }
            positive("connectTimeout", connectTimeout);
            positive("requestTimeout", requestTimeout);
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts: " + maxAttempts + ", must be >= 1");
            }
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (initialBackoff.isNegative()) {
                throw new IllegalArgumentException("initialBackoff: " + initialBackoff + ", must be >= 0");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff: " + maxBackoff + ", must be >= initialBackoff " + initialBackoff);
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter: " + jitter + ", must be in [0, 1]");
            }
            return new RemoteModel(this);
        }

        private static void positive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + ": " + d + ", must be positive");
            }
        }
    }
}
