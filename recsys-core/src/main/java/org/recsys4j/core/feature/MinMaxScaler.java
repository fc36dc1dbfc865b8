package org.recsys4j.core.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Returns {@code (x - min) / (max - min)} with the training minimum and maximum, or {@code 0} when
 * {@code max == min}.
 *
 * <p>By default the result is <b>not clipped</b>: a value outside the training range maps outside
 * {@code [0, 1]} (protocol C's six numeric features work this way, since as-of counts keep growing
 * after the training period). With {@code withClip(true)} the result is clamped to {@code [0, 1]}.
 * A NaN input gives NaN.
 *
 * <pre>{@code
 * MinMaxScaler s = MinMaxScaler.trainer().build().fit(new double[] {2, 4, 6});
 * s.transform(5);   // 0.75
 * s.transform(10);  // 2.0 (not clipped)
 * }</pre>
 */
public final class MinMaxScaler implements Encoder {
    /** Whether scaled values are clipped to {@code [0, 1]} by default: {@value}. */
    public static final boolean DEFAULT_CLIP = false;

    private final double min;
    private final double max;
    private final boolean clip;

    private MinMaxScaler(double min, double max, boolean clip) {
        this.min = min;
        this.max = max;
        this.clip = clip;
    }

    /** Returns a builder of min-max trainers (no clipping: {@link #DEFAULT_CLIP}). */
    public static Builder trainer() {
        return new Builder();
    }

    @Override
    public EncoderKind kind() {
        return EncoderKind.MIN_MAX;
    }

    /** Returns the scaled value (see the class comment). */
    public double transform(double x) {
        if (max == min) {
            return Double.isNaN(x) ? Double.NaN : 0.0;
        }
        double y = (x - min) / (max - min);
        if (clip) {
            y = y < 0 ? 0 : (y > 1 ? 1 : y);
        }
        return y;
    }

    /** Returns the training minimum. */
    public double min() {
        return min;
    }

    /** Returns the training maximum. */
    public double max() {
        return max;
    }

    /** Returns true if results are clamped to {@code [0, 1]}. */
    public boolean isClipped() {
        return clip;
    }

    void writePayload(DataOutput out) throws IOException {
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeBoolean(clip);
    }

    static MinMaxScaler readPayload(DataInput in) throws IOException {
        double min = in.readDouble();
        double max = in.readDouble();
        boolean clip = in.readBoolean();
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IOException("min-max range [" + min + ", " + max + "] is not a finite range");
        }
        return new MinMaxScaler(min, max, clip);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinMaxScaler s && Double.compare(s.min, min) == 0 && Double.compare(s.max, max) == 0
                && s.clip == clip;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(min) * 961 + Double.hashCode(max) * 31 + (clip ? 1 : 0);
    }

    @Override
    public String toString() {
        return "MinMaxScaler[min=" + min + ", max=" + max + ", clip=" + clip + "]";
    }

    /** Returns, from {@link #build()}, an immutable min-max trainer; collects the settings. */
    public static final class Builder {
        private boolean clip = DEFAULT_CLIP;

        private Builder() {
        }

        /**
         * Returns this builder with clipping to {@code [0, 1]} on or off (default {@value MinMaxScaler#DEFAULT_CLIP}).
         *
         * @param clip true to clamp results
         */
        public Builder withClip(boolean clip) {
            this.clip = clip;
            return this;
        }

        /** Returns the trainer. */
        public Trainer build() {
            return new Trainer(clip);
        }
    }

    /** Returns fitted min-max scalers from training values; immutable and thread-safe. */
    public static final class Trainer {
        private final boolean clip;

        private Trainer(boolean clip) {
            this.clip = clip;
        }

        /** Returns the scaler of the minimum and maximum of {@code values}; refuses an empty array and non-finite values. */
        public MinMaxScaler fit(double[] values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("values: empty; min-max needs at least one training value");
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("values[" + i + "]=" + v + ": must be finite");
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return new MinMaxScaler(lo, hi, clip);
        }
    }
}
