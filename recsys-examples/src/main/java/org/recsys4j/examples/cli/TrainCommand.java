package org.recsys4j.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code train}: trains (or reuses from the work folder) every model the demo server uses — item2vec,
 * DeepWalk, Node2vec, implicit ALS, their HNSW indexes, the item-CF table and DeepFM — prints what was
 * trained and where it is saved, and draws the loss curves. {@code serve} and {@code demo} then start in
 * seconds.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the demo's models into the work folder (reused while their inputs are unchanged).")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        Training.check(data, training);
        Training.run(data, training, System.out);
        System.out.printf(Locale.ROOT, "%ndone in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
