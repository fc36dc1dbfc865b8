package org.recsys4j.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code train}: trains (or reuses from the work folder) every model the demo server uses — item2vec,
 * DeepWalk, Node2vec, implicit ALS, their HNSW indexes, the item-CF table and DeepFM — prints what was
 * trained and where it is saved, and draws the loss curves. {@code serve} and {@code demo} then start in
 * seconds. With {@code --events FILE --items FILE} (your own data, {@link EventDataOptions}) it trains the
 * models of {@link org.recsys4j.examples.train.EventModels} instead, into the work folder's {@code events}
 * subfolder.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the demo's models into the work folder (reused while their inputs are unchanged).",
                "With --events FILE --items FILE and a mapping (--mapping FILE or the column flags): your own data; "
                        + "item2vec over sessions, implicit ALS, item-CF and their indexes, and a CTR ranker on "
                        + "leakage-safe samples of the log (its test AUC against popularity printed), into the work "
                        + "folder's events/ subfolder (docs/your-data.md)."})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Mixin
    EventDataOptions yours;

    @Mixin
    EventModelOptions models;

    @Override
    public Integer call() throws java.io.IOException {
        long t0 = System.nanoTime();
        if (yours.given()) {
            Training.checkYourData(data, yours, training, models);
            Training.runYourData(data, yours, training, models, System.out);
            System.out.printf(Locale.ROOT, "%ndone in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return 0;
        }
        models.checkNotGiven();
        Training.check(data, training);
        Training.run(data, training, System.out);
        System.out.printf(Locale.ROOT, "%ndone in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
