package org.recsys4j.core.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
 *       {@link Recommendation#cached()}. Answers that used a fallback are never cached, so recovery
 *       shows at once.</li>
 *   <li><b>Recall.</b> A request with no known user and no history goes to the cold-start source, if
 *       one is set (e.g. precomputed popular lists); every other request to the recall source, asked
 *       for {@code recallLimit} candidates. If that source throws, misses the recall budget or
 *       returns nothing, the fallback source answers instead ({@link Stage#RECALL} is reported as
 *       fallen back). Excluded and duplicate items are dropped whatever the source returned.</li>
 *   <li><b>Rank.</b> The ranking chain re-scores and cuts the candidates. If it throws or misses the
 *       rank budget, the recall order is kept ({@link Stage#RANK} fallback, ranker {@code "none"}).</li>
 *   <li><b>Re-rank.</b> The rerankers run in order under one budget; if one throws or the budget runs
 *       out, the list produced by the rerankers that finished is used ({@link Stage#RERANK}
 *       fallback).</li>
 *   <li>The first {@code k} items are returned with the channels, ranker, fallbacks, notes and
 *       per-stage latencies.</li>
 * </ol>
 *
 * <p><b>Budgets.</b> A stage with a budget runs on the recommender's executor and the caller waits at
 * most the budget; a late stage is cancelled (interrupted) and its fallback used. A stage without a
 * budget runs on the calling thread (no hand-off cost), and only exceptions trigger its fallback.
 *
 * <pre>{@code
 * try (Recommender rec = Recommender.builder("main")
 *         .recall(multiChannel, 500)
 *         .fallback(popular)
 *         .ranking(RankingChain.builder().then(cosine, 200).then(deepFm, 50).build())
 *         .rerank(mmr)
 *         .budget(Stage.RECALL, Duration.ofMillis(30))
 *         .budget(Stage.RANK, Duration.ofMillis(20))
 *         .cache(10_000, Duration.ofMinutes(5))
 *         .build()) {
 *     Recommendation r = rec.recommend(request);
 * }
 * }</pre>
 */
public final class Recommender implements AutoCloseable {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final String name;
    private final CandidateSource recall;
    private final int recallLimit;
    private final CandidateSource coldStart;
    private final CandidateSource fallback;
    private final RankingChain ranking;
    private final List<Reranker> rerankers;
    private final Map<Stage, Duration> budgets;
    private final ResultCache cache;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final LongSupplier ticker;
    private final PipelineMetrics metrics = new PipelineMetrics();

    private Recommender(Builder b) {
        this.name = b.name;
        this.recall = b.recall;
        this.recallLimit = b.recallLimit;
        this.coldStart = b.coldStart;
        this.fallback = b.fallback;
        this.ranking = b.ranking;
        this.rerankers = List.copyOf(b.rerankers);
        this.budgets = new EnumMap<>(b.budgets);
        this.ticker = b.ticker;
        this.cache = b.cacheEntries > 0 ? new ResultCache(b.cacheEntries, b.cacheTtl.toNanos(), b.ticker) : null;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else if (!budgets.isEmpty()) {
            int id = POOL_IDS.incrementAndGet();
            AtomicInteger thread = new AtomicInteger();
            this.executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "recommender-" + name + "-" + id + "-" + thread.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.ownsExecutor = true;
        } else {
            this.executor = null;
            this.ownsExecutor = false;
        }
    }

    /**
     * Returns a builder.
     *
     * @param name the pipeline's name, reported as the {@link Recommendation#variant()}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Returns the pipeline's name (its A/B variant name). */
    public String name() {
        return name;
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

    /**
     * Returns the recommendation for a request; never throws because a stage failed (the stage's
     * fallback is used and reported instead).
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
            Outcome<List<Candidate>> ranked = run(Stage.RANK, () -> ranking.rank(request, input));
            if (ranked.ok()) {
                candidates = ranked.value();
                rankerName = ranking.name();
            } else {
                fellBack.add(Stage.RANK);
                notes.add("rank: " + ranked.error() + ", kept recall order");
            }
            record(Stage.RANK, t, fellBack, latency);
        }
        if (!rerankers.isEmpty() && !candidates.isEmpty()) {
            long t = ticker.getAsLong();
            AtomicReference<List<Candidate>> done = new AtomicReference<>(candidates);
            AtomicReference<String> current = new AtomicReference<>();
            int keep = Math.max(request.k(), candidates.size());
            Outcome<List<Candidate>> reranked = run(Stage.RERANK, () -> {
                for (Reranker rr : rerankers) {
                    current.set(rr.name());
                    done.set(rr.rerank(request, done.get(), keep));
                }
                return done.get();
            });
            if (reranked.ok()) {
                candidates = reranked.value();
            } else {
                candidates = done.get();
                fellBack.add(Stage.RERANK);
                notes.add("rerank: " + current.get() + ": " + reranked.error() + ", used the list before it");
            }
            record(Stage.RERANK, t, fellBack, latency);
        }
        List<Candidate> items = candidates.size() > request.k() ? candidates.subList(0, request.k()) : candidates;
        Recommendation result = new Recommendation(items, name, rankerName, fellBack, notes, latency, false);
        if (items.isEmpty() && fellBack.contains(Stage.RECALL)) {
            metrics.failure();
        }
        if (cache != null && fellBack.isEmpty()) {
            cache.put(key, result);
        }
        metrics.total(ticker.getAsLong() - start);
        return result;
    }

    private List<Candidate> recall(RecRequest request, List<String> notes, Set<Stage> fellBack, Map<Stage, Long> latency) {
        long t = ticker.getAsLong();
        boolean cold = coldStart != null && request.userIndex() < 0 && request.historySize() == 0;
        CandidateSource primary = cold ? coldStart : recall;
        if (cold) {
            notes.add("recall: cold-start request, used " + coldStart.name());
        }
        int limit = Math.max(recallLimit, request.k());
        Outcome<List<Candidate>> first = run(Stage.RECALL, () -> primary.recall(request, limit));
        List<Candidate> out = first.ok() ? first.value() : List.of();
        if (out.isEmpty()) {
            String why = first.ok() ? primary.name() + " returned no candidates" : primary.name() + ": " + first.error();
            if (fallback != null && fallback != primary) {
                Outcome<List<Candidate>> second = run(Stage.RECALL, () -> fallback.recall(request, limit));
                out = second.ok() ? second.value() : List.of();
                notes.add("recall: " + why + ", used fallback " + fallback.name()
                        + (second.ok() ? "" : " which failed too: " + second.error()));
                fellBack.add(Stage.RECALL);
            } else if (!first.ok()) {
                notes.add("recall: " + why + ", no fallback source");
                fellBack.add(Stage.RECALL);
            }
        }
        record(Stage.RECALL, t, fellBack, latency);
        return request.admissible(out, Integer.MAX_VALUE);
    }

    private void record(Stage stage, long startNanos, Set<Stage> fellBack, Map<Stage, Long> latency) {
        long nanos = ticker.getAsLong() - startNanos;
        latency.put(stage, nanos);
        metrics.stage(stage, nanos, fellBack.contains(stage));
    }

    private record Outcome<T>(T value, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private <T> Outcome<T> run(Stage stage, Callable<T> task) {
        Duration budget = budgets.get(stage);
        if (budget == null) {
            try {
                return new Outcome<>(task.call(), null);
            } catch (Exception | StackOverflowError e) {
                return new Outcome<>(null, describe(e));
            }
        }
        Future<T> future;
        try {
            future = executor.submit(task);
        } catch (RuntimeException e) {
            return new Outcome<>(null, "could not start: " + describe(e));
        }
        try {
            return new Outcome<>(future.get(budget.toNanos(), TimeUnit.NANOSECONDS), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Outcome<>(null, "timed out after " + budget.toMillis() + " ms");
        } catch (ExecutionException e) {
            return new Outcome<>(null, describe(e.getCause()));
        } catch (CancellationException e) {
            return new Outcome<>(null, "cancelled");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome<>(null, "interrupted");
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    /** Shuts down the executor the recommender created for its budgets (not one passed in). */
    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "Recommender{" + name + ": " + recall.name() + " -> " + (ranking == null ? "none" : ranking.name())
                + " -> " + rerankers.stream().map(Reranker::name).toList() + "}";
    }

    /** Builds a {@link Recommender}. */
    public static final class Builder {
        private final String name;
        private CandidateSource recall;
        private int recallLimit = 500;
        private CandidateSource coldStart;
        private CandidateSource fallback;
        private RankingChain ranking;
        private final List<Reranker> rerankers = new ArrayList<>();
        private final Map<Stage, Duration> budgets = new EnumMap<>(Stage.class);
        private int cacheEntries;
        private Duration cacheTtl = Duration.ZERO;
        private ExecutorService executor;
        private LongSupplier ticker = System::nanoTime;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: must not be blank");
            }
            this.name = name;
        }

        /**
         * Sets the recall source (required) and how many candidates it is asked for (default 500;
         * never fewer than the request's {@code k}).
         */
        public Builder recall(CandidateSource source, int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("recall limit: " + limit + ", must be >= 1");
            }
            this.recall = Objects.requireNonNull(source, "source");
            this.recallLimit = limit;
            return this;
        }

        /** Sets the source for requests with no known user and no history (e.g. precomputed lists). */
        public Builder coldStart(CandidateSource source) {
            this.coldStart = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Sets the source used when recall fails, times out or returns nothing (e.g. popular items). */
        public Builder fallback(CandidateSource source) {
            this.fallback = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Sets the ranking stage; without one, recall order is the final order (before re-ranking). */
        public Builder ranking(RankingChain chain) {
            this.ranking = Objects.requireNonNull(chain, "chain");
            return this;
        }

        /** Appends a reranker; rerankers run in the order they were added. */
        public Builder rerank(Reranker reranker) {
            rerankers.add(Objects.requireNonNull(reranker, "reranker"));
            return this;
        }

        /**
         * Sets a stage's time budget: the stage runs on the executor and is cancelled when late.
         *
         * @throws IllegalArgumentException if the budget is not positive
         */
        public Builder budget(Stage stage, Duration budget) {
            Objects.requireNonNull(stage, "stage");
            if (budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException("budget of " + stage + ": " + budget + ", must be positive");
            }
            budgets.put(stage, budget);
            return this;
        }

        /**
         * Enables the result cache.
         *
         * @param maxEntries the most answers kept (least recently used are evicted), at least 1
         * @param ttl        how long an answer is served from the cache, positive
         */
        public Builder cache(int maxEntries, Duration ttl) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("cache entries: " + maxEntries + ", must be >= 1");
            }
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("cache ttl: " + ttl + ", must be positive");
            }
            this.cacheEntries = maxEntries;
            this.cacheTtl = ttl;
            return this;
        }

        /**
         * Sets the executor that runs stages with a budget (default: a cached pool of daemon threads
         * owned and shut down by the recommender).
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Sets the nanosecond clock used for latencies and cache expiry (default {@link System#nanoTime()}). */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Returns the recommender.
         *
         * @throws IllegalStateException if no recall source was set
         */
        public Recommender build() {
            if (recall == null) {
                throw new IllegalStateException("recommender " + name + ": a recall source is required");
            }
            return new Recommender(this);
        }
    }
}
