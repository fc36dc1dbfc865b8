package org.recsys4j.core.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Returns {@code (x - mean) / stddev} with the training mean and population standard deviation
 * (denominator {@code n}), or {@code 0} when the standard deviation is 0.
 *
 * <p>The mean and the deviation are computed in two passes in double precision. A NaN input gives NaN.
 *
 * <pre>{@code
 * StandardScaler s = StandardScaler.trainer().fit(new double[] {1, 3});   // mean 2, stddev 1
 * s.transform(4);   // 2.0
 * }</pre>
 */
public final class StandardScaler implements Encoder {
    private final double mean;
    private final double stddev;

    private StandardScaler(double mean, double stddev) {
        this.mean = mean;
        this.stddev = stddev;
    }

    /** Returns the standard-scaler trainer (it has no options, so no builder). */
    public static Trainer trainer() {
        return Trainer.INSTANCE;
    }

    @Override
    public EncoderKind kind() {
        return EncoderKind.STANDARD;
    }

    /** Returns the standardised value (see the class comment). */
    public double transform(double x) {
        if (stddev == 0) {
            return Double.isNaN(x) ? Double.NaN : 0.0;
        }
        return (x - mean) / stddev;
    }

    /** Returns the training mean. */
    public double mean() {
        return mean;
    }

    /** Returns the training population standard deviation. */
    public double stddev() {
        return stddev;
    }

    void writePayload(DataOutput out) throws IOException {
        out.writeDouble(mean);
        out.writeDouble(stddev);
    }

    static StandardScaler readPayload(DataInput in) throws IOException {
        double mean = in.readDouble();
        double sd = in.readDouble();
        if (!Double.isFinite(mean) || !Double.isFinite(sd) || sd < 0) {
            throw new IOException("standard scaler mean " + mean + ", stddev " + sd + " out of range");
        }
        return new StandardScaler(mean, sd);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StandardScaler s && Double.compare(s.mean, mean) == 0 && Double.compare(s.stddev, stddev) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(mean) * 31 + Double.hashCode(stddev);
    }

    @Override
    public String toString() {
        return "StandardScaler[mean=" + mean + ", stddev=" + stddev + "]";
    }

    /** Returns fitted standard scalers from training values; immutable and thread-safe. */
    public static final class Trainer {
        private static final Trainer INSTANCE = new Trainer();

        private Trainer() {
        }

        /** Returns the scaler of the mean and population deviation of {@code values}; refuses empty and non-finite input. */
        public StandardScaler fit(double[] values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("values: empty; standard scaling needs at least one training value");
            }
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException("values[" + i + "]=" + values[i] + ": must be finite");
                }
                sum += values[i];
            }
            double mean = sum / values.length;
            double ss = 0;
            for (double v : values) {
                double d = v - mean;
                ss += d * d;
            }
            return new StandardScaler(mean, Math.sqrt(ss / values.length));
        }
    }
}
