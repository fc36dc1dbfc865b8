package org.recsys4j.core.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Returns the quantile bucket of a value: {@code 1 + #{cut points c <= y}}, or {@link #MISSING}
 * ({@code 0}) for a missing value (NaN).
 *
 * <p><b>Cut points</b> (the protocol C rule): with Y the sorted non-missing training values
 * (duplicates kept), {@code n = |Y|} and {@code q} buckets, {@code c_j = Y[floor(j * n / q)]} for
 * {@code j = 1..q-1} (integer division), then duplicates removed. With no training value there is no
 * cut point and every known value is in bucket 1.
 *
 * <p><b>Semantics.</b> A value equal to a cut point goes to the upper bucket; a value below the first
 * cut point (even below the training minimum) is in bucket 1; a value at or above the last cut point
 * (even above the training maximum) is in the last bucket, {@code cuts().length + 1}. So there are
 * {@link #numBuckets()} {@code = cuts().length + 2} buckets, 0 included, and the bucket is monotone
 * non-decreasing in the value.
 *
 * <pre>{@code
 * QuantileBuckets b = QuantileBuckets.trainer().withBuckets(4).build()
 *         .fit(new double[] {1990, 1990, 1990, 1990, 1990, 2000, 2001, 2010});
 * b.cuts();         // [1990, 2001]: Y[2] = 1990, Y[4] = 1990, Y[6] = 2001, deduplicated
 * b.bucket(1989);   // 1
 * b.bucket(1990);   // 2 (a value equal to a cut point goes up)
 * b.bucket(2050);   // 3
 * b.bucket(Double.NaN);   // 0
 * }</pre>
 */
public final class QuantileBuckets implements Encoder {
    /** The bucket of a missing value. */
    public static final int MISSING = 0;
    /** The default number of quantile buckets, {@value} (deciles, as in protocol C). */
    public static final int DEFAULT_BUCKETS = 10;

    private final double[] cuts;

    private QuantileBuckets(double[] cuts) {
        this.cuts = cuts;
    }

    /** Returns a builder of quantile trainers with {@link #DEFAULT_BUCKETS} buckets. */
    public static Builder trainer() {
        return new Builder();
    }

    /**
     * Returns buckets with exactly these cut points.
     *
     * @param cuts finite and strictly ascending
     */
    public static QuantileBuckets ofCuts(double... cuts) {
        double[] c = cuts.clone();
        String problem = checkCuts(c);
        if (problem != null) {
            throw new IllegalArgumentException("cuts: " + problem);
        }
        return new QuantileBuckets(c);
    }

    private static String checkCuts(double[] c) {
        for (int i = 0; i < c.length; i++) {
            if (!Double.isFinite(c[i])) {
                return "cuts[" + i + "]=" + c[i] + " is not finite";
            }
            if (i > 0 && !(c[i] > c[i - 1])) {
                return "cuts[" + i + "]=" + c[i] + " is not above cuts[" + (i - 1) + "]=" + c[i - 1];
            }
        }
        return null;
    }

    @Override
    public EncoderKind kind() {
        return EncoderKind.QUANTILE_BUCKETS;
    }

    /** Returns the bucket of {@code y}: 0 for NaN, else {@code 1 + #{c <= y}}. */
    public int bucket(double y) {
        if (Double.isNaN(y)) {
            return MISSING;
        }
        int lo = 0;
        int hi = cuts.length;           // find the first cut > y
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cuts[mid] <= y) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return 1 + lo;
    }

    /** Returns the number of buckets, {@code cuts().length + 2}: missing, then one more than the cut points. */
    public int numBuckets() {
        return cuts.length + 2;
    }

    /** Returns a copy of the cut points, ascending. */
    public double[] cuts() {
        return cuts.clone();
    }

    void writePayload(DataOutput out) throws IOException {
        out.writeInt(cuts.length);
        for (double c : cuts) {
            out.writeDouble(c);
        }
    }

    static QuantileBuckets readPayload(DataInput in) throws IOException {
        double[] c = new double[EncoderFormat.readCount(in, "number of cut points")];
        for (int i = 0; i < c.length; i++) {
            c[i] = in.readDouble();
        }
        String problem = checkCuts(c);
        if (problem != null) {
            throw new IOException(problem);
        }
        return new QuantileBuckets(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantileBuckets b && Arrays.equals(b.cuts, cuts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cuts);
    }

    @Override
    public String toString() {
        return "QuantileBuckets" + Arrays.toString(cuts);
    }

    /** Returns, from {@link #build()}, an immutable quantile trainer; collects the settings. */
    public static final class Builder {
        private int buckets = DEFAULT_BUCKETS;

        private Builder() {
        }

        /**
         * Returns this builder with the number of quantiles {@code q} (default {@value QuantileBuckets#DEFAULT_BUCKETS}),
         * which gives at most {@code q - 1} cut points.
         *
         * @param buckets at least 2
         */
        public Builder withBuckets(int buckets) {
            this.buckets = buckets;
            return this;
        }

        /** Returns the trainer; throws {@link IllegalArgumentException} naming a setting out of range. */
        public Trainer build() {
            if (buckets < 2) {
                throw new IllegalArgumentException("buckets: " + buckets + ", must be >= 2");
            }
            return new Trainer(buckets);
        }
    }

    /** Returns fitted quantile buckets from training values; immutable and thread-safe. */
    public static final class Trainer {
        private final int q;

        private Trainer(int q) {
            this.q = q;
        }

        /** Returns the number of quantiles. */
        public int buckets() {
            return q;
        }

        /** Returns the buckets whose cut points follow the class rule over the non-NaN {@code values}; refuses infinities. */
        public QuantileBuckets fit(double[] values) {
            int n = 0;
            double[] y = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException("values[" + i + "]=" + v + ": must be finite or NaN (missing)");
                }
                y[n++] = v == 0.0 ? 0.0 : v;   // -0.0 and 0.0 are one value
            }
            if (n == 0) {
                return new QuantileBuckets(new double[0]);
            }
            Arrays.sort(y, 0, n);
            double[] c = new double[q - 1];
            int m = 0;
            for (int j = 1; j < q; j++) {
                double cut = y[(int) ((long) j * n / q)];
                if (m == 0 || cut != c[m - 1]) {
                    c[m++] = cut;
                }
            }
            return new QuantileBuckets(Arrays.copyOf(c, m));
        }
    }
}
