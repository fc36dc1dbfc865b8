package org.recsys4j.core.io;

import org.recsys4j.core.util.Parallel;

import java.util.Objects;
import java.util.Optional;

/**
 * Returns how a reader treats bad rows, which values it accepts and how many threads parse a large
 * file: the options of every file reader of the library (the MovieLens loaders,
 * {@link EventLogReader}, {@link CatalogReader}). Immutable; build one with {@link #builder()}.
 *
 * <p><b>No silent loss.</b> In either mode a file that cannot be used as a whole is an error: a header
 * that does not match, an empty required file, a missing column, a bad line in MovieLens'
 * {@code u.genre} (each genre's position decides which {@code u.item} column is its flag). Lenient mode
 * skips bad rows, but a file whose rows
 * are mostly skipped is not "a few bad rows": the load fails with a {@link TooFewRowsKeptException}
 * (file, rows read and kept, the skips by reason and the first skipped row) when a file
 * <ul>
 *   <li>kept no row at all of the rows it read, or</li>
 *   <li>skipped more than {@value LoadReport#MAX_EXAMPLES} rows and kept fewer than
 *       {@link #minKeptFraction()} of them ({@value #DEFAULT_MIN_KEPT_FRACTION} by default, i.e. more
 *       rows skipped than kept).</li>
 * </ul>
 * Up to {@value LoadReport#MAX_EXAMPLES} skipped rows are always tolerated (as long as some row is
 * kept): the report lists that many examples per reason, so each of them is shown row by row.
 * Each file is judged on its own, the catalogue before the ratings (so a broken {@code u.item} is
 * named, not the ratings of the movies it lost). Strict mode stops at the first bad row, so it keeps
 * every row it reads.
 *
 * <pre>{@code
 * LoadOptions options = LoadOptions.builder()
 *         .withMode(LoadOptions.Mode.LENIENT)
 *         .withValueRange(1, 5, 1)
 *         .build();
 * }</pre>
 */
public final class LoadOptions {
    /** The default mode: {@link Mode#STRICT}. */
    public static final Mode DEFAULT_MODE = Mode.STRICT;
    /** The default {@link #minKeptFraction()}: a lenient load fails when a file skips more rows than it keeps. */
    public static final double DEFAULT_MIN_KEPT_FRACTION = 0.5;
    /**
     * The default number of threads that parse a large MovieLens ratings file: all available processors
     * ({@link Parallel#availableThreads()}), since the result does not depend on the thread count (a
     * file is cut into at most two ranges, so more than two threads change nothing). The CSV readers of
     * this package read on one thread.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private static final LoadOptions STRICT = builder().build();
    private static final LoadOptions LENIENT = builder().withMode(Mode.LENIENT).build();

    /** What a reader does with a bad row. */
    public enum Mode {
        /** The first bad row throws a {@link org.recsys4j.core.data.DataFileException} naming file, line, field and value. */
        STRICT,
        /**
         * Bad rows are skipped, counted by {@link SkipReason} and listed (the first few) in the
         * {@link LoadReport}; a file that keeps too few of its rows still fails (see the class comment).
         */
        LENIENT
    }

    private final Mode mode;
    private final ValueRange valueRange;
    private final int threads;
    private final double minKeptFraction;

    private LoadOptions(Builder b) {
        this.mode = b.mode;
        this.valueRange = Double.isNaN(b.minValue) ? null : new ValueRange(b.minValue, b.maxValue, b.valueStep);
        this.threads = b.threads;
        this.minKeptFraction = b.minKeptFraction;
    }

    /** Returns the defaults: strict, no value range of its own, {@link #DEFAULT_THREADS}. */
    public static LoadOptions strict() {
        return STRICT;
    }

    /** Returns the defaults with lenient mode. */
    public static LoadOptions lenient() {
        return LENIENT;
    }

    /** Returns a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding these options, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        if (valueRange != null) {
            b.minValue = valueRange.min();
            b.maxValue = valueRange.max();
            b.valueStep = valueRange.step();
        }
        b.threads = threads;
        b.minKeptFraction = minKeptFraction;
        return b;
    }

    /** Returns the mode. */
    public Mode mode() {
        return mode;
    }

