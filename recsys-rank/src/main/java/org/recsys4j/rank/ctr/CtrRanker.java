package org.recsys4j.rank.ctr;

import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ranker} that scores candidates with a trained {@link CtrModel}: a {@link CtrFeatureProvider}
 * writes one row per candidate, the model scores each row, and the score is the predicted probability.
 *
 * <p><b>Never an exception mid-request.</b> Unknown ids and NaN numerics are repaired by {@link CtrData}
 * (OOV bucket 0, value 0). If the provider itself fails (throws, or writes another number of rows than
 * there are candidates), every candidate gets {@link #fallbackScore()} and {@link #failures()} counts
 * it; {@link #lastFailure()} keeps the last cause for monitoring. A passed
 * {@link RecRequest#deadline() deadline} is not a failure: it is checked before the rows are built and
 * every 64 rows scored, and stops the call with a
 * {@link org.recsys4j.core.pipeline.DeadlineExceededException} (the pipeline then keeps the previous
 * order).
 *
 * <p>Thread-safe: each calling thread reuses its own row builder, so a request allocates only what the
 * provider allocates, plus one small view object.
 *
 * <pre>{@code
 * Ranker r = new CtrRanker("deepfm", model, provider, 0.0);
 * r.score(request, candidates, scores);
 * }</pre>
 */
public final class CtrRanker implements Ranker {
    private final String name;
    private final CtrModel model;
    private final CtrFeatureProvider provider;
    private final double fallbackScore;
    private final ThreadLocal<CtrData.Builder> builders;
    private final AtomicLong failures = new AtomicLong();
    private volatile RuntimeException lastFailure;

    /**
     * Creates the ranker.
     *
     * @param name          the ranker's name
     * @param model         the trained model
     * @param provider      builds the rows; must write rows of {@code model.schema()}
     * @param fallbackScore the score of every candidate of a request whose rows could not be built
     */
    public CtrRanker(String name, CtrModel model, CtrFeatureProvider provider, double fallbackScore) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.fallbackScore = fallbackScore;
        this.builders = ThreadLocal.withInitial(() -> new CtrData.Builder(model.schema(), 512));
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the model. */
    public CtrModel model() {
        return model;
    }

    /** Returns the score given to every candidate when the rows cannot be built. */
    public double fallbackScore() {
        return fallbackScore;
    }

    /** Returns how many requests got the fallback score. */
    public long failures() {
        return failures.get();
    }

    /** Returns the cause of the last fallback, or null. */
    public RuntimeException lastFailure() {
        return lastFailure;
    }

    @Override
    public void score(RecRequest request, int[] items, double[] scores) {
        if (scores.length < items.length) {
            throw new IllegalArgumentException("scores: length " + scores.length + " < " + items.length + " items");
        }
        request.deadline().check("ranker '" + name + "'");
        CtrData.Builder b = builders.get().reset();
        try {
            provider.rows(request, items, b);
            if (b.size() != items.length) {
                throw new IllegalStateException("feature provider wrote " + b.size() + " rows for " + items.length
                        + " candidates");
            }
        } catch (CancellationException e) {
            throw e;   // the stage's deadline passed: not a feature failure
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            lastFailure = e;
            java.util.Arrays.fill(scores, 0, items.length, fallbackScore);
            return;
        }
        CtrData rows = b.view();
        model.predictRows(rows, scores, items.length, request.deadline());
    }

    @Override
    public String toString() {
        return "CtrRanker[" + name + ", " + model + "]";
    }
}
