package org.recsys4j.rank.serving;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.util.Parallel;

/**
 * The one {@link Ranker} for models: a {@link FeatureRowProvider} turns the request and the candidates
 * into input rows, a {@link BatchScorer} scores them: a CTR model trained by Recsys4J
 * ({@code org.recsys4j.rank.ctr.CtrModel}, rows from {@code ProtocolCFeatureProvider} or your own
 * provider), an ONNX model run in the JVM ({@code org.recsys4j.rank.djl.OnnxModel}) or a model server
 * ({@code org.recsys4j.rank.remote.RemoteModel}).
 *
 * <p><b>Batching.</b> The candidates go to the model in batches of at most {@code batchSize} rows
 * (default: all of them, one model call per request), on up to {@code threads} threads.
 *
 * <p><b>Failure semantics.</b> {@link #score} never throws because of the model (unless it fails fast, below): if a batch fails
 * (any {@link RuntimeException} from the provider or the model: a {@link ScoringException}, a remote
 * timeout, an open circuit breaker, a feature store that is down; or a provider that returns another
 * number of rows than candidates), its candidates get the fallback, and the {@link FallbackListener}
 * hears about it once per failed batch. The fallback is the fallback ranker's score if one is set and
 * it succeeds, else the fallback score (default {@value #DEFAULT_FALLBACK_SCORE}). A model score that is
 * NaN or infinite is replaced the same way, item by item. Other batches of the same request keep their
 * model scores.
 *
 * <p><b>Failing fast.</b> With {@link Builder#withFailFast withFailFast(true)} a failed batch is not given
 * fallback scores: {@link #score} throws a {@link ScoringException} (the cause attached; the listener still
 * hears about it), so that the pipeline's own ranking fallback takes over and <em>reports</em> it in the
 * answer ({@code Recommendation.fallbacks()} and {@code notes()}) instead of serving the fallback scores
 * under the model's name. Use it for a remote model whose outage the caller must see.
 *
 * <p><b>Deadline.</b> The request's {@link RecRequest#deadline() deadline} is checked before each
 * batch and handed to the model (a {@code CtrModel} checks it every 64 rows, a {@code RemoteModel}
 * before each retry); once it has passed, {@link #score} stops with a
 * {@link org.recsys4j.core.pipeline.DeadlineExceededException} (a {@code CancellationException},
 * never turned into fallback scores), and the pipeline keeps the previous order.
 *
 * <pre>{@code
 * ModelRanker ranker = ModelRanker.builder("deepfm", new ProtocolCFeatureProvider(pc, store, "user_stats"), ctrModel)
 *         .withFallbackScore(0.0)
 *         .withListener(counter)
 *         .build();
 * RankingChain chain = RankingChain.builder().then(cheap, 200).then(ranker, 50).build();
 * }</pre>
 *
 * Immutable and thread-safe (its parts are).
 *
 * @see RankingChain
 */
public final class ModelRanker implements Ranker {
    /** The default score of candidates whose batch failed. */
    public static final double DEFAULT_FALLBACK_SCORE = 0.0;
    /** The default largest number of candidates per model call: unlimited, one call per request. */
    public static final int DEFAULT_BATCH_SIZE = Integer.MAX_VALUE;
    /**
     * The default number of threads scoring the batches of one request: all available processors
     * ({@link Parallel#availableThreads()}; the scores do not depend on it).
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();
    /** The default of {@link Builder#withFailFast}: failed batches get fallback scores. */
    public static final boolean DEFAULT_FAIL_FAST = false;

    private final String name;
    private final FeatureRowProvider rows;
    private final BatchScorer model;
    private final double fallbackScore;
    private final Ranker fallbackRanker;
    private final int batchSize;
    private final int threads;
    private final FallbackListener listener;
    private final boolean failFast;

    private ModelRanker(Builder b) {
        this.name = b.name;
        this.rows = b.rows;
        this.model = b.model;
        this.fallbackScore = b.fallbackScore;
        this.fallbackRanker = b.fallbackRanker;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.listener = b.listener == null ? FallbackListener.NONE : b.listener;
        this.failFast = b.failFast;
    }

    /**
     * Returns a builder.
     *
     * @param name  the ranker's name, as reported in responses
     * @param rows  builds the model's input rows
     * @param model scores them
     */
    public static Builder builder(String name, FeatureRowProvider rows, BatchScorer model) {
        return new Builder(name, rows, model);
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the model. */
    public BatchScorer model() {
        return model;
    }

    /** Returns the provider of the model's input rows. */
    public FeatureRowProvider rows() {
        return rows;
    }

    /** Returns the score given when the model fails and there is no (working) fallback ranker. */
    public double fallbackScore() {
        return fallbackScore;
    }

    @Override
    public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
        Ranker.checkScoreArguments(request, candidates, scores);
        int n = candidates.size();
        if (n == 0) {
            return;
        }
        int batches = (int) ((n + (long) batchSize - 1) / batchSize);
        if (batches == 1 || threads == 1) {
            for (int b = 0; b < batches; b++) {
                scoreBatch(request, candidates, scores, b * batchSize, (int) Math.min(n, (long) b * batchSize + batchSize));
            }
        } else {
            Parallel.forRange(batches, threads, 1, (fromBatch, toBatch) -> {
                for (int b = fromBatch; b < toBatch; b++) {
                    scoreBatch(request, candidates, scores, b * batchSize, (int) Math.min(n, (long) b * batchSize + batchSize));
                }
            });
        }
    }

