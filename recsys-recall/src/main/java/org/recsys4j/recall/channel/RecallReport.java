package org.recsys4j.recall.channel;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What a {@link MultiChannelRecall} call did: one {@link ChannelReport} per channel, in the order the
 * channels were added, the number of candidates returned and the wall-clock time of the call.
 *
 * @param channels   one report per channel (unmodifiable)
 * @param candidates the number of merged candidates returned
 * @param latency    the wall-clock time of the whole call
 */
public record RecallReport(List<ChannelReport> channels, int candidates, Duration latency) {
    /** Checks the fields and freezes the list. */
    public RecallReport {
        channels = List.copyOf(Objects.requireNonNull(channels, "channels"));
        Objects.requireNonNull(latency, "latency");
    }

    /**
     * Returns the report of the named channel.
     *
     * @throws NoSuchElementException if no channel has that name
     */
    public ChannelReport channel(String name) {
        for (ChannelReport r : channels) {
            if (r.channel().equals(name)) {
                return r;
            }
        }
        throw new NoSuchElementException("no channel named '" + name + "' in this report");
    }

    /** Returns true if every channel answered in time without failing (OK or EMPTY). */
    public boolean complete() {
        return channels.stream().allMatch(r -> r.status() == ChannelStatus.OK || r.status() == ChannelStatus.EMPTY);
    }
}
