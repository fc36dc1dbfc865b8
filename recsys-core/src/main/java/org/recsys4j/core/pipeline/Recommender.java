package org.recsys4j.core.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The online pipeline: recall → rank → re-rank, with a time budget and a fallback for every stage, a
 * result cache, a cold-start route and per-stage counters. It depends only on the SPIs of this
 * package, so it runs any {@link CandidateSource}, {@link Ranker} and {@link Reranker}, ours or the
 * caller's. Thread-safe; one instance serves all requests.
 *
 * <p><b>What happens to a request</b>
 * <ol>
 *   <li><b>Cache.</b> If a cache is configured and holds an unexpired answer for an identical request
 *       (same user, seed, history, context, {@code k} and exclusions), it is returned, marked
 *       {@link Recommendation#cached()}. Answers that used a fallback and empty answers are never
 *       cached, so recovery shows at once.</li>
 *   <li><b>Recall.</b> A request with no known user, no history and no seed item goes to the cold-start source, if
 *       one is set (e.g. precomputed popular lists); every other request to the recall source, asked
 *       for {@code recallLimit} candidates. Excluded, repeated and null entries are dropped from its
 *       answer first; if it then holds nothing (the source threw, missed its deadline, was rejected by
 *       a saturated executor, returned nothing or only items the request excludes), the fallback source
 *       answers instead ({@link Stage#RECALL} is reported as fallen back) and its answer is cleaned the
 *       same way.</li>
 *   <li><b>Rank.</b> The ranking chain re-scores and cuts the candidates. If it throws, misses its
 *       deadline or is rejected, the recall order is kept ({@link Stage#RANK} fallback, ranker
 *       {@code "none"}). A ranker that gives no candidate a finite score is not reported as the ranker
 *       (it keeps the order before it, with a note: {@link RankingChain#rankReported}).</li>
 *   <li><b>Re-rank.</b> The rerankers run in order under one deadline; if one throws or the deadline
 *       passes, the list produced by the rerankers that finished is used ({@link Stage#RERANK}
 *       fallback).</li>
 *   <li>The first {@code k} items are returned with the channels, ranker, fallbacks, notes and
 *       per-stage latencies; when fewer than {@code k} items remain, a note says how many.</li>
 * </ol>
 *
 * <p><b>Deadlines and budgets.</b> A request may carry a {@link RecRequest#deadline() deadline} (when
 * its caller stops waiting); a stage may have a {@link Builder#withBudget budget}. A stage's deadline is the
 * earlier of the two, counted from the stage's start, and the stage receives the request
 * {@link RecRequest#withDeadline narrowed to it}, so its loops can check it. A stage with a deadline runs
 * on the {@link StageExecutor} ({@link StageExecutor#common()} unless {@link Builder#withExecutor} gave
 * another): the caller waits at most until the deadline, a late stage is cancelled (interrupted, and
 * its own deadline checks stop it) and a stage the saturated executor rejects is not run at all;
 * either way its fallback is used at once. A stage without any deadline runs on the calling thread (no
 * hand-off cost), and only exceptions trigger its fallback.
 *
 * <p><b>The recall fallback shares the stage's time</b>: it gets no fresh budget, only what is left of
 * the recall stage's deadline. So that a late source still leaves it some time, the source is given
 * the stage's time minus a reserve ({@link Builder#withFallbackReserve}, by default
 * {@value #DEFAULT_FALLBACK_RESERVE} of it) whenever a fallback is set. The fallback runs on the calling
 * thread, so it answers even when the executor is saturated: make it cheap (a precomputed list), as
 * nothing can cut short a fallback that ignores its deadline. Under overload the pipeline therefore
 * degrades to the fallback's answers within the budgets, and never holds more threads than the
 * executor has.
 *
 * <pre>{@code
 * Recommender rec = Recommender.builder("main", multiChannel)
 *         .withRecallLimit(500)
 *         .withFallback(popular)
 *         .withRanking(RankingChain.builder().then(cosine, 200).then(deepFm, 50).build())
 *         .addReranker(mmr)
 *         .withBudget(Stage.RECALL, Duration.ofMillis(30))
 *         .withBudget(Stage.RANK, Duration.ofMillis(20))
 *         .withCache(10_000, Duration.ofMinutes(5))
 *         .build();
 * Recommendation r = rec.recommend(request);
 * }</pre>
 */
public final class Recommender implements AutoCloseable {
    /** The default share of the recall stage's time kept for the fallback source when one is set. */
    public static final double DEFAULT_FALLBACK_RESERVE = 0.2;
    /** The default number of candidates the recall source is asked for: {@value}. */
    public static final int DEFAULT_RECALL_LIMIT = 500;

    private final String name;
    private final CandidateSource recall;
    private final int recallLimit;
    private final CandidateSource coldStart;
    private final CandidateSource fallback;
    private final double fallbackReserve;
    private final RankingChain ranking;
    private final List<Reranker> rerankers;
    private final Map<Stage, Duration> budgets;
    private final ResultCache cache;
    private final StageExecutor executor;
    private final LongSupplier ticker;
    private final PipelineMetrics metrics = new PipelineMetrics();

    private Recommender(Builder b) {
        this.name = b.name;
        this.recall = b.recall;
        this.recallLimit = b.recallLimit;
        this.coldStart = b.coldStart;
        this.fallback = b.fallback;
        this.fallbackReserve = b.fallbackReserve;
        this.ranking = b.ranking;
        this.rerankers = List.copyOf(b.rerankers);
        this.budgets = new EnumMap<>(b.budgets);
        this.ticker = b.ticker;
        this.cache = b.cacheEntries > 0 ? new ResultCache(b.cacheEntries, b.cacheTtl.toNanos(), b.ticker) : null;
        this.executor = b.executor != null ? b.executor : StageExecutor.common();
    }

    /**
     * Returns a builder.
     *
     * @param name   the pipeline's name, reported as the {@link Recommendation#variant()}; not blank
     * @param recall the recall source, asked for {@link Builder#withRecallLimit} candidates per request
     */
    public static Builder builder(String name, CandidateSource recall) {
        return new Builder(name, recall);
    }

    /** Returns the pipeline's name (its A/B variant name). */
    public String name() {
        return name;
    }

    /** Returns the recall source (the source every request that is not cold start is asked first). */
    public CandidateSource recallSource() {
        return recall;
    }

    /** Returns the ranking chain, or empty when the recall order is the final order (before re-ranking). */
    public Optional<RankingChain> ranking() {
        return Optional.ofNullable(ranking);
    }

    /** Returns the counters. */
    public PipelineMetrics metrics() {
        return metrics;
    }

    /**
     * Returns the number of cached answers dropped for a user; call it when the user's data changed
     * in a way the request does not show (e.g. features updated in the store). A changed history
     * changes the cache key by itself.
     */
    public int invalidate(String userKey) {
        return cache == null ? 0 : cache.invalidateUser(userKey);
    }

    /** Drops every cached answer. */
    public void clearCache() {
        if (cache != null) {
            cache.clear();
        }
    }

    /** Returns the executor that runs the stages with a deadline. */
    public StageExecutor executor() {
        return executor;
    }

    /**
     * Returns the recommendation for a request; never throws because a stage failed (the stage's
     * fallback is used and reported instead). Returns by the request's deadline, or each stage's budget,
     * plus the time of the (calling-thread) recall fallback.
     *
     * @param request the request
     */
    public Recommendation recommend(RecRequest request) {
        Objects.requireNonNull(request, "request");
        metrics.request();
        Object key = null;
        if (cache != null) {
            key = ResultCache.keyOf(request);
            Recommendation hit = cache.get(key);
            if (hit != null) {
                metrics.cacheHit();
                return hit.asCached();
            }
        }
        long start = ticker.getAsLong();
        List<String> notes = new ArrayList<>();
        Set<Stage> fellBack = EnumSet.noneOf(Stage.class);
        Map<Stage, Long> latency = new EnumMap<>(Stage.class);

        List<Candidate> candidates = recall(request, notes, fellBack, latency);
        String rankerName = "none";
        if (ranking != null && !candidates.isEmpty()) {
            long t = ticker.getAsLong();
            List<Candidate> input = candidates;
            long t0 = System.nanoTime();
            Deadline deadline = stageDeadline(request, Stage.RANK, t0);
            RecRequest staged = request.withDeadline(deadline);
            long allowed = allowedNanos(deadline, t0);
            StageExecutor.Result<RankingChain.Ranked> ranked = run(() -> ranking.rankReported(staged, input), deadline);
            if (ranked.ok() && ranked.value().isPresent()) {
                candidates = ranked.value().get().candidates();
                rankerName = ranked.value().get().ranker();
                notes.addAll(ranked.value().get().notes());
            } else {
                fellBack.add(Stage.RANK);
                notes.add("rank: " + describe(ranked, allowed) + ", kept recall order");
            }
            record(Stage.RANK, t, fellBack, latency);
        }
        if (!rerankers.isEmpty() && !candidates.isEmpty()) {
            long t = ticker.getAsLong();
            AtomicReference<List<Candidate>> done = new AtomicReference<>(candidates);
            AtomicReference<String> current = new AtomicReference<>();
            int keep = Math.max(request.k(), candidates.size());
            long t0 = System.nanoTime();
            Deadline deadline = stageDeadline(request, Stage.RERANK, t0);
            RecRequest staged = request.withDeadline(deadline);
            long allowed = allowedNanos(deadline, t0);
            StageExecutor.Result<List<Candidate>> reranked = run(() -> {
                for (Reranker rr : rerankers) {
                    current.set(rr.name());
                    deadline.check(rr.name());
                    List<Candidate> next = rr.rerank(staged, done.get(), keep);
                    if (next == null) {
                        throw new IllegalStateException("returned null instead of a list");
                    }
                    done.set(next);
                }
                return done.get();
            }, deadline);
            if (reranked.ok()) {
                candidates = reranked.value().orElseThrow();   // the task never returns null
            } else {
                candidates = done.get();
                fellBack.add(Stage.RERANK);
                notes.add("rerank: " + current.get() + ": " + describe(reranked, allowed) + ", used the list before it");
            }
            record(Stage.RERANK, t, fellBack, latency);
        }
        List<Candidate> items = candidates.size() > request.k() ? candidates.subList(0, request.k()) : candidates;
        if (items.size() < request.k()) {
            notes.add("fewer items than asked: " + items.size() + " of k = " + request.k()
                    + " (no more candidates the request does not exclude)");
        }
        Recommendation result = new Recommendation(items, name, rankerName, fellBack, notes, latency, false);
        if (items.isEmpty() && fellBack.contains(Stage.RECALL)) {
            metrics.failure();
        }
        if (cache != null && fellBack.isEmpty() && !items.isEmpty()) {
            cache.put(key, result);
        }
        metrics.total(ticker.getAsLong() - start);
        return result;
    }

    private List<Candidate> recall(RecRequest request, List<String> notes, Set<Stage> fellBack, Map<Stage, Long> latency) {
        long t = ticker.getAsLong();
        // a seed item is something to answer from ("similar to this"): such a request is not cold
        boolean cold = coldStart != null && request.userIndex() < 0 && request.historySize() == 0
                && request.seedItem().isEmpty();
        CandidateSource primary = cold ? coldStart : recall;
        CandidateSource backup = fallback != null && fallback != primary ? fallback : null;
        if (cold) {
            notes.add("recall: cold-start request, used " + coldStart.name());
        }
        int limit = Math.max(recallLimit, request.k());
        long t0 = System.nanoTime();
        Deadline stage = stageDeadline(request, Stage.RECALL, t0);
        Deadline first = backup == null || !stage.isBounded() || fallbackReserve == 0 ? stage
                : Deadline.atNanoTime(t0 + (long) ((stage.nanoTime() - t0) * (1 - fallbackReserve)));
        RecRequest firstRequest = request.withDeadline(first);
        long allowed = allowedNanos(first, t0);
        StageExecutor.Result<List<Candidate>> answer = run(() -> primary.recall(firstRequest, limit), first);
        // exclusions first: a source that returned only seen items has not answered
        List<Candidate> out = answer.ok() && answer.value().isPresent()
                ? request.admissible(answer.value().get(), Integer.MAX_VALUE) : List.of();
        if (out.isEmpty()) {
            String why;
            if (!answer.ok()) {
                why = primary.name() + ": " + describe(answer, allowed);
            } else if (answer.value().isEmpty()) {
                why = primary.name() + " returned null instead of a list";
            } else if (answer.value().get().isEmpty()) {
                why = primary.name() + " returned no candidates";
            } else {
                why = primary.name() + " returned only items the request excludes (" + answer.value().get().size() + ")";
            }
            boolean failed = !answer.ok() || answer.value().isEmpty();
            if (backup != null) {
                // the fallback shares what is left of the stage's time, on this thread (the executor may be full)
                RecRequest fallbackRequest = request.withDeadline(stage);
                StageExecutor.Result<List<Candidate>> second = runHere(() -> backup.recall(fallbackRequest, limit));
                out = second.ok() && second.value().isPresent()
                        ? request.admissible(second.value().get(), Integer.MAX_VALUE) : List.of();
                notes.add("recall: " + why + ", used fallback " + backup.name()
                        + (second.ok() ? second.value().isEmpty() ? " which returned null" : "" : " which failed too: " + describe(second, -1)));
                fellBack.add(Stage.RECALL);
            } else if (failed) {
                notes.add("recall: " + why + ", no fallback source");
                fellBack.add(Stage.RECALL);
            } else if (!answer.value().get().isEmpty()) {
                notes.add("recall: " + why + ", no fallback source");
            }
        }
        record(Stage.RECALL, t, fellBack, latency);
        return out;
    }

    private void record(Stage stage, long startNanos, Set<Stage> fellBack, Map<Stage, Long> latency) {
        long nanos = ticker.getAsLong() - startNanos;
        latency.put(stage, nanos);
        metrics.stage(stage, nanos, fellBack.contains(stage));
    }

    /** Runs a stage: on the executor under its deadline, or here when it has none. */
    private <T> StageExecutor.Result<T> run(Callable<T> task, Deadline deadline) {
        return deadline.isBounded() ? executor.call(task, deadline) : runHere(task);
    }

    /** Runs a task on the calling thread; a {@link CancellationException} (a passed deadline) is a time-out. */
    private static <T> StageExecutor.Result<T> runHere(Callable<T> task) {
        long t0 = System.nanoTime();
        try {
            return new StageExecutor.Result<>(StageExecutor.Status.OK, task.call(), null, System.nanoTime() - t0);
        } catch (CancellationException e) {
            return new StageExecutor.Result<>(StageExecutor.Status.TIMED_OUT, null, e, System.nanoTime() - t0);
        } catch (Exception | StackOverflowError e) {
            return new StageExecutor.Result<>(StageExecutor.Status.FAILED, null, e, System.nanoTime() - t0);
        }
    }

    /** Returns the earlier of the request's deadline and the stage's budget from {@code t0}. */
    private Deadline stageDeadline(RecRequest request, Stage stage, long t0) {
        Duration budget = budgets.get(stage);
        return budget == null ? request.deadline() : request.deadline().min(Deadline.atNanoTime(t0 + budget.toNanos()));
    }

    /** Returns the time a stage was given from {@code t0}, or -1 without a deadline. */
    private static long allowedNanos(Deadline d, long t0) {
        return d.isBounded() ? Math.max(0, d.nanoTime() - t0) : -1;
    }

    /** Describes a stage that did not answer, e.g. {@code "timed out after 40 ms (still running at its deadline; cancelled)"}. */
    private static String describe(StageExecutor.Result<?> r, long allowedNanos) {
        if (r.ok()) {
            return "returned null instead of a list";
        }
        if (r.status() == StageExecutor.Status.TIMED_OUT) {
            return "timed out" + (allowedNanos < 0 ? "" : " after " + Math.round(allowedNanos / 1e6) + " ms")
                    + " (" + r.describe() + ")";
        }
        return r.status() == StageExecutor.Status.REJECTED ? "rejected: " + r.describe() : r.describe();
    }

    /**
     * Releases nothing: the recommender owns no threads (its stages run on a {@link StageExecutor} that
     * was given to it, or the common one). Kept so that pipelines can be used in try-with-resources
     * blocks and closed with the parts that do own resources.
     */
    @Override
    public void close() {
        // nothing owned
    }

    @Override
    public String toString() {
        return "Recommender{" + name + ": " + recall.name() + " -> " + (ranking == null ? "none" : ranking.name())
                + " -> " + rerankers.stream().map(Reranker::name).toList() + "}";
    }

    /** Builds a {@link Recommender}; setters only store, {@link #build()} checks everything. */
    public static final class Builder {
        private final String name;
        private final CandidateSource recall;
        private int recallLimit = DEFAULT_RECALL_LIMIT;
        private CandidateSource coldStart;
        private CandidateSource fallback;
        private double fallbackReserve = DEFAULT_FALLBACK_RESERVE;
        private RankingChain ranking;
        private final List<Reranker> rerankers = new ArrayList<>();
        private final Map<Stage, Duration> budgets = new EnumMap<>(Stage.class);
        private final List<Object[]> budgetArgs = new ArrayList<>();
        private int cacheEntries;
        private Duration cacheTtl = Duration.ZERO;
        private boolean cacheSet;
        private StageExecutor executor;
        private LongSupplier ticker = System::nanoTime;

        private Builder(String name, CandidateSource recall) {
            this.name = name;
            this.recall = recall;
        }

        /**
         * Sets how many candidates the recall source is asked for, at least 1 (default
         * {@value Recommender#DEFAULT_RECALL_LIMIT}; never fewer than the request's {@code k}).
         */
        public Builder withRecallLimit(int limit) {
            this.recallLimit = limit;
            return this;
        }

        /**
         * Sets the source for requests with no known user, no history and no seed item (e.g. precomputed lists); without
         * one, such requests go to the recall source like the others.
         */
        public Builder withColdStart(CandidateSource source) {
            this.coldStart = source;
            return this;
        }

        /**
         * Sets the source used when recall fails, times out, is rejected or returns nothing the request
         * admits (e.g. popular items); without one, such a request gets an empty answer. It runs on the
         * calling thread in what is left of the recall stage's time; keep it cheap.
         */
        public Builder withFallback(CandidateSource source) {
            this.fallback = source;
            return this;
        }

        /**
         * Sets the share of the recall stage's time kept back for the fallback source, in [0, 0.9] (default
         * {@value Recommender#DEFAULT_FALLBACK_RESERVE}): with a fallback set and a stage deadline of
         * {@code T}, the recall source is given {@code (1 - share) × T}, and the fallback whatever is left.
         */
        public Builder withFallbackReserve(double share) {
            this.fallbackReserve = share;
            return this;
        }

        /** Sets the ranking stage; without one, recall order is the final order (before re-ranking). */
        public Builder withRanking(RankingChain chain) {
            this.ranking = chain;
            return this;
        }

        /** Appends a reranker; rerankers run in the order they were added (none by default). */
        public Builder addReranker(Reranker reranker) {
            rerankers.add(reranker);
            return this;
        }

        /**
         * Sets a stage's time budget, positive, counted from the stage's start (a request's earlier deadline
         * still wins): the stage runs on the executor and is cancelled when late. Without one a stage runs
         * on the calling thread, bounded only by the request's deadline.
         */
        public Builder withBudget(Stage stage, Duration budget) {
            budgetArgs.add(new Object[] {stage, budget});
            return this;
        }

        /**
         * Enables the result cache (off by default).
         *
         * @param maxEntries the most answers kept (least recently used are evicted), at least 1
         * @param ttl        how long an answer is served from the cache, positive
         */
        public Builder withCache(int maxEntries, Duration ttl) {
            this.cacheEntries = maxEntries;
            this.cacheTtl = ttl;
            this.cacheSet = true;
            return this;
        }

        /**
         * Sets the bounded executor that runs the stages with a deadline (default
         * {@link StageExecutor#common()}); pass one executor to every pipeline of a server, and to its
         * multi-channel recall, to bound the threads of all of them together.
         */
        public Builder withExecutor(StageExecutor executor) {
            this.executor = executor;
            return this;
        }

        /** Sets the nanosecond clock used for latencies and cache expiry (default {@link System#nanoTime()}). */
        public Builder withTicker(LongSupplier ticker) {
            this.ticker = ticker;
            return this;
        }

        /**
         * Returns the recommender.
         *
         * @throws NullPointerException     naming the null setting (name, recall source, a reranker, a budget's
         *                                  stage or duration, the cache TTL, the ticker)
         * @throws IllegalArgumentException naming the setting out of range (a blank name, a recall limit below
         *                                  1, a reserve outside [0, 0.9], a budget that is not positive, a
         *                                  cache of fewer than 1 entry or a TTL that is not positive)
         */
        public Recommender build() {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: '" + name + "', must not be blank");
            }
            Objects.requireNonNull(recall, "recall");
            if (recallLimit < 1) {
                throw new IllegalArgumentException("recallLimit: " + recallLimit + ", must be >= 1");
            }
            if (!(fallbackReserve >= 0 && fallbackReserve <= 0.9)) {
                throw new IllegalArgumentException("fallbackReserve: " + fallbackReserve + ", must be in [0, 0.9]");
            }
            for (int i = 0; i < rerankers.size(); i++) {
                Objects.requireNonNull(rerankers.get(i), "reranker " + i);
            }
            budgets.clear();
            for (Object[] b : budgetArgs) {
                Stage stage = (Stage) Objects.requireNonNull(b[0], "budget stage");
                Duration budget = (Duration) Objects.requireNonNull(b[1], "budget of " + stage);
                if (budget.isNegative() || budget.isZero()) {
                    throw new IllegalArgumentException("budget of " + stage + ": " + budget + ", must be positive");
                }
                budgets.put(stage, budget);
            }
            if (cacheSet) {
                if (cacheEntries < 1) {
                    throw new IllegalArgumentException("cache entries: " + cacheEntries + ", must be >= 1");
                }
                Objects.requireNonNull(cacheTtl, "cache ttl");
                if (cacheTtl.isNegative() || cacheTtl.isZero()) {
                    throw new IllegalArgumentException("cache ttl: " + cacheTtl + ", must be positive");
                }
            }
            Objects.requireNonNull(ticker, "ticker");
            return new Recommender(this);
        }
    }
}
