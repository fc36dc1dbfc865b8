package org.recsys4j.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code serve}: loads a MovieLens data set, takes the models from the work folder (training what is
 * missing or stale, like {@code train}), and runs the HTTP demo server until the process is stopped
 * (Ctrl-C stops it gracefully). With {@code --events FILE --items FILE} and a mapping (the options of
 * {@link EventDataOptions}, as for {@code train}) it serves your own catalogue instead: the models of
 * {@link org.recsys4j.examples.train.EventModels}, any ids and attributes, {@code --category} naming the
 * categorical attribute of the home page's rows and the category channel. See {@code docs/serving.md}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the HTTP demo server (web pages, JSON API, the source system's endpoints) on a MovieLens data set.",
                "With --events FILE --items FILE and a mapping (--mapping FILE or the column flags, as for train): your "
                        + "own catalogue, any ids and attributes (docs/serving.md, docs/your-data.md)."})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Mixin
    ServeOptions serve;

    @Mixin
    EventDataOptions yours;

    @Mixin
    EventModelOptions models;

    @Option(names = "--category", paramLabel = "ATTR", description = "With --events: the categorical attribute of the "
            + "home page's lists and the category channel (default: the catalogue's first categorical attribute).")
    String category;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        serve.check();
        if (yours.given()) {
            Training.checkYourData(data, yours, training, models);
            return serve.serveYourData(Training.runYourData(data, yours, training, models, System.out), category,
                    System.out, t0);
        }
        if (category != null) {
            throw new UserError("--category: takes effect with your own data (--events FILE --items FILE) only");
        }
        models.checkNotGiven();
        Training.check(data, training);
        return serve.serve(Training.run(data, training, System.out), System.out, t0);
    }
}