    private void scoreBatch(RecRequest request, CandidateBatch candidates, double[] scores, int from, int to) {
        request.deadline().check("ranker '" + name + "'");
        try {
            InputBatch batch = rows.rows(request, candidates, from, to);
            if (batch.rows() != to - from) {
                throw new ScoringException("the feature row provider of ranker '" + name + "' returned " + batch.rows()
                        + " rows for " + (to - from) + " candidates");
            }
            model.score(batch, scores, from, request.deadline());
        } catch (CancellationException e) {
            throw e;   // the stage's deadline passed (or it was cancelled): not a model failure, no fallback scores
        } catch (RuntimeException e) {
            fallback(request, candidates, scores, from, to, e);
            return;
        }
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(scores[i])) {
                fallback(request, candidates, scores, i, i + 1,
                        new ScoringException("model '" + name + "' returned " + scores[i] + " for item " + candidates.item(i)));
            }
        }
    }

    private void fallback(RecRequest request, CandidateBatch candidates, double[] scores, int from, int to, Throwable cause) {
        try {
            listener.onFallback(name, to - from, cause);
        } catch (RuntimeException ignored) {
            // a listener must not break scoring
        }
        if (failFast) {
            throw new ScoringException("model '" + name + "' failed for " + (to - from) + " candidates: " + cause, cause);
        }
        if (fallbackRanker != null) {
            CandidateBatch sub = candidates.slice(from, to);
            double[] subScores = new double[sub.size()];
            try {
                fallbackRanker.score(request, sub, subScores);
                System.arraycopy(subScores, 0, scores, from, sub.size());
                for (int i = from; i < to; i++) {
                    if (!Double.isFinite(scores[i])) {
                        scores[i] = fallbackScore;
                    }
                }
                return;
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        Arrays.fill(scores, from, to, fallbackScore);
    }

    @Override
    public String toString() {
        return "ModelRanker{" + name + ", rows=" + rows + ", model=" + model + ", batchSize=" + batchSize
                + ", threads=" + threads + ", fallback=" + (failFast ? "fail fast" : (fallbackRanker != null
                ? fallbackRanker.name() + "/" : "") + fallbackScore) + "}";
    }

    /** Builds a {@link ModelRanker}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final FeatureRowProvider rows;
        private final BatchScorer model;
        private double fallbackScore = DEFAULT_FALLBACK_SCORE;
        private Ranker fallbackRanker;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int threads = DEFAULT_THREADS;
        private FallbackListener listener;
        private boolean failFast = DEFAULT_FAIL_FAST;

        private Builder(String name, FeatureRowProvider rows, BatchScorer model) {
            this.name = name;
            this.rows = rows;
            this.model = model;
        }

        /**
         * Sets the score given to candidates whose batch failed (default {@value ModelRanker#DEFAULT_FALLBACK_SCORE});
         * must be finite.
         */
        public Builder withFallbackScore(double score) {
            this.fallbackScore = score;
            return this;
        }

        /**
         * Sets a ranker (e.g. popularity) that scores a failed batch before the fallback score is used;
         * null (the default) means none.
         */
        public Builder withFallbackRanker(Ranker ranker) {
            this.fallbackRanker = ranker;
            return this;
        }

        /**
         * Sets the largest number of candidates per model call, at least 1 (default
         * {@value ModelRanker#DEFAULT_BATCH_SIZE}: unlimited, one call per request).
         */
        public Builder withBatchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /**
         * Sets how many batches of one request may be scored at once, at least 1 (default: all available
         * processors, {@link ModelRanker#DEFAULT_THREADS}); the scores do not depend on it.
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Sets whether a failed batch throws a {@link ScoringException} instead of taking the fallback (default
         * {@value ModelRanker#DEFAULT_FAIL_FAST}); see the class comment.
         */
        public Builder withFailFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /** Sets the listener told about each fallback; null (the default) means none. */
        public Builder withListener(FallbackListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Returns the ranker.
         *
         * @throws NullPointerException     if the name, the provider or the model is null
         * @throws IllegalArgumentException if the name is blank, the fallback score is not finite, the batch
         *                                  size or thread count is below 1, or the provider's inputs do not
         *                                  match the model's (by name, type and width; naming the first mismatch)
         */
        public ModelRanker build() {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: must not be blank");
            }
            Objects.requireNonNull(rows, "rows");
            Objects.requireNonNull(model, "model");
            if (!Double.isFinite(fallbackScore)) {
                throw new IllegalArgumentException("fallbackScore: " + fallbackScore + ", must be finite");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize: " + batchSize + ", must be >= 1");
            }
            Parallel.checkThreads(threads);
            checkCompatible(rows.inputs(), model.inputs());
            return new ModelRanker(this);
        }
    }

    /**
     * Checks that a provider's inputs are the model's: the same names, each with the same type and width.
     *
     * @throws IllegalArgumentException naming the first input that differs
     */
    public static void checkCompatible(List<TensorSpec> provided, List<TensorSpec> expected) {
        Map<String, TensorSpec> byName = new HashMap<>();
        for (TensorSpec s : provided) {
            byName.put(s.name(), s);
        }
        for (TensorSpec e : expected) {
            TensorSpec p = byName.remove(e.name());
            if (p == null) {
                throw new IllegalArgumentException("the model's input '" + e.name() + "' (" + e.describe()
                        + ") is not provided; the provider fills " + names(provided));
            }
            if (p.type() != e.type() || p.width() != e.width()) {
                throw new IllegalArgumentException("input '" + e.name() + "': the model expects " + e.describe()
                        + ", the provider fills " + p.describe());
            }
        }
        if (!byName.isEmpty()) {
            throw new IllegalArgumentException("inputs " + byName.keySet() + " are not in the model's signature "
                    + names(expected));
        }
    }

    private static List<String> names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).toList();
    }
}
