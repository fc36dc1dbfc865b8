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
 * <p><b>Breaker accounting.</b> A call that ends in success or a non-retryable 4xx counts as a
 * success for the {@link CircuitBreaker} (the server is up and answering); a call that fails after
 * its retries, or answers an invalid body, counts as a failure.
 *
 * <pre>{@code
 * RemoteModel model = RemoteModel.builder(URI.create("http://127.0.0.1:8501"), "deepfm", rows.inputs())
 *         .protocol(Protocol.TF_SERVING)
 *         .requestTimeout(Duration.ofMillis(200))
 *         .build();
 * Ranker ranker = ModelRanker.builder("deepfm-remote", rows, model).batchSize(100).fallbackScore(0).build();
 * }</pre>
 *
 * Thread-safe.
 */
public final class RemoteModel implements BatchScorer {
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
        this.inputs = b.inputs;
        this.outputName = b.outputName;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.breaker = b.breaker != null ? b.breaker : new CircuitBreaker(5, Duration.ofSeconds(10));
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
     * Scores the batch with one logical call (retries included).
     *
     * @throws RemoteModelException  if the call fails; see the class description
     * @throws CircuitOpenException  if the circuit breaker refuses the call
     */
    @Override
    public void score(InputBatch batch, double[] out, int offset) {
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
            scoreWithRetries(batch, out, offset);
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

    private void scoreWithRetries(InputBatch batch, double[] out, int offset) {
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
            }
            attempts.incrementAndGet();
            HttpResponse<byte[]> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpConnectTimeoutException e) {
                last = new RemoteModelException("connect timeout (" + e.getMessage() + ") calling " + endpoint,
                        RemoteModelException.NO_STATUS, true, attempt, e);
                continue;
            } catch (HttpTimeoutException e) {
                last = new RemoteModelException("no response within the request timeout of " + requestTimeout.toMillis()
                        + " ms from " + endpoint, RemoteModelException.NO_STATUS, true, attempt, e);
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

    /** Builds a {@link RemoteModel}. Not thread-safe. */
    public static final class Builder {
        private final URI baseUri;
        private final String modelName;
        private final List<TensorSpec> inputs;
        private long version;
        private Protocol protocol = Protocol.TF_SERVING;
        private String outputName;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(1);
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(20);
        private Duration maxBackoff = Duration.ofMillis(500);
        private double jitter = 0.5;
        private CircuitBreaker breaker;

        private Builder(URI baseUri, String modelName, List<TensorSpec> inputs) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
            if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
                throw new IllegalArgumentException("baseUri: " + baseUri + ", must be an http(s) URI");
            }
            this.modelName = Objects.requireNonNull(modelName, "modelName");
            if (!modelName.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("modelName: '" + modelName + "', must be letters, digits, '_', '.' or '-'");
            }
            this.inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
            new InputBatch(this.inputs, 0); // checks the specs
        }

        /** Sets the protocol (default {@link Protocol#TF_SERVING}). */
        public Builder protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** Pins a model version (default: none, the server's latest). */
        public Builder version(long version) {
            if (version < 1) {
                throw new IllegalArgumentException("version: " + version + ", must be >= 1");
            }
            this.version = version;
            return this;
        }

        /** Sets the output holding the scores, for models with several (default: the only or first one). */
        public Builder outputName(String name) {
            this.outputName = name;
            return this;
        }

        /** Sets the TCP connect timeout (default 1 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** Sets the timeout of one attempt, from sending the request to the end of the response (default 1 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** Sets the number of HTTP attempts per call, first try included (default 3; 1 = no retries). */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxAttempts: " + n + ", must be >= 1");
            }
            this.maxAttempts = n;
            return this;
        }

        /**
         * Sets the exponential backoff between attempts (defaults 20 ms doubling up to 500 ms, jitter 0.5).
         *
         * @param initial the sleep before the first retry
         * @param max     the largest sleep
         * @param jitter  the largest fraction taken off at random, in {@code [0, 1]}
         */
        public Builder backoff(Duration initial, Duration max, double jitter) {
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff: initial " + initial + " and max " + max
                        + " must satisfy 0 <= initial <= max");
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter: " + jitter + ", must be in [0, 1]");
            }
            this.jitter = jitter;
            return this;
        }

        /** Sets the circuit breaker (default: opens after 5 consecutive failed calls, cool-down 10 s). */
        public Builder circuitBreaker(CircuitBreaker breaker) {
            this.breaker = Objects.requireNonNull(breaker, "breaker");
            return this;
        }

        /**
         * Returns the model.
         *
         * @throws IllegalStateException if Jackson (an optional dependency of recsys-rank) is not on the class path
         */
        public RemoteModel build() {
            OptionalDependency.require(Wire.JACKSON_CLASS, Wire.JACKSON, "RemoteModel");
            return new RemoteModel(this);
        }

        private static Duration positive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + ": " + d + ", must be positive");
            }
            return d;
        }
    }
}
