package org.recsys4j.rank.cf;

import org.recsys4j.core.model.RatingPredictor;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;

import java.util.Arrays;
import java.util.Objects;

/**
 * Adapts a {@link RatingPredictor} (BiasBaseline, UserKnn, explicit ALS) to {@link Ranker}: each
 * candidate's score is the predicted rating of the request's user for it, all pairs predicted in one
 * {@link RatingPredictor#predict} call, so a request costs one prediction per candidate (not per
 * catalogue item). The request's {@link RecRequest#userIndex() user index} is passed as is, -1 for an
 * unseen user: the predictor's contract is to predict for unknown users and items too (e.g. the global
 * mean plus the item bias). A NaN or infinite prediction gets the fallback score. Immutable and
 * thread-safe if the predictor is.
 *
 * <pre>{@code
 * Ranker bias = new PredictorRanker("bias", BiasBaseline.builder().build().fit(train), Double.NEGATIVE_INFINITY);
 * }</pre>
 */
public final class PredictorRanker implements Ranker {
    private final String name;
    private final RatingPredictor predictor;
    private final double fallbackScore;

    /**
     * Returns a ranker over a rating predictor.
     *
     * @param name          the ranker's name
     * @param predictor     the model
     * @param fallbackScore the score of a candidate predicted NaN or infinite; not NaN
     */
    public PredictorRanker(String name, RatingPredictor predictor, double fallbackScore) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        if (Double.isNaN(fallbackScore)) {
            throw new IllegalArgumentException("fallbackScore: NaN is not allowed");
        }
        this.name = name;
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.fallbackScore = fallbackScore;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void score(RecRequest request, int[] items, double[] scores) {
        Ranker.checkScoreArguments(request, items, scores);
        int[] users = new int[items.length];
        Arrays.fill(users, request.userIndex());
        double[] out = new double[items.length];
        predictor.predict(users, items, out);
        for (int i = 0; i < items.length; i++) {
            scores[i] = Double.isFinite(out[i]) ? out[i] : fallbackScore;
        }
    }

    @Override
    public String toString() {
        return "PredictorRanker[" + name + ", fallback " + fallbackScore + "]";
    }
}
