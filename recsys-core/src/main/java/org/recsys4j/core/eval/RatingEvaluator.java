package org.recsys4j.core.eval;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.model.RatingPredictor;
import org.recsys4j.core.split.Split;
import org.recsys4j.core.split.Splits;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Rating-prediction evaluator for protocol R: RMSE and MAE of predictions clipped to the rating
 * range, per fold and averaged over folds.
 *
 * <pre>{@code
 * RatingReport r = RatingEvaluator.builder().build()
 *         .crossValidate(RatingEvaluator.protocolFolds(data.ratings()), train -> myTrainer.fit(train));
 * }</pre>
 */
public final class RatingEvaluator {
    /** Protocol R's number of folds. */
    public static final int PROTOCOL_FOLDS = 5;
    /** The default lower end of the range predictions are clipped to: {@value}. */
    public static final double DEFAULT_CLIP_MIN = 1;
    /** The default upper end of the range predictions are clipped to: {@value}. */
    public static final double DEFAULT_CLIP_MAX = 5;

    private final double min;
    private final double max;

    private RatingEvaluator(double min, double max) {
        this.min = min;
        this.max = max;
    }

    /** Returns a builder; predictions are clipped to [{@value #DEFAULT_CLIP_MIN}, {@value #DEFAULT_CLIP_MAX}] unless set otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns protocol R's five deterministic folds: ratings sorted by (user id, item id), position p
     * in fold p mod 5.
     */
    public static List<Split> protocolFolds(Interactions ratings) {
        return Splits.folds(ratings, PROTOCOL_FOLDS);
    }

    /** Scores one split with a predictor already fit on its train part; returns a one-fold report. */
    public RatingReport evaluate(Split split, RatingPredictor predictor) {
        long t0 = System.nanoTime();
        double[] err = errors(split.test(), predictor);
        return new RatingReport(new double[]{err[0]}, new double[]{err[1]}, new int[]{split.test().size()},
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Fits a predictor on each fold's train part with {@code trainer} and scores its test part.
     *
     * @throws IllegalArgumentException if {@code folds} is empty
     */
    public RatingReport crossValidate(List<Split> folds, Function<Interactions, ? extends RatingPredictor> trainer) {
        Objects.requireNonNull(trainer, "trainer");
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("folds: empty");
        }
        long t0 = System.nanoTime();
        double[] rmse = new double[folds.size()];
        double[] mae = new double[folds.size()];
        int[] sizes = new int[folds.size()];
        for (int f = 0; f < folds.size(); f++) {
            Split s = folds.get(f);
            double[] err = errors(s.test(), trainer.apply(s.train()));
            rmse[f] = err[0];
            mae[f] = err[1];
            sizes[f] = s.test().size();
        }
        return new RatingReport(rmse, mae, sizes, (System.nanoTime() - t0) / 1e9);
    }

    private double[] errors(Interactions test, RatingPredictor predictor) {
        int n = test.size();
        if (n == 0) {
            throw new IllegalArgumentException("test set is empty");
        }
        int[] users = test.userColumn();
        int[] items = test.itemColumn();
        double[] pred = new double[n];
        predictor.predict(users, items, pred);
        double[] actual = new double[n];
        for (int k = 0; k < n; k++) {
            if (Double.isNaN(pred[k])) {
                throw new IllegalStateException("predictor returned NaN for user index " + users[k]
                        + ", item index " + items[k]);
            }
            pred[k] = Math.min(max, Math.max(min, pred[k]));
            actual[k] = test.value(k);
        }
        return new double[]{Metrics.rmse(pred, actual), Metrics.mae(pred, actual)};
    }

    /** Builds a {@link RatingEvaluator}. */
    public static final class Builder {
        private double min = DEFAULT_CLIP_MIN;
        private double max = DEFAULT_CLIP_MAX;

        private Builder() {
        }

        /**
         * Sets the range predictions are clipped to; {@code min < max}, both finite (default
         * [{@value RatingEvaluator#DEFAULT_CLIP_MIN}, {@value RatingEvaluator#DEFAULT_CLIP_MAX}]).
         */
        public Builder withClip(double min, double max) {
            this.min = min;
            this.max = max;
            return this;
        }

        /**
         * Returns the evaluator.
         *
         * @throws IllegalArgumentException if the clip range is not finite with min &lt; max
         */
        public RatingEvaluator build() {
            if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
                throw new IllegalArgumentException("clip: [" + min + ", " + max + "], must be finite with min < max");
            }
            return new RatingEvaluator(min, max);
        }
    }
}
