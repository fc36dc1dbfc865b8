package org.recsys4j.rank.cf;

import org.recsys4j.core.model.RatingPredictor;
import org.recsys4j.core.pipeline.CandidateBatch;
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
 * Ranker bias = PredictorRanker.builder("bias", BiasBaseline.builder().build().fit(train)).build();
 * }</pre>
 */
public final class PredictorRanker implements Ranker {
    /** The default score of a candidate predicted NaN or infinite: last. */
    public static final double DEFAULT_FALLBACK_SCORE = Double.NEGATIVE_INFINITY;

    private final String name;
    private final RatingPredictor predictor;
    private final double fallbackScore;

    private PredictorRanker(Builder b) {
        this.name = b.name;
        this.predictor = b.predictor;
        this.fallbackScore = b.fallbackScore;
    }

    /**
     * Returns a builder of a ranker over a rating predictor.
     *
     * @param name      the ranker's name
     * @param predictor the model
     */
    public static Builder builder(String name, RatingPredictor predictor) {
        return new Builder(name, predictor);
    }

    /** Returns the score of a candidate predicted NaN or infinite. */
    public double fallbackScore() {
        return fallbackScore;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
        Ranker.checkScoreArguments(request, candidates, scores);
        int[] items = candidates.items();
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

    /** Builds a {@link PredictorRanker}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final RatingPredictor predictor;
        private double fallbackScore = DEFAULT_FALLBACK_SCORE;

        private Builder(String name, RatingPredictor predictor) {
            this.name = name;
            this.predictor = predictor;
        }

        /**
         * Sets the score of a candidate predicted NaN or infinite, any value but NaN (default
         * {@value PredictorRanker#DEFAULT_FALLBACK_SCORE}).
         */
        public Builder withFallbackScore(double score) {
            this.fallbackScore = score;
            return this;
        }

        /**
         * Returns the ranker.
         *
         * @throws NullPointerException     if the name or the predictor is null
         * @throws IllegalArgumentException if the name is blank or the fallback score is NaN
         */
        public PredictorRanker build() {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: must not be blank");
            }
            Objects.requireNonNull(predictor, "predictor");
            if (Double.isNaN(fallbackScore)) {
                throw new IllegalArgumentException("fallbackScore: NaN is not allowed");
            }
            return new PredictorRanker(this);
        }
    }
}
