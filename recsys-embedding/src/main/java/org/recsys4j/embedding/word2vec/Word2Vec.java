package org.recsys4j.embedding.word2vec;

import org.recsys4j.embedding.seq.SequenceCorpus;

import java.util.Objects;

/**
 * Trains word2vec embeddings (item2vec when the tokens are items) on a {@link SequenceCorpus}: skip-gram or
 * CBOW, with negative sampling and/or hierarchical softmax, frequent-token subsampling and a linearly
 * decaying learning rate, as word2vec.c and gensim do. Written from scratch on flat {@code float[]}
 * matrices and {@link org.recsys4j.core.vector.Vectors}; several threads update the shared matrices
 * without locks (Hogwild, as word2vec.c).
 *
 * <p>Skip-gram with negative sampling shares each center's negatives among its context positions by default
 * ({@link Builder#sharedNegatives}), which changes only which negatives are drawn and is about twice as fast
 * on large vocabularies; {@code sharedNegatives(false)} draws them per (center, context) pair as word2vec.c.
 *
 * <p>Determinism: with {@code threads(1)} the same corpus, settings and seed give bit-identical vectors
 * on every run. With more threads the result depends on the interleaving and differs from run to run
 * (in the last bits and beyond), but not in quality.
 *
 * <pre>{@code
 * Word2VecModel m = Word2Vec.builder().dim(64).window(5).negative(5).epochs(10).seed(42).build()
 *         .fit(corpus);
 * m.mostSimilar(1234L, 10);
 * }</pre>
 *
 * <p>Configured instances are immutable and may fit several corpora, also concurrently.
 */
public final class Word2Vec {
    private final int dim;
    private final int window;
    private final int negative;
    private final boolean hierarchicalSoftmax;
    private final boolean cbow;
    private final double sample;
    private final double alpha;
    private final double minAlpha;
    private final int epochs;
    private final int minCount;
    private final double nsExponent;
    private final NegativeSampler negativeSampler;
    private final boolean sharedNegatives;
    private final int threads;
    private final long seed;
    private final TrainingListener listener;
    private final long reportNanos;

    private Word2Vec(Builder b) {
        this.dim = b.dim;
        this.window = b.window;
        this.negative = b.negative;
        this.hierarchicalSoftmax = b.hierarchicalSoftmax;
        this.cbow = b.cbow;
        this.sample = b.sample;
        this.alpha = b.alpha;
        this.minAlpha = b.minAlpha;
        this.epochs = b.epochs;
        this.minCount = b.minCount;
        this.nsExponent = b.nsExponent;
        this.negativeSampler = b.negativeSampler;
        this.sharedNegatives = b.sharedNegatives;
        this.threads = b.threads;
        this.seed = b.seed;
        this.listener = b.listener;
        this.reportNanos = b.reportNanos;
    }

    /** Returns a builder with word2vec's defaults (skip-gram, 5 negatives, window 5, dim 100, 5 epochs). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains on {@code corpus} and returns the model. Tokens occurring fewer than {@code minCount} times get no
     * vector and are removed from the sequences before windows are taken (as in word2vec.c); sequences longer
     * than 10,000 tokens are trained in pieces of 10,000.
     *
     * @throws IllegalArgumentException if no token occurs {@code minCount} times
     */
    public Word2VecModel fit(SequenceCorpus corpus) {
        Objects.requireNonNull(corpus, "corpus");
        return new Trainer(this, corpus).train();
    }

    /** Returns the vector dimension. */
    public int dim() {
        return dim;
    }

    /** Returns the maximal window (tokens on each side of the center). */
    public int window() {
        return window;
    }

    /** Returns the number of negative samples per (center, context) pair; 0 when only hierarchical softmax. */
    public int negative() {
        return negative;
    }

    /** Returns true if hierarchical softmax is used. */
    public boolean hierarchicalSoftmax() {
        return hierarchicalSoftmax;
    }

    /** Returns true for CBOW, false for skip-gram. */
    public boolean cbow() {
        return cbow;
    }

    /** Returns the subsampling threshold (0 = off). */
    public double sample() {
        return sample;
    }

