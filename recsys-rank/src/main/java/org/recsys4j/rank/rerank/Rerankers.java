package org.recsys4j.rank.rerank;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import org.recsys4j.core.pipeline.Candidate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Checks and helpers shared by the re-rankers of this package. */
final class Rerankers {
    private Rerankers() {
    }

    /** Checks the arguments of {@code rerank} and returns the input without repeated items (first kept). */
    static List<Candidate> distinct(String who, List<Candidate> ranked, int k) {
        Objects.requireNonNull(ranked, "ranked");
        if (k < 1) {
            throw new IllegalArgumentException(who + ": k = " + k + ", must be >= 1");
        }
        IntOpenHashSet seen = new IntOpenHashSet(ranked.size());
        List<Candidate> out = new ArrayList<>(ranked.size());
        for (Candidate c : ranked) {
            if (seen.add(Objects.requireNonNull(c, "ranked: null candidate").item())) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Returns the scores min-max scaled to [0, 1] over the finite ones: the best finite score gives 1,
     * the worst 0, all equal give 1; +Infinity gives 1, -Infinity and NaN give 0.
     */
    static double[] normalisedScores(List<Candidate> list) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Candidate c : list) {
            double s = c.score();
            if (Double.isFinite(s)) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            double s = list.get(i).score();
            if (Double.isNaN(s) || s == Double.NEGATIVE_INFINITY) {
                out[i] = 0;
            } else if (s == Double.POSITIVE_INFINITY) {
                out[i] = 1;
            } else {
                out[i] = max > min ? (s - min) / (max - min) : 1;
            }
        }
        return out;
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        return name;
    }
}
