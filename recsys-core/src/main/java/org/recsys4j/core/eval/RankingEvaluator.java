package org.recsys4j.core.eval;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.core.model.UserItemScorer;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.util.Parallel;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Full-ranking leave-one-out evaluator for protocols T (top-N) and S (similar items), exactly as
 * {@code protocols.md} defines them.
 *
 * <p>For each case the model scores every item; the rank of the held-out item is the number of
 * other universe items, not among the user's train items, whose score is <b>≥</b> its score (ties
 * count against the model; {@code NaN} counts as −∞). Work is split into blocks of users scored
 * batch-first and ranked in parallel; results do not depend on the thread count.
 *
 * <pre>{@code
 * LeaveLastOutTask task = LeaveLastOutTask.of(data.ratings());
 * UserItemScorer pop = ...;                        // any model fit on task.train()
 * RankingReport t = RankingEvaluator.builder().build().topN(task, pop);
 * System.out.println(t.hitRate(10) + " " + t.ndcg(10));
 * }</pre>
 *
 * <p><b>Pipelines.</b> {@link #topN(LeaveLastOutTask, Recommender)} and
 * {@link #similarItems(LeaveLastOutTask, Recommender)} evaluate a whole {@link Recommender} (recall, ranking,
 * re-ranking, fallbacks) the way it is called when serving: one {@link RecRequest} per case, and the rank of
 * the held-out item is its position in the answer. A pipeline ranks only what it returns, so the answer is
 * asked for {@code max(cut-offs, coverage cut-off)} items and an item it does not return is a miss at every
 * cut-off (its rank is {@link Integer#MAX_VALUE}; MRR counts it 0). The pipeline must have been built from
 * {@link LeaveLastOutTask#train()} (or {@link LeaveLastOutTask#ratedTrain()}) only: one built from all the data
 * has seen the held-out items.
 *
 * <p>Every report also carries the list measures of the cases' top {@link Builder#withCoverageCutoff
 * coverage cut-off} lists: catalogue coverage, novelty as the median train popularity of the listed items
 * ({@link Metrics#medianPopularity}) and personalisation as their mean pairwise Jaccard similarity
 * ({@link Metrics#meanPairwiseJaccard}).
 */
public final class RankingEvaluator {
    /** Default cut-offs: 10 and 20. */
    public static final List<Integer> DEFAULT_CUTOFFS = List.of(10, 20);
    /**
     * Default number of worker threads: all available processors ({@link Parallel#availableThreads()}),
     * since results do not depend on the thread count.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();
    /** Default list length for catalogue coverage: {@value}. */
    public static final int DEFAULT_COVERAGE_CUTOFF = 10;
    /** Default number of users scored per batch. */
    public static final int DEFAULT_BLOCK_SIZE = 64;

    private final int[] cutoffs;
    private final int threads;
    private final int blockSize;
    private final int coverageCutoff;

    private RankingEvaluator(Builder b) {
        this.cutoffs = b.cutoffs.clone();
        this.threads = b.threads;
        this.blockSize = b.blockSize;
        this.coverageCutoff = b.coverageCutoff;
    }

    /** Returns a builder with the defaults ({@link #DEFAULT_CUTOFFS}, {@link #DEFAULT_THREADS}, {@link #DEFAULT_BLOCK_SIZE}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Protocol T: ranks each case's test item among all universe items by the scorer's user scores. */
    public RankingReport topN(LeaveLastOutTask task, UserItemScorer scorer) {
        int numItems = task.train().numItems();
        return run("T", task, numItems, (cases, rows) -> {
            int[] users = new int[cases.length];
            for (int i = 0; i < cases.length; i++) {
                users[i] = task.testUsersArray()[cases[i]];
            }
            scorer.score(users, rows);
        }, null, 1.0);
    }

    /**
     * Protocol S: ranks each case's test item by its similarity to the query item (the user's last
     * train item). Items the model does not cover score −∞; the report carries the model's coverage
     * of the universe.
     */
    public RankingReport similarItems(LeaveLastOutTask task, ItemSimilarity similarity) {
        int numItems = task.train().numItems();
        if (similarity.numItems() != numItems) {
            throw new IllegalArgumentException("similarity covers " + similarity.numItems()
                    + " item indices, the task has " + numItems);
        }
        boolean[] covered = new boolean[numItems];
        int coveredInUniverse = 0;
        for (int i : task.universeArray()) {
            covered[i] = similarity.covers(i);
            coveredInUniverse += covered[i] ? 1 : 0;
        }
        return run("S", task, numItems, (cases, rows) -> {
            int[] queries = new int[cases.length];
            for (int i = 0; i < cases.length; i++) {
                queries[i] = task.queryItemsArray()[cases[i]];
            }
            similarity.similarities(queries, rows);
        }, covered, coveredInUniverse / (double) task.universeSize());
    }

    private interface BlockScorer {
        void score(int[] cases, double[][] rows);
    }

    /**
     * A worker's reusable score rows, exclusion stamps ({@code stamp[i] == case} marks excluded items)
     * and top-K heap.
     */
    private static final class Buffers {
        final double[][] rows;
        final int[] stamp;
        final IntDoubleTopK top;

        Buffers(int blockSize, int numItems, int k) {
            rows = new double[blockSize][numItems];
            stamp = new int[numItems];
            Arrays.fill(stamp, -1);
            top = new IntDoubleTopK(k);
        }
    }

    private RankingReport run(String protocol, LeaveLastOutTask task, int numItems, BlockScorer scorer,
                              boolean[] covered, double modelCoverage) {
        long t0 = System.nanoTime();
        int n = task.numCases();
        if (n == 0) {
            throw new IllegalArgumentException("protocol " + protocol + ": nothing to evaluate, no user has two or more "
                    + "interactions (" + task.train().size() + " train interactions)");
        }
        int[] ranks = new int[n];
        int[] strictRanks = new int[n];
        int[][] tops = new int[n][];
        Interactions.Csr trainByUser = task.train().byUser();
        int[] universe = task.universeArray();
        int blocks = (n + blockSize - 1) / blockSize;
        // one block of users per chunk; each worker reuses its own score rows and exclusion stamps
        Parallel.forRange(blocks, threads, 1, () -> new Buffers(blockSize, numItems, coverageCutoff),
                (buf, fromBlock, toBlock) -> {
            for (int b = fromBlock; b < toBlock; b++) {
                int from = b * blockSize;
                int to = Math.min(n, from + blockSize);
                int[] cases = new int[to - from];
                for (int i = 0; i < cases.length; i++) {
                    cases[i] = from + i;
                }
                double[][] view = cases.length == blockSize ? buf.rows : Arrays.copyOf(buf.rows, cases.length);
                scorer.score(cases, view);
                for (int i = 0; i < cases.length; i++) {
                    int c = cases[i];
                    double[] s = view[i];
                    if (covered != null) {
                        for (int item : universe) {
                            if (!covered[item]) {
                                s[item] = Double.NEGATIVE_INFINITY;
                            }
                        }
                    }
                    int u = task.testUsersArray()[c];
                    for (int p = trainByUser.start(u); p < trainByUser.end(u); p++) {
                        buf.stamp[trainByUser.other(p)] = c;
                    }
                    int target = task.testItemsArray()[c];
                    buf.stamp[target] = c;
                    long r = ranks(s, universe, buf.stamp, c, target);
                    ranks[c] = (int) (r >>> 32);
                    strictRanks[c] = (int) r;
                    tops[c] = top(s, universe, buf.stamp, c, target, buf.top);
                }
            }
        });
        return report(protocol, task, ranks, strictRanks, tops, modelCoverage, 0, t0);
    }

    /** Builds a report with the list measures of the cases' top lists. */
    private RankingReport report(String protocol, LeaveLastOutTask task, int[] ranks, int[] favourableRanks, int[][] tops,
                                 double modelCoverage, int fallbackCases, long t0) {
        double coverage = Metrics.coverage(tops, task.universeSize());
        double medianPopularity = Metrics.medianPopularity(tops, trainPopularity(task));
        double jaccard = Metrics.meanPairwiseJaccard(tops);
        return new RankingReport(protocol, ranks, favourableRanks, cutoffs, coverage, coverageCutoff, modelCoverage,
                medianPopularity, jaccard, fallbackCases, tops, (System.nanoTime() - t0) / 1e9);
    }

    /** Returns each item index's number of train interactions. */
    static int[] trainPopularity(LeaveLastOutTask task) {
        Interactions train = task.train();
        int[] pop = new int[train.numItems()];
        for (int k = 0; k < train.size(); k++) {
            pop[train.item(k)]++;
        }
        return pop;
    }

    /**
     * Protocol T for a pipeline: for each case, the pipeline is asked for the user's recommendation
     * ({@link #userRequest}: the user's key and index, the train items as history, oldest first, excluded),
     * and the held-out item's rank is its position in the answer (a miss when absent). See the class comment.
     *
     * @param task     the cases
     * @param pipeline a pipeline built from the task's train split only
     * @return the report; {@link RankingReport#fallbackCases()} counts answers that used a fallback
     */
    public RankingReport topN(LeaveLastOutTask task, Recommender pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        return lists("T", task, c -> userRequest(task, c, listLength()), pipeline::recommend);
    }

    /**
     * Protocol S for a pipeline: for each case, the pipeline is asked for the items similar to the query item
     * (the user's last train item) as a request with that seed item, no user and no history, and the user's
     * train items excluded; the held-out item's rank is its position in the answer (a miss when absent).
     *
     * @param task     the cases
     * @param pipeline a pipeline built from the task's train split only
     * @return the report; {@link RankingReport#modelCoverage()} is 1
     */
    public RankingReport similarItems(LeaveLastOutTask task, Recommender pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        return lists("S", task, c -> seedRequest(task, c, listLength()), pipeline::recommend);
    }

    /**
     * Returns case {@code c}'s protocol T request for {@code k} items: the user's key (the external user id) and
     * index, the user's train items in time order as the history, excluded. This is the request a served
     * pipeline receives for the user, and the one {@link #topN(LeaveLastOutTask, Recommender)} sends.
     */
    public static RecRequest userRequest(LeaveLastOutTask task, int c, int k) {
        Interactions.Csr byUser = task.train().byUser();
        int u = task.testUsersArray()[c];
        int[] history = new int[byUser.degree(u)];
        for (int p = byUser.start(u); p < byUser.end(u); p++) {
            history[p - byUser.start(u)] = byUser.other(p);
        }
        return RecRequest.builder(k).withUser(task.train().users().id(u), u).withHistory(history)
                .withHistoryExcluded(true).build();
    }

    /**
     * Returns case {@code c}'s protocol S request for {@code k} items: the query item as the seed, no user, no
     * history, and the user's train items excluded.
     */
    public static RecRequest seedRequest(LeaveLastOutTask task, int c, int k) {
        Interactions.Csr byUser = task.train().byUser();
        int u = task.testUsersArray()[c];
        RecRequest.Builder b = RecRequest.builder(k).withSeedItem(task.queryItemsArray()[c]);
        for (int p = byUser.start(u); p < byUser.end(u); p++) {
            b.addExcluded(byUser.other(p));
        }
        return b.build();
    }

    private int listLength() {
        int k = coverageCutoff;
        for (int c : cutoffs) {
            k = Math.max(k, c);
        }
        return k;
    }

    /** Evaluates answered lists: rank = the held-out item's position in the answer, a miss when absent. */
    private RankingReport lists(String protocol, LeaveLastOutTask task, java.util.function.IntFunction<RecRequest> requests,
                                Function<RecRequest, Recommendation> pipeline) {
        long t0 = System.nanoTime();
        int n = task.numCases();
        if (n == 0) {
            throw new IllegalArgumentException("protocol " + protocol + ": nothing to evaluate, no user has two or more "
                    + "interactions (" + task.train().size() + " train interactions)");
        }
        int numItems = task.train().numItems();
        int[] ranks = new int[n];
        int[][] tops = new int[n][];
        boolean[] fellBack = new boolean[n];
        Parallel.forRange(n, threads, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                Recommendation r = pipeline.apply(requests.apply(c));
                int[] items = r.itemIndices();
                for (int p = 0; p < items.length; p++) {
                    if (items[p] < 0 || items[p] >= numItems) {
                        throw new IllegalStateException("case " + c + ": the pipeline returned item index " + items[p]
                                + " at position " + p + ", outside the task's " + numItems + " items");
                    }
                }
                int target = task.testItemsArray()[c];
                int rank = Integer.MAX_VALUE;
                for (int p = 0; p < items.length; p++) {
                    if (items[p] == target) {
                        rank = p;
                        break;
                    }
                }
                ranks[c] = rank;
                tops[c] = Arrays.copyOf(items, Math.min(items.length, coverageCutoff));
                fellBack[c] = r.usedFallback();
            }
        });
        int fallbacks = 0;
        for (boolean b : fellBack) {
            fallbacks += b ? 1 : 0;
        }
        return report(protocol, task, ranks, ranks.clone(), tops, 1.0, fallbacks, t0);
    }

    /**
     * Ranks the target in one pass over the universe, skipping stamped (excluded) items: returns the
     * number of other items scoring ≥ the target (the protocol rank: ties count against the model) in
     * the high 32 bits and the number scoring strictly more (ties in the model's favour, reported for
     * comparison only) in the low 32 bits. NaN counts as −∞; a target the model scores −∞ is a miss
     * under both counts ({@link Integer#MAX_VALUE} in the favourable one, as the reference scripts skip
     * an unscored target), not a tie with every other unscored item.
     */
    static long ranks(double[] s, int[] universe, int[] stamp, int c, int target) {
        double t = s[target];
        boolean bottom = !(t > Double.NEGATIVE_INFINITY); // −∞ or NaN: every other item ties or beats it
        int atLeast = 0;
        int above = 0;
        for (int item : universe) {
            if (stamp[item] != c) {
                double v = s[item];
                // NaN >= t and NaN > t are false, which is how NaN (= −∞) must behave against a finite target
                atLeast += bottom || v >= t ? 1 : 0;
                above += v > t ? 1 : 0;
            }
        }
        return (long) atLeast << 32 | (bottom ? Integer.MAX_VALUE : above);
    }

    /**
     * Returns the k best universe items that are not train items of the case (the target is
     * eligible), best first, ties to the lower item index; NaN and −∞ scores are never listed.
     */
    static int[] top(double[] s, int[] universe, int[] stamp, int c, int target, IntDoubleTopK heap) {
        heap.clear();
        for (int item : universe) {
            double v = s[item];
            if (v > Double.NEGATIVE_INFINITY && (stamp[item] != c || item == target)) {
                heap.offer(item, v);
            }
        }
        return heap.drainIds();
    }

    /** Builds a {@link RankingEvaluator}; setters only store, {@link #build()} validates. */
    public static final class Builder {
        private int[] cutoffs = DEFAULT_CUTOFFS.stream().mapToInt(Integer::intValue).toArray();
        private int threads = DEFAULT_THREADS;
        private int blockSize = DEFAULT_BLOCK_SIZE;
        private int coverageCutoff = DEFAULT_COVERAGE_CUTOFF;

        private Builder() {
        }

        /** Sets the cut-offs K reported, at least one, each &gt; 0 (default {@link RankingEvaluator#DEFAULT_CUTOFFS}). */
        public Builder withCutoffs(int... ks) {
            this.cutoffs = ks == null ? null : ks.clone();
            return this;
        }

        /**
         * Sets the number of worker threads, &gt; 0 (default {@link RankingEvaluator#DEFAULT_THREADS}: all
         * processors; results do not depend on it).
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Sets the number of users scored per batch, &gt; 0 (default {@value RankingEvaluator#DEFAULT_BLOCK_SIZE}). */
        public Builder withBlockSize(int blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        /** Sets the list length for catalogue coverage, &gt; 0 (default {@value RankingEvaluator#DEFAULT_COVERAGE_CUTOFF}). */
        public Builder withCoverageCutoff(int coverageCutoff) {
            this.coverageCutoff = coverageCutoff;
            return this;
        }

        /**
         * Returns the evaluator.
         *
         * @throws IllegalArgumentException naming the option whose value is out of range
         * @throws NullPointerException     if the cut-offs are null
         */
        public RankingEvaluator build() {
            Objects.requireNonNull(cutoffs, "cutoffs");
            if (cutoffs.length == 0) {
                throw new IllegalArgumentException("cutoffs: none, at least one is needed");
            }
            for (int k : cutoffs) {
                if (k <= 0) {
                    throw new IllegalArgumentException("cutoffs: " + k + ", each must be > 0");
                }
            }
            if (threads <= 0) {
                throw new IllegalArgumentException("threads: " + threads + ", must be > 0");
            }
            if (blockSize <= 0) {
                throw new IllegalArgumentException("blockSize: " + blockSize + ", must be > 0");
            }
            if (coverageCutoff <= 0) {
                throw new IllegalArgumentException("coverageCutoff: " + coverageCutoff + ", must be > 0");
            }
            return new RankingEvaluator(this);
        }
    }
}
