package org.recsys4j.core.pipeline;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link Recommender}: requests, cache hits, and per stage the number of runs,
 * fallbacks and a latency histogram (HdrHistogram, 3 significant digits, microseconds). Safe to
 * update and read from many threads; {@link #snapshot()} gives a consistent-enough copy for a metrics
 * endpoint.
 */
public final class PipelineMetrics {
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final LongAdder requests = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Map<Stage, LongAdder> runs = new EnumMap<>(Stage.class);
    private final Map<Stage, LongAdder> fallbacks = new EnumMap<>(Stage.class);
    private final Map<Stage, ConcurrentHistogram> latency = new EnumMap<>(Stage.class);
    private final ConcurrentHistogram total = new ConcurrentHistogram(MAX_MICROS, 3);

    PipelineMetrics() {
        for (Stage s : Stage.values()) {
            runs.put(s, new LongAdder());
            fallbacks.put(s, new LongAdder());
            latency.put(s, new ConcurrentHistogram(MAX_MICROS, 3));
        }
    }

    void request() {
        requests.increment();
    }

    void cacheHit() {
        cacheHits.increment();
    }

    void failure() {
        failures.increment();
    }

    void stage(Stage stage, long nanos, boolean fellBack) {
        runs.get(stage).increment();
        if (fellBack) {
            fallbacks.get(stage).increment();
        }
        latency.get(stage).recordValue(clampMicros(nanos));
    }

    void total(long nanos) {
        total.recordValue(clampMicros(nanos));
    }

    private static long clampMicros(long nanos) {
        return Math.min(MAX_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    /** Returns a copy of the counters. */
    public Snapshot snapshot() {
        Map<Stage, StageStats> stages = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            stages.put(s, new StageStats(runs.get(s).sum(), fallbacks.get(s).sum(), Latency.of(latency.get(s).copy())));
        }
        return new Snapshot(requests.sum(), cacheHits.sum(), failures.sum(), Latency.of(total.copy()), Map.copyOf(stages));
    }

    /**
     * Latency percentiles in microseconds.
     *
     * @param count the number of values recorded
     * @param p50   the median
     * @param p99   the 99th percentile
     * @param max   the largest value
     * @param mean  the mean
     */
    public record Latency(long count, long p50, long p99, long max, double mean) {
        static Latency of(Histogram h) {
            long n = h.getTotalCount();
            return n == 0 ? new Latency(0, 0, 0, 0, 0)
                    : new Latency(n, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue(), h.getMean());
        }
    }

    /**
     * The counters of one stage.
     *
     * @param runs      how often the stage ran
     * @param fallbacks how often its fallback was used
     * @param latency   its wall time, microseconds
     */
    public record StageStats(long runs, long fallbacks, Latency latency) {
    }

    /**
     * A copy of all counters.
     *
     * @param requests  requests answered (incl. cache hits)
     * @param cacheHits requests answered from the result cache
     * @param failures  requests that ended in an exception (the fallbacks failed too)
     * @param total     end-to-end latency of requests not answered from the cache, microseconds
     * @param stages    per-stage counters
     */
    public record Snapshot(long requests, long cacheHits, long failures, Latency total, Map<Stage, StageStats> stages) {
    }
}
