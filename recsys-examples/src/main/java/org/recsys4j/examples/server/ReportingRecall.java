package org.recsys4j.examples.server;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.recall.channel.ChannelReport;
import org.recsys4j.recall.channel.ChannelStatus;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.RecallResult;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link MultiChannelRecall} as a {@link CandidateSource} that also counts, per channel, how often it
 * answered {@link ChannelStatus#OK}, {@code EMPTY}, {@code TIMED_OUT}, {@code FAILED} or {@code REJECTED}
 * (the server's metrics endpoint shows the counts). A call in which every channel failed, timed out or
 * was rejected throws, so the pipeline's recall fallback takes over and reports it. Thread-safe.
 */
public final class ReportingRecall implements CandidateSource {
    private final MultiChannelRecall recall;
    private final Map<String, Map<ChannelStatus, LongAdder>> counts = new LinkedHashMap<>();

    /** Returns the wrapped merger. */
    public MultiChannelRecall merger() {
        return recall;
    }

    /** Wraps a merger. */
    public ReportingRecall(MultiChannelRecall recall) {
        this.recall = Objects.requireNonNull(recall, "recall");
        for (String c : recall.channelNames()) {
            Map<ChannelStatus, LongAdder> m = new EnumMap<>(ChannelStatus.class);
            for (ChannelStatus s : ChannelStatus.values()) {
                m.put(s, new LongAdder());
            }
            counts.put(c, m);
        }
    }

    @Override
    public String name() {
        return recall.name();
    }

    /** Returns the channel names, in the merger's order. */
    public List<String> channelNames() {
        return recall.channelNames();
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        RecallResult r = recall.recallWithReport(request, limit);
        boolean anyAnswered = false;
        StringBuilder errors = new StringBuilder();
        for (ChannelReport c : r.report().channels()) {
            Map<ChannelStatus, LongAdder> m = counts.get(c.channel());
            if (m != null) {
                m.get(c.status()).increment();
            }
            if (c.status() == ChannelStatus.OK || c.status() == ChannelStatus.EMPTY) {
                anyAnswered = true;
            } else {
                errors.append(errors.length() == 0 ? "" : "; ").append(c.channel()).append(' ').append(c.status())
                        .append(c.error().map(e -> ": " + e).orElse(""));
            }
        }
        if (!anyAnswered && !r.report().channels().isEmpty()) {
            throw new IllegalStateException("every channel failed: " + errors);
        }
        return r.candidates();
    }

    /** Returns the status counts by channel, then by status name. */
    public Map<String, Map<String, Long>> statusCounts() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        counts.forEach((c, m) -> {
            Map<String, Long> row = new LinkedHashMap<>();
            m.forEach((s, n) -> row.put(s.name(), n.sum()));
            out.put(c, row);
        });
        return out;
    }
}