    /** Returns the initial learning rate. */
    public double alpha() {
        return alpha;
    }

    /** Returns the final learning rate. */
    public double minAlpha() {
        return minAlpha;
    }

    /** Returns the number of passes over the corpus. */
    public int epochs() {
        return epochs;
    }

    /** Returns the minimal count for a token to get a vector. */
    public int minCount() {
        return minCount;
    }

    /** Returns the exponent of the negative-sampling distribution {@code count^nsExponent}. */
    public double nsExponent() {
        return nsExponent;
    }

    /** Returns how negatives are drawn. */
    public NegativeSampler negativeSampler() {
        return negativeSampler;
    }

    /** Returns true if skip-gram shares one draw of negatives among all context positions of a center. */
    public boolean sharedNegatives() {
        return sharedNegatives;
    }

    /** Returns the number of training threads. */
    public int threads() {
        return threads;
    }

    /** Returns the random seed. */
    public long seed() {
        return seed;
    }

    /** Returns the progress listener, or null. */
    public TrainingListener listener() {
        return listener;
    }

    /** Returns the minimal interval between progress reports, in nanoseconds. */
    long reportNanos() {
        return reportNanos;
    }

    @Override
    public String toString() {
        return "Word2Vec[" + (cbow ? "cbow" : "skip-gram") + ", dim=" + dim + ", window=" + window + ", negative="
                + negative + ", hs=" + hierarchicalSoftmax + ", sample=" + sample + ", alpha=" + alpha + "->"
                + minAlpha + ", epochs=" + epochs + ", minCount=" + minCount + ", nsExponent=" + nsExponent + ", "
                + negativeSampler + (sharedNegatives ? " shared" : "") + ", threads=" + threads + ", seed=" + seed + "]";
    }

    /**
     * Returns {@link Word2Vec} trainers; each setter checks its argument and throws
     * {@link IllegalArgumentException} naming it. Not thread-safe.
     */
    public static final class Builder {
        private int dim = 100;
        private int window = 5;
        private int negative = 5;
        private boolean hierarchicalSoftmax;
        private boolean cbow;
        private double sample = 1e-3;
        private double alpha = 0.025;
        private double minAlpha = 0.0001;
        private int epochs = 5;
        private int minCount = 1;
        private double nsExponent = 0.75;
        private NegativeSampler negativeSampler = NegativeSampler.ALIAS;
        private boolean sharedNegatives = true;
        private int threads = 1;
        private long seed = 1;
        private TrainingListener listener;
        private long reportNanos = 500_000_000L;

        private Builder() {
        }

        /** Sets the vector dimension, at least 1 (default 100). */
        public Builder dim(int dim) {
            if (dim < 1) {
                throw new IllegalArgumentException("dim: " + dim + ", must be >= 1");
            }
            this.dim = dim;
            return this;
        }

        /**
         * Sets the maximal window, at least 1 (default 5): for each center a window {@code b} is drawn uniformly
         * from {@code 1 .. window} and the {@code b} tokens on each side are its context, as in word2vec.c.
         */
        public Builder window(int window) {
            if (window < 1) {
                throw new IllegalArgumentException("window: " + window + ", must be >= 1");
            }
            this.window = window;
            return this;
        }

        /** Sets the number of negative samples per pair, at least 0 (default 5); 0 needs hierarchical softmax. */
        public Builder negative(int negative) {
            if (negative < 0) {
                throw new IllegalArgumentException("negative: " + negative + ", must be >= 0");
            }
            this.negative = negative;
            return this;
        }

        /** Turns hierarchical softmax over a Huffman tree on or off (default off); may be combined with negatives. */
        public Builder hierarchicalSoftmax(boolean hierarchicalSoftmax) {
            this.hierarchicalSoftmax = hierarchicalSoftmax;
            return this;
        }

        /** Chooses CBOW (true: predict the center from the mean of its context) or skip-gram (false, default). */
        public Builder cbow(boolean cbow) {
            this.cbow = cbow;
            return this;
        }

