package org.recsys4j.core.sample;

/**
 * <b>The</b> definition of a sample's item-side as-of features: a streaming accumulator fed one item's events in
 * time order that gives, after each event, that event's as-of values — computed from the item's events at
 * <b>strictly earlier</b> seconds only. The item-side twin of {@link UserAsOf} (read its description of feeding):
 * {@link SampleSet} computes every item aggregate with it, and so can a Spark partition grouped by item and sorted by
 * time, or an online store folding in each new event.
 *
 * <p>Events of one second are folded when an event of a later second arrives (or on {@link #complete()}) in
 * {@code sequence} order, so the sums are a function of the events alone. With n earlier events, values v and p
 * positive: {@link Aggregate#ITEM_COUNT} n, {@link Aggregate#ITEM_MEAN} Σv/n (0 when n = 0),
 * {@link Aggregate#ITEM_STDDEV} sqrt((Σv² − (Σv)²/n)/(n − 1)) when that variance is &gt; 0, else 0 (and 0 when
 * n &lt; 2), {@link Aggregate#ITEM_POSITIVE_RATE} p/n (0 when n = 0); sums in double over the float values.
 *
 * <pre>{@code
 * ItemAsOf item = ItemAsOf.create();
 * for (each item i) {                      // e.g. one Spark partition's items, each sorted by timestamp
 *     item.reset();
 *     for (each event e of i, by timestamp) {
 *         item.add(e.timestamp, e.value, positive(e), e.sequence);
 *         emit(e.sequence, item.count(), item.mean(), item.stddev(), item.positiveCount());
 *     }
 * }
 * }</pre>
 *
 * Not thread-safe: one per thread (or per partition).
 */
public final class ItemAsOf {
    private final AsOfGroup group = new AsOfGroup();
    private final Moments moments = new Moments();

    private ItemAsOf() {
    }

    /** Returns a new accumulator, reset. */
    public static ItemAsOf create() {
        return new ItemAsOf();
    }

    /** Forgets the current item: the next event starts a new one with no history. */
    public void reset() {
        group.reset();
        moments.reset();
    }

    /**
     * Adds the current item's next event; the accessors then give this event's as-of values (the item's events of
     * earlier seconds).
     *
     * @param timestamp seconds; not before the previous event's
     * @param value     the event's value (a rating, a {@code Feedback} signal), as stored: a float
     * @param positive  whether the event is positive under the spec's label rule
     * @param sequence  the event's position in the log (a row number): the fold order within a second
     * @throws IllegalArgumentException if the timestamp is before the previous event's
     */
    public void add(long timestamp, float value, boolean positive, long sequence) {
        if (group.isNewSecond(timestamp, "item")) {
            fold();
            group.start(timestamp);
        }
        group.add(0L, sequence, 0, value, positive);
    }

    /** Folds the events added at the last second in: the accessors then give the item's values after every event. */
    public void complete() {
        fold();
    }

    private void fold() {
        int len = group.size();
        if (len == 0) {
            return;
        }
        group.sort();
        for (int r = 0; r < len; r++) {
            moments.add(group.value(r), group.positive(r));
        }
        group.clear();
    }

    /** Returns n: the number of the item's events at earlier seconds. */
    public int count() {
        return moments.count();
    }

    /** Returns p: the number of those events that are positive. */
    public int positiveCount() {
        return moments.positiveCount();
    }

    /** Returns the mean value of those events (0 when none). */
    public double mean() {
        return moments.mean();
    }

    /** Returns the sample standard deviation of their values (0 with fewer than 2, or a variance &le; 0). */
    public double stddev() {
        return moments.stddev();
    }

    /** Returns p / n (0 when n = 0). */
    public double positiveRate() {
        return moments.positiveRate();
    }

    /**
     * Returns one item aggregate (counts as doubles).
     *
     * @throws IllegalArgumentException for a user aggregate (those come from {@link UserAsOf})
     */
    public double aggregate(Aggregate a) {
        return switch (a) {
            case ITEM_COUNT -> moments.count();
            case ITEM_MEAN -> mean();
            case ITEM_STDDEV -> stddev();
            case ITEM_POSITIVE_RATE -> positiveRate();
            default -> throw new IllegalArgumentException("aggregate: " + a + " is a user aggregate; use UserAsOf");
        };
    }
}
