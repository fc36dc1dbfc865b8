package org.recsys4j.examples.server;

import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.remote.CircuitBreaker;
import org.recsys4j.rank.remote.ModelServer;
import org.recsys4j.rank.remote.Protocol;
import org.recsys4j.rank.remote.RemoteModel;
import org.recsys4j.rank.remote.ServedModel;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.FeatureRowProvider;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.TensorSpec;
import org.recsys4j.rank.serving.TensorType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A model ranked the way the source system ranks with NeuralCF: the model runs in a model server that speaks
 * TF-Serving's REST protocol ({@link ModelServer}, here in this process on a second port of the loopback
 * interface, a free one), and the pipeline calls it over HTTP through a {@link RemoteModel}
 * ({@code POST /v1/models/NAME:predict}, one request per ranking, retried once, a circuit breaker), wrapped in
 * a {@link ModelRanker} that <em>fails fast</em>: when the model server is down, slow or broken, the ranking
 * stage fails and the pipeline keeps its recall order, and the answer says so (fallback {@code rank}, a note
 * naming the model and the error) instead of serving fallback scores under the model's name.
 *
 * <p>Only the inputs the model reads travel (for NeuralCF, as in the source system, the user id and the movie id
 * of each candidate, encoded through protocol C's vocabularies): the caller's rows are cut to them, and the
 * server side fills the model's other inputs, which its architecture does not read, with zeros.
 *
 * <p>The model server is started with the serving data and stopped with it ({@link #close()});
 * {@link #stopModelServer()} and {@link #startModelServer()} take it down and bring it back (on the same port)
 * while the demo runs, to see the fallback and the recovery (the breaker lets a trial call through
 * {@value #BREAKER_COOL_DOWN_MILLIS} ms after it opened). Thread-safe.
 */
public final class RemoteRanking implements AutoCloseable {
    /** The ranker's name is the model's with this suffix ({@code neuralcf-remote}): it says where the scores came from. */
    public static final String RANKER_SUFFIX = "-remote";
    /** The time one HTTP attempt may take (the ranking stage's budget bounds the whole call). */
    public static final int REQUEST_TIMEOUT_MILLIS = 250;
    /** How long the circuit breaker stays open before it lets a trial call through. */
    public static final int BREAKER_COOL_DOWN_MILLIS = 2_000;

    private final String name;
    private final ServedModel served;
    private final ModelRanker ranker;
    private final RemoteModel remote;
    private final int port;
    private ModelServer server;

    private RemoteRanking(String name, ServedModel served, FeatureRowProvider fullRows, List<TensorSpec> read)
            throws IOException {
        this.name = name;
        this.served = served;
        FeatureRowProvider rows = Projection.rows(fullRows, read);
        this.server = ModelServer.builder(served).withThreads(4).build();
        this.port = server.port();
        this.remote = RemoteModel.builder(server.baseUri(), name, rows.inputs()).withProtocol(Protocol.TF_SERVING)
                .withConnectTimeout(Duration.ofMillis(REQUEST_TIMEOUT_MILLIS))
                .withRequestTimeout(Duration.ofMillis(REQUEST_TIMEOUT_MILLIS)).withMaxAttempts(2)
                .withInitialBackoff(Duration.ofMillis(10))
                .withCircuitBreaker(CircuitBreaker.builder().withCoolDown(Duration.ofMillis(BREAKER_COOL_DOWN_MILLIS)).build())
                .build();
        this.ranker = ModelRanker.builder(name + RANKER_SUFFIX, rows, remote).withFailFast(true).build();
    }

    /**
     * Starts a model server of {@code model} under {@code name} (version 1) on a free loopback port and returns
     * the remote ranking over it.
     *
     * @param name  the model's name on the server; the ranker's name in answers is it plus {@value #RANKER_SUFFIX}
     * @param model the model
     * @param rows  builds the model's input rows on the caller's side (its inputs must be the model's)
     * @throws UncheckedIOException if the server cannot start
     */
    public static RemoteRanking start(String name, CtrModel model, FeatureRowProvider rows) {
        return start(name, model, rows, java.util.function.UnaryOperator.identity());
    }

    /**
     * Starts a model server of the model {@code served} makes of {@code model} (e.g. {@link
     * org.recsys4j.examples.train.NeuMf#scorer}: another branch fused with it) under {@code name} (version 1) on a free
     * loopback port and returns the remote ranking over it. The served model reads what {@code model} reads.
     *
     * @param name   the model's name on the server; the ranker's name in answers is it plus {@value #RANKER_SUFFIX}
     * @param model  the model
     * @param rows   builds the model's input rows on the caller's side (its inputs must be the model's)
     * @param served makes the served scorer of {@code model}'s scorer of the inputs it reads (same inputs)
     * @throws UncheckedIOException if the server cannot start
     */
    public static RemoteRanking start(String name, CtrModel model, FeatureRowProvider rows,
                                      java.util.function.UnaryOperator<BatchScorer> served) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(served, "served");
        List<TensorSpec> read = Projection.readInputs(model);
        BatchScorer scorer = Objects.requireNonNull(served.apply(Projection.scorer(model, read)), "served scorer");
        if (!scorer.inputs().equals(read)) {
            throw new IllegalArgumentException("served: inputs " + scorer.inputs() + ", the model reads " + read);
        }
        try {
            return new RemoteRanking(name, ServedModel.of(name, 1, scorer), rows, read);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the model server of " + name, e);
        }
    }

    /** Returns the served model's scorer (what the model server runs), for checks on the caller's side. */
    public BatchScorer scorer() {
        return served.versions().get(1L);
    }

    /** Returns the ranker: the remote model, failing fast. */
    public ModelRanker ranker() {
        return ranker;
    }

    /** Returns the client of the model server. */
    public RemoteModel remote() {
        return remote;
    }

    /** Returns the model server's base URI ({@code http://127.0.0.1:PORT}). */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Returns whether the model server is running. */
    public synchronized boolean up() {
        return server != null;
    }

    /** Stops the model server (the pipeline falls back until it is started again); does nothing if stopped. */
    public synchronized void stopModelServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /**
     * Starts the model server again on its port; does nothing if it runs.
     *
     * @throws UncheckedIOException if the port cannot be bound again
     */
    public synchronized void startModelServer() {
        if (server == null) {
            try {
                server = ModelServer.builder(served).withPort(port).withThreads(4).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the model server of " + name + " on port " + port, e);
            }
        }
    }

    /** Returns the state as {@code /api/health} shows it: model, URI, up, breaker state, calls and refused calls. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", name);
        m.put("protocol", "tf-serving");
        m.put("uri", baseUri() + "/v1/models/" + name + ":predict");
        m.put("up", server != null);
        m.put("breaker", remote.breaker().state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("calls", remote.calls());
        m.put("refused", remote.refused());
        return m;
    }

    /** Stops the model server. */
    @Override
    public void close() {
        stopModelServer();
    }

    /** Cuts a CTR model's rows to the inputs its architecture reads, on both sides of the wire. */
    static final class Projection {
        private Projection() {
        }

        /** Returns the model's fixed-width inputs that its spec reads (its fields and numerics), in schema order. */
        static List<TensorSpec> readInputs(CtrModel model) {
            Set<String> read = new HashSet<>(model.spec().fields());
            read.addAll(model.spec().numerics());
            List<TensorSpec> out = new ArrayList<>();
            for (TensorSpec t : model.inputs()) {
                if (read.contains(t.name()) && !t.variableWidth()) {
                    out.add(t);
                }
            }
            if (out.size() != read.size()) {
                throw new IllegalArgumentException("model " + model.spec().type() + " reads " + read
                        + ": only fixed-width inputs can be sent alone, " + out + " are");
            }
            return List.copyOf(out);
        }

        /** Copies the (fixed-width) tensors {@code which} from {@code from} to {@code to}, which both have. */
        static void copy(InputBatch from, InputBatch to, List<TensorSpec> which) {
            for (TensorSpec spec : which) {
                int f = from.indexOf(spec.name());
                int t = to.indexOf(spec.name());
                if (spec.type() == TensorType.FLOAT32) {
                    System.arraycopy(from.floats(f), 0, to.floats(t), 0, to.floats(t).length);
                } else {
                    System.arraycopy(from.longs(f), 0, to.longs(t), 0, to.longs(t).length);
                }
            }
        }

        /** Returns the caller's rows cut to {@code read}. */
        static FeatureRowProvider rows(FeatureRowProvider full, List<TensorSpec> read) {
            return new FeatureRowProvider() {
                @Override
                public List<TensorSpec> inputs() {
                    return read;
                }

                @Override
                public InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to) {
                    InputBatch all = full.rows(request, candidates, from, to);
                    InputBatch cut = new InputBatch(read, all.rows());
                    copy(all, cut, read);
                    return cut;
                }
            };
        }

        /** Returns the model as a scorer of {@code read} rows: its other inputs (not read by it) are zeros. */
        static BatchScorer scorer(CtrModel model, List<TensorSpec> read) {
            return new BatchScorer() {
                @Override
                public List<TensorSpec> inputs() {
                    return read;
                }

                @Override
                public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
                    InputBatch all = new InputBatch(model.inputs(), batch.rows());
                    copy(batch, all, read);
                    model.score(all, out, offset, deadline);
                }

                @Override
                public String toString() {
                    return model + " reading " + read.stream().map(TensorSpec::name).toList();
                }
            };
        }
    }
}
