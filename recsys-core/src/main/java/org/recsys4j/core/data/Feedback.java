package org.recsys4j.core.data;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The explicit policy that turns raw events ({@link EventLog}) into training signal ({@link Interactions}):
 * which events count, how much each counts, and how the events of one (user, item) pair combine. These
 * choices are made here, each stated when the policy is built (the presets name theirs), not hidden in a
 * reader or a model; the same log under two policies gives two different trainings.
 *
 * <p>What a policy decides, event by event, in this order:
 * <ol>
 *   <li><b>Type weights</b> ({@link Builder#withTypeWeights}, {@link Signal#WEIGHT} only): an event whose
 *       type has no weight is dropped ({@link FeedbackReport.DropReason#UNWEIGHTED_TYPE}); without type
 *       weights every event weighs 1 and types are ignored.</li>
 *   <li><b>Threshold</b> ({@link Builder#withThreshold}): an event whose value is below it is dropped
 *       ({@code BELOW_THRESHOLD}); one without a value is dropped ({@code NO_VALUE}). Default: none.</li>
 *   <li><b>Signal</b>: {@link Signal#VALUE} keeps the event's value (a rating; an event without one is
 *       dropped as {@code NO_VALUE}); {@link Signal#WEIGHT} replaces it by the type's weight times the
 *       event's weight column (1 without), and drops an event whose product is {@code <= 0}
 *       ({@code NON_POSITIVE_WEIGHT}).</li>
 *   <li><b>Combine</b> ({@link Combine}): the kept events of one (user, item) pair become one interaction.
 *       "First" and "last" go by timestamp, and among events of the same second by log order.</li>
 * </ol>
 * The interactions are over the log's {@link EventLog#users()} and {@link EventLog#items()} (a user or
 * item whose events were all dropped keeps its index, with no interaction), one row per pair, in the order
 * of each pair's first kept event in the log.
 *
 * <p><b>No silent loss.</b> When a policy drops more than {@link #maxDroppedFraction()} of the events
 * ({@value #DEFAULT_MAX_DROPPED_FRACTION} by default), or every event of a non-empty log,
 * {@link #apply} throws a {@link TooManyEventsDroppedException} whose message says how many events it
 * dropped and why, per reason, e.g. {@code Feedback dropped 9,120 of 10,000 events (91%, more than the
 * 50% allowed): 9,000 of type 'view' have no weight, 120 below the threshold 3.5}. Combining repeated
 * pairs is not dropping: every combined event is in its pair's interaction.
 *
 * <pre>{@code
 * Feedback shop = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM);
 * Interactions train = shop.apply(log);                     // one row per (user, item): 1 per view + 3 per cart + ...
 * Feedback liked = Feedback.ratingsAtLeast(3.5);            // MovieLens "liked": ratings >= 3.5, the first per pair
 * Feedback custom = Feedback.builder(Feedback.Signal.WEIGHT, Feedback.Combine.MAX)
 *         .withTypeWeights(Map.of("cart", 1.0, "buy", 2.0))
 *         .withMaxDroppedFraction(0.99)                     // views are most of the log; dropping them is meant
 *         .build();
 * }</pre>
 */
public final class Feedback {
    private static final Logger LOG = LoggerFactory.getLogger(Feedback.class);

    /** The default threshold: none ({@code -Infinity}, every value passes, and events without a value are kept). */
    public static final double DEFAULT_THRESHOLD = Double.NEGATIVE_INFINITY;
    /** The default type weights: none (every event weighs 1 and types are ignored). */
    public static final Map<String, Double> DEFAULT_TYPE_WEIGHTS = Map.of();
    /** The default largest fraction of the events a policy may drop before {@link #apply} fails: half. */
    public static final double DEFAULT_MAX_DROPPED_FRACTION = 0.5;

    /** What an interaction's value is. */
    public enum Signal {
        /** The event's value (a rating): the log must have values; an event without one is dropped. */
        VALUE,
        /** The event type's weight (1 without type weights) times the event's weight column (1 without). */
        WEIGHT
    }

    /**
     * How the kept events of one (user, item) pair combine into one interaction, value and timestamp.
     * Order is by timestamp, and among events of the same second by log order.
     */
    public enum Combine {
        /** The sum of the events' signals, at the time of the pair's last event (total engagement). */
        SUM,
        /**
         * The largest signal, at the time of the earliest event that has it (the strongest event: a purchase
         * beats a view whatever their order).
         */
        MAX,
        /** The signal and time of the pair's latest event (the newest opinion). */
        LAST,
        /** The signal and time of the pair's earliest event (as the MovieLens loaders keep the first rating). */
        FIRST
    }

    private static final Feedback ALL_RATINGS = builder(Signal.VALUE, Combine.FIRST).build();
    private static final Feedback EVENT_COUNTS = builder(Signal.WEIGHT, Combine.SUM).build();

    private final Signal signal;
    private final Combine combine;
    private final Map<String, Double> typeWeights;
    private final double threshold;
    private final double maxDroppedFraction;

    private Feedback(Builder b) {
        this.signal = b.signal;
        this.combine = b.combine;
        this.typeWeights = Collections.unmodifiableMap(new LinkedHashMap<>(b.typeWeights));
        this.threshold = b.threshold;
        this.maxDroppedFraction = b.maxDroppedFraction;
    }

    /**
     * Returns a builder of a policy with the two choices every policy makes: what the signal is and how a
     * pair's events combine. The other options start at their defaults (no type weights, no threshold).
     *
     * @param signal  the value of an interaction
     * @param combine how the events of one (user, item) pair combine
     * @return the builder (null arguments fail {@link Builder#build()})
     */
    public static Builder builder(Signal signal, Combine combine) {
        return new Builder(signal, combine);
    }

    /**
     * Returns the policy "every rating, as rated": {@link Signal#VALUE}, no threshold, {@link Combine#FIRST}
     * (a repeated rating of a pair keeps the earliest, as the MovieLens loaders keep the first row). Through
     * it, a MovieLens ratings file read with {@code MovieLens.eventMapping} gives the same
     * {@link Interactions} as {@code MovieLens.load}.
     *
     * @return the policy
     */
    public static Feedback allRatings() {
        return ALL_RATINGS;
    }

    /**
     * Returns the policy "liked": ratings {@code >= threshold} (MovieLens' usual 3.5), as rated
     * ({@link Signal#VALUE}), the earliest of a pair ({@link Combine#FIRST}).
     *
     * @param threshold the lowest rating kept
     * @return the policy
     * @throws IllegalArgumentException if the threshold is NaN or +Infinity
     */
    public static Feedback ratingsAtLeast(double threshold) {
        return builder(Signal.VALUE, Combine.FIRST).withThreshold(threshold).build();
    }

    /**
     * Returns the policy of typed implicit events: an event weighs its type's weight (times its weight
     * column, if any), types without a weight are dropped, and a pair's events combine by {@code combine}
     * (typically {@link Combine#SUM}: a view, a cart and a purchase add up; or {@link Combine#MAX}: the
     * strongest event).
     *
     * @param typeWeights the weight of each event type that counts (finite, {@code > 0})
     * @param combine     how a pair's events combine
     * @return the policy
     * @throws IllegalArgumentException if a weight is not finite and positive, or a type is empty
     * @throws NullPointerException     if an argument, type or weight is null
     */
    public static Feedback eventWeights(Map<String, Double> typeWeights, Combine combine) {
        return builder(Signal.WEIGHT, combine).withTypeWeights(typeWeights).build();
    }

    /**
     * Returns the policy "every event counts once" (times its weight column, if any), summed per pair
     * ({@link Signal#WEIGHT}, {@link Combine#SUM}, no type weights): e.g. a purchase log whose interaction
     * value is the number of purchases.
     *
     * @return the policy
     */
    public static Feedback eventCounts() {
        return EVENT_COUNTS;
    }

    /** Returns a builder holding this policy, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(signal, combine);
        b.typeWeights = typeWeights;
        b.threshold = threshold;
        b.maxDroppedFraction = maxDroppedFraction;
        return b;
    }

    /** Returns what an interaction's value is. */
    public Signal signal() {
        return signal;
    }

    /** Returns how the events of one pair combine. */
    public Combine combine() {
        return combine;
    }

    /** Returns the weight of each event type that counts, in the order given (empty: every event weighs 1). */
    public Map<String, Double> typeWeights() {
        return typeWeights;
    }

    /** Returns the lowest value kept, or {@link #DEFAULT_THRESHOLD} ({@code -Infinity}) for none. */
    public double threshold() {
        return threshold;
    }

    /** Returns the largest fraction of a log's events this policy may drop before {@link #apply} fails. */
    public double maxDroppedFraction() {
        return maxDroppedFraction;
    }

    /**
     * Returns the interactions of {@code log} under this policy.
     *
     * @param log the events
     * @return one interaction per (user, item) pair with a kept event, over the log's users and items
     * @throws IllegalArgumentException       if the policy does not fit the log: type weights but no types,
     *                                        a threshold or {@link Signal#VALUE} but no values
     * @throws TooManyEventsDroppedException if the policy drops more than {@link #maxDroppedFraction()} of
     *                                        the events, or all of them
     */
    public Interactions apply(EventLog log) {
        return applyWithReport(log).interactions();
    }

    /**
     * The interactions a policy made and its report.
     *
     * @param interactions the interactions
     * @param report       what the policy kept, dropped and combined
     */
    public record Result(Interactions interactions, FeedbackReport report) {
        /** Checks that both parts are present. */
        public Result {
            Objects.requireNonNull(interactions, "interactions");
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * Returns the interactions of {@code log} under this policy, with the report of what it kept, dropped
     * and combined.
     *
     * @param log the events
     * @return the interactions and the report
     * @throws IllegalArgumentException       if the policy does not fit the log (see {@link #apply})
     * @throws TooManyEventsDroppedException if the policy drops too many events (see {@link #apply})
     */
    public Result applyWithReport(EventLog log) {
        Objects.requireNonNull(log, "log");
        Signals sig = signals(log);
        int n = log.size();
        long numItems = log.items().size();
        Long2IntOpenHashMap pairRow = new Long2IntOpenHashMap();
        pairRow.defaultReturnValue(-1);
        int[] outUser = new int[Math.min(n, 16)];
        int[] outItem = new int[outUser.length];
        double[] outValue = new double[outUser.length];
        long[] outTs = new long[outUser.length];
        int rows = 0;
        for (int k = 0; k < n; k++) {
            double s = sig.values[k];
            if (Double.isNaN(s)) {
                continue;
            }
            long ts = log.timestamp(k);
            long key = log.user(k) * numItems + log.item(k);
            int r = pairRow.get(key);
            if (r < 0) {
                if (rows == outUser.length) {
                    int cap = (int) Math.min(n, 2L * rows);
                    outUser = Arrays.copyOf(outUser, cap);
                    outItem = Arrays.copyOf(outItem, cap);
                    outValue = Arrays.copyOf(outValue, cap);
                    outTs = Arrays.copyOf(outTs, cap);
                }
                pairRow.put(key, rows);
                outUser[rows] = log.user(k);
                outItem[rows] = log.item(k);
                outValue[rows] = s;
                outTs[rows] = ts;
                rows++;
                continue;
            }
            switch (combine) {
                case SUM -> {
                    outValue[r] += s;
                    outTs[r] = Math.max(outTs[r], ts);
                }
                case MAX -> {
                    if (s > outValue[r] || (s == outValue[r] && ts < outTs[r])) {
                        outValue[r] = s;
                        outTs[r] = ts;
                    }
                }
                case LAST -> {
                    if (ts >= outTs[r]) {
                        outValue[r] = s;
                        outTs[r] = ts;
                    }
                }
                case FIRST -> {
                    if (ts < outTs[r]) {
                        outValue[r] = s;
                        outTs[r] = ts;
                    }
                }
                default -> throw new AssertionError(combine);
            }
        }
        FeedbackReport report = sig.report(n, rows, threshold);
        checkDropped(n, report, log.eventTypes());
        float[] values = new float[rows];
        for (int r = 0; r < rows; r++) {
            values[r] = (float) outValue[r];
        }
        Interactions interactions = Interactions.wrap(log.users(), log.items(), Arrays.copyOf(outUser, rows),
                Arrays.copyOf(outItem, rows), values, Arrays.copyOf(outTs, rows));
        return new Result(interactions, report);
    }

    /**
     * Returns the signal of every event of {@code log} under this policy, event by event, without combining
     * repeated pairs: steps 1 to 3 of the class comment (type weights, threshold, signal), for a consumer that
     * needs each event on its own, in time (e.g. the leakage-safe samples of {@code core.sample.SampleSet}).
     * The {@link #combine()} rule is not used. The same checks as {@link #apply} hold.
     *
     * @param log the events
     * @return a new array, one entry per event of the log in log order: the event's signal, or NaN for an
     *         event the policy drops
     * @throws IllegalArgumentException       if the policy does not fit the log (see {@link #apply})
     * @throws TooManyEventsDroppedException if the policy drops more than {@link #maxDroppedFraction()} of the
     *                                        events, or all of them
     */
    public double[] eventSignals(EventLog log) {
        Objects.requireNonNull(log, "log");
        Signals sig = signals(log);
        checkDropped(log.size(), sig.report(log.size(), sig.kept, threshold), log.eventTypes());
        return sig.values;
    }

    /** Fails when the policy dropped every event of a non-empty log, or more than its allowed fraction. */
    private void checkDropped(int n, FeedbackReport report, List<String> types) {
        if (!report.unusedTypeWeights().isEmpty()) {
            LOG.warn("Feedback: weighted types {} do not occur in the log (its types: {})", report.unusedTypeWeights(),
                    types);
        }
        if (n > 0 && (report.eventsKept() == 0 || report.droppedFraction() > maxDroppedFraction)) {
            throw new TooManyEventsDroppedException(this, report);
        }
    }

    /** Each event's signal (NaN when dropped) and the counts of what was dropped, by reason and by type. */
    private static final class Signals {
        final double[] values;
        final EnumMap<FeedbackReport.DropReason, Integer> dropped = new EnumMap<>(FeedbackReport.DropReason.class);
        final Map<String, Integer> byType = new HashMap<>();
        final List<String> unused = new ArrayList<>();
        int kept;

        Signals(int n) {
            values = new double[n];
        }

        FeedbackReport report(int n, int interactions, double threshold) {
            return new FeedbackReport(n, kept, interactions, dropped, byType, unused, threshold);
        }
    }

    /** Steps 1 to 3 of the class comment for every event: checks that the policy fits the log. */
    private Signals signals(EventLog log) {
        boolean readsValues = signal == Signal.VALUE || threshold != DEFAULT_THRESHOLD;
        if (!typeWeights.isEmpty() && !log.hasTypes()) {
            throw new IllegalArgumentException("typeWeights: " + typeWeights.keySet()
                    + ", but the log has no event types (" + log + ")");
        }
        if (readsValues && !log.hasValues() && log.size() > 0) {
            throw new IllegalArgumentException((signal == Signal.VALUE ? "signal: VALUE" : "threshold: " + threshold)
                    + ", but no event of the log has a value (" + log + ")");
        }
        List<String> types = log.eventTypes();
        double[] typeWeight = new double[types.size()];
        Arrays.fill(typeWeight, typeWeights.isEmpty() ? 1.0 : Double.NaN);
        int n = log.size();
        Signals out = new Signals(n);
        for (Map.Entry<String, Double> e : typeWeights.entrySet()) {
            int t = types.indexOf(e.getKey());
            if (t >= 0) {
                typeWeight[t] = e.getValue();
            } else {
                out.unused.add(e.getKey());
            }
        }
        int[] droppedType = new int[types.size()];
        for (int k = 0; k < n; k++) {
            out.values[k] = Double.NaN;
            int t = log.typeCode(k);
            double tw = t < 0 ? 1.0 : typeWeight[t];
            if (Double.isNaN(tw)) {
                droppedType[t]++;
                continue;
            }
            double v = log.value(k);
            if (readsValues && Double.isNaN(v)) {
                out.dropped.merge(FeedbackReport.DropReason.NO_VALUE, 1, Integer::sum);
                continue;
            }
            if (threshold != DEFAULT_THRESHOLD && v < threshold) {
                out.dropped.merge(FeedbackReport.DropReason.BELOW_THRESHOLD, 1, Integer::sum);
                continue;
            }
            double s;
            if (signal == Signal.VALUE) {
                s = v;
            } else {
                s = tw * log.weight(k);
                if (!(s > 0)) {
                    out.dropped.merge(FeedbackReport.DropReason.NON_POSITIVE_WEIGHT, 1, Integer::sum);
                    continue;
                }
            }
            out.values[k] = s;
            out.kept++;
        }
        int unweighted = 0;
        for (int t = 0; t < droppedType.length; t++) {
            if (droppedType[t] > 0) {
                out.byType.put(types.get(t), droppedType[t]);
                unweighted += droppedType[t];
            }
        }
        if (unweighted > 0) {
            out.dropped.put(FeedbackReport.DropReason.UNWEIGHTED_TYPE, unweighted);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Feedback[signal=" + signal + ", combine=" + combine
                + (typeWeights.isEmpty() ? "" : ", typeWeights=" + typeWeights)
                + (threshold == DEFAULT_THRESHOLD ? "" : ", threshold=" + FeedbackReport.number(threshold))
                + (maxDroppedFraction == DEFAULT_MAX_DROPPED_FRACTION ? ""
                : ", maxDroppedFraction=" + maxDroppedFraction) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Feedback f && signal == f.signal && combine == f.combine
                && typeWeights.equals(f.typeWeights) && Double.compare(threshold, f.threshold) == 0
                && Double.compare(maxDroppedFraction, f.maxDroppedFraction) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(signal, combine, typeWeights, threshold, maxDroppedFraction);
    }

    /** Collects a policy's options; setters only store, {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final Signal signal;
        private final Combine combine;
        private Map<String, Double> typeWeights = DEFAULT_TYPE_WEIGHTS;
        private double threshold = DEFAULT_THRESHOLD;
        private double maxDroppedFraction = DEFAULT_MAX_DROPPED_FRACTION;

        private Builder(Signal signal, Combine combine) {
            this.signal = signal;
            this.combine = combine;
        }

        /**
         * Sets the weight of each event type that counts; events of other types are dropped (and counted).
         * Only with {@link Signal#WEIGHT}. Default {@link Feedback#DEFAULT_TYPE_WEIGHTS}: none, every event
         * weighs 1. Returns this builder.
         *
         * @param typeWeights type → weight (finite, {@code > 0}); the map is copied by {@link #build()}
         * @return this builder
         */
        public Builder withTypeWeights(Map<String, Double> typeWeights) {
            this.typeWeights = typeWeights;
            return this;
        }

        /**
         * Keeps only events whose value is at least {@code threshold} (default {@value Feedback#DEFAULT_THRESHOLD}:
         * none); events without a value are then dropped too. Returns this builder.
         *
         * @param threshold the lowest value kept (not NaN, not +Infinity)
         * @return this builder
         */
        public Builder withThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets the largest fraction of a log's events the policy may drop before {@link Feedback#apply} fails
         * (default {@value Feedback#DEFAULT_MAX_DROPPED_FRACTION}); raise it when dropping most events is
         * meant (e.g. only purchases out of a log of views). Dropping every event of a non-empty log always
         * fails. Returns this builder.
         *
         * @param fraction in {@code [0, 1]}
         * @return this builder
         */
        public Builder withMaxDroppedFraction(double fraction) {
            this.maxDroppedFraction = fraction;
            return this;
        }

        /**
         * Returns the policy.
         *
         * @return the policy
         * @throws NullPointerException     naming a null signal, combine rule, type weight map, type or weight
         * @throws IllegalArgumentException naming the option: type weights with {@link Signal#VALUE}, an empty
         *                                  type, a weight that is not finite and positive, a NaN or +Infinity
         *                                  threshold, a fraction outside [0, 1]
         */
        public Feedback build() {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(combine, "combine");
            Objects.requireNonNull(typeWeights, "typeWeights");
            for (Map.Entry<String, Double> e : typeWeights.entrySet()) {
                Objects.requireNonNull(e.getKey(), "typeWeights: a type");
                Objects.requireNonNull(e.getValue(), "typeWeights: the weight of '" + e.getKey() + "'");
                if (e.getKey().isEmpty()) {
                    throw new IllegalArgumentException("typeWeights: an empty type");
                }
                if (!(e.getValue() > 0) || Double.isInfinite(e.getValue())) {
                    throw new IllegalArgumentException("typeWeights: '" + e.getKey() + "'=" + e.getValue()
                            + ", must be finite and > 0 (leave a type out to drop its events)");
                }
            }
            if (!typeWeights.isEmpty() && signal == Signal.VALUE) {
                throw new IllegalArgumentException("typeWeights: " + typeWeights.keySet()
                        + ", but the signal is VALUE (the event's value): type weights need Signal.WEIGHT");
            }
            if (Double.isNaN(threshold) || threshold == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("threshold: " + threshold + ", must be a number or -Infinity (none)");
            }
            if (!(maxDroppedFraction >= 0 && maxDroppedFraction <= 1)) {
                throw new IllegalArgumentException("maxDroppedFraction: " + maxDroppedFraction + ", must be in [0, 1]");
            }
            return new Feedback(this);
        }
    }
}
