package org.recsys4j.examples.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Picks hyper-parameters by coordinate search on a validation split: for each axis in turn, try its
 * values with the others fixed and keep the best (higher first score wins, the second breaks ties);
 * repeat until a pass changes nothing or the pass limit is reached. Every setting is scored once.
 *
 * @param <S> the immutable setting type (a record)
 */
public final class CoordinateSearch<S> {
    /**
     * One axis of the search.
     *
     * @param name   the parameter name (for the log)
     * @param values the candidate values
     * @param with   returns a copy of a setting with this parameter set to a value
     * @param <S>    the setting type
     */
    public record Axis<S>(String name, double[] values, BiFunction<S, Double, S> with) {
    }

    private final List<Axis<S>> axes;
    private final int passes;
    private final Map<S, double[]> seen = new LinkedHashMap<>();

    /**
     * Returns a search over the axes.
     *
     * @param passes the maximal number of passes over all axes, at least 1
     */
    public CoordinateSearch(List<Axis<S>> axes, int passes) {
        if (passes < 1) {
            throw new IllegalArgumentException("passes: " + passes + ", must be >= 1");
        }
        this.axes = List.copyOf(axes);
        this.passes = passes;
    }

    /**
     * Returns the best setting found from {@code start}.
     *
     * @param score returns {primary, tie-breaker} of a setting on the validation split (higher is better)
     */
    public S run(S start, Function<S, double[]> score) {
        S best = start;
        double[] bestScore = score(best, score);
        for (int pass = 0; pass < passes; pass++) {
            boolean changed = false;
            for (Axis<S> axis : axes) {
                for (double v : axis.values()) {
                    S cand = axis.with().apply(best, v);
                    double[] sc = score(cand, score);
                    if (sc[0] > bestScore[0] || (sc[0] == bestScore[0] && sc[1] > bestScore[1])) {
                        best = cand;
                        bestScore = sc;
                        changed = true;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        System.err.printf(Locale.ROOT, "search: %d settings tried, best validation %.4f / %.4f: %s%n", seen.size(),
                bestScore[0], bestScore[1], best);
        return best;
    }

    /** Returns the number of settings scored so far. */
    public int tried() {
        return seen.size();
    }

    private double[] score(S s, Function<S, double[]> score) {
        return seen.computeIfAbsent(s, k -> {
            double[] r = score.apply(k);
            System.err.printf(Locale.ROOT, "  validation %.4f / %.4f  %s%n", r[0], r[1], k);
            return r;
        });
    }
}