    /** Returns true if the mode is {@link Mode#LENIENT}. */
    public boolean isLenient() {
        return mode == Mode.LENIENT;
    }

    /**
     * Returns the accepted values, when a range was set: a value outside it is skipped as
     * {@link SkipReason#OUT_OF_RANGE} (lenient) or an error (strict). Without one, the MovieLens loaders
     * use their layout's rating range ({@link org.recsys4j.core.movielens.MovieLensFormat#defaultRatingRange()})
     * and {@link EventLogReader} accepts any finite value.
     */
    public Optional<ValueRange> valueRange() {
        return Optional.ofNullable(valueRange);
    }

    /** Returns the largest number of threads that parse one MovieLens ratings file. */
    public int threads() {
        return threads;
    }

    /**
     * Returns the smallest fraction of a file's rows that a lenient load must keep once more than
     * {@value LoadReport#MAX_EXAMPLES} of them were skipped; below it (or when a file that has rows keeps
     * none) the load fails with a {@link TooFewRowsKeptException}.
     */
    public double minKeptFraction() {
        return minKeptFraction;
    }

    @Override
    public String toString() {
        // the kept fraction only decides whether a load fails, not what it returns, so it is named only when set
        return "LoadOptions[mode=" + mode + ", values=" + (valueRange != null ? valueRange : "any")
                + ", threads=" + threads
                + (minKeptFraction != DEFAULT_MIN_KEPT_FRACTION ? ", minKeptFraction=" + minKeptFraction : "") + "]";
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private Mode mode = DEFAULT_MODE;
        private double minValue = Double.NaN;
        private double maxValue = Double.NaN;
        private double valueStep = Double.NaN;
        private int threads = DEFAULT_THREADS;
        private double minKeptFraction = DEFAULT_MIN_KEPT_FRACTION;

        private Builder() {
        }

        /** Sets strict or lenient mode (default {@link LoadOptions#DEFAULT_MODE}); returns this builder. */
        public Builder withMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Accepts values (MovieLens ratings, the value column of an event log) {@code min + k * step}
         * within {@code [min, max]} (step 0 accepts any value in range); returns this builder. No default:
         * without this call each MovieLens layout uses its rating range (0.5..5 step 0.5 for CSV and .dat,
         * 1..5 step 1 for ml-100k) and {@link EventLogReader} accepts any finite value.
         */
        public Builder withValueRange(double min, double max, double step) {
            this.minValue = min;
            this.maxValue = max;
            this.valueStep = step;
            return this;
        }

        /**
         * Sets the largest number of threads that parse one MovieLens ratings file (1 = this thread only; default
         * {@link LoadOptions#DEFAULT_THREADS}, all processors: the result does not depend on it); returns
         * this builder.
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Sets the smallest fraction of each file's rows a lenient load must keep (0 to 1; 0 still fails
         * a file that keeps none of its rows); returns this builder. Default
         * {@value LoadOptions#DEFAULT_MIN_KEPT_FRACTION}.
         */
        public Builder withMinKeptFraction(double fraction) {
            this.minKeptFraction = fraction;
            return this;
        }

        /**
         * Returns the options.
         *
         * @throws IllegalArgumentException naming the field when a value is out of its allowed range
         * @throws NullPointerException     if the mode is null
         */
        public LoadOptions build() {
            Objects.requireNonNull(mode, "mode");
            if (!Double.isNaN(minValue) || !Double.isNaN(maxValue) || !Double.isNaN(valueStep)) {
                ValueRange.check(minValue, maxValue, valueStep);
            }
            if (!(minKeptFraction >= 0 && minKeptFraction <= 1)) {
                throw new IllegalArgumentException("minKeptFraction: " + minKeptFraction + ", must be in [0, 1]");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads + ", must be >= 1");
            }
            return new LoadOptions(this);
        }
    }
}
