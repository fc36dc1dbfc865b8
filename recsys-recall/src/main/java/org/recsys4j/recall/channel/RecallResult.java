package org.recsys4j.recall.channel;

import org.recsys4j.core.pipeline.Candidate;

import java.util.List;
import java.util.Objects;

/**
 * The merged candidates of a {@link MultiChannelRecall} call and the report of how each channel fared.
 *
 * @param candidates the merged candidates, best first (unmodifiable)
 * @param report     the per-channel report
 */
public record RecallResult(List<Candidate> candidates, RecallReport report) {
    /** Checks the fields and freezes the list. */
    public RecallResult {
        candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
        Objects.requireNonNull(report, "report");
    }
}
