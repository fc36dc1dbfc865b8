package org.recsys4j.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An item on its way through the pipeline: its dense item index, its current score (the recall
 * score after recall, the ranker's after ranking) and the channels that recalled it. Immutable.
 *
 * @param item    dense item index
 * @param score   the score of the stage that produced this candidate; higher is better
 * @param sources one provenance per channel that recalled the item (unmodifiable, possibly empty for
 *                items that did not come from recall, e.g. a fallback list)
 */
public record Candidate(int item, double score, List<Provenance> sources) {
    /** Checks the fields and freezes the provenance list. */
    public Candidate {
        if (item < 0) {
            throw new IllegalArgumentException("item: " + item + ", must be >= 0");
        }
        sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
    }

    /** Returns a candidate recalled by one channel, with the channel's score as its score. */
    public static Candidate of(int item, String channel, double rawScore, int rank) {
        return new Candidate(item, rawScore, List.of(new Provenance(channel, rawScore, rank)));
    }

    /** Returns this candidate with another score and the same provenance. */
    public Candidate withScore(double newScore) {
        return new Candidate(item, newScore, sources);
    }

    /**
     * Returns this candidate with the other's provenance appended (same item; this candidate's score
     * is kept): how a merger de-duplicates an item found by several channels.
     *
     * @throws IllegalArgumentException if the other candidate is for another item
     */
    public Candidate mergedWith(Candidate other) {
        if (other.item != item) {
            throw new IllegalArgumentException("cannot merge candidates of items " + item + " and " + other.item);
        }
        List<Provenance> all = new ArrayList<>(sources.size() + other.sources.size());
        all.addAll(sources);
        all.addAll(other.sources);
        return new Candidate(item, score, all);
    }

    /** Returns the names of the channels that recalled this item, in provenance order. */
    public List<String> channels() {
        return sources.stream().map(Provenance::channel).toList();
    }
}
