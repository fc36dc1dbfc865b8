package org.recsys4j.core.movielens;

/**
 * Returns how a MovieLens loader treats bad rows, which ratings it accepts and how many threads parse
 * the ratings file. Immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * LoadOptions options = LoadOptions.builder()
 *         .mode(LoadOptions.Mode.LENIENT)
 *         .ratingRange(1, 5, 1)
 *         .build();
 * }</pre>
 */
public final class LoadOptions {
    /** The default mode: {@link Mode#STRICT}. */
    public static final Mode DEFAULT_MODE = Mode.STRICT;
    /** The default number of threads that parse a large ratings file: 2, or 1 on a single-core machine. */
    public static final int DEFAULT_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

    private static final LoadOptions STRICT = builder().build();
    private static final LoadOptions LENIENT = builder().mode(Mode.LENIENT).build();

    /** What a loader does with a bad row. */
    public enum Mode {
        /** The first bad row throws a {@link org.recsys4j.core.data.DataFormatException} naming file, line, field and value. */
        STRICT,
        /** Bad rows are skipped, counted by {@link SkipReason} and listed (the first few) in the {@link LoadReport}. */
        LENIENT
    }

    private final Mode mode;
    private final double minRating;
    private final double maxRating;
    private final double ratingStep;
    private final int threads;

    private LoadOptions(Builder b) {
        this.mode = b.mode;
        this.minRating = b.minRating;
        this.maxRating = b.maxRating;
        this.ratingStep = b.ratingStep;
        this.threads = b.threads;
    }

    /** Returns the defaults: strict, the layout's default rating range, {@link #DEFAULT_THREADS}. */
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
        b.minRating = minRating;
        b.maxRating = maxRating;
        b.ratingStep = ratingStep;
        b.threads = threads;
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

    /** Returns true if a rating range was set; otherwise each layout uses its own default. */
    public boolean hasRatingRange() {
        return !Double.isNaN(minRating);
    }

    /** Returns the lowest accepted rating, or the layout's default when none was set. */
    public double minRating(MovieLensFormat format) {
        return hasRatingRange() ? minRating : format.defaultMinRating();
    }

    /** Returns the highest accepted rating, or the layout's default when none was set. */
    public double maxRating(MovieLensFormat format) {
        return hasRatingRange() ? maxRating : format.defaultMaxRating();
    }

    /** Returns the rating step (0 = any value in range), or the layout's default when none was set. */
    public double ratingStep(MovieLensFormat format) {
        return hasRatingRange() ? ratingStep : format.defaultRatingStep();
    }

    /** Returns the largest number of threads that parse one ratings file. */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "LoadOptions[mode=" + mode + ", ratings=" + (hasRatingRange()
                ? minRating + ".." + maxRating + " step " + ratingStep : "layout default")
                + ", threads=" + threads + "]";
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private Mode mode = DEFAULT_MODE;
        private double minRating = Double.NaN;
        private double maxRating = Double.NaN;
        private double ratingStep = Double.NaN;
        private int threads = DEFAULT_THREADS;

        private Builder() {
        }

        /** Sets strict or lenient mode; returns this builder. */
        public Builder mode(Mode mode) {
            this.mode = java.util.Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Accepts ratings {@code min + k * step} within {@code [min, max]} (step 0 accepts any value in
         * range); returns this builder. Without this call each layout uses its default
         * (0.5..5 step 0.5 for CSV and .dat, 1..5 step 1 for ml-100k).
         */
        public Builder ratingRange(double min, double max, double step) {
            this.minRating = min;
            this.maxRating = max;
            this.ratingStep = step;
            return this;
        }

        /** Sets the largest number of threads that parse one ratings file (1 = this thread only); returns this builder. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Returns the options.
         *
         * @throws IllegalArgumentException naming the field when a value is out of its allowed range
         */
        public LoadOptions build() {
            if (!Double.isNaN(minRating) || !Double.isNaN(maxRating) || !Double.isNaN(ratingStep)) {
                if (!Double.isFinite(minRating)) {
                    throw new IllegalArgumentException("minRating: " + minRating + " must be finite");
                }
                if (!Double.isFinite(maxRating) || maxRating < minRating) {
                    throw new IllegalArgumentException("maxRating: " + maxRating + " must be finite and >= minRating "
                            + minRating);
                }
                if (!Double.isFinite(ratingStep) || ratingStep < 0) {
                    throw new IllegalArgumentException("ratingStep: " + ratingStep + " must be finite and >= 0");
                }
            }
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads: " + threads + " must be in [1, 64]");
            }
            return new LoadOptions(this);
        }
    }
}
