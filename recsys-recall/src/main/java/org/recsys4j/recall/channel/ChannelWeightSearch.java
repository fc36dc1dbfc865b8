package org.recsys4j.recall.channel;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.util.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses a {@link MultiChannelRecall}'s channel weights, fusion constant and {@link MultiChannelRecall.Fusion
 * fusion} on validation cases: a grid search of the merged list's HR@k (then NDCG@k) over held-out items, so that
 * how much each channel counts is measured on the data set rather than guessed.
 *
 * <p>Each case is a request and the item the user went on to choose (e.g. the last interaction of each user of a
 * split carved from the training data, never the test data). Every channel is asked once per case; each setting of
 * the grid then fuses those same lists exactly as a call would ({@link MultiChannelRecall#recall}), so the cost is
 * one recall per case plus one fusion per case and setting. Each voting channel's weight takes every value of
 * {@link Builder#withWeights the weight grid} (0 drops the channel; settings that drop every channel are skipped),
 * crossed with every {@code rrfK} and fusion. Back-fill channels keep their role.
 *
 * <p>The best setting has the highest HR@k; ties go to the higher NDCG@k, then to the setting met first (the grid
 * in order: the first channel's weight varies slowest). With {@link Builder#withMaxJaccard a personalisation cap},
 * settings whose top-k lists have a mean pairwise Jaccard similarity above it are passed over (when none is under
 * it, the least similar wins and {@link Result#capMet()} is false). The result does not depend on the thread count.
 *
 * <pre>{@code
 * ChannelWeightSearch.Result best = ChannelWeightSearch.builder(merger).withMaxJaccard(0.2).build()
 *         .search(validationRequests, validationTargets);
 * MultiChannelRecall tuned = best.applyTo(merger);
 * }</pre>
 */
public final class ChannelWeightSearch {
    /** The default weight grid of each voting channel: 0 (dropped), 0.5, 1, 2 and 4. */
    public static final List<Double> DEFAULT_WEIGHTS = List.of(0.0, 0.5, 1.0, 2.0, 4.0);
    /** The default grid of the fusion constant: 10 (top ranks count much more) and 60 (the usual constant). */
    public static final List<Double> DEFAULT_RRF_KS = List.of(10.0, 60.0);
    /** The default fusions tried: both. */
    public static final List<MultiChannelRecall.Fusion> DEFAULT_FUSIONS = List.of(MultiChannelRecall.Fusion.SUM,
            MultiChannelRecall.Fusion.MAX);
    /** The default list length whose hit rate is maximised: {@value}. */
    public static final int DEFAULT_CUTOFF = 10;
    /** The default cap on the mean pairwise Jaccard similarity of the top lists: {@value} (no cap). */
    public static final double DEFAULT_MAX_JACCARD = 1.0;
    /** The default number of threads: all processors (the result does not depend on it). */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final MultiChannelRecall merger;
    private final double[] weightGrid;
    private final double[] rrfKs;
    private final List<MultiChannelRecall.Fusion> fusions;
    private final int cutoff;
    private final double maxJaccard;
    private final int threads;

    private ChannelWeightSearch(Builder b) {
        this.merger = b.merger;
        this.weightGrid = b.weights.clone();
        this.rrfKs = b.rrfKs.clone();
        this.fusions = List.copyOf(b.fusions);
        this.cutoff = b.cutoff;
        this.maxJaccard = b.maxJaccard;
        this.threads = b.threads;
    }

    /**
     * Returns a builder for a search over {@code merger}'s voting channels (their quotas and the back-fill channels
     * as configured).
     *
     * @param merger the merger whose channels are weighed
     * @return the builder
     */
    public static Builder builder(MultiChannelRecall merger) {
        return new Builder(merger);
    }

    /**
     * The chosen setting and what it reached on the validation cases.
     *
     * @param weights  the voting channels' weights by name, in the merger's order (0 = dropped)
     * @param rrfK     the fusion constant
     * @param fusion   the fusion
     * @param hitRate  HR@cutoff of the merged list on the validation cases
     * @param ndcg     NDCG@cutoff
     * @param jaccard  the mean pairwise Jaccard similarity of the cases' top lists
     * @param capMet   whether the setting is under the personalisation cap
     * @param cases    the number of validation cases
     * @param settings the number of settings compared
     * @param baseline HR@cutoff of the merger as it was given (its own weights, rrfK and fusion)
     */
    public record Result(Map<String, Double> weights, double rrfK, MultiChannelRecall.Fusion fusion, double hitRate,
                         double ndcg, double jaccard, boolean capMet, int cases, int settings, double baseline) {
        /** Copies the weights. */
        public Result {
            weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        }

        /** Returns {@code merger} with this setting ({@link MultiChannelRecall#reweighted}). */
        public MultiChannelRecall applyTo(MultiChannelRecall merger) {
            return merger.reweighted(weights, rrfK, fusion);
        }

        /** Returns one line: the setting and its figures. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "weights %s, %s rrfK %s: HR %.4f, NDCG %.4f, Jaccard %.4f%s over %d cases "
                            + "(%d settings; as given: HR %.4f)", weights, fusion, rrfK, hitRate, ndcg, jaccard,
                    capMet ? "" : " (above the cap)", cases, settings, baseline);
        }
    }

    /**
     * Runs the search.
     *
     * @param requests the validation requests, as the pipeline would send them (history, exclusions)
     * @param targets  the item each request's user went on to choose (a dense index), one per request
     * @return the best setting
     * @throws IllegalArgumentException if there are no requests or the lengths differ
     */
    public Result search(List<RecRequest> requests, int[] targets) {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(targets, "targets");
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("requests: none, the search needs validation cases");
        }
        if (requests.size() != targets.length) {
            throw new IllegalArgumentException("targets: " + targets.length + " for " + requests.size() + " requests");
        }
        int n = requests.size();
        boolean[] backfill = merger.backfillArray();
        Case[] lists = new Case[n];
        Parallel.forRange(n, threads, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                lists[c] = new Case(merger.channelLists(requests.get(c)), backfill, targets[c], requests.get(c).k());
            }
        });
        int channels = backfill.length;
        int[] voting = java.util.stream.IntStream.range(0, channels).filter(c -> !backfill[c]).toArray();
        double[] given = merger.weightArray();
        double[] baseline = score(lists, targets, given, backfill, merger.rrfK(), merger.fusion(), false);
        List<double[]> grid = new ArrayList<>();
        int[] digit = new int[voting.length];
        while (true) {
            double[] w = new double[channels];
            boolean any = false;
            for (int v = 0; v < voting.length; v++) {
                w[voting[v]] = weightGrid[digit[v]];
                any |= w[voting[v]] > 0;
            }
            if (any) {
                grid.add(w);
            }
            int v = voting.length - 1;
            while (v >= 0 && ++digit[v] == weightGrid.length) {
                digit[v--] = 0;
            }
            if (v < 0) {
                break;
            }
        }
        double[] best = null;
        double[] bestW = null;
        double bestK = 0;
        MultiChannelRecall.Fusion bestF = null;
        int tried = 0;
        for (double[] w : grid) {
            for (double k : rrfKs) {
                for (MultiChannelRecall.Fusion f : fusions) {
                    tried++;
                    double[] r = score(lists, targets, w, backfill, k, f, false);
                    if (best != null && !better(r, best, true)) {
                        continue;   // cannot win whatever its Jaccard: skip computing it
                    }
                    double[] full = score(lists, targets, w, backfill, k, f, true);
                    if (best == null || better(full, best, false)) {
                        best = full;
                        bestW = w;
                        bestK = k;
                        bestF = f;
                    }
                }
            }
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        List<String> names = merger.channelNames();
        for (int v : voting) {
            weights.put(names.get(v), bestW[v]);
        }
        return new Result(weights, bestK, bestF, best[0], best[1], best[2], best[2] <= maxJaccard, n, tried, baseline[0]);
    }

    /**
     * Whether figures {@code a} = {HR, NDCG, Jaccard} beat {@code b}: under the cap beats over it (two settings
     * over it: the less similar wins); then the higher HR, then the higher NDCG. With {@code optimistic}, {@code a}'s
     * Jaccard is not known yet and is taken as under the cap.
     */
    private boolean better(double[] a, double[] b, boolean optimistic) {
        boolean aOk = optimistic || a[2] <= maxJaccard;
        boolean bOk = b[2] <= maxJaccard;
        if (aOk != bOk) {
            return aOk;
        }
        if (!aOk) {
            return a[2] < b[2];
        }
        if (a[0] != b[0]) {
            return a[0] > b[0];
        }
        return a[1] > b[1];
    }

    /**
     * One validation case, compacted once: the distinct items of the voting channels in first-seen order (channels in
     * the order they were added), each one's position in every voting channel's list (-1 if absent), the back-fill
     * items in back-fill order, and the target's slot.
     */
    private static final class Case {
        final int[] items;
        final int[][] pos;        // [channel][slot]
        final int[] backfill;     // back-fill items not voted by any channel, in back-fill order
        final int[] backfillSlot; // the slot of a back-fill item that a voting channel also holds, else -1
        final int target;
        final int fillTo;

        Case(List<List<Candidate>> lists, boolean[] isBackfill, int target, int fillTo) {
            this.target = target;
            this.fillTo = fillTo;
            Int2IntOpenHashMap slot = new Int2IntOpenHashMap();
            slot.defaultReturnValue(-1);
            IntArrayList order = new IntArrayList();
            for (int c = 0; c < lists.size(); c++) {
                if (!isBackfill[c]) {
                    for (Candidate cand : lists.get(c)) {
                        if (slot.putIfAbsent(cand.item(), order.size()) == -1) {
                            order.add(cand.item());
                        }
                    }
                }
            }
            items = order.toIntArray();
            pos = new int[lists.size()][];
            for (int c = 0; c < lists.size(); c++) {
                if (isBackfill[c]) {
                    continue;
                }
                pos[c] = new int[items.length];
                Arrays.fill(pos[c], -1);
                List<Candidate> list = lists.get(c);
                for (int r = 0; r < list.size(); r++) {
                    pos[c][slot.get(list.get(r).item())] = r;
                }
            }
            IntArrayList bf = new IntArrayList();
            IntArrayList bfSlot = new IntArrayList();
            IntOpenHashSet seen = new IntOpenHashSet();
            for (int c = 0; c < lists.size(); c++) {
                if (isBackfill[c]) {
                    for (Candidate cand : lists.get(c)) {
                        if (seen.add(cand.item())) {
                            bf.add(cand.item());
                            bfSlot.add(slot.get(cand.item()));
                        }
                    }
                }
            }
            backfill = bf.toIntArray();
            backfillSlot = bfSlot.toIntArray();
        }

        /**
         * Returns the top {@code k} items under a setting, exactly as {@link MultiChannelRecall#fuse} orders them:
         * merged score descending, then best position, then the channel at that position, then the item index; a
         * voting channel of weight 0 does not count; then back-fill.
         */
        int[] top(double[] w, double rrfK, MultiChannelRecall.Fusion f, int k, double[] score, int[] best, int[] bestCh) {
            int m = items.length;
            int[] top = new int[k];
            int t = 0;
            for (int j = 0; j < m; j++) {
                double sc = 0;
                int bp = Integer.MAX_VALUE;
                int bc = -1;
                for (int c = 0; c < pos.length; c++) {
                    if (pos[c] == null || w[c] == 0 || pos[c][j] < 0) {
                        continue;
                    }
                    int r = pos[c][j];
                    double contribution = w[c] / (rrfK + r + 1);
                    if (bc < 0) {
                        sc = contribution;
                    } else {
                        sc = f == MultiChannelRecall.Fusion.SUM ? sc + contribution : Math.max(sc, contribution);
                    }
                    if (r < bp) {
                        bp = r;
                        bc = c;
                    }
                }
                score[j] = sc;
                best[j] = bp;
                bestCh[j] = bc;
                if (bc < 0) {
                    continue;   // no weighted channel holds it
                }
                // insertion into the top list (kept sorted, best first)
                if (t < k || before(j, top[t - 1], score, best, bestCh)) {
                    int p = t < k ? t++ : k - 1;
                    while (p > 0 && before(j, top[p - 1], score, best, bestCh)) {
                        top[p] = top[p - 1];
                        p--;
                    }
                    top[p] = j;
                }
            }
            int[] out = new int[Math.max(t, Math.min(Math.min(k, fillTo), t + backfill.length))];
            for (int p = 0; p < t; p++) {
                out[p] = items[top[p]];
            }
            int n = t;
            for (int b = 0; b < backfill.length && n < out.length; b++) {
                int s = backfillSlot[b];
                if (s >= 0 && bestCh[s] >= 0) {
                    continue;   // voted for (listed or not): fuse keeps voted items out of the back-fill
                }
                out[n++] = backfill[b];
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        }

        private boolean before(int a, int b, double[] score, int[] best, int[] bestCh) {
            if (score[a] != score[b]) {
                return score[a] > score[b];
            }
            if (best[a] != best[b]) {
                return best[a] < best[b];
            }
            if (bestCh[a] != bestCh[b]) {
                return bestCh[a] < bestCh[b];
            }
            return items[a] < items[b];
        }
    }

    /** Returns {HR@cutoff, NDCG@cutoff, mean pairwise Jaccard (if asked, else 0)} of one setting. */
    private double[] score(Case[] cases, int[] targets, double[] w, boolean[] backfill, double k,
                           MultiChannelRecall.Fusion f, boolean jaccard) {
        int n = cases.length;
        double[] hit = new double[n];
        double[] gain = new double[n];
        int[][] tops = new int[n][];
        Parallel.forRange(n, threads, 16, (from, to) -> {
            int max = 0;
            for (int c = from; c < to; c++) {
                max = Math.max(max, cases[c].items.length);
            }
            double[] score = new double[max];
            int[] best = new int[max];
            int[] bestCh = new int[max];
            for (int c = from; c < to; c++) {
                int[] top = cases[c].top(w, k, f, cutoff, score, best, bestCh);
                tops[c] = top;
                for (int p = 0; p < top.length; p++) {
                    if (top[p] == targets[c]) {
                        hit[c] = 1;
                        gain[c] = Metrics.ndcg(p, cutoff);
                        break;
                    }
                }
            }
        });
        double hits = 0;
        double ndcg = 0;
        for (int c = 0; c < n; c++) {   // summed in case order: the same at any thread count
            hits += hit[c];
            ndcg += gain[c];
        }
        double j = jaccard ? Metrics.meanPairwiseJaccard(tops) : 0;
        return new double[] {hits / n, ndcg / n, Double.isNaN(j) ? 0 : j};
    }

    /** Builds a {@link ChannelWeightSearch}; setters only store, {@link #build()} checks. */
    public static final class Builder {
        private final MultiChannelRecall merger;
        private double[] weights = DEFAULT_WEIGHTS.stream().mapToDouble(Double::doubleValue).toArray();
        private double[] rrfKs = DEFAULT_RRF_KS.stream().mapToDouble(Double::doubleValue).toArray();
        private List<MultiChannelRecall.Fusion> fusions = DEFAULT_FUSIONS;
        private int cutoff = DEFAULT_CUTOFF;
        private double maxJaccard = DEFAULT_MAX_JACCARD;
        private int threads = DEFAULT_THREADS;

        private Builder(MultiChannelRecall merger) {
            this.merger = merger;
        }

        /**
         * Sets the weight grid of each voting channel: distinct values, each finite and &ge; 0, one at least positive
         * (default {@link ChannelWeightSearch#DEFAULT_WEIGHTS}; 0 drops the channel).
         */
        public Builder withWeights(double... grid) {
            this.weights = grid == null ? null : grid.clone();
            return this;
        }

        /** Sets the grid of the fusion constant, each finite and &ge; 0 (default {@link ChannelWeightSearch#DEFAULT_RRF_KS}). */
        public Builder withRrfKs(double... ks) {
            this.rrfKs = ks == null ? null : ks.clone();
            return this;
        }

        /** Sets the fusions tried, at least one (default {@link ChannelWeightSearch#DEFAULT_FUSIONS}: both). */
        public Builder withFusions(MultiChannelRecall.Fusion... fs) {
            this.fusions = fs == null ? null : Arrays.asList(fs.clone());
            return this;
        }

        /** Sets the list length whose hit rate is maximised, &gt; 0 (default {@value ChannelWeightSearch#DEFAULT_CUTOFF}). */
        public Builder withCutoff(int k) {
            this.cutoff = k;
            return this;
        }

        /**
         * Sets the cap on the mean pairwise Jaccard similarity of the top lists, in (0, 1] (default
         * {@value ChannelWeightSearch#DEFAULT_MAX_JACCARD}: no cap).
         */
        public Builder withMaxJaccard(double cap) {
            this.maxJaccard = cap;
            return this;
        }

        /** Sets the number of threads asking the channels, &gt; 0 (default all processors; the result does not depend on it). */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Returns the search.
         *
         * @throws NullPointerException     naming a null merger, grid or fusion list
         * @throws IllegalArgumentException naming the option out of range
         */
        public ChannelWeightSearch build() {
            Objects.requireNonNull(merger, "merger");
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(rrfKs, "rrfKs");
            Objects.requireNonNull(fusions, "fusions");
            boolean positive = false;
            for (double w : weights) {
                if (!(w >= 0 && Double.isFinite(w))) {
                    throw new IllegalArgumentException("weights: " + w + ", each must be finite and >= 0");
                }
                positive |= w > 0;
            }
            if (!positive) {
                throw new IllegalArgumentException("weights: " + Arrays.toString(weights) + ", at least one must be > 0");
            }
            if (Arrays.stream(weights).distinct().count() != weights.length) {
                throw new IllegalArgumentException("weights: " + Arrays.toString(weights) + ", must be distinct");
            }
            if (rrfKs.length == 0) {
                throw new IllegalArgumentException("rrfKs: none, give at least one");
            }
            for (double k : rrfKs) {
                if (!(k >= 0 && Double.isFinite(k))) {
                    throw new IllegalArgumentException("rrfKs: " + k + ", each must be finite and >= 0");
                }
            }
            if (fusions.isEmpty()) {
                throw new IllegalArgumentException("fusions: none, give at least one");
            }
            for (MultiChannelRecall.Fusion f : fusions) {
                Objects.requireNonNull(f, "fusions");
            }
            if (cutoff <= 0) {
                throw new IllegalArgumentException("cutoff: " + cutoff + ", must be > 0");
            }
            if (!(maxJaccard > 0 && maxJaccard <= 1)) {
                throw new IllegalArgumentException("maxJaccard: " + maxJaccard + ", must be in (0, 1]");
            }
            if (threads <= 0) {
                throw new IllegalArgumentException("threads: " + threads + ", must be > 0");
            }
            return new ChannelWeightSearch(this);
        }
    }
}
