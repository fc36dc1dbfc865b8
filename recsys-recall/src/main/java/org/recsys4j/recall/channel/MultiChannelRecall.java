package org.recsys4j.recall.channel;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs several recall channels in parallel and merges their lists into one; itself a
 * {@link CandidateSource}, so a pipeline sees one source. {@link #recallWithReport} also says how each
 * channel fared ({@link RecallReport}).
 *
 * <p><b>Per call</b>:
 * <ol>
 *   <li>every channel {@code c} is asked, on the executor, for {@code quota_c} candidates;</li>
 *   <li>the call waits until every channel answered or the time budget (measured from the start of the
 *       call) ran out; a channel still running then is cancelled (interrupted), its answer dropped and
 *       reported {@link ChannelStatus#TIMED_OUT}; a channel that threw is reported
 *       {@link ChannelStatus#FAILED}; the others are merged;</li>
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
 * scores (counts, cosines, years) mix; a larger weight moves a channel's items up, a larger
 * {@code rrfK} flattens the advantage of the top ranks.
 *
 * <p>Thread-safe: calls share nothing but the executor. Close the merger to stop the executor it
 * created (an executor given to the builder is left alone).
 *
 * <pre>{@code
 * MultiChannelRecall recall = MultiChannelRecall.builder()
 *         .add(itemCf, 200, 2.0)
 *         .add(embedding, 200, 1.5)
 *         .add(popular, 50, 0.5)
 *         .timeBudget(Duration.ofMillis(50))
 *         .build();
 * RecallResult r = recall.recallWithReport(request, 300);
 * }</pre>
 */
public final class MultiChannelRecall implements CandidateSource, AutoCloseable {
    /** The default {@code rrfK} of the fusion (the usual constant of reciprocal-rank fusion). */
    public static final double DEFAULT_RRF_K = 60;

    private final String name;
    private final List<Entry> entries;
    private final long budgetNanos;
    private final double rrfK;
    private final ExecutorService executor;
    private final boolean ownsExecutor;

    private record Entry(CandidateSource source, int quota, double weight) {
    }

    private MultiChannelRecall(Builder b) {
        this.name = b.name;
        this.entries = List.copyOf(b.entries);
        this.budgetNanos = b.budget.toNanos();
        this.rrfK = b.rrfK;
        this.ownsExecutor = b.executor == null;
        this.executor = b.executor != null ? b.executor : Executors.newCachedThreadPool(new DaemonThreads());
    }

    /** Returns a builder: a 100 ms budget, {@code rrfK} {@value #DEFAULT_RRF_K}, an executor of its own. */
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
        long deadline = start + budgetNanos;
        int n = entries.size();
        long[] took = new long[n];
        List<Future<List<Candidate>>> futures = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            Entry e = entries.get(c);
            int slot = c;
            futures.add(executor.submit(() -> {
                long t0 = System.nanoTime();
                try {
                    return e.source.recall(request, e.quota);
                } finally {
                    took[slot] = System.nanoTime() - t0;
                }
            }));
        }
        List<List<Candidate>> lists = new ArrayList<>(n);
        List<ChannelReport> reports = new ArrayList<>(n);
        boolean interrupted = false;
        for (int c = 0; c < n; c++) {
            String channel = entries.get(c).source.name();
            Future<List<Candidate>> f = futures.get(c);
            List<Candidate> list = null;
            ChannelStatus status;
            String error = null;
            long latency;
            try {
                if (interrupted) {
                    throw new InterruptedException();
                }
                list = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                latency = took[c];
                if (list == null) {
                    status = ChannelStatus.FAILED;
                    error = "returned null instead of a list";
                } else {
                    list = request.admissible(list, entries.get(c).quota);
                    status = list.isEmpty() ? ChannelStatus.EMPTY : ChannelStatus.OK;
                }
            } catch (TimeoutException e) {
                f.cancel(true);
                status = ChannelStatus.TIMED_OUT;
                latency = System.nanoTime() - start;
                error = "no answer within the budget of " + Duration.ofNanos(budgetNanos).toMillis() + " ms; cancelled";
            } catch (InterruptedException e) {
                interrupted = true;
                f.cancel(true);
                status = ChannelStatus.TIMED_OUT;
                latency = System.nanoTime() - start;
                error = "the caller was interrupted; cancelled";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                status = ChannelStatus.FAILED;
                latency = took[c];
                error = cause.getClass().getName() + ": " + cause.getMessage();
            } catch (CancellationException e) {
                status = ChannelStatus.TIMED_OUT;
                latency = System.nanoTime() - start;
                error = "cancelled";
            }
            if (status != ChannelStatus.OK) {
                list = List.of();
            }
            lists.add(list);
            reports.add(new ChannelReport(channel, status, list.size(), Duration.ofNanos(latency), error));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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

    /** Stops the executor the merger created (interrupting channels still running); a given executor is left alone. */
    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "MultiChannelRecall[" + name + ", " + channelNames() + ", budget "
                + Duration.ofNanos(budgetNanos).toMillis() + " ms]";
    }

    private static final class DaemonThreads implements ThreadFactory {
        private static final AtomicInteger COUNT = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "recsys4j-recall-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** Configures a {@link MultiChannelRecall}; not thread-safe. */
    public static final class Builder {
        private String name = "multi-channel";
        private final List<Entry> entries = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private Duration budget = Duration.ofMillis(100);
        private double rrfK = DEFAULT_RRF_K;
        private ExecutorService executor;

        private Builder() {
        }

        /** Sets the merger's name (default {@code multi-channel}). */
        public Builder name(String name) {
            this.name = Channels.checkName(name);
            return this;
        }

        /**
         * Adds a channel.
         *
         * @param channel the channel; its name must differ from every other channel's
         * @param quota   how many candidates to take from it, at least 1
         * @param weight  its weight in the fusion, positive and finite
         * @throws IllegalArgumentException naming the argument if the quota or weight is out of range or the
         *                                  name repeats
         */
        public Builder add(CandidateSource channel, int quota, double weight) {
            Objects.requireNonNull(channel, "channel");
            String n = Channels.checkName(channel.name());
            Channels.checkAtLeast("quota of '" + n + "'", quota, 1);
            if (!(weight > 0 && Double.isFinite(weight))) {
                throw new IllegalArgumentException("weight of '" + n + "': " + weight + ", must be positive and finite");
            }
            if (!names.add(n)) {
                throw new IllegalArgumentException("channel name '" + n + "' added twice");
            }
            entries.add(new Entry(channel, quota, weight));
            return this;
        }

        /**
         * Sets the time budget of a call (default 100 ms).
         *
         * @throws IllegalArgumentException if it is negative or zero
         */
        public Builder timeBudget(Duration budget) {
            Objects.requireNonNull(budget, "budget");
            if (budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException("timeBudget: " + budget + ", must be positive");
            }
            this.budget = budget;
            return this;
        }

        /**
         * Sets the fusion constant {@code rrfK} (default {@value MultiChannelRecall#DEFAULT_RRF_K}).
         *
         * @throws IllegalArgumentException if it is negative or not finite
         */
        public Builder rrfK(double k) {
            if (!(k >= 0 && Double.isFinite(k))) {
                throw new IllegalArgumentException("rrfK: " + k + ", must be finite and >= 0");
            }
            this.rrfK = k;
            return this;
        }

        /**
         * Sets the executor the channels run on (not shut down by {@link MultiChannelRecall#close()}); by
         * default the merger creates a cached pool of daemon threads. Give it at least as many threads as
         * channels, or queued channels eat into the budget.
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Returns the merger.
         *
         * @throws IllegalStateException if no channel was added
         */
        public MultiChannelRecall build() {
            if (entries.isEmpty()) {
                throw new IllegalStateException("no channel added");
            }
            return new MultiChannelRecall(this);
        }
    }
}
