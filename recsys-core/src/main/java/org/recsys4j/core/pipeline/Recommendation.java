package org.recsys4j.core.pipeline;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The answer of a {@link Recommender}: the items, and how they were produced, so that a response can
 * say which channels and ranker produced it and whether a fallback was used.
 *
 * @param items      at most {@code k} candidates, best first, none excluded by the request
 * @param variant    the name of the {@link Recommender} (the A/B variant) that answered
 * @param ranker     the names of the ranking chain's stages that ran and scored ({@link RankingChain.Ranked#ranker()}),
 *                   or {@code "none"} if the pipeline has no ranking stage, ranking fell back to recall order, or
 *                   no ranker gave any candidate a finite score
 * @param fallbacks  the stages whose fallback was used (empty when everything worked)
 * @param notes      what went wrong or which route was taken, one line each, e.g.
 *                   {@code "recall: timed out after 50 ms, used fallback source popular"}; also a ranker that
 *                   scored nothing, and fewer items than {@code k}
 * @param latencyNanos wall time of each stage that ran
 * @param cached     true if the answer came from the result cache
 */
public record Recommendation(List<Candidate> items, String variant, String ranker, Set<Stage> fallbacks,
                             List<String> notes, Map<Stage, Long> latencyNanos, boolean cached) {
    /** Freezes the collections. */
    public Recommendation {
        items = List.copyOf(items);
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(ranker, "ranker");
        fallbacks = fallbacks.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(fallbacks));
        notes = List.copyOf(notes);
        latencyNanos = latencyNanos.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(latencyNanos));
    }

    /** Returns true if any stage fell back. */
    public boolean usedFallback() {
        return !fallbacks.isEmpty();
    }

    /** Returns the distinct channels that recalled the returned items, in order of first appearance. */
    public List<String> channels() {
        Set<String> names = new LinkedHashSet<>();
        for (Candidate c : items) {
            names.addAll(c.channels());
        }
        return List.copyOf(names);
    }

    /** Returns the item indices, best first. */
    public int[] itemIndices() {
        return items.stream().mapToInt(Candidate::item).toArray();
    }

    /** Returns this recommendation marked as served from the cache. */
    Recommendation asCached() {
        return new Recommendation(items, variant, ranker, fallbacks, notes, latencyNanos, true);
    }
}
