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
 *   <li><b>weighted reciprocal-rank fusion</b>: the item at 0-based position {@code r} of channel
 *       {@code c}'s cleaned list gets {@code weight_c / (rrfK + r + 1)}; an item's merged score is the
 *       sum over the channels that returned it;</li>
 *   <li>the merged list is sorted by merged score, higher first; ties go to the item with the better
 *       (lower) best position, then to the channel added first among those at that position, then to
 *       the lower item index; the first {@code limit} are returned.</li>
 * </ol>
 * Every merged candidate's score is its merged score and its provenance holds one entry per channel that
 * returned it (the channel's own raw score and rank), in the order the channels were added
 * ({@link Candidate#mergedWith}); unlike a single channel's, the merged candidates' provenance names
 * the channels, not the merger. The fusion depends only on ranks, so channels with incomparable
 * scores (counts, cosines, timestamps) mix; a larger weight moves a channel's items up, a larger
 * {@code rrfK} flattens the advantage of the top ranks.
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

    private final String name;
    private final List<Entry> entries;
    private final long budgetNanos;
    private final double rrfK;
    private final StageExecutor executor;

    private record Entry(CandidateSource source, int quota, double weight) {
    }

    private MultiChannelRecall(Builder b) {
        this.name = b.name;
        this.entries = List.copyOf(b.entries);
        this.budgetNanos = b.budget.toNanos();
        this.rrfK = b.rrfK;
        this.executor = b.executor != null ? b.executor : StageExecutor.common();
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
        List<Candidate> merged = fuse(lists, limit);
        return new RecallResult(merged, new RecallReport(reports, merged.size(),
                Duration.ofNanos(System.nanoTime() - start)));
    }

    /** Weighted reciprocal-rank fusion of the cleaned lists (see the class comment). */
    private List<Candidate> fuse(List<List<Candidate>> lists, int limit) {
        Int2IntOpenHashMap slot = new Int2IntOpenHashMap();
        slot.defaultReturnValue(-1);
        List<Candidate> merged = new ArrayList<>();
        List<double[]> keys = new ArrayList<>(); // {score, best position, channel at best position}
        for (int c = 0; c < lists.size(); c++) {
            double w = entries.get(c).weight;
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
                    k[0] += contribution;
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
        return "MultiChannelRecall[" + name + ", " + channelNames() + ", budget "
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
            entries.add(new Entry(channel, quota, weight));
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
                if (!(e.weight() > 0 && Double.isFinite(e.weight()))) {
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
            return new MultiChannelRecall(this);
        }
    }
}
