package org.recsys4j.rank.seq;

import org.recsys4j.core.data.ArtifactInfo;

import java.util.Objects;

/**
 * The training options {@link SasRec} and {@link Gru4Rec} share (loss, negatives, Adam, batch, epochs, early
 * stopping, seed, threads, windows, validation, listener): one mutable holder each builder keeps, copied into the
 * immutable estimator by {@code build()}. Each estimator keeps its own {@code DEFAULT_} constants (the API
 * convention) and passes them in; the builders' {@code withX} setters store into the holder, so the options, their
 * checks, the trainer's settings and the artifact's recorded settings are written once.
 */
final class TrainingOptions {
    SequenceLoss loss;
    int negatives;
    double calibration;
    double learningRate;
    double beta2;
    int batchSize;
    int maxEpochs;
    int patience;
    double maxSeconds;
    long seed;
    int threads;
    boolean windows;
    boolean validation;
    SequenceListener listener = SequenceListener.NONE;

    TrainingOptions(SequenceLoss loss, int negatives, double calibration, double learningRate, double beta2,
                    int batchSize, int maxEpochs, int patience, double maxSeconds, long seed, int threads, boolean windows,
                    boolean validation) {
        this.loss = loss;
        this.negatives = negatives;
        this.calibration = calibration;
        this.learningRate = learningRate;
        this.beta2 = beta2;
        this.batchSize = batchSize;
        this.maxEpochs = maxEpochs;
        this.patience = patience;
        this.maxSeconds = maxSeconds;
        this.seed = seed;
        this.threads = threads;
        this.windows = windows;
        this.validation = validation;
    }

    TrainingOptions copy() {
        TrainingOptions o = new TrainingOptions(loss, negatives, calibration, learningRate, beta2, batchSize, maxEpochs,
                patience, maxSeconds, seed, threads, windows, validation);
        o.listener = listener;
        return o;
    }

    /** Throws NullPointerException naming a null option (before any range check, as {@code build()} did). */
    void requireNonNull() {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(listener, "listener");
    }

    /** Throws IllegalArgumentException naming the first option out of range. */
    void checkRanges() {
        Checks.training(negatives, calibration, learningRate, beta2, batchSize, maxEpochs, patience, maxSeconds, threads);
    }

    SeqTrainer.Settings settings() {
        return new SeqTrainer.Settings(loss, negatives, calibration, learningRate, beta2, batchSize, maxEpochs, patience,
                maxSeconds, seed, threads, windows, validation, listener);
    }

    /**
     * Records the options as settings of a fitted model's provenance (threads and listener do not change it; the
     * calibration only with {@link SequenceLoss#GBCE}, the one loss that reads it).
     */
    ArtifactInfo.Builder describe(ArtifactInfo.Builder b) {
        if (loss == SequenceLoss.GBCE) {
            b.withSetting("calibration", calibration);
        }
        return b.withSetting("loss", loss).withSetting("negatives", negatives).withSetting("learningRate", learningRate)
                .withSetting("beta2", beta2).withSetting("batchSize", batchSize).withSetting("maxEpochs", maxEpochs)
                .withSetting("patience", patience).withSetting("maxSeconds", maxSeconds).withSetting("seed", seed)
                .withSetting("windows", windows).withSetting("validation", validation);
    }
}
