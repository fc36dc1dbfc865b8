package org.recsys4j.rank.seq;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.Parallel;

import java.util.Objects;

/**
 * GRU4Rec (Hidasi et al., "Session-based Recommendations with Recurrent Neural Networks", 2016; 2018), an
 * estimator: an item embedding, dropout, one GRU layer, dropout; the score of an item is the state's inner
 * product with the item's output embedding plus an output bias. Trained with full softmax cross-entropy (the
 * default), the 1-negative BCE or a sampled softmax ({@link SequenceLoss}); mini-batch Adam over sequences,
 * early stopping on validation NDCG@10 (each user's last training item; never a test item).
 *
 * <p>The architecture and training follow the PyTorch anchor {@code ../shared/anchors/seq/seq_refs.py}
 * (same sequence construction, initialisation, Adam β2 = 0.98); the GRU is {@code rank.nn.Gru}, the layer
 * DIEN uses too. Steps are
 * data-parallel over a fixed number of slices, so the fitted model is bit-identical for any thread count
 * with the same seed; hence {@link #DEFAULT_THREADS} is all processors.
 *
 * <pre>{@code
 * SequenceModel m = Gru4Rec.builder()
 *         .withDim(64)
 *         .withMaxEpochs(200)
 *         .withListener(e -> System.out.println(e))
 *         .build()
 *         .fit(train);                        // Interactions with timestamps
 * RankingReport t = RankingEvaluator.builder().build().topN(task, m.userScorer(task.train()));
 * }</pre>
 *
 * Immutable and thread-safe; each {@link #fit} works on its own network.
 */
public final class Gru4Rec {
    /** The default width of embeddings and hidden states. */
    public static final int DEFAULT_DIM = 64;
    /** Whether the output item embedding is the input one, by default. */
    public static final boolean DEFAULT_TIED = false;
    /** The default dropout rate. */
    public static final double DEFAULT_DROPOUT = 0.2;
    /** The default longest sequence read (older items are cut). */
    public static final int DEFAULT_MAX_LENGTH = 200;
    /** The default loss. */
    public static final SequenceLoss DEFAULT_LOSS = SequenceLoss.SOFTMAX;
    /**
     * The default number of negatives per position of {@link SequenceLoss#SAMPLED_SOFTMAX} and
     * {@link SequenceLoss#GBCE}.
     */
    public static final int DEFAULT_NEGATIVES = 256;
    /** The default calibration {@code t} of {@link SequenceLoss#GBCE} (gSASRec's recommended value). */
    public static final double DEFAULT_CALIBRATION = 0.75;
    /** The default Adam learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The default Adam second-moment decay (SASRec's code: 0.98). */
    public static final double DEFAULT_BETA2 = 0.98;
    /** The default number of sequences per step. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** The default largest number of epochs. */
    public static final int DEFAULT_MAX_EPOCHS = 300;
    /** The default number of epochs without a better validation NDCG@10 before stopping. */
    public static final int DEFAULT_PATIENCE = 20;
    /** The default wall-clock cap of a fit in seconds; 0 means none. */
    public static final double DEFAULT_MAX_SECONDS = 0;
    /** The default seed of the initialisation, shuffles, dropout and negatives. */
    public static final long DEFAULT_SEED = 0;
    /** The default number of threads: all processors, since the result does not depend on it. */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();
    /** Whether transitions older than the last {@code maxLength} are trained too, by default. */
    public static final boolean DEFAULT_WINDOWS = false;
    /** Whether a validation item is carved out for early stopping, by default. */
    public static final boolean DEFAULT_VALIDATION = true;

    private final Builder b;

    private Gru4Rec(Builder b) {
        this.b = b.copy();
    }

    /** Returns a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits a model on implicit interactions: per user the items in (timestamp, item) order. With validation
     * (the default) each user's last item is the validation target and the returned model holds the weights
     * of the epoch with the best validation NDCG@10; without, it holds the last epoch's.
     *
     * @param train interactions with timestamps (values are ignored)
     * @return the fitted model
     * @throws IllegalArgumentException if no user has two interactions (nothing to learn or validate)
     */
    public SequenceModel fit(Interactions train) {
        Objects.requireNonNull(train, "train");
        Gru4RecNet net = new Gru4RecNet(train.numItems(), b.dim, b.maxLength, (float) b.dropout, b.tied);
        net.init(b.t.seed);
        String data = Fingerprints.interactions(train);
        return SeqTrainer.fit(train, net, b.t.settings(), best -> b.t.describe(ArtifactInfo.builder(ArtifactInfo.SEQUENCE_MODEL)
                .withName("gru4rec").withProducer(Gru4Rec.class.getName())
                .withSetting("architecture", "gru4rec").withSetting("dim", b.dim).withSetting("tied", b.tied)
                .withSetting("dropout", b.dropout).withSetting("maxLength", b.maxLength))
                .withSetting("bestEpoch", best).withInput("data", data).build());
    }

    @Override
    public String toString() {
        return "Gru4Rec[dim " + b.dim + ", tied " + b.tied + ", dropout " + b.dropout
                + ", maxLength " + b.maxLength + ", loss " + b.t.loss + "]";
    }

