package org.recsys4j.embedding.word2vec;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.embedding.seq.SequenceCorpus;

import java.util.Objects;
import java.util.Optional;

/**
 * Trains word2vec embeddings (item2vec when the tokens are items) on a {@link SequenceCorpus}: skip-gram or
 * CBOW, with negative sampling and/or hierarchical softmax, frequent-token subsampling and a linearly
 * decaying learning rate, as word2vec.c and gensim do. Written from scratch on flat {@code float[]}
 * matrices and {@link org.recsys4j.core.vector.Vectors}; several threads update the shared matrices
 * without locks (Hogwild, as word2vec.c).
 *
 * <p>Skip-gram with negative sampling shares each center's negatives among its context positions by default
 * ({@link Builder#withSharedNegatives}), which changes only which negatives are drawn and is about twice as
 * fast on large vocabularies; {@code withSharedNegatives(false)} draws them per (center, context) pair as
 * word2vec.c.
 *
 * <p>Determinism: with one thread (the default, {@link #DEFAULT_THREADS}) the same corpus, settings and seed
 * give bit-identical vectors on every run. With more threads (Hogwild) the result depends on the interleaving
 * and differs from run to run (in the last bits and beyond), but not in quality.
 *
 * <pre>{@code
 * Word2VecModel m = Word2Vec.builder().withDim(64).withWindow(5).withNegative(5).withEpochs(10).withSeed(42)
 *         .build().fit(corpus);
 * m.mostSimilar(1234L, 10);
 * }</pre>
 *
 * <p>Configured instances are immutable and may fit several corpora, also concurrently.
 */
