package org.recsys4j.examples.train;

import java.util.List;
import java.util.Objects;

/**
 * The settings of the models {@link EventModels} trains on your own data, besides the shared
 * {@link TrainingSettings} (item2vec's dimension and epochs, the threads, the seed, the CTR epochs): implicit ALS
 * and the CTR ranker ({@link EventCtr}).
 *
 * <p><b>Implicit ALS defaults</b> ({@link #DEFAULT_ALS_FACTORS} factors, λ = {@value #DEFAULT_ALS_REGULARIZATION},
 * α = {@value #DEFAULT_ALS_ALPHA}, {@value #DEFAULT_ALS_ITERATIONS} iterations) were chosen on generated shops, not
 * MovieLens: protocol T's leave-last-out applied twice (the last pair of each user is the test, the one before it the
 * validation), the grid 8 / 16 / 32 factors × λ 0.1 / 1 / 3 / 10 / 30 × α 1 / 10 × 8 / 15 iterations, chosen on the
 * validation HR@10 (docs/your-data.md has the table). A shop's signal is summed event weights (a purchase worth ten
 * views), so α = 10 gives a bought item a confidence of 100 or more and few factors with strong regularisation
 * generalise from the few interactions a user has; the MovieLens demo's 32 factors, λ = 0.1, α = 10 overfit.
 *
 * @param alsFactors        implicit-ALS factors (at least 1)
 * @param alsRegularization implicit-ALS λ (finite, &gt; 0)
 * @param alsAlpha          implicit-ALS α: confidence {@code 1 + α·value} (finite, ≥ 0)
 * @param alsIterations     implicit-ALS iterations (at least 1)
 * @param ctr               the CTR ranker's settings
 */
public record EventSettings(int alsFactors, double alsRegularization, double alsAlpha, int alsIterations,
                            EventCtr.Settings ctr) {
    /** The default implicit-ALS factors: 8. */
    public static final int DEFAULT_ALS_FACTORS = 8;
    /** The default implicit-ALS regularisation λ. */
    public static final double DEFAULT_ALS_REGULARIZATION = 10.0;
    /** The default implicit-ALS confidence scale α. */
    public static final double DEFAULT_ALS_ALPHA = 1.0;
    /** The default implicit-ALS iterations. */
    public static final int DEFAULT_ALS_ITERATIONS = 8;

    /** Checks the ranges, naming the setting out of range. */
    public EventSettings {
        Objects.requireNonNull(ctr, "ctr");
        if (alsFactors < 1) {
            throw new IllegalArgumentException("alsFactors = " + alsFactors + ": must be at least 1");
        }
        if (!(alsRegularization > 0) || !Double.isFinite(alsRegularization)) {
            throw new IllegalArgumentException("alsRegularization = " + alsRegularization + ": must be finite and > 0");
        }
        if (!(alsAlpha >= 0) || !Double.isFinite(alsAlpha)) {
            throw new IllegalArgumentException("alsAlpha = " + alsAlpha + ": must be finite and >= 0");
        }
        if (alsIterations < 1) {
            throw new IllegalArgumentException("alsIterations = " + alsIterations + ": must be at least 1");
        }
    }

    /** Returns the defaults: the implicit-ALS settings above and {@link EventCtr.Settings#defaults()}. */
    public static EventSettings defaults() {
        return new EventSettings(DEFAULT_ALS_FACTORS, DEFAULT_ALS_REGULARIZATION, DEFAULT_ALS_ALPHA,
                DEFAULT_ALS_ITERATIONS, EventCtr.Settings.defaults());
    }

    /** Returns these settings with other CTR settings. */
    public EventSettings withCtr(EventCtr.Settings settings) {
        return new EventSettings(alsFactors, alsRegularization, alsAlpha, alsIterations, settings);
    }

    /** Returns these settings with other implicit-ALS settings. */
    public EventSettings withAls(int factors, double regularization, double alpha, int iterations) {
        return new EventSettings(factors, regularization, alpha, iterations, ctr);
    }

    /** The attributes lists of {@link EventCtr.Settings}, copied (null stays null: derived from the catalogue). */
    static List<String> copy(List<String> list) {
        return list == null ? null : List.copyOf(list);
    }
}
