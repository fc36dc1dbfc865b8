package org.recsys4j.recall.channel;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one channel did in one {@link MultiChannelRecall} call.
 *
 * @param channel    the channel name
 * @param status     how it fared
 * @param candidates how many of its candidates the merger used (after its quota, dropping excluded and
 *                   repeated items); 0 unless {@link ChannelStatus#OK}
 * @param latency    how long it ran (for a timed-out channel: until it was cancelled)
 * @param error      the failure or time-out message; empty when the status is OK or EMPTY
 */
public record ChannelReport(String channel, ChannelStatus status, int candidates, Duration latency,
                            Optional<String> error) {
    /** Checks the fields. */
    public ChannelReport {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(error, "error");
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates: " + candidates + ", must be >= 0");
        }
    }
}
