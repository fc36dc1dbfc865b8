package org.recsys4j.rank.seq;

/** The option checks the estimators' {@code build()} share. */
final class Checks {
    private Checks() {
    }

    static void range(String name, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(name + ": " + v + ", must be in [" + lo + ", " + hi + "]");
        }
    }

    static void dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: " + p + ", must be in [0, 1)");
        }
    }

    /** The training options' checks, shared by {@link SasRec} and {@link Gru4Rec}. */
    static void training(int negatives, double calibration, double learningRate, double beta2, int batchSize,
                         int maxEpochs, int patience, double maxSeconds, int threads) {
        range("negatives", negatives, 1, 1 << 20);
        if (!(calibration >= 0 && calibration <= 1)) {
            throw new IllegalArgumentException("calibration: " + calibration + ", must be in [0, 1]");
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate: " + learningRate + ", must be > 0 and finite");
        }
        if (!(beta2 > 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2: " + beta2 + ", must be in (0, 1)");
        }
        range("batchSize", batchSize, 1, 1 << 24);
        range("maxEpochs", maxEpochs, 1, 1 << 24);
        range("patience", patience, 1, 1 << 24);
        if (!(maxSeconds >= 0 && !Double.isNaN(maxSeconds))) {
            throw new IllegalArgumentException("maxSeconds: " + maxSeconds + ", must be >= 0 (0: no cap)");
        }
        range("threads", threads, 1, 4096);
    }
}
