package org.recsys4j.rank.ctr;

import org.recsys4j.core.util.Parallel;

import java.util.Objects;

/**
 * Settings of {@link CtrTrainer}. {@link #defaults()} are protocol C's: Adam, batch 256, at most 20
 * epochs, stop after 2 epochs without a better validation log-loss, 1 thread, seed 1, no L2.
 *
 * @param optimizer    Adam or FTRL-Proximal
 * @param learningRate Adam's step size, or FTRL's α; &gt; 0
 * @param batchSize    samples per step; &ge; 1
 * @param maxEpochs    passes over the training rows at most; &ge; 1
 * @param patience     epochs without a better validation log-loss before stopping; &ge; 1
 * @param threads      data-parallel workers per step; &ge; 1. Results depend on the thread count (the
 *                     gradient is summed per thread slice), never on the scheduling
 * @param seed         seeds the initialisation and the per-epoch shuffles
 * @param l2           L2 penalty (Adam: added to the gradient as {@code l2·w}); &ge; 0
 * @param l1           FTRL's L1 penalty; &ge; 0
 * @param ftrlBeta     FTRL's β; &gt; 0
 */
public record TrainerConfig(Optimizer optimizer, double learningRate, int batchSize, int maxEpochs, int patience,
                            int threads, long seed, double l2, double l1, double ftrlBeta) {
    /** Checks every setting, naming the one out of range. */
    public TrainerConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate: " + learningRate + ", must be > 0 and finite");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: " + batchSize + ", must be >= 1");
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs: " + maxEpochs + ", must be >= 1");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience: " + patience + ", must be >= 1");
        }
        Parallel.checkThreads(threads);
        if (!(l2 >= 0) || !(l1 >= 0)) {
            throw new IllegalArgumentException("l2, l1: " + l2 + ", " + l1 + ", must be >= 0");
        }
        if (!(ftrlBeta > 0)) {
            throw new IllegalArgumentException("ftrlBeta: " + ftrlBeta + ", must be > 0");
        }
    }

    /** Returns protocol C's settings with learning rate 1e-3. */
    public static TrainerConfig defaults() {
        return new TrainerConfig(Optimizer.ADAM, 1e-3, 256, 20, 2, 1, 1, 0, 0, 1);
    }

    /** Returns a copy with another learning rate. */
    public TrainerConfig withLearningRate(double lr) {
        return new TrainerConfig(optimizer, lr, batchSize, maxEpochs, patience, threads, seed, l2, l1, ftrlBeta);
    }

    /** Returns a copy with another optimizer. */
    public TrainerConfig withOptimizer(Optimizer o) {
        return new TrainerConfig(o, learningRate, batchSize, maxEpochs, patience, threads, seed, l2, l1, ftrlBeta);
    }

    /** Returns a copy with another batch size. */
    public TrainerConfig withBatchSize(int b) {
        return new TrainerConfig(optimizer, learningRate, b, maxEpochs, patience, threads, seed, l2, l1, ftrlBeta);
    }

    /** Returns a copy with another epoch limit. */
    public TrainerConfig withMaxEpochs(int e) {
        return new TrainerConfig(optimizer, learningRate, batchSize, e, patience, threads, seed, l2, l1, ftrlBeta);
    }

    /** Returns a copy with another patience. */
    public TrainerConfig withPatience(int p) {
        return new TrainerConfig(optimizer, learningRate, batchSize, maxEpochs, p, threads, seed, l2, l1, ftrlBeta);
    }

    /** Returns a copy with another thread count. */
    public TrainerConfig withThreads(int t) {
        return new TrainerConfig(optimizer, learningRate, batchSize, maxEpochs, patience, t, seed, l2, l1, ftrlBeta);
    }

    /** Returns a copy with another seed. */
    public TrainerConfig withSeed(long s) {
        return new TrainerConfig(optimizer, learningRate, batchSize, maxEpochs, patience, threads, s, l2, l1, ftrlBeta);
    }

    /** Returns a copy with other L2 and L1 penalties. */
    public TrainerConfig withPenalties(double newL2, double newL1) {
        return new TrainerConfig(optimizer, learningRate, batchSize, maxEpochs, patience, threads, seed, newL2, newL1,
                ftrlBeta);
    }
}
