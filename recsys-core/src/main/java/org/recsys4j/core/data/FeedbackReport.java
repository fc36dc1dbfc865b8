package org.recsys4j.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Feedback} policy did with an {@link EventLog}: events in, events kept, the events it
 * dropped by {@link DropReason} (and, for types without a weight, by type), and how many interactions the
 * kept events made (repeated (user, item) pairs are combined into one, which is not a loss). Immutable.
 *
 * <p>Every event is accounted for: {@code eventsIn() == eventsKept() + eventsDropped()}, and
 * {@code eventsKept() == interactions() + combined()}. {@link #summary()} reads e.g.
 * <pre>
 * Feedback kept 1,000 of 10,000 events as 700 interactions (300 combined into earlier pairs);
 * dropped 9,000 (90%): 8,880 of type 'view' have no weight, 120 below the threshold 3.5
 * </pre>
 */
public final class FeedbackReport {
    /** Why a policy dropped an event. */
    public enum DropReason {
        /** The policy weighs event types and this event's type has no weight. */
        UNWEIGHTED_TYPE,
        /** The policy reads values (a threshold, or {@link Feedback.Signal#VALUE}) and this event has none. */
        NO_VALUE,
        /** The event's value is below the policy's threshold. */
        BELOW_THRESHOLD,
        /** The event's weight (its type's weight times its weight column) is zero or negative. */
        NON_POSITIVE_WEIGHT
    }

    private final int eventsIn;
    private final int eventsKept;
    private final int interactions;
    private final Map<DropReason, Integer> dropped;
    private final Map<String, Integer> droppedTypes;
    private final List<String> unusedTypeWeights;
    private final double threshold;

    FeedbackReport(int eventsIn, int eventsKept, int interactions, Map<DropReason, Integer> dropped,
                   Map<String, Integer> droppedTypes, List<String> unusedTypeWeights, double threshold) {
        this.eventsIn = eventsIn;
        this.eventsKept = eventsKept;
        this.interactions = interactions;
        EnumMap<DropReason, Integer> d = new EnumMap<>(DropReason.class);
        dropped.forEach((r, c) -> {
            if (c > 0) {
                d.put(r, c);
            }
        });
        this.dropped = Collections.unmodifiableMap(d);
        List<Map.Entry<String, Integer>> types = new ArrayList<>(droppedTypes.entrySet());
        types.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        Map<String, Integer> t = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : types) {
            t.put(e.getKey(), e.getValue());
        }
        this.droppedTypes = Collections.unmodifiableMap(t);
        this.unusedTypeWeights = List.copyOf(unusedTypeWeights);
        this.threshold = threshold;
    }

    /** Returns the number of events in the log. */
    public int eventsIn() {
        return eventsIn;
    }

    /** Returns the number of events that count (each is in exactly one interaction). */
    public int eventsKept() {
        return eventsKept;
    }

    /** Returns the number of events dropped, for any reason. */
    public int eventsDropped() {
        return eventsIn - eventsKept;
    }

    /** Returns the number of events dropped for {@code reason}. */
    public int dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0);
    }

    /** Returns the events dropped per reason (reasons with none are absent; unmodifiable). */
    public Map<DropReason, Integer> droppedByReason() {
        return dropped;
    }

    /**
     * Returns the events dropped as {@link DropReason#UNWEIGHTED_TYPE} per type, most first (unmodifiable;
     * empty when the policy weighs no types).
     */
    public Map<String, Integer> droppedByType() {
        return droppedTypes;
    }

    /**
     * Returns the types the policy gives a weight but the log does not have (often a typo, such as
     * {@code purchase} for {@code buy}; empty when every weighted type occurs).
     */
    public List<String> unusedTypeWeights() {
        return unusedTypeWeights;
    }

    /** Returns the number of interactions made: one per distinct (user, item) pair of the kept events. */
    public int interactions() {
        return interactions;
    }

    /** Returns the kept events that were combined into an earlier event's pair ({@code eventsKept() - interactions()}). */
    public int combined() {
        return eventsKept - interactions;
    }

    /** Returns the fraction of the events that were dropped (0 for an empty log). */
    public double droppedFraction() {
        return eventsIn == 0 ? 0 : (double) eventsDropped() / eventsIn;
    }

    /**
     * Returns the drops by reason as text, e.g. {@code 9,000 of type 'view' have no weight, 120 below the
     * threshold 3.5} ({@code none} when nothing was dropped).
     */
    public String dropsText() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : droppedTypes.entrySet()) {
            parts.add(count(e.getValue()) + " of type '" + e.getKey() + "' have no weight");
        }
        if (dropped(DropReason.NO_VALUE) > 0) {
            parts.add(count(dropped(DropReason.NO_VALUE)) + " have no value");
        }
        if (dropped(DropReason.BELOW_THRESHOLD) > 0) {
            parts.add(count(dropped(DropReason.BELOW_THRESHOLD)) + " below the threshold " + number(threshold));
        }
        if (dropped(DropReason.NON_POSITIVE_WEIGHT) > 0) {
            parts.add(count(dropped(DropReason.NON_POSITIVE_WEIGHT)) + " have a weight <= 0");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** Returns a two-part summary: what was kept and made, then what was dropped and why. */
    public String summary() {
        StringBuilder sb = new StringBuilder("Feedback kept ").append(count(eventsKept)).append(" of ")
                .append(count(eventsIn)).append(" events as ").append(count(interactions)).append(" interactions");
        if (combined() > 0) {
            sb.append(" (").append(count(combined())).append(" combined into earlier pairs)");
        }
        if (eventsDropped() > 0) {
            sb.append("; dropped ").append(count(eventsDropped())).append(" (").append(percent(droppedFraction()))
                    .append("): ").append(dropsText());
        }
        if (!unusedTypeWeights.isEmpty()) {
            sb.append("; weighted types not in the log: ").append(unusedTypeWeights);
        }
        return sb.toString();
    }

    /** Returns {@link #summary()}. */
    @Override
    public String toString() {
        return summary();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedbackReport r && eventsIn == r.eventsIn && eventsKept == r.eventsKept
                && interactions == r.interactions && dropped.equals(r.dropped) && droppedTypes.equals(r.droppedTypes)
                && unusedTypeWeights.equals(r.unusedTypeWeights) && Double.compare(threshold, r.threshold) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventsIn, eventsKept, interactions, dropped, droppedTypes, unusedTypeWeights, threshold);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Returns a fraction as a whole percentage, with one decimal where rounding would say 0% or 100% wrongly. */
    static String percent(double fraction) {
        double p = fraction * 100;
        long r = Math.round(p);
        if (p != r && (r == 0 || r == 100)) {
            return String.format(Locale.ROOT, "%.1f%%", Math.floor(p * 10 + (r == 0 ? 1 : 0)) / 10);
        }
        return r + "%";
    }

    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
