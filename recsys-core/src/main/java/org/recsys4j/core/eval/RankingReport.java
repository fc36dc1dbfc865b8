package org.recsys4j.core.eval;

import java.util.Arrays;
import java.util.Locale;

/**
 * The outcome of a leave-one-out ranking evaluation (protocols T and S): the 0-based rank of every
 * case's held-out item and the aggregates derived from them. Immutable.
 */
public final class RankingReport {
    private final String protocol;
    private final int[] ranks;
    private final int[] favourableRanks;
    private final int[] cutoffs;
    private final double catalogueCoverage;
    private final int coverageCutoff;
    private final double modelCoverage;
    private final double medianPopularity;
    private final double personalisation;
    private final int fallbackCases;
    private final int[][] topLists;
    private final double seconds;

    RankingReport(String protocol, int[] ranks, int[] favourableRanks, int[] cutoffs, double catalogueCoverage, int coverageCutoff,
                  double modelCoverage, double medianPopularity, double personalisation, int fallbackCases, int[][] topLists,
                  double seconds) {
        this.protocol = protocol;
        this.ranks = ranks;
        this.favourableRanks = favourableRanks;
        this.cutoffs = cutoffs;
        this.catalogueCoverage = catalogueCoverage;
        this.coverageCutoff = coverageCutoff;
        this.modelCoverage = modelCoverage;
        this.medianPopularity = medianPopularity;
        this.personalisation = personalisation;
        this.fallbackCases = fallbackCases;
        this.topLists = topLists;
        this.seconds = seconds;
    }

    /** Returns the protocol letter this report is for ("T" or "S"). */
    public String protocol() {
        return protocol;
    }

    /** Returns the number of evaluated cases (users). */
    public int cases() {
        return ranks.length;
    }

    /** Returns a copy of the per-case ranks, in case order. */
    public int[] ranks() {
        return ranks.clone();
    }

    /**
     * Returns a copy of the per-case ranks with ties counted in the model's favour (only items scoring
     * strictly higher count; a target the model could not score, −∞ or NaN, is a miss with rank
     * {@link Integer#MAX_VALUE}). Not a protocol figure: it shows how much ties matter and lets our
     * numbers be set beside reference scripts that count ties that way.
     */
    public int[] favourableTieRanks() {
        return favourableRanks.clone();
    }

    /** Returns HR@k with ties counted in the model's favour (see {@link #favourableTieRanks()}). */
    public double hitRateFavourableTies(int k) {
        return mean(favourableRanks, r -> r < k ? 1 : 0);
    }

    /** Returns NDCG@k with ties counted in the model's favour (see {@link #favourableTieRanks()}). */
    public double ndcgFavourableTies(int k) {
        return mean(favourableRanks, r -> Metrics.ndcg(r, k));
    }

    private static double mean(int[] values, java.util.function.IntToDoubleFunction f) {
        double s = 0;
        for (int v : values) {
            s += f.applyAsDouble(v);
        }
        return values.length == 0 ? 0 : s / values.length;
    }

    /** Returns the cut-offs the evaluator was configured with. */
    public int[] cutoffs() {
        return cutoffs.clone();
    }

    /** Returns the number of cases whose held-out item ranked below {@code k}. */
    public int hits(int k) {
        int h = 0;
        for (int r : ranks) {
            if (r < k) {
                h++;
            }
        }
        return h;
    }

    /** Returns HR@k: hits over cases. */
    public double hitRate(int k) {
        return ranks.length == 0 ? 0 : hits(k) / (double) ranks.length;
    }

    /** Returns NDCG@k: the mean over cases of 1/log2(rank+2) for hits, 0 otherwise. */
    public double ndcg(int k) {
        double s = 0;
        for (int r : ranks) {
            s += Metrics.ndcg(r, k);
        }
        return ranks.length == 0 ? 0 : s / ranks.length;
    }

    /**
     * Returns the mean reciprocal rank over all cases (no cut-off); a case whose item was not ranked at all (rank
     * {@link Integer#MAX_VALUE}: absent from a pipeline's answer) counts 0.
     */
    public double mrr() {
        double s = 0;
        for (int r : ranks) {
            s += r == Integer.MAX_VALUE ? 0 : Metrics.reciprocalRank(r);
        }
        return ranks.length == 0 ? 0 : s / ranks.length;
    }

    /**
     * Returns catalogue coverage: the share of universe items appearing in any case's top
     * {@link #coverageCutoff()} list (train items excluded, ties to the lower item index).
     */
    public double catalogueCoverage() {
        return catalogueCoverage;
    }

    /** Returns the list length used for {@link #catalogueCoverage()}. */
    public int coverageCutoff() {
        return coverageCutoff;
    }

    /** Returns the share of universe items the model can score (protocol S); 1 for protocol T. */
    public double modelCoverage() {
        return modelCoverage;
    }

    /**
     * Returns novelty as the median training popularity of the recommended items
     * ({@link Metrics#medianPopularity}): over every case's top {@link #coverageCutoff()} list, each listed item
     * counts with its number of train interactions. Lower is more novel; {@code NaN} if no list holds an item.
     */
    public double medianPopularity() {
        return medianPopularity;
    }

    /**
     * Returns personalisation as the mean pairwise Jaccard similarity of the cases' top {@link #coverageCutoff()}
     * lists ({@link Metrics#meanPairwiseJaccard}): 1 when every user gets the same list, near 0 when lists
     * differ. Lower is more personal; {@code NaN} with fewer than two non-empty lists.
     */
    public double meanPairwiseJaccard() {
        return personalisation;
    }

    /**
     * Returns the number of cases whose answer used a fallback of the pipeline (a stage that failed, timed out
     * or returned nothing): 0 for a model, and what a pipeline evaluation should show to be 0 or explain.
     */
    public int fallbackCases() {
        return fallbackCases;
    }

    /**
     * Returns a copy of each case's top {@link #coverageCutoff()} list (dense item indices, best first, the case's
     * train items excluded), in case order: the lists the list measures are computed on, for measures of one's
     * own (e.g. the share of items in a user's planted cluster).
     */
    public int[][] topLists() {
        int[][] out = new int[topLists.length][];
        for (int c = 0; c < out.length; c++) {
            out[c] = topLists[c].clone();
        }
        return out;
    }

    /** Returns the wall-clock seconds the evaluation took (scoring and ranking). */
    public double seconds() {
        return seconds;
    }

    /** Returns one line: cases, HR and NDCG at each cut-off, MRR, coverage and time. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "protocol %s: %d users", protocol, cases()));
        for (int k : cutoffs) {
            sb.append(String.format(Locale.ROOT, ", HR@%d %.6f (%d hits), NDCG@%d %.6f", k, hitRate(k), hits(k), k, ndcg(k)));
        }
        sb.append(String.format(Locale.ROOT, ", MRR %.6f, coverage@%d %.4f, median popularity %.1f, mean pairwise Jaccard %.4f",
                mrr(), coverageCutoff, catalogueCoverage, medianPopularity, personalisation));
        if (fallbackCases > 0) {
            sb.append(String.format(Locale.ROOT, ", %d fallback cases", fallbackCases));
        }
        if (modelCoverage < 1) {
            sb.append(String.format(Locale.ROOT, ", model coverage %.4f", modelCoverage));
        }
        sb.append(String.format(Locale.ROOT, ", %.2f s", seconds));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankingReport && Arrays.equals(ranks, ((RankingReport) o).ranks)
                && protocol.equals(((RankingReport) o).protocol);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranks);
    }
}
