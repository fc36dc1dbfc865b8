package org.recsys4j.core.sample;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which events are <b>positive</b>: a sample's label, and the events that count in a user's recent
 * positives, favourite values and affinities ({@link SampleSpec}). Stated explicitly: no component
 * picks a threshold.
 *
 * <ul>
 *   <li>{@link #valueAtLeast(double)}: the event's value is at least a threshold: a rating of an
 *       {@link org.recsys4j.core.data.Interactions} row, or the signal a
 *       {@link org.recsys4j.core.data.Feedback} policy gives an {@link org.recsys4j.core.data.EventLog} event
 *       (its value, or its type's weight times its weight);</li>
 *   <li>{@link #eventTypes(Collection)}: the event's type is one of a set (an event log with types only).</li>
 * </ul>
 *
 * <pre>{@code
 * LabelRule liked = LabelRule.valueAtLeast(3.5);                   // MovieLens "liked" (protocol C)
 * LabelRule bought = LabelRule.eventTypes(List.of("cart", "buy")); // a shop's conversions
 * }</pre>
 *
 * Immutable.
 */
public final class LabelRule {
    /** What a rule looks at. */
    public enum Kind {
        /** The event's value (a rating, or a {@code Feedback} signal). */
        VALUE_AT_LEAST,
        /** The event's type. */
        EVENT_TYPES
    }

    private final Kind kind;
    private final double threshold;
    private final Set<String> types;

    private LabelRule(Kind kind, double threshold, Set<String> types) {
        this.kind = kind;
        this.threshold = threshold;
        this.types = types;
    }

    /**
     * Returns the rule "the event's value is at least {@code threshold}".
     *
     * @param threshold the lowest positive value; finite
     * @return the rule
     * @throws IllegalArgumentException if the threshold is NaN or infinite
     */
    public static LabelRule valueAtLeast(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold: " + threshold + ", must be finite");
        }
        return new LabelRule(Kind.VALUE_AT_LEAST, threshold, Set.of());
    }

    /**
     * Returns the rule "the event's type is one of {@code types}" (for an event log with types).
     *
     * @param types the positive event types; at least one, none empty
     * @return the rule
     * @throws NullPointerException     if the collection or a type is null
     * @throws IllegalArgumentException if there is no type or a type is empty
     */
    public static LabelRule eventTypes(Collection<String> types) {
        Objects.requireNonNull(types, "types");
        TreeSet<String> set = new TreeSet<>();
        for (String t : types) {
            Objects.requireNonNull(t, "types: a type");
            if (t.isEmpty()) {
                throw new IllegalArgumentException("types: an empty type");
            }
            set.add(t);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("types: none; name at least one positive event type");
        }
        return new LabelRule(Kind.EVENT_TYPES, Double.NaN, java.util.Collections.unmodifiableSet(set));
    }

    /** Returns what the rule looks at. */
    public Kind kind() {
        return kind;
    }

    /** Returns the threshold of a {@link Kind#VALUE_AT_LEAST} rule, NaN for a type rule. */
    public double threshold() {
        return threshold;
    }

    /** Returns the positive types of an {@link Kind#EVENT_TYPES} rule, in ordinal order (empty for a value rule). */
    public Set<String> types() {
        return types;
    }

    /** Returns true if a value is positive under a {@link Kind#VALUE_AT_LEAST} rule (always false for a type rule). */
    public boolean isPositiveValue(double value) {
        return kind == Kind.VALUE_AT_LEAST && value >= threshold;
    }

    /**
     * Returns true if an event of type {@code type} is positive under an {@link Kind#EVENT_TYPES} rule (always false
     * for a value rule): the label of an event as a pure function, for engines other than {@link SampleSet}.
     *
     * @param type an event type
     * @return whether it is one of the rule's positive types
     */
    public boolean isPositiveType(String type) {
        return kind == Kind.EVENT_TYPES && types.contains(Objects.requireNonNull(type, "type"));
    }

    /**
     * Returns, for each type of a log's type vocabulary, whether it is positive under an
     * {@link Kind#EVENT_TYPES} rule (a positive type the vocabulary lacks marks nothing).
     *
     * @throws IllegalArgumentException naming the rule's types and the log's, if the log has none of them
     */
    boolean[] positiveTypes(List<String> vocabulary) {
        boolean[] out = new boolean[vocabulary.size()];
        int found = 0;
        for (String t : types) {
            int at = vocabulary.indexOf(t);
            if (at >= 0) {
                out[at] = true;
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException("label: positive types " + types + " do not occur in the log; its types: "
                    + vocabulary);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelRule r && kind == r.kind && Double.compare(threshold, r.threshold) == 0
                && types.equals(r.types);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, threshold, types);
    }

    @Override
    public String toString() {
        return kind == Kind.VALUE_AT_LEAST ? "value >= " + threshold : "type in " + types;
    }
}
