package org.recsys4j.spark;

import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.Part;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One leakage-safe sample built by {@link SparkSamples}: the event, its as-of features (the same values
 * {@code SampleSet} holds for it) and its encoded row (the fitted {@code SampleFeatures} encoders'
 * {@code SparseRow}: fields, global indices, values). Serialisable for Spark; immutable to its readers.
 */
public final class SampleRecord implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Aggregate[] AGGREGATES = Aggregate.values();

    final long sequence;
    final long timestamp;
    final String user;
    final String item;
    final int itemIndex;
    final float value;
    final boolean label;
    /** The user-side and item-side aggregates, by {@link Aggregate#ordinal()}. */
    final double[] aggregates;
    /** The recent positive items' dense indices in the catalogue, most recent first. */
    final int[] recent;
    /** Per favourite attribute, its favourite values. */
    final String[][] favourites;
    /** Per favourite attribute, the affinity of the item (as a float, as SampleSet stores it), or empty. */
    final float[] affinities;
    byte part = -1;
    int[] fields;
    int[] indices;
    double[] values;

    SampleRecord(long sequence, long timestamp, String user, String item, int itemIndex, float value, boolean label,
                 double[] aggregates, int[] recent, String[][] favourites, float[] affinities) {
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.user = user;
        this.item = item;
        this.itemIndex = itemIndex;
        this.value = value;
        this.label = label;
        this.aggregates = aggregates;
        this.recent = recent;
        this.favourites = favourites;
        this.affinities = affinities;
    }

    /** Returns the event's position in the input (its sequence number). */
    public long sequence() {
        return sequence;
    }

    /** Returns the event's timestamp (seconds). */
    public long timestamp() {
        return timestamp;
    }

    /** Returns the external user id (numeric ids in decimal). */
    public String user() {
        return user;
    }

    /** Returns the external item id (numeric ids in decimal). */
    public String item() {
        return item;
    }

    /** Returns the item's dense index in the job's catalogue. */
    public int itemIndex() {
        return itemIndex;
    }

    /** Returns the event's value (a rating, a feedback signal). */
    public float value() {
        return value;
    }

    /** Returns the label: whether the event is positive under the spec's label rule. */
    public boolean label() {
        return label;
    }

    /** Returns the time-split part. */
    public Part part() {
        return Part.values()[part];
    }

    /** Returns one as-of aggregate. */
    public double aggregate(Aggregate a) {
        return aggregates[a.ordinal()];
    }

    /** Returns the dense catalogue indices of the recent positive items, most recent first (a copy). */
    public int[] recentPositives() {
        return recent.clone();
    }

    /** Returns the favourite values of favourite attribute {@code f} (a position in the spec's favourites). */
    public List<String> favouriteValues(int f) {
        return List.of(favourites[f]);
    }

    /** Returns the affinity of the item to favourite attribute {@code f}, 0 when the spec has no affinities. */
    public double affinity(int f) {
        return affinities.length == 0 ? 0.0 : affinities[f];
    }

    /** Returns the encoded row's fields (feature positions), one per entry (a copy). */
    public int[] fields() {
        return fields.clone();
    }

    /** Returns the encoded row's global indices, one per entry (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** Returns the encoded row's values, one per entry (a copy). */
    public double[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SampleRecord[t=").append(timestamp).append(", user=").append(user)
                .append(", item=").append(item).append(", label=").append(label).append(", part=")
                .append(part < 0 ? "?" : part().name());
        for (Aggregate a : AGGREGATES) {
            b.append(", ").append(a.name()).append('=').append(aggregates[a.ordinal()]);
        }
        return b.append(", recent=").append(Arrays.toString(recent)).append(']').toString();
    }
}
