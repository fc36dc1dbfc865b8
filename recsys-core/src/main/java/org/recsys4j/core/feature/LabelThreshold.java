package org.recsys4j.core.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Returns a binary label from a rating: 1 if the rating is at or above the threshold (or strictly
 * above it, if so configured), else 0.
 *
 * <p>Protocol C's label is {@code LabelThreshold.atLeast(3.5)}. There is nothing to fit; the encoder
 * exists so that the label rule is saved with the features. A NaN rating is refused.
 *
 * <pre>{@code
 * LabelThreshold.atLeast(3.5).label(3.5);   // 1
 * LabelThreshold.above(3.5).label(3.5);     // 0
 * }</pre>
 */
public final class LabelThreshold implements Encoder {
    /** The threshold of protocol C: {@value}. */
    public static final double DEFAULT_THRESHOLD = 3.5;

    private final double threshold;
    private final boolean inclusive;

    private LabelThreshold(double threshold, boolean inclusive) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold=" + threshold + ": must be finite");
        }
        this.threshold = threshold;
        this.inclusive = inclusive;
    }

    /**
     * Returns the rule {@code rating >= threshold -> 1}.
     *
     * @param threshold a finite threshold
     */
    public static LabelThreshold atLeast(double threshold) {
        return new LabelThreshold(threshold, true);
    }

    /**
     * Returns the rule {@code rating > threshold -> 1}.
     *
     * @param threshold a finite threshold
     */
    public static LabelThreshold above(double threshold) {
        return new LabelThreshold(threshold, false);
    }

    @Override
    public EncoderKind kind() {
        return EncoderKind.LABEL_THRESHOLD;
    }

    /** Returns 1 if the rating passes the threshold, else 0; throws {@link IllegalArgumentException} for NaN. */
    public int label(double rating) {
        if (Double.isNaN(rating)) {
            throw new IllegalArgumentException("rating=NaN: cannot be labelled");
        }
        return (inclusive ? rating >= threshold : rating > threshold) ? 1 : 0;
    }

    /** Returns the threshold. */
    public double threshold() {
        return threshold;
    }

    /** Returns true for {@code >=}, false for {@code >}. */
    public boolean isInclusive() {
        return inclusive;
    }

    void writePayload(DataOutput out) throws IOException {
        out.writeDouble(threshold);
        out.writeBoolean(inclusive);
    }

    static LabelThreshold readPayload(DataInput in) throws IOException {
        double t = in.readDouble();
        boolean inc = in.readBoolean();
        if (!Double.isFinite(t)) {
            throw new IOException("label threshold " + t + " is not finite");
        }
        return new LabelThreshold(t, inc);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelThreshold l && Double.compare(l.threshold, threshold) == 0 && l.inclusive == inclusive;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(threshold) * 31 + (inclusive ? 1 : 0);
    }

    @Override
    public String toString() {
        return "LabelThreshold[rating " + (inclusive ? ">= " : "> ") + threshold + "]";
    }
}