        /**
         * Sets the subsampling threshold {@code t}, at least 0 (default 1e-3, 0 = off): a token with corpus
         * frequency {@code f} is kept with probability {@code (sqrt(f/t) + 1) · t/f} (word2vec.c, gensim).
         */
        public Builder sample(double sample) {
            if (!(sample >= 0) || Double.isInfinite(sample)) {
                throw new IllegalArgumentException("sample: " + sample + ", must be finite and >= 0");
            }
            this.sample = sample;
            return this;
        }

        /** Sets the initial learning rate, finite and positive (default 0.025). */
        public Builder alpha(double alpha) {
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha: " + alpha + ", must be finite and > 0");
            }
            this.alpha = alpha;
            return this;
        }

        /**
         * Sets the learning rate reached at the end, finite and at least 0 (default 1e-4); the rate decays
         * linearly from {@code alpha} over all epochs' tokens.
         */
        public Builder minAlpha(double minAlpha) {
            if (!(minAlpha >= 0) || Double.isInfinite(minAlpha)) {
                throw new IllegalArgumentException("minAlpha: " + minAlpha + ", must be finite and >= 0");
            }
            this.minAlpha = minAlpha;
            return this;
        }

        /** Sets the number of passes over the corpus, at least 1 (default 5). */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs: " + epochs + ", must be >= 1");
            }
            this.epochs = epochs;
            return this;
        }

        /** Sets the minimal count for a token to get a vector, at least 1 (default 1). */
        public Builder minCount(int minCount) {
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount: " + minCount + ", must be >= 1");
            }
            this.minCount = minCount;
            return this;
        }

        /** Sets the exponent of the negative-sampling distribution {@code count^e}, finite (default 0.75). */
        public Builder nsExponent(double nsExponent) {
            if (!Double.isFinite(nsExponent)) {
                throw new IllegalArgumentException("nsExponent: " + nsExponent + ", must be finite");
            }
            this.nsExponent = nsExponent;
            return this;
        }

        /**
         * Chooses how negatives are drawn (default {@link NegativeSampler#ALIAS}: exact and, with a large
         * vocabulary, much faster than word2vec.c's {@link NegativeSampler#TABLE}, whose random look-ups miss the
         * cache).
         */
        public Builder negativeSampler(NegativeSampler negativeSampler) {
            this.negativeSampler = Objects.requireNonNull(negativeSampler, "negativeSampler");
            return this;
        }

        /**
         * Chooses whether skip-gram with negative sampling (and without hierarchical softmax) draws the
         * {@code negative} samples once per center and shares them among all its context positions, as Intel's
         * pWord2Vec (default {@code true}). The updates are otherwise word2vec.c's, in its order; each center
         * then loads each of its rows once instead of once per context, which on a large vocabulary is about
         * twice as fast (the matrices do not fit in the cache). {@code false} draws fresh negatives per
         * (center, context) pair, exactly as word2vec.c. Ignored by CBOW (one prediction per center anyway)
         * and without negatives (hierarchical softmax alone is always trained per center, which is exact).
         */
        public Builder sharedNegatives(boolean sharedNegatives) {
            this.sharedNegatives = sharedNegatives;
            return this;
        }

        /** Sets the number of training threads, at least 1 (default 1: deterministic). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads + ", must be >= 1");
            }
            this.threads = threads;
            return this;
        }

        /** Sets the random seed (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets a progress listener, or null for none (default). */
        public Builder listener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        /** Sets the minimal interval between progress reports (default 0.5 s; tests use 0: every 10k tokens). */
        Builder reportEveryNanos(long nanos) {
            this.reportNanos = Math.max(0, nanos);
            return this;
        }

        /**
         * Returns the trainer.
         *
         * @throws IllegalArgumentException if {@code negative} is 0 without hierarchical softmax, or
         *                                  {@code minAlpha > alpha}
         */
        public Word2Vec build() {
            if (negative == 0 && !hierarchicalSoftmax) {
                throw new IllegalArgumentException("negative: 0 needs hierarchicalSoftmax(true); "
                        + "otherwise nothing is trained");
            }
            if (minAlpha > alpha) {
                throw new IllegalArgumentException("minAlpha: " + minAlpha + ", must be <= alpha " + alpha);
            }
            return new Word2Vec(this);
        }
    }
}
