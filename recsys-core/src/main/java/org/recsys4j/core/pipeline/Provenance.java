package org.recsys4j.core.pipeline;

import java.util.Objects;

/**
 * Where a candidate came from: the recall channel that produced it, the channel's own score (on the
 * channel's scale, e.g. a cosine or a co-occurrence count) and its 0-based rank in that channel's
 * list. A candidate found by several channels keeps one provenance per channel.
 *
 * @param channel  the {@link CandidateSource#name()} of the channel
 * @param rawScore the channel's score (not comparable across channels)
 * @param rank     the 0-based position in the channel's list
 */
public record Provenance(String channel, double rawScore, int rank) {
    /** Checks the fields: a non-blank channel and a non-negative rank. */
    public Provenance {
        Objects.requireNonNull(channel, "channel");
        if (channel.isBlank()) {
            throw new IllegalArgumentException("channel: must not be blank");
        }
        if (rank < 0) {
            throw new IllegalArgumentException("rank: " + rank + ", must be >= 0");
        }
    }
}