public final class Word2Vec {
    /** The default vector dimension (word2vec.c's). */
    public static final int DEFAULT_DIM = 100;
    /** The default maximal window (tokens on each side of the center). */
    public static final int DEFAULT_WINDOW = 5;
    /** The default number of negative samples per pair. */
    public static final int DEFAULT_NEGATIVE = 5;
    /** By default hierarchical softmax is off. */
    public static final boolean DEFAULT_HIERARCHICAL_SOFTMAX = false;
    /** By default the model is skip-gram, not CBOW. */
    public static final boolean DEFAULT_CBOW = false;
    /** The default subsampling threshold. */
    public static final double DEFAULT_SAMPLE = 1e-3;
    /** The default initial learning rate. */
    public static final double DEFAULT_ALPHA = 0.025;
    /** The default final learning rate. */
    public static final double DEFAULT_MIN_ALPHA = 0.0001;
    /** The default number of passes over the corpus. */
    public static final int DEFAULT_EPOCHS = 5;
    /** The default minimal count for a token to get a vector. */
    public static final int DEFAULT_MIN_COUNT = 1;
    /** The default exponent of the negative-sampling distribution. */
    public static final double DEFAULT_NS_EXPONENT = 0.75;
    /** The default way negatives are drawn. */
    public static final NegativeSampler DEFAULT_NEGATIVE_SAMPLER = NegativeSampler.ALIAS;
    /** By default skip-gram shares one draw of negatives among the context positions of a center. */
    public static final boolean DEFAULT_SHARED_NEGATIVES = true;
    /**
     * The default number of training threads: 1, because several threads update the shared matrices without
     * locks (Hogwild), so the vectors then depend on the interleaving and differ from run to run; one thread
     * gives bit-identical vectors for a seed, as a default must.
     */
    public static final int DEFAULT_THREADS = 1;
    /** The default random seed. */
    public static final long DEFAULT_SEED = 1;
    /** By default the fitted vectors are the raw ones, not centred (as word2vec.c). */
    public static final boolean DEFAULT_CENTRING = false;
    /** By default no principal direction is removed from the fitted vectors. */
    public static final int DEFAULT_TOP_DIRECTIONS_REMOVED = 0;

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
    private final boolean centring;
    private final int topDirectionsRemoved;

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
        this.centring = b.centring;
        this.topDirectionsRemoved = b.topDirectionsRemoved;
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values, word2vec.c's defaults (skip-gram,
     * 5 negatives, window 5, dim 100, 5 epochs).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains on {@code corpus} and returns the model. Tokens occurring fewer than {@code minCount} times get no
     * vector and are removed from the sequences before windows are taken (as in word2vec.c); sequences longer
     * than 10,000 tokens are trained in pieces of 10,000.
     *
     * @throws IllegalArgumentException if the corpus is empty (saying so), or no token occurs {@code minCount} times
     */
    public Word2VecModel fit(SequenceCorpus corpus) {
        Objects.requireNonNull(corpus, "corpus");
        Word2VecModel model = new Trainer(this, corpus).train();
        if (centring) {
            model = model.postProcessed(true, topDirectionsRemoved);
        }
        model.provenance(ArtifactInfo.builder(ArtifactInfo.EMBEDDING_TABLE).withProducer(Word2Vec.class.getName())
                .withSetting("config", this).withInput("data", corpusFingerprint(corpus)).build());
        return model;
    }

    /** Returns the SHA-256 of a corpus: its vocabulary and its sequences (lengths and tokens). */
    private static String corpusFingerprint(SequenceCorpus corpus) {
        int[] lengths = new int[corpus.numSequences()];
        for (int s = 0; s < lengths.length; s++) {
            lengths[s] = corpus.length(s);
        }
        return Fingerprints.sequences(corpus.vocabulary(), lengths, corpus.tokensView());
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

    /** Returns true if the fitted vectors are centred ({@link Word2VecModel#postProcessed}). */
    public boolean centring() {
        return centring;
    }

    /** Returns how many principal directions are removed from the centred vectors. */
    public int topDirectionsRemoved() {
        return topDirectionsRemoved;
    }

    /** Returns the progress listener, if one was set. */
    public Optional<TrainingListener> listener() {
        return Optional.ofNullable(listener);
    }

    /** Returns the progress listener or null, for the trainer's loop. */
    TrainingListener listenerOrNull() {
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
                + negativeSampler + (sharedNegatives ? " shared" : "") + ", threads=" + threads + ", seed=" + seed
                + (centring ? ", centred, top directions removed=" + topDirectionsRemoved : "") + "]";
    }

    /**
     * Returns {@link Word2Vec} trainers. Setters only store; {@link #build()} checks every value and names the one
     * out of range. Not thread-safe.
     */
    public static final class Builder {
        private int dim = DEFAULT_DIM;
        private int window = DEFAULT_WINDOW;
        private int negative = DEFAULT_NEGATIVE;
        private boolean hierarchicalSoftmax = DEFAULT_HIERARCHICAL_SOFTMAX;
        private boolean cbow = DEFAULT_CBOW;
        private double sample = DEFAULT_SAMPLE;
        private double alpha = DEFAULT_ALPHA;
        private double minAlpha = DEFAULT_MIN_ALPHA;
        private int epochs = DEFAULT_EPOCHS;
        private int minCount = DEFAULT_MIN_COUNT;
        private double nsExponent = DEFAULT_NS_EXPONENT;
        private NegativeSampler negativeSampler = DEFAULT_NEGATIVE_SAMPLER;
        private boolean sharedNegatives = DEFAULT_SHARED_NEGATIVES;
        private int threads = DEFAULT_THREADS;
        private long seed = DEFAULT_SEED;
        private TrainingListener listener;
        private long reportNanos = 500_000_000L;
        private boolean centring = DEFAULT_CENTRING;
        private int topDirectionsRemoved = DEFAULT_TOP_DIRECTIONS_REMOVED;

        private Builder() {
        }

        /** Sets the vector dimension, at least 1 (default {@value Word2Vec#DEFAULT_DIM}). */
        public Builder withDim(int dim) {
            this.dim = dim;
            return this;
        }

        /**
         * Sets the maximal window, at least 1 (default {@value Word2Vec#DEFAULT_WINDOW}): for each center a window
         * {@code b} is drawn uniformly from {@code 1 .. window} and the {@code b} tokens on each side are its
         * context, as in word2vec.c.
         */
        public Builder withWindow(int window) {
            this.window = window;
            return this;
        }

        /**
         * Sets the number of negative samples per pair, at least 0 (default {@value Word2Vec#DEFAULT_NEGATIVE});
         * 0 needs hierarchical softmax.
         */
        public Builder withNegative(int negative) {
            this.negative = negative;
            return this;
        }

        /**
         * Turns hierarchical softmax over a Huffman tree on or off (default
         * {@value Word2Vec#DEFAULT_HIERARCHICAL_SOFTMAX}); may be combined with negatives.
         */
        public Builder withHierarchicalSoftmax(boolean hierarchicalSoftmax) {
            this.hierarchicalSoftmax = hierarchicalSoftmax;
            return this;
        }

        /**
         * Chooses CBOW (true: predict the center from the mean of its context) or skip-gram (false; default
         * {@value Word2Vec#DEFAULT_CBOW}).
         */
        public Builder withCbow(boolean cbow) {
            this.cbow = cbow;
            return this;
        }

        /**
         * Sets the subsampling threshold {@code t}, finite and at least 0 (default {@value Word2Vec#DEFAULT_SAMPLE},
         * 0 = off): a token with corpus frequency {@code f} is kept with probability
         * {@code (sqrt(f/t) + 1) · t/f} (word2vec.c, gensim).
         */
        public Builder withSample(double sample) {
            this.sample = sample;
            return this;
        }

        /** Sets the initial learning rate, finite and positive (default {@value Word2Vec#DEFAULT_ALPHA}). */
        public Builder withAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Sets the learning rate reached at the end, finite, at least 0 and at most {@code alpha} (default
         * {@value Word2Vec#DEFAULT_MIN_ALPHA}); the rate decays linearly from {@code alpha} over all epochs' tokens.
         */
        public Builder withMinAlpha(double minAlpha) {
            this.minAlpha = minAlpha;
            return this;
        }

        /** Sets the number of passes over the corpus, at least 1 (default {@value Word2Vec#DEFAULT_EPOCHS}). */
        public Builder withEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the minimal count for a token to get a vector, at least 1 (default {@value Word2Vec#DEFAULT_MIN_COUNT}).
         */
        public Builder withMinCount(int minCount) {
            this.minCount = minCount;
            return this;
        }

        /**
         * Sets the exponent of the negative-sampling distribution {@code count^e}, finite (default
         * {@value Word2Vec#DEFAULT_NS_EXPONENT}).
         */
        public Builder withNsExponent(double nsExponent) {
            this.nsExponent = nsExponent;
            return this;
        }

        /**
         * Chooses how negatives are drawn (default {@link Word2Vec#DEFAULT_NEGATIVE_SAMPLER},
         * {@link NegativeSampler#ALIAS}: exact and, with a large vocabulary, much faster than word2vec.c's
         * {@link NegativeSampler#TABLE}, whose random look-ups miss the cache).
         */
        public Builder withNegativeSampler(NegativeSampler negativeSampler) {
            this.negativeSampler = negativeSampler;
            return this;
        }

        /**
         * Chooses whether skip-gram with negative sampling (and without hierarchical softmax) draws the
         * {@code negative} samples once per center and shares them among all its context positions, as Intel's
         * pWord2Vec (default {@value Word2Vec#DEFAULT_SHARED_NEGATIVES}). The updates are otherwise word2vec.c's,
         * in its order; each center then loads each of its rows once instead of once per context, which on a
         * large vocabulary is about twice as fast (the matrices do not fit in the cache). {@code false} draws
         * fresh negatives per (center, context) pair, exactly as word2vec.c. Ignored by CBOW (one prediction per
         * center anyway) and without negatives (hierarchical softmax alone is always trained per center, which
         * is exact).
         */
        public Builder withSharedNegatives(boolean sharedNegatives) {
            this.sharedNegatives = sharedNegatives;
            return this;
        }

        /**
         * Sets the number of training threads, at least 1 (default {@value Word2Vec#DEFAULT_THREADS}). Several
         * threads train faster but update the matrices without locks (Hogwild), so the vectors are not
         * reproducible: only one thread gives bit-identical vectors for a seed.
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Sets the random seed (default {@value Word2Vec#DEFAULT_SEED}). */
        public Builder withSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Chooses whether {@link Word2Vec#fit} centres the fitted vectors, subtracting their mean (default
         * {@value Word2Vec#DEFAULT_CENTRING}: the raw vectors, as word2vec.c). Skip-gram vectors share a large
         * common component, so raw cosines crowd near 1 (mean 0.97 between random items of ml-latest-small);
         * centred, they spread around 0 and the nearest items are unchanged or better (docs/evaluation.md).
         * See {@link Word2VecModel#postProcessed}.
         */
        public Builder withCentring(boolean centring) {
            this.centring = centring;
            return this;
        }

        /**
         * Sets how many principal directions {@link Word2Vec#fit} removes from the centred vectors, in
         * {@code [0, dim)} (default {@value Word2Vec#DEFAULT_TOP_DIRECTIONS_REMOVED}); more than 0 needs
         * {@link #withCentring withCentring(true)}: centring plus this is "all-but-the-top" (Mu and Viswanath 2018).
         */
        public Builder withTopDirectionsRemoved(int topDirections) {
            this.topDirectionsRemoved = topDirections;
            return this;
        }

        /** Sets a progress listener; absent or null (the default): no reports. */
        public Builder withListener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        /** Sets the minimal interval between progress reports (default 0.5 s; tests use 0: every 10k tokens). */
        Builder withReportEveryNanos(long nanos) {
            this.reportNanos = Math.max(0, nanos);
            return this;
        }

        /**
         * Returns the trainer.
         *
         * @throws NullPointerException     naming {@code negativeSampler} if it is null
         * @throws IllegalArgumentException naming the option out of range, e.g. {@code negative} 0 without
         *                                  hierarchical softmax, or {@code minAlpha > alpha}
         */
        public Word2Vec build() {
            if (dim < 1) {
                throw new IllegalArgumentException("dim: " + dim + ", must be >= 1");
            }
            if (window < 1) {
                throw new IllegalArgumentException("window: " + window + ", must be >= 1");
            }
            if (negative < 0) {
                throw new IllegalArgumentException("negative: " + negative + ", must be >= 0");
            }
            if (!(sample >= 0) || Double.isInfinite(sample)) {
                throw new IllegalArgumentException("sample: " + sample + ", must be finite and >= 0");
            }
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha: " + alpha + ", must be finite and > 0");
            }
            if (!(minAlpha >= 0) || Double.isInfinite(minAlpha)) {
                throw new IllegalArgumentException("minAlpha: " + minAlpha + ", must be finite and >= 0");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs: " + epochs + ", must be >= 1");
            }
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount: " + minCount + ", must be >= 1");
            }
            if (!Double.isFinite(nsExponent)) {
                throw new IllegalArgumentException("nsExponent: " + nsExponent + ", must be finite");
            }
            Objects.requireNonNull(negativeSampler, "negativeSampler");
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads + ", must be >= 1");
            }
            if (negative == 0 && !hierarchicalSoftmax) {
                throw new IllegalArgumentException("negative: 0 needs withHierarchicalSoftmax(true); "
                        + "otherwise nothing is trained");
            }
            if (minAlpha > alpha) {
                throw new IllegalArgumentException("minAlpha: " + minAlpha + ", must be <= alpha " + alpha);
            }
            if (topDirectionsRemoved < 0 || topDirectionsRemoved >= dim) {
                throw new IllegalArgumentException("topDirectionsRemoved: " + topDirectionsRemoved + ", must be in [0, dim="
                        + dim + ")");
            }
            if (topDirectionsRemoved > 0 && !centring) {
                throw new IllegalArgumentException("topDirectionsRemoved: " + topDirectionsRemoved
                        + " needs withCentring(true) (principal directions are taken about the mean)");
            }
            return new Word2Vec(this);
        }
    }
}
