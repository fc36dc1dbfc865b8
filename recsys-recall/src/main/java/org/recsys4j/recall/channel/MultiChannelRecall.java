package org.recsys4j.recall.channel;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.StageExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs several recall channels in parallel and merges their lists into one; itself a
 * {@link CandidateSource}, so a pipeline sees one source. {@link #recallWithReport} also says how each
 * channel fared ({@link RecallReport}).
 *
 * <p><b>Per call</b>:
 * <ol>
 *   <li>every channel {@code c} is asked, on the {@link StageExecutor}, for {@code quota_c} candidates,
 *       with the request narrowed to the call's deadline: the time budget (measured from the start of the
 *       call) or the request's own {@link RecRequest#deadline() deadline}, whichever is earlier;</li>
 *   <li>the call waits until every channel answered or the deadline passed; a channel still running then
 *       is cancelled (interrupted, and its deadline checks stop it), its answer dropped and reported
 *       {@link ChannelStatus#TIMED_OUT}; a channel that threw is reported {@link ChannelStatus#FAILED};
 *       one the saturated executor refused is {@link ChannelStatus#REJECTED}; the others are merged;</li>
 *   <li>each answer is cleaned: items the request excludes and repeats within the list are dropped
 *       (a well-behaved channel has none), then it is cut to its quota;</li>
 *   <li><b>weighted reciprocal-rank fusion</b> of the voting channels (those added with {@link Builder#add}):
 *       the item at 0-based position {@code r} of channel {@code c}'s cleaned list gets
 *       {@code weight_c / (rrfK + r + 1)}; an item's merged score is, by the {@link Fusion}, the
 *       {@link Fusion#SUM sum} over the channels that returned it (the default: an item many channels return
 *       wins over one a single channel ranks first) or the {@link Fusion#MAX largest} of them (redundancy is
 *       not rewarded: an item is as good as its best channel says);</li>
 *   <li>the merged list is sorted by merged score, higher first; ties go to the item with the better
 *       (lower) best position, then to the channel added first among those at that position, then to
 *       the lower item index;</li>
 *   <li><b>back-fill</b>: when the voting channels gave fewer than {@code min(limit, request.k())} items (fewer
 *       than the caller will show), the back-fill channels (added with {@link Builder#addBackfill}, e.g. popular
 *       items) fill up to that many, in the order they were added and each in its own order, skipping items
 *       already listed; a back-filled item's merged score is 0, below every voted item. A back-fill channel never
 *       votes, so a popular item does not climb because a popularity list also holds it, and it does not pad a
 *       ranker's candidates either: a pipeline that asks for 300 candidates to rank 10 gets the voted ones
 *       only, unless fewer than 10 were voted. At most {@code limit} items are returned.</li>
 * </ol>
 * Every merged candidate's score is its merged score and its provenance holds one entry per channel that
 * returned it (the channel's own raw score and rank), in the order the channels were added
 * ({@link Candidate#mergedWith}); unlike a single channel's, the merged candidates' provenance names
 * the channels, not the merger. The fusion depends only on ranks, so channels with incomparable
 * scores (counts, cosines, timestamps) mix; a larger weight moves a channel's items up, a larger
 * {@code rrfK} flattens the advantage of the top ranks.
 *
 * <p>Weights, {@code rrfK} and the fusion can be chosen on a validation split with
 * {@link ChannelWeightSearch}; {@link #reweighted} returns the merger with the chosen ones.
 *
 * <p>Thread-safe: calls share nothing but the executor, whose bound (threads and queue) holds for every
 * merger and pipeline that share it. The merger owns no threads.
 *
 * <pre>{@code
 * MultiChannelRecall recall = MultiChannelRecall.builder()
 *         .add(itemCf, 200, 2.0)
 *         .add(embedding, 200, 1.5)
 *         .add(popular, 50, 0.5)
 *         .withTimeBudget(Duration.ofMillis(50))
 *         .build();
 * RecallResult r = recall.recallWithReport(request, 300);
 * }</pre>
 */
public final class MultiChannelRecall implements CandidateSource, AutoCloseable {
    /** The default name of the merger. */
    public static final String DEFAULT_NAME = "multi-channel";
    /** The default {@code rrfK} of the fusion (the usual constant of reciprocal-rank fusion). */
    public static final double DEFAULT_RRF_K = 60;
    /** The default time budget of a call. */
    public static final Duration DEFAULT_TIME_BUDGET = Duration.ofMillis(100);
    /** The default fusion: {@link Fusion#SUM}. */
    public static final Fusion DEFAULT_FUSION = Fusion.SUM;

    /** How the voting channels' weighted reciprocal ranks of one item combine into its merged score. */
    public enum Fusion {
        /** The sum over the channels that returned the item: agreement between channels counts. */
        SUM,
        /** The largest of them: an item is as good as its best channel says, however many return it. */
        MAX
    }

    private final String name;
    private final List<Entry> entries;
    private final long budgetNanos;
    private final double rrfK;
    private final Fusion fusion;
    private final StageExecutor executor;

    /** One channel: its quota, its weight (0 for a back-fill channel) and whether it only back-fills. */
    private record Entry(CandidateSource source, int quota, double weight, boolean backfill) {
    }

    private MultiChannelRecall(Builder b) {
        this.name = b.name;
        this.entries = List.copyOf(b.entries);
        this.budgetNanos = b.budget.toNanos();
        this.rrfK = b.rrfK;
        this.fusion = b.fusion;
        this.executor = b.executor != null ? b.executor : StageExecutor.common();
    }

    /**
     * Returns this merger with other fusion settings: each voting channel named in {@code weights} gets that weight,
     * a voting channel given weight 0 is dropped (not asked at all), one not named keeps its weight; back-fill
     * channels, quotas, the budget, the name and the executor stay.
     *
     * @param weights the voting channels' new weights by name, each finite and &ge; 0
     * @param rrfK    the fusion constant, finite and &ge; 0
     * @param fusion  the fusion
     * @return the new merger
     * @throws IllegalArgumentException naming a weight that is negative or not finite, a name that is not a voting
     *                                  channel of this merger, or a setting {@link Builder#build()} refuses (e.g.
     *                                  every channel dropped)
     */
    public MultiChannelRecall reweighted(java.util.Map<String, Double> weights, double rrfK, Fusion fusion) {
        Objects.requireNonNull(weights, "weights");
        Set<String> voting = new HashSet<>();
        for (Entry e : entries) {
            if (!e.backfill) {
                voting.add(e.source.name());
            }
        }
        for (java.util.Map.Entry<String, Double> w : weights.entrySet()) {
            if (!voting.contains(w.getKey())) {
                throw new IllegalArgumentException("weights: '" + w.getKey() + "' is not a voting channel of " + name
                        + " (voting: " + voting + ")");
            }
            double v = Objects.requireNonNull(w.getValue(), "weight of '" + w.getKey() + "'");
            if (!(v >= 0 && Double.isFinite(v))) {
                throw new IllegalArgumentException("weight of '" + w.getKey() + "': " + v + ", must be finite and >= 0");
            }
        }
        Builder b = builder().withName(name).withTimeBudget(Duration.ofNanos(budgetNanos)).withRrfK(rrfK)
                .withFusion(fusion).withExecutor(executor);
        for (Entry e : entries) {
            if (e.backfill) {
                b.addBackfill(e.source, e.quota);
            } else {
                double w = weights.getOrDefault(e.source.name(), e.weight);
                if (w > 0) {
                    b.add(e.source, e.quota, w);
                }
            }
        }
        return b.build();
    }

    /** Returns the voting channels' weights by name, in the order they were added (back-fill channels have none). */
    public java.util.Map<String, Double> weights() {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (Entry e : entries) {
            if (!e.backfill) {
                out.put(e.source.name(), e.weight);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Returns the names of the back-fill channels, in the order they were added. */
    public List<String> backfillNames() {
        return entries.stream().filter(e -> e.backfill).map(e -> e.source.name()).toList();
    }

    /** Returns the fusion constant {@code rrfK}. */
    public double rrfK() {
        return rrfK;
    }

    /** Returns the fusion. */
    public Fusion fusion() {
        return fusion;
    }

    /**
     * Returns a builder without channels; the options start at the {@code DEFAULT_*} values and the common stage
     * executor.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the channels, in the order they were added (to evaluate or inspect each on its own). */
    public List<CandidateSource> channels() {
        return entries.stream().map(e -> e.source).toList();
    }

    /** Returns the channel names, in the order they were added. */
    public List<String> channelNames() {
        return entries.stream().map(e -> e.source.name()).toList();
    }

    /** Returns the merged candidates (see the class comment); the report is dropped. */
    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        return recallWithReport(request, limit).candidates();
    }

    /**
     * Returns the merged candidates and the per-channel report.
     *
     * @param request the request
     * @param limit   the maximum number of merged candidates, at least 1
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public RecallResult recallWithReport(RecRequest request, int limit) {
        Channels.check(request, limit);
        long start = System.nanoTime();
        Deadline deadline = request.deadline().min(Deadline.atNanoTime(start + budgetNanos));
        boolean requestFirst = deadline == request.deadline();
        RecRequest staged = request.withDeadline(deadline);
        int n = entries.size();
        long[] took = new long[n];
        List<Callable<List<Candidate>>> tasks = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            Entry e = entries.get(c);
            int slot = c;
            tasks.add(() -> {
                long t0 = System.nanoTime();
                try {
                    return e.source.recall(staged, e.quota);
                } finally {
                    took[slot] = System.nanoTime() - t0;
                }
            });
        }
        List<StageExecutor.Result<List<Candidate>>> results = executor.callAll(tasks, deadline);
        List<List<Candidate>> lists = new ArrayList<>(n);
        List<ChannelReport> reports = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            String channel = entries.get(c).source.name();
            StageExecutor.Result<List<Candidate>> r = results.get(c);
            List<Candidate> list = List.of();
            ChannelStatus status;
            String error = null;
            long latency = took[c];
            switch (r.status()) {
                case OK -> {
                    if (r.value().isEmpty()) {
                        status = ChannelStatus.FAILED;
                        error = "returned null instead of a list";
                    } else {
                        list = request.admissible(r.value().get(), entries.get(c).quota);
                        status = list.isEmpty() ? ChannelStatus.EMPTY : ChannelStatus.OK;
                    }
                }
                case FAILED -> {
                    status = ChannelStatus.FAILED;
                    error = r.error().orElseThrow().getClass().getName() + ": " + r.error().orElseThrow().getMessage();
                }
                case TIMED_OUT -> {
                    status = ChannelStatus.TIMED_OUT;
                    latency = r.nanos();
                    error = "no answer within " + (requestFirst
                            ? "the request's deadline (" + Math.round(Math.max(0, deadline.nanoTime() - start) / 1e6) + " ms)"
                            : "the budget of " + Duration.ofNanos(budgetNanos).toMillis() + " ms") + ": " + r.describe();
                }
                default -> {
                    status = ChannelStatus.REJECTED;
                    latency = r.nanos();
                    error = r.describe();
                }
            }
            lists.add(list);
            reports.add(new ChannelReport(channel, status, list.size(), Duration.ofNanos(latency),
                    Optional.ofNullable(error)));
        }
        List<Candidate> merged = fuse(lists, weightArray(), backfillArray(), rrfK, fusion, limit,
                Math.min(limit, request.k()));
        return new RecallResult(merged, new RecallReport(reports, merged.size(),
                Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * Returns every channel's cleaned answer to a request (excluded and repeated items dropped, cut to its quota),
     * asked one after the other on the calling thread, in the order the channels were added: the lists
     * {@link #recallWithReport} fuses, for {@link ChannelWeightSearch}. A channel that throws fails the call.
     */
    List<List<Candidate>> channelLists(RecRequest request) {
        List<List<Candidate>> lists = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            List<Candidate> answer = e.source.recall(request, e.quota);
            if (answer == null) {
                throw new IllegalStateException("channel '" + e.source.name() + "' returned null instead of a list");
            }
            lists.add(request.admissible(answer, e.quota));
        }
        return lists;
    }

    /** Returns each channel's weight, in the order they were added (0 for back-fill channels). */
    double[] weightArray() {
        double[] w = new double[entries.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = entries.get(c).weight;
        }
        return w;
    }

    /** Returns whether each channel is a back-fill channel, in the order they were added. */
    boolean[] backfillArray() {
        boolean[] b = new boolean[entries.size()];
        for (int c = 0; c < b.length; c++) {
            b[c] = entries.get(c).backfill;
        }
        return b;
    }

    /**
     * Weighted reciprocal-rank fusion of the cleaned lists of the voting channels, then back-fill (see the class
     * comment); a voting channel of weight 0 is ignored. Static so that {@link ChannelWeightSearch} fuses the same
     * lists under many settings exactly as a call would.
     */
    static List<Candidate> fuse(List<List<Candidate>> lists, double[] weights, boolean[] backfill, double rrfK,
                                Fusion fusion, int limit, int backfillTo) {
        Int2IntOpenHashMap slot = new Int2IntOpenHashMap();
        slot.defaultReturnValue(-1);
        List<Candidate> merged = new ArrayList<>();
        List<double[]> keys = new ArrayList<>(); // {score, best position, channel at best position}
        for (int c = 0; c < lists.size(); c++) {
            double w = weights[c];
            if (backfill[c] || w == 0) {
                continue;
            }
            List<Candidate> list = lists.get(c);
            for (int r = 0; r < list.size(); r++) {
                Candidate cand = list.get(r);
                double contribution = w / (rrfK + r + 1);
                int s = slot.get(cand.item());
                if (s < 0) {
                    slot.put(cand.item(), merged.size());
                    merged.add(cand);
                    keys.add(new double[] {contribution, r, c});
                } else {
                    merged.set(s, merged.get(s).mergedWith(cand));
                    double[] k = keys.get(s);
                    k[0] = fusion == Fusion.SUM ? k[0] + contribution : Math.max(k[0], contribution);
                    if (r < k[1]) {
                        k[1] = r;
                        k[2] = c;
                    }
                }
            }
        }
        Integer[] order = new Integer[merged.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byKey = Comparator.<Integer>comparingDouble(i -> -keys.get(i)[0])
                .thenComparingDouble(i -> keys.get(i)[1])
                .thenComparingDouble(i -> keys.get(i)[2])
                .thenComparingInt(i -> merged.get(i).item());
        java.util.Arrays.sort(order, byKey);
        int m = Math.min(limit, order.length);
        List<Candidate> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            int s = order[i];
            out.add(merged.get(s).withScore(keys.get(s)[0]));
        }
        for (int c = 0; c < lists.size() && out.size() < backfillTo; c++) {
            if (!backfill[c]) {
                continue;
            }
            for (Candidate cand : lists.get(c)) {
                if (out.size() >= backfillTo) {
                    break;
                }
                if (slot.get(cand.item()) < 0) {
                    slot.put(cand.item(), Integer.MAX_VALUE);
                    out.add(cand.withScore(0));
                }
            }
        }
        return out;
    }

    /**
     * Releases nothing: the merger owns no threads (its channels run on the {@link StageExecutor} it was
     * given, or the common one). Kept so that it can be closed with the parts that do own resources.
     */
    @Override
    public void close() {
        // nothing owned
    }

    @Override
    public String toString() {
        return "MultiChannelRecall[" + name + ", " + weights() + ", back-fill " + backfillNames() + ", " + fusion
                + " rrfK " + rrfK + ", budget "
                + Duration.ofNanos(budgetNanos).toMillis() + " ms]";
    }

    /**
     * Configures a {@link MultiChannelRecall}: channels are added one by one ({@link #add}, which checks each
     * channel as it comes), options are set with {@code withX} (which only store; {@link #build()} checks them).
     * Not thread-safe.
     */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private final List<Entry> entries = new ArrayList<>();
        private Duration budget = DEFAULT_TIME_BUDGET;
        private double rrfK = DEFAULT_RRF_K;
        private Fusion fusion = DEFAULT_FUSION;
        private StageExecutor executor;

        private Builder() {
        }

        /**
         * Sets the merger's name, not blank (default {@value MultiChannelRecall#DEFAULT_NAME}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Adds a channel. Stored as given: {@link #build()} checks the channel, its quota and weight.
         *
         * @param channel the channel; its name must differ from every other channel's
         * @param quota   how many candidates to take from it, at least 1
         * @param weight  its weight in the fusion, positive and finite
         * @return this builder
         */
        public Builder add(CandidateSource channel, int quota, double weight) {
            entries.add(new Entry(channel, quota, weight, false));
            return this;
        }

        /**
         * Adds a back-fill channel: asked like the others, but its items never vote; they only fill the slots the
         * voting channels left empty (see the class comment). Stored as given: {@link #build()} checks it.
         *
         * @param channel the channel; its name must differ from every other channel's
         * @param quota   how many candidates to take from it, at least 1
         * @return this builder
         */
        public Builder addBackfill(CandidateSource channel, int quota) {
            entries.add(new Entry(channel, quota, 0, true));
            return this;
        }

        /**
         * Sets how the voting channels' weighted reciprocal ranks combine (default {@link MultiChannelRecall#DEFAULT_FUSION}).
         *
         * @param fusion the fusion
         * @return this builder
         */
        public Builder withFusion(Fusion fusion) {
            this.fusion = fusion;
            return this;
        }

        /**
         * Sets the time budget of a call, positive (default {@link MultiChannelRecall#DEFAULT_TIME_BUDGET}, 100 ms).
         *
         * @param budget the budget
         * @return this builder
         */
        public Builder withTimeBudget(Duration budget) {
            this.budget = budget;
            return this;
        }

        /**
         * Sets the fusion constant {@code rrfK}, finite and at least 0 (default
         * {@value MultiChannelRecall#DEFAULT_RRF_K}).
         *
         * @param k the constant
         * @return this builder
         */
        public Builder withRrfK(double k) {
            this.rrfK = k;
            return this;
        }

        /**
         * Sets the bounded executor the channels run on; absent or null (the default) means
         * {@link StageExecutor#common()}. Pass the executor of the pipelines that call the merger, so that one
         * bound covers all of them. Called from inside a pipeline stage, channels the executor has not started
         * run on the calling stage's thread, so a busy executor cannot starve the merger.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder withExecutor(StageExecutor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Returns the merger.
         *
         * @return the merger
         * @throws NullPointerException     naming {@code timeBudget} or the channel if it is null
         * @throws IllegalArgumentException naming what is wrong: no channel added, a blank name, a channel name
         *                                  added twice, a channel's quota below 1 or weight not positive and
         *                                  finite, a budget that is not positive, an {@code rrfK} that is negative
         *                                  or not finite
         */
        public MultiChannelRecall build() {
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("channels: none added, add at least one");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                Objects.requireNonNull(e.source(), "channel " + i);
                String n = Channels.checkName(e.source().name());
                Channels.checkAtLeast("quota of '" + n + "'", e.quota(), 1);
                if (!e.backfill() && !(e.weight() > 0 && Double.isFinite(e.weight()))) {
                    throw new IllegalArgumentException("weight of '" + n + "': " + e.weight() + ", must be positive and finite");
                }
                if (!names.add(n)) {
                    throw new IllegalArgumentException("channel name '" + n + "' added twice");
                }
            }
            Channels.checkName(name);
            Objects.requireNonNull(budget, "timeBudget");
            if (budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException("timeBudget: " + budget + ", must be positive");
            }
            if (!(rrfK >= 0 && Double.isFinite(rrfK))) {
                throw new IllegalArgumentException("rrfK: " + rrfK + ", must be finite and >= 0");
            }
            Objects.requireNonNull(fusion, "fusion");
            if (entries.stream().allMatch(Entry::backfill)) {
                throw new IllegalArgumentException("channels: only back-fill channels, add at least one voting channel");
            }
            return new MultiChannelRecall(this);
        }
    }
}
