package org.recsys4j.rank.serving;

/**
 * Told each time a {@link ModelRanker} gives candidates its fallback instead of the model's score,
 * so a pipeline can count and show degraded answers. Called on the scoring thread; must be quick,
 * thread-safe and must not throw. {@link FallbackCounter} is the usual implementation.
 */
@FunctionalInterface
public interface FallbackListener {
    /** A listener that ignores every event. */
    FallbackListener NONE = (ranker, candidates, cause) -> { };

    /**
     * Reports that {@code candidates} candidates of one request got the fallback.
     *
     * @param ranker     the ranker's name
     * @param candidates how many candidates fell back
     * @param cause      why: the model's or server's failure
     */
    void onFallback(String ranker, int candidates, Throwable cause);
}