    /** Builds a {@link Gru4Rec}; setters only store, {@link #build()} validates. */
    public static final class Builder {
        private int dim = DEFAULT_DIM;
        private boolean tied = DEFAULT_TIED;
        private double dropout = DEFAULT_DROPOUT;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private TrainingOptions t = new TrainingOptions(DEFAULT_LOSS, DEFAULT_NEGATIVES, DEFAULT_CALIBRATION,
                DEFAULT_LEARNING_RATE, DEFAULT_BETA2, DEFAULT_BATCH_SIZE, DEFAULT_MAX_EPOCHS, DEFAULT_PATIENCE,
                DEFAULT_MAX_SECONDS, DEFAULT_SEED, DEFAULT_THREADS, DEFAULT_WINDOWS, DEFAULT_VALIDATION);

        private Builder() {
        }

        private Builder copy() {
            Builder o = new Builder();
            o.dim = dim;
            o.tied = tied;
            o.dropout = dropout;
            o.maxLength = maxLength;
            o.t = t.copy();
            return o;
        }

        /** Sets the width of embeddings and states, in [1, 4096] (default {@value Gru4Rec#DEFAULT_DIM}). */
        public Builder withDim(int dim) {
            this.dim = dim;
            return this;
        }

        /** Sets whether the output item embedding is the input one (default {@value Gru4Rec#DEFAULT_TIED}). */
        public Builder withTied(boolean tied) {
            this.tied = tied;
            return this;
        }

        /** Sets the dropout rate, in [0, 1) (default {@value Gru4Rec#DEFAULT_DROPOUT}). */
        public Builder withDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Sets the longest sequence read, in [1, 65536] (default {@value Gru4Rec#DEFAULT_MAX_LENGTH}). */
        public Builder withMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Sets the loss (default {@link Gru4Rec#DEFAULT_LOSS}). */
        public Builder withLoss(SequenceLoss loss) {
            t.loss = loss;
            return this;
        }

        /** Sets the negatives per position of the sampled softmax, ≥ 1 (default {@value Gru4Rec#DEFAULT_NEGATIVES}). */
        public Builder withNegatives(int negatives) {
            t.negatives = negatives;
            return this;
        }

        /**
         * Sets the calibration {@code t} of {@link SequenceLoss#GBCE}, in [0, 1]: 0 is BCE with many negatives, 1 the
         * fully calibrated β = α (default {@value Gru4Rec#DEFAULT_CALIBRATION}; the other losses do not read it).
         */
        public Builder withCalibration(double calibration) {
            t.calibration = calibration;
            return this;
        }

        /** Sets Adam's learning rate, &gt; 0 (default {@value Gru4Rec#DEFAULT_LEARNING_RATE}). */
        public Builder withLearningRate(double learningRate) {
            t.learningRate = learningRate;
            return this;
        }

        /** Sets Adam's second-moment decay, in (0, 1) (default {@value Gru4Rec#DEFAULT_BETA2}). */
        public Builder withBeta2(double beta2) {
            t.beta2 = beta2;
            return this;
        }

        /** Sets the sequences per step, ≥ 1 (default {@value Gru4Rec#DEFAULT_BATCH_SIZE}). */
        public Builder withBatchSize(int batchSize) {
            t.batchSize = batchSize;
            return this;
        }

        /** Sets the largest number of epochs, ≥ 1 (default {@value Gru4Rec#DEFAULT_MAX_EPOCHS}). */
        public Builder withMaxEpochs(int maxEpochs) {
            t.maxEpochs = maxEpochs;
            return this;
        }

        /** Sets the epochs without a better validation NDCG@10 before stopping, ≥ 1 (default {@value Gru4Rec#DEFAULT_PATIENCE}). */
        public Builder withPatience(int patience) {
            t.patience = patience;
            return this;
        }

        /**
         * Sets a wall-clock cap of the fit in seconds, checked after each epoch, ≥ 0, 0 for none (default
         * {@value Gru4Rec#DEFAULT_MAX_SECONDS}). A capped fit depends on the machine's speed.
         */
        public Builder withMaxSeconds(double maxSeconds) {
            t.maxSeconds = maxSeconds;
            return this;
        }

        /** Sets the seed (default {@value Gru4Rec#DEFAULT_SEED}). */
        public Builder withSeed(long seed) {
            t.seed = seed;
            return this;
        }

        /** Sets the number of threads, ≥ 1 (default {@link Gru4Rec#DEFAULT_THREADS}: all processors; the result does not depend on it). */
        public Builder withThreads(int threads) {
            t.threads = threads;
            return this;
        }

        /** Sets whether transitions older than the last {@code maxLength} are trained too (default {@value Gru4Rec#DEFAULT_WINDOWS}). */
        public Builder withWindows(boolean windows) {
            t.windows = windows;
            return this;
        }

        /**
         * Sets whether each user's last item is carved out for early stopping (default
         * {@value Gru4Rec#DEFAULT_VALIDATION}); without, all {@code maxEpochs} run on every item.
         */
        public Builder withValidation(boolean validation) {
            t.validation = validation;
            return this;
        }

        /** Sets the progress listener, called after each epoch (default {@link SequenceListener#NONE}). */
        public Builder withListener(SequenceListener listener) {
            t.listener = listener;
            return this;
        }

        /**
         * Returns the estimator.
         *
         * @throws IllegalArgumentException naming the option whose value is out of range
         * @throws NullPointerException     naming a null option
         */
        public Gru4Rec build() {
            t.requireNonNull();
            Checks.range("dim", dim, 1, 4096);
            Checks.dropout(dropout);
            Checks.range("maxLength", maxLength, 1, 1 << 16);
            t.checkRanges();
            return new Gru4Rec(this);
        }
    }
}
