package org.recsys4j.rank.serving;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.util.Parallel;

/**
 * A {@link Ranker} that scores candidates with a model trained elsewhere: a
 * {@link FeatureRowProvider} turns the request and the candidates into input rows, a
 * {@link BatchScorer} (an ONNX model in the JVM, {@code org.recsys4j.rank.djl.OnnxModel}, or a model
 * server, {@code org.recsys4j.rank.remote.RemoteModel}) scores them.
 *
 * <p><b>Batching.</b> The candidates go to the model in batches of at most {@code batchSize} rows
 * (default: all of them, one model call per request), on up to {@code parallelism} threads.
 *
 * <p><b>Failure semantics.</b> {@link #score} never throws because of the model: if a batch fails
 * (any {@link RuntimeException} from the provider or the model: a {@link ScoringException}, a remote
 * timeout, an open circuit breaker), its candidates get the fallback, and the
 * {@link FallbackListener} hears about it once per failed batch. The fallback is the fallback
 * ranker's score if one is set and it succeeds, else the fallback score (default {@code 0.0}). A
 * model score that is NaN or infinite is replaced the same way, item by item. Other batches of the
 * same request keep their model scores.
 *
 * <p><b>Deadline.</b> The request's {@link RecRequest#deadline() deadline} is checked before each
 * batch; once it has passed, {@link #score} stops with a
 * {@link org.recsys4j.core.pipeline.DeadlineExceededException} (a {@code CancellationException},
 * never turned into fallback scores), and the pipeline keeps the previous order.
 *
 * <pre>{@code
 * ModelRanker ranker = ModelRanker.builder("deepfm-onnx", rows, OnnxModel.load(file))
 *         .fallbackScore(0.0)
 *         .listener(counter)
 *         .build();
 * RankingChain chain = RankingChain.builder().then(cheap, 200).then(ranker, 50).build();
 * }</pre>
 *
 * Immutable and thread-safe (its parts are).
 *
 * @see RankingChain
 */
public final class ModelRanker implements Ranker {
    private final String name;
    private final FeatureRowProvider rows;
    private final BatchScorer model;
    private final double fallbackScore;
    private final Ranker fallbackRanker;
    private final int batchSize;
    private final int parallelism;
    private final FallbackListener listener;

    private ModelRanker(Builder b) {
        this.name = b.name;
        this.rows = b.rows;
        this.model = b.model;
        this.fallbackScore = b.fallbackScore;
        this.fallbackRanker = b.fallbackRanker;
        this.batchSize = b.batchSize;
        this.parallelism = b.parallelism;
        this.listener = b.listener;
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

    /** Returns the score given when the model fails and there is no (working) fallback ranker. */
    public double fallbackScore() {
        return fallbackScore;
    }

    @Override
    public void score(RecRequest request, int[] items, double[] scores) {
        Ranker.checkScoreArguments(request, items, scores);
        int n = items.length;
        if (n == 0) {
            return;
        }
        int batches = (int) ((n + (long) batchSize - 1) / batchSize);
        if (batches == 1 || parallelism == 1) {
            for (int b = 0; b < batches; b++) {
                scoreBatch(request, items, scores, b * batchSize, (int) Math.min(n, (long) b * batchSize + batchSize));
            }
        } else {
            Parallel.forRange(batches, parallelism, 1, (fromBatch, toBatch) -> {
                for (int b = fromBatch; b < toBatch; b++) {
                    scoreBatch(request, items, scores, b * batchSize, (int) Math.min(n, (long) b * batchSize + batchSize));
                }
            });
        }
    }

    private void scoreBatch(RecRequest request, int[] items, double[] scores, int from, int to) {
        request.deadline().check("ranker '" + name + "'");
        try {
            InputBatch batch = rows.rows(request, items, from, to);
            model.score(batch, scores, from);
        } catch (CancellationException e) {
            throw e;   // the stage's deadline passed (or it was cancelled): not a model failure, no fallback scores
        } catch (RuntimeException e) {
            fallback(request, items, scores, from, to, e);
            return;
        }
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(scores[i])) {
                fallback(request, items, scores, i, i + 1,
                        new ScoringException("model '" + name + "' returned " + scores[i] + " for item " + items[i]));
            }
        }
    }

    private void fallback(RecRequest request, int[] items, double[] scores, int from, int to, Throwable cause) {
        try {
            listener.onFallback(name, to - from, cause);
        } catch (RuntimeException ignored) {
            // a listener must not break scoring
        }
        if (fallbackRanker != null) {
            int[] sub = Arrays.copyOfRange(items, from, to);
            double[] subScores = new double[sub.length];
            try {
                fallbackRanker.score(request, sub, subScores);
                System.arraycopy(subScores, 0, scores, from, sub.length);
                for (int i = from; i < to; i++) {
                    if (!Double.isFinite(scores[i])) {
                        scores[i] = fallbackScore;
                    }
                }
                return;
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        Arrays.fill(scores, from, to, fallbackScore);
    }

    @Override
    public String toString() {
        return "ModelRanker{" + name + ", rows=" + rows + ", model=" + model + ", batchSize=" + batchSize
                + ", parallelism=" + parallelism + ", fallback=" + (fallbackRanker != null ? fallbackRanker.name() + "/" : "")
                + fallbackScore + "}";
    }

    /** Builds a {@link ModelRanker}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final FeatureRowProvider rows;
        private final BatchScorer model;
        private double fallbackScore = 0.0;
        private Ranker fallbackRanker;
        private int batchSize = Integer.MAX_VALUE;
        private int parallelism = 1;
        private FallbackListener listener = FallbackListener.NONE;

        private Builder(String name, FeatureRowProvider rows, BatchScorer model) {
            this.name = Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: must not be blank");
            }
            this.rows = Objects.requireNonNull(rows, "rows");
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * Sets the score given to candidates whose batch failed (default {@code 0.0}).
         *
         * @throws IllegalArgumentException if the score is NaN or infinite
         */
        public Builder fallbackScore(double score) {
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException("fallbackScore: " + score + ", must be finite");
            }
            this.fallbackScore = score;
            return this;
        }

        /** Sets a ranker (e.g. popularity) that scores a failed batch before the fallback score is used; null clears it. */
        public Builder fallbackRanker(Ranker ranker) {
            this.fallbackRanker = ranker;
            return this;
        }

        /** Sets the largest number of candidates per model call (default: unlimited). */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize: " + size + ", must be >= 1");
            }
            this.batchSize = size;
            return this;
        }

        /** Sets how many batches of one request may be scored at once (default 1). */
        public Builder parallelism(int threads) {
            this.parallelism = Parallel.checkThreads(threads);
            return this;
        }

        /** Sets the listener told about each fallback. */
        public Builder listener(FallbackListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Returns the ranker.
         *
         * @throws IllegalArgumentException if the provider's inputs do not match the model's (by
         *                                  name, type and width), naming the first mismatch
         */
        public ModelRanker build() {
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
                throw new IllegalArgumentException("the model's input '" + e.name() + "' (" + e.type() + " x " + e.width()
                        + ") is not provided; the provider fills " + names(provided));
            }
            if (p.type() != e.type() || p.width() != e.width()) {
                throw new IllegalArgumentException("input '" + e.name() + "': the model expects " + e.type() + " x "
                        + e.width() + ", the provider fills " + p.type() + " x " + p.width());
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
